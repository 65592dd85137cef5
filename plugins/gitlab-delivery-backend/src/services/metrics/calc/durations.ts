import { MetricRow } from '../../../database/types';

// A note or approval stamped before the MR's creation is clock skew; it counts as instant.
function secondsBetween(start: number, end: number): number {
  return Math.max(0, end - start) / 1000;
}

/** merged_at − created_at in seconds, or null when the MR is not merged. @internal */
export function timeToMerge(
  mr: Pick<MetricRow, 'createdAt' | 'mergedAt'>,
): number | null {
  return mr.mergedAt === null
    ? null
    : secondsBetween(mr.createdAt, mr.mergedAt);
}

/** First human note − created_at in seconds, or null without a human note. @internal */
export function timeToFirstComment(
  mr: Pick<MetricRow, 'createdAt' | 'firstCommentAt'>,
): number | null {
  return mr.firstCommentAt === null
    ? null
    : secondsBetween(mr.createdAt, mr.firstCommentAt);
}

/** First approval − created_at in seconds, or null when not approved. @internal */
export function timeToApprove(
  mr: Pick<MetricRow, 'createdAt' | 'firstApprovedAt'>,
): number | null {
  return mr.firstApprovedAt === null
    ? null
    : secondsBetween(mr.createdAt, mr.firstApprovedAt);
}

/**
 * Whether an MR was approved with no human comment before its first approval
 * (no comment at all, or the first one came after the approval).
 * @internal
 */
export function approvedWithoutComment(
  mr: Pick<MetricRow, 'firstApprovedAt' | 'firstCommentAt'>,
): boolean {
  return (
    mr.firstApprovedAt !== null &&
    (mr.firstCommentAt === null || mr.firstCommentAt > mr.firstApprovedAt)
  );
}
