/** The times an MR's durations are taken from, in epoch milliseconds. */
interface MergeRequestTimes {
  createdAt: number;
  mergedAt: number | null;
  firstCommentAt: number | null;
  firstApprovedAt: number | null;
}

// A note or approval stamped before the MR's creation is clock skew; it counts as instant.
function millisBetween(start: number, end: number): number {
  return Math.max(0, end - start);
}

/** merged_at − created_at in milliseconds, or null when the MR is not merged. @internal */
export function timeToMergeMillis(
  mr: Pick<MergeRequestTimes, 'createdAt' | 'mergedAt'>,
): number | null {
  return mr.mergedAt === null ? null : millisBetween(mr.createdAt, mr.mergedAt);
}

/** First human note − created_at in milliseconds, or null without a human note. @internal */
export function timeToFirstCommentMillis(
  mr: Pick<MergeRequestTimes, 'createdAt' | 'firstCommentAt'>,
): number | null {
  return mr.firstCommentAt === null
    ? null
    : millisBetween(mr.createdAt, mr.firstCommentAt);
}

/** First approval − created_at in milliseconds, or null when not approved. @internal */
export function timeToApproveMillis(
  mr: Pick<MergeRequestTimes, 'createdAt' | 'firstApprovedAt'>,
): number | null {
  return mr.firstApprovedAt === null
    ? null
    : millisBetween(mr.createdAt, mr.firstApprovedAt);
}

/**
 * Whether an MR was approved with no human comment before its first approval
 * (no comment at all, or the first one came after the approval).
 * @internal
 */
export function approvedWithoutComment(
  mr: Pick<MergeRequestTimes, 'firstApprovedAt' | 'firstCommentAt'>,
): boolean {
  return (
    mr.firstApprovedAt !== null &&
    (mr.firstCommentAt === null || mr.firstCommentAt > mr.firstApprovedAt)
  );
}
