import { DurationStats } from '@delivery-insights/plugin-gitlab-delivery-common';
import { ascending, percentile } from './percentile';

/** Rounds to the millisecond, so that float noise never reaches the API. @internal */
export function roundMillis(seconds: number): number {
  return Math.round(seconds * 1000) / 1000;
}

function rounded(value: number | null): number | null {
  return value === null ? null : roundMillis(value);
}

/**
 * Count, median, p75, p90 and mean of durations in seconds (nulls when there
 * are none). Percentiles interpolate linearly between closest ranks; see
 * {@link percentile}. Figures are rounded to the millisecond.
 * @internal
 */
export function durationStats(values: readonly number[]): DurationStats {
  if (values.length === 0) {
    return { count: 0, median: null, p75: null, p90: null, mean: null };
  }
  const sorted = ascending(values);
  let sum = 0;
  for (const value of sorted) sum += value;
  return {
    count: sorted.length,
    median: rounded(percentile(sorted, 0.5)),
    p75: rounded(percentile(sorted, 0.75)),
    p90: rounded(percentile(sorted, 0.9)),
    mean: rounded(sum / sorted.length),
  };
}
