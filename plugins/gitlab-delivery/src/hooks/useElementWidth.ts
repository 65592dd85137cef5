import { RefObject, useLayoutEffect, useState } from 'react';

/**
 * The width in pixels of an element, kept up to date as it resizes; undefined
 * until measured, and where layout gives none (0, as in jsdom). Tables use it
 * to fit the space their card has, which a viewport breakpoint does not tell:
 * the same card is ~700 px wide in the Overview's main column and full width
 * on a tab.
 * @internal
 */
export function useElementWidth(
  ref: RefObject<HTMLElement | null>,
): number | undefined {
  const [width, setWidth] = useState<number | undefined>(undefined);
  useLayoutEffect(() => {
    const element = ref.current;
    if (!element) return undefined;
    const update = (next: number) =>
      setWidth(next > 0 ? Math.round(next) : undefined);
    update(element.getBoundingClientRect().width);
    if (typeof ResizeObserver === 'undefined') return undefined;
    const observer = new ResizeObserver(entries => {
      const entry = entries[entries.length - 1];
      if (entry) update(entry.contentRect.width);
    });
    observer.observe(element);
    return () => observer.disconnect();
  }, [ref]);
  return width;
}
