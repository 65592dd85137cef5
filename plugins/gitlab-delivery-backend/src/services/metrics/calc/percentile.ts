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
  // A typed array sorts numerically and faster than Array#sort with a comparator.
  return Array.from(new Float64Array(values).sort());
}
