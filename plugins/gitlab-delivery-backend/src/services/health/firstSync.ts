import { FirstSyncProgress } from '@delivery-insights/plugin-gitlab-delivery-common';
import { DateTime } from 'luxon';
import { ProjectCursor } from '../../database/types';

/** MRs one list request brings. */
const PAGE = 100;

/**
 * The progress of a first sync: MRs stored of those GitLab listed when it
 * began, and the time left at the pace so far; before a page is stored, at
 * one page per request of the instance's budget.
 * @internal
 */
export function firstSyncProgress(
  cursor: ProjectCursor | undefined,
  stored: number,
  requestsPerMinute: number,
  now: DateTime,
): FirstSyncProgress | undefined {
  const backfill = cursor?.backfill;
  if (!backfill) return undefined;
  const total = Math.max(backfill.total, stored);
  const left = total - stored;
  const elapsed = now.diff(DateTime.fromISO(backfill.startedAt)).as('seconds');
  const perSecond =
    stored > 0 && elapsed > 0
      ? stored / elapsed
      : (PAGE * requestsPerMinute) / 60;
  return {
    stored,
    total,
    startedAt: backfill.startedAt,
    estimatedSecondsLeft: perSecond > 0 ? Math.ceil(left / perSecond) : null,
  };
}
