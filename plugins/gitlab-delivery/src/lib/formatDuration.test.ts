import { formatDuration } from './formatDuration';

describe('formatDuration', () => {
  it.each([
    [null, '–'],
    [undefined, '–'],
    [20, '<1m'],
    [45 * 60, '45m'],
    [3 * 3600 + 10 * 60, '3h 10m'],
    [3 * 3600, '3h'],
    [2 * 86400 + 4 * 3600, '2d 4h'],
    [2 * 86400 + 4 * 3600 + 59, '2d 4h'],
    [2 * 86400 + 30 * 60, '2d'],
    [40 * 86400, '40d'],
  ])('formats %p seconds as %p', (seconds, expected) => {
    expect(formatDuration(seconds)).toBe(expected);
  });
});
