/** Which way a value moved, and whether that is good news. @internal */
export interface Trend {
  direction: 'up' | 'down' | 'flat';
  sentiment: 'better' | 'worse' | 'neutral';
  /** Rounded percentage change, always positive. */
  percent: number;
  /**
   * The change in a few words, as shown beside the arrow: "28% faster",
   * "2.7× slower", "no change". At least doubled, it is a multiple: a
   * percentage like "1356%" says little at a glance.
   */
  text: string;
  /** The previous window's value, formatted, when a formatter was given. */
  previousText?: string;
  /**
   * Text alternative, e.g. "12% faster than the previous 30 days
   * (previously 3d 4h)"; multiples are spelled "15 times".
   */
  label: string;
}

const FLAT_THRESHOLD_PERCENT = 1;

/** From this ratio on (+100%), a rise is told as a multiple. */
const MULTIPLE_FROM_RATIO = 2;

/** "2×", "2.7×", "15×": one decimal below ten, none from ten on. */
function formatMultiple(ratio: number): string {
  const rounded = ratio < 10 ? Math.round(ratio * 10) / 10 : Math.round(ratio);
  return String(rounded);
}

/**
 * Compares a metric with the previous window.
 *
 * `kind: 'duration'` means lower is better (faster); `kind: 'count'` means
 * higher is better (more merged). Returns undefined when there is nothing to
 * compare with. `format` writes the previous value (e.g. "48m") into the
 * text alternative, so that a large change from a tiny value reads as such.
 * @internal
 */
export function computeTrend(options: {
  current: number | null | undefined;
  previous: number | null | undefined;
  kind: 'duration' | 'count';
  windowDays: number;
  format?: (value: number) => string;
}): Trend | undefined {
  const { current, previous, kind, windowDays, format } = options;
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
  const previousText = format ? format(previous) : undefined;
  const previously = previousText ? ` (previously ${previousText})` : '';
  const change = ((current - previous) / previous) * 100;
  const percent = Math.round(Math.abs(change));
  if (Math.abs(change) < FLAT_THRESHOLD_PERCENT) {
    return {
      direction: 'flat',
      sentiment: 'neutral',
      percent: 0,
      text: 'no change',
      ...(previousText !== undefined && { previousText }),
      label: `About the same as ${period}${previously}`,
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
  const ratio = current / previous;
  let amount: string;
  let spoken: string;
  if (ratio >= MULTIPLE_FROM_RATIO) {
    const multiple = formatMultiple(ratio);
    amount = `${multiple}×`;
    spoken = `${multiple} times`;
  } else {
    amount = `${percent}%`;
    spoken = `${percent}%`;
  }
  return {
    direction,
    sentiment: better ? 'better' : 'worse',
    percent,
    text: `${amount} ${word}`,
    ...(previousText !== undefined && { previousText }),
    label: `${spoken} ${word} than ${period}${previously}`,
  };
}
