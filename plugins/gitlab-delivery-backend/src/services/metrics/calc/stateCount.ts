import { MergeRequestState } from '@delivery-insights/plugin-gitlab-delivery-common';
import { TimeWindow } from '../../../database/types';
import { inWindow } from './window';

/**
 * Whether an MR counts in the state mix beyond the merged ones: open, draft and
 * locked as they are now, closed when closed in the window. Merged MRs are
 * counted by merge time instead.
 * @internal
 */
export function countsInStateMix(
  mr: {
    state: MergeRequestState;
    mergedAt: number | null;
    closedAt: number | null;
  },
  window: TimeWindow,
): boolean {
  if (mr.mergedAt !== null) return false;
  if (mr.state === 'opened' || mr.state === 'locked') return true;
  return mr.state === 'closed' && inWindow(mr.closedAt, window);
}
