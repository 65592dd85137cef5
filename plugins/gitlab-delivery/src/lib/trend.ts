/** Which way a value moved, and whether that is good news. @internal */
export interface Trend {
  direction: 'up' | 'down' | 'flat';
  sentiment: 'better' | 'worse' | 'neutral';
  /** Rounded percentage change, always positive. */
  percent: number;
  /** Text alternative, e.g. "12% faster than the previous 30 days". */
  label: string;
}

const FLAT_THRESHOLD_PERCENT = 1;

/**
 * Compares a metric with the previous window.
 *
 * `kind: 'duration'` means lower is better (faster); `kind: 'count'` means
 * higher is better (more merged). Returns undefined when there is nothing to
 * compare with.
 * @internal
 */
export function computeTrend(options: {
  current: number | null | undefined;
  previous: number | null | undefined;
  kind: 'duration' | 'count';
  windowDays: number;
}): Trend | undefined {
  const { current, previous, kind, windowDays } = options;
  if (
    current === null ||
    current === undefined ||
    previous === null ||
    previous === undefined ||
    previous <= 0
  ) {
    return undefined;
  }
  const period = `the previous ${windowDays} days`;
  const change = ((current - previous) / previous) * 100;
  const percent = Math.round(Math.abs(change));
  if (Math.abs(change) < FLAT_THRESHOLD_PERCENT) {
    return {
      direction: 'flat',
      sentiment: 'neutral',
      percent: 0,
      label: `About the same as ${period}`,
    };
  }
  const direction = change > 0 ? 'up' : 'down';
  const better =
    kind === 'duration' ? direction === 'down' : direction === 'up';
  let word: string;
  if (kind === 'duration') {
    word = better ? 'faster' : 'slower';
  } else {
    word = better ? 'more' : 'fewer';
  }
  return {
    direction,
    sentiment: better ? 'better' : 'worse',
    percent,
    label: `${percent}% ${word} than ${period}`,
  };
}
