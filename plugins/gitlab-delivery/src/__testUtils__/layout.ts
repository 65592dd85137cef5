/**
 * Gives every element the width a browser would lay out, for components that
 * fit their columns to it (useElementWidth); jsdom lays out nothing (0).
 * Returns the spy: call mockRestore() after the test.
 */
export function mockElementWidth(width: number) {
  return jest
    .spyOn(HTMLElement.prototype, 'getBoundingClientRect')
    .mockReturnValue({
      width,
      height: 0,
      x: 0,
      y: 0,
      top: 0,
      left: 0,
      right: width,
      bottom: 0,
      toJSON: () => ({}),
    } as DOMRect);
}
