import { InputError } from '@backstage/errors';
import { inWindow, isoTime, previousWindow, resolveWindow } from './window';

const NOW = '2026-11-25T10:00:00.000Z';
const DAY = 86_400_000;

describe('time windows', () => {
  it('defaults to the 30 days before now', () => {
    const window = resolveWindow({}, NOW);
    expect(isoTime(window.to)).toBe(NOW);
    expect(isoTime(window.from)).toBe('2026-10-26T10:00:00.000Z');
  });

  it('defaults from to 30 days before the given to', () => {
    const window = resolveWindow({ to: '2026-11-01' }, NOW);
    expect(isoTime(window.from)).toBe('2026-10-02T00:00:00.000Z');
  });

  it('accepts up to 365 days', () => {
    const window = resolveWindow(
      { from: '2025-11-25T10:00:00Z', to: NOW },
      NOW,
    );
    expect(window.to - window.from).toBe(365 * DAY);
    expect(() =>
      resolveWindow({ from: '2025-11-25T09:59:59Z', to: NOW }, NOW),
    ).toThrow('from must be at most 365 days before to');
  });

  it('rejects bad times and reversed windows with an InputError naming the field', () => {
    expect(() => resolveWindow({ from: 'yesterday' }, NOW)).toThrow(InputError);
    expect(() => resolveWindow({ from: 'yesterday' }, NOW)).toThrow(/^from /);
    expect(() => resolveWindow({ to: '2026-13-01' }, NOW)).toThrow(/^to /);
    expect(() => resolveWindow({ from: NOW, to: NOW }, NOW)).toThrow(
      'from must be before to',
    );
  });

  it('has a previous window of equal length that ends at from', () => {
    const window = resolveWindow({
      from: '2026-11-04T00:00:00Z',
      to: '2026-11-25T00:00:00Z',
    });
    const previous = previousWindow(window);
    expect(isoTime(previous.from)).toBe('2026-10-14T00:00:00.000Z');
    expect(isoTime(previous.to)).toBe('2026-11-04T00:00:00.000Z');
  });

  it('includes from and excludes to', () => {
    const window = { from: 1000, to: 2000 };
    expect(inWindow(1000, window)).toBe(true);
    expect(inWindow(1999, window)).toBe(true);
    expect(inWindow(2000, window)).toBe(false);
    expect(inWindow(999, window)).toBe(false);
    expect(inWindow(null, window)).toBe(false);
  });
});
