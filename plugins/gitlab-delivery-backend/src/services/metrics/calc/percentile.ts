/**
 * The p-th quantile (0..1) of ascending values, by linear interpolation
 * between closest ranks: rank h = (n - 1) * p, and the value is
 * x[floor h] + (h - floor h) * (x[floor h + 1] - x[floor h]).
 * This is the method of Excel's PERCENTILE.INC and NumPy's default.
 * @internal
 */
export function percentile(
  sorted: readonly number[],
  p: number,
): number | null {
  if (sorted.length === 0) return null;
  const rank = (sorted.length - 1) * p;
  const lower = Math.floor(rank);
  const upper = Math.ceil(rank);
  if (lower === upper) return sorted[lower];
  return sorted[lower] + (rank - lower) * (sorted[upper] - sorted[lower]);
}

/** Values in ascending numeric order, as a new array. @internal */
export function ascending(values: readonly number[]): number[] {
  const sorted = new Float64Array(values.length);
  let nonNegative = true;
  for (let i = 0; i < values.length; i++) {
    const value = values[i];
    // NaN and negative zero would sort wrongly by their bits.
    if (!(value > 0) && !(value === 0 && 1 / value > 0)) nonNegative = false;
    sorted[i] = value;
  }
  if (nonNegative) {
    // Non-negative doubles order as their bits do, and 64-bit integers sort
    // several times faster than doubles.
    new BigUint64Array(sorted.buffer).sort();
  } else {
    // A typed array sorts numerically and faster than Array#sort with a comparator.
    sorted.sort();
  }
  const result = new Array<number>(sorted.length);
  for (let i = 0; i < sorted.length; i++) result[i] = sorted[i];
  return result;
}
