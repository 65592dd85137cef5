import { RelatedTicket } from '@delivery-insights/plugin-gitlab-delivery-common';
import { DateTime } from 'luxon';
import { MergeRequestRecord } from '../../database/types';
import {
  GitlabApproval,
  GitlabMergeRequest,
  GitlabNote,
  GitlabStateEvent,
} from '../../gitlab/types';

function millis(iso: string): number {
  return DateTime.fromISO(iso, { zone: 'utc' }).toMillis();
}

function toUtc(iso: string | null | undefined): string | null {
  if (!iso) return null;
  return DateTime.fromISO(iso, { zone: 'utc' }).toUTC().toISO();
}

function earliest(times: string[]): string | null {
  if (times.length === 0) return null;
  return times.reduce((a, b) => (millis(b) < millis(a) ? b : a));
}

function latest(times: string[]): string | null {
  if (times.length === 0) return null;
  return times.reduce((a, b) => (millis(b) > millis(a) ? b : a));
}

/** Whether a system note records an approval ("approved this merge request"). @internal */
export function isApprovalNote(note: GitlabNote): boolean {
  return (
    note.system &&
    (note.systemNoteIconName === 'approval' ||
      /^approved this merge request/i.test(note.body))
  );
}

/** Whether a system note records that the MR was closed. */
function isCloseNote(note: GitlabNote): boolean {
  return (
    note.system &&
    (note.body === 'closed' || note.systemNoteIconName === 'status_closed')
  );
}

/**
 * When someone other than the author first commented: the earliest
 * non-system note whose author is not the MR's author, not a GitLab bot user,
 * and not excluded.
 * @internal
 */
export function firstCommentAt(
  mergeRequest: GitlabMergeRequest,
  notes: GitlabNote[],
  isExcluded: (username: string) => boolean,
): string | null {
  return earliest(
    notes
      .filter(
        note =>
          !note.system &&
          note.author !== null &&
          note.author !== mergeRequest.author &&
          !note.authorIsBot &&
          !isExcluded(note.author),
      )
      .map(note => note.createdAt),
  );
}

/**
 * When the MR was first approved: the earliest `approved_at` from REST where
 * the server has it, or the earliest approval system note.
 * @internal
 */
export function firstApprovedAt(
  notes: GitlabNote[],
  approvals: GitlabApproval[],
): string | null {
  return earliest([
    ...approvals.flatMap(a => (a.approvedAt ? [a.approvedAt] : [])),
    ...notes.filter(isApprovalNote).map(note => note.createdAt),
  ]);
}

/**
 * When a closed MR was closed, on servers without `MergeRequest.closedAt`:
 * the last close system note, else the last `closed` state event.
 * @internal
 */
export function closedAtFallback(
  mergeRequest: GitlabMergeRequest,
  notes: GitlabNote[],
  stateEvents: GitlabStateEvent[],
): string | null {
  if (mergeRequest.state !== 'closed') return null;
  return (
    latest(notes.filter(isCloseNote).map(note => note.createdAt)) ??
    latest(stateEvents.filter(e => e.state === 'closed').map(e => e.createdAt))
  );
}

/** Whether a closed MR needs its state events to know when it was closed. @internal */
export function needsStateEvents(
  mergeRequest: GitlabMergeRequest,
  notes: GitlabNote[],
): boolean {
  return (
    mergeRequest.closedAt === undefined &&
    mergeRequest.state === 'closed' &&
    !notes.some(isCloseNote)
  );
}

/** The stored record of an MR, from what GitLab said about it. @internal */
export function toMergeRequestRecord(options: {
  host: string;
  projectId: number;
  projectPath: string;
  mergeRequest: GitlabMergeRequest;
  notes: GitlabNote[];
  approvals: GitlabApproval[];
  stateEvents: GitlabStateEvent[];
  tickets: RelatedTicket[];
  isExcluded: (username: string) => boolean;
}): MergeRequestRecord {
  const { mergeRequest: mr, notes } = options;
  const closedAt =
    mr.closedAt !== undefined
      ? mr.closedAt
      : closedAtFallback(mr, notes, options.stateEvents);
  return {
    host: options.host,
    projectId: options.projectId,
    projectPath: options.projectPath,
    id: mr.id,
    iid: mr.iid,
    title: mr.title,
    description: mr.description,
    state: mr.state,
    draft: mr.draft,
    createdAt: toUtc(mr.createdAt)!,
    updatedAt: toUtc(mr.updatedAt)!,
    mergedAt: toUtc(mr.mergedAt),
    closedAt: toUtc(closedAt),
    firstApprovedAt: toUtc(firstApprovedAt(notes, options.approvals)),
    firstCommentAt: toUtc(firstCommentAt(mr, notes, options.isExcluded)),
    author: mr.author,
    mergeUser: mr.mergeUser,
    sourceBranch: mr.sourceBranch,
    targetBranch: mr.targetBranch,
    labels: mr.labels,
    filesChanged: mr.fileCount,
    linesAdded: mr.additions,
    linesDeleted: mr.deletions,
    relatedTickets: options.tickets,
    webUrl: mr.webUrl,
  };
}
