import { SizeBucket } from '@delivery-insights/plugin-gitlab-delivery-common';

/** The bucket of a number of changed lines: XS <10, S <100, M <500, L <1000, else XL. @internal */
export function sizeBucketOfLines(lines: number): SizeBucket {
  if (lines < 10) return 'XS';
  if (lines < 100) return 'S';
  if (lines < 500) return 'M';
  if (lines < 1000) return 'L';
  return 'XL';
}

/** Lines changed (additions + deletions), or null when GitLab gave no diff stats. @internal */
export function linesChanged(
  linesAdded: number | null,
  linesDeleted: number | null,
): number | null {
  if (linesAdded === null || linesDeleted === null) return null;
  return linesAdded + linesDeleted;
}

/** The size bucket of an MR, or null when its diff stats are unknown. @internal */
export function sizeBucket(
  linesAdded: number | null,
  linesDeleted: number | null,
): SizeBucket | null {
  const lines = linesChanged(linesAdded, linesDeleted);
  return lines === null ? null : sizeBucketOfLines(lines);
}

/** A distribution with every bucket at zero. @internal */
export function emptyDistribution(): Record<SizeBucket, number> {
  return { XS: 0, S: 0, M: 0, L: 0, XL: 0 };
}
