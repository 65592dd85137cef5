import { durationStats } from './durationStats';
import { ascending, percentile } from './percentile';

describe('percentile', () => {
  it('interpolates linearly between closest ranks', () => {
    const values = [10, 20, 30, 40];
    // rank = (4 - 1) * p
    expect(percentile(values, 0)).toBe(10);
    expect(percentile(values, 0.5)).toBe(25); // rank 1.5: 20 + 0.5 * 10
    expect(percentile(values, 0.75)).toBeCloseTo(32.5); // rank 2.25: 30 + 0.25 * 10
    expect(percentile(values, 0.9)).toBeCloseTo(37); // rank 2.7: 30 + 0.7 * 10
    expect(percentile(values, 1)).toBe(40);
  });

  it('gives the only value of one, and null of none', () => {
    expect(percentile([7], 0.9)).toBe(7);
    expect(percentile([], 0.5)).toBeNull();
  });

  it('sorts numerically, not as text', () => {
    expect(ascending([100, 9, 10, 1])).toEqual([1, 9, 10, 100]);
  });
});

describe('durationStats', () => {
  it('reports nulls when there are no durations', () => {
    expect(durationStats([])).toEqual({
      count: 0,
      median: null,
      p75: null,
      p90: null,
      mean: null,
    });
  });

  it('reports one duration as every figure', () => {
    expect(durationStats([3600])).toEqual({
      count: 1,
      median: 3600,
      p75: 3600,
      p90: 3600,
      mean: 3600,
    });
  });

  it('computes the figures of unsorted durations', () => {
    // Sorted: 60, 120, 300, 600, 3600, 86400 (n = 6)
    // median: rank 2.5 -> 300 + 0.5 * 300 = 450
    // p75: rank 3.75 -> 600 + 0.75 * 3000 = 2850
    // p90: rank 4.5 -> 3600 + 0.5 * 82800 = 45000
    // mean: 91080 / 6 = 15180
    expect(durationStats([3600, 60, 86400, 300, 120, 600])).toEqual({
      count: 6,
      median: 450,
      p75: 2850,
      p90: 45000,
      mean: 15180,
    });
  });

  it('rounds to the millisecond', () => {
    // mean 10 / 3 = 3.333…; p90: rank 1.8 -> 3 + 0.8 * 4 = 6.2 (6.200000000000001 in floats)
    const stats = durationStats([0, 3, 7]);
    expect(stats.mean).toBe(3.333);
    expect(stats.p90).toBe(6.2);
  });

  it('does not change its input', () => {
    const values = [3, 1, 2];
    durationStats(values);
    expect(values).toEqual([3, 1, 2]);
  });
});
