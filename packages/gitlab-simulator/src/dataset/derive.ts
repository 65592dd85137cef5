import { toMillis } from '../time';
import type {
  DatasetIssue,
  DatasetMergeRequest,
  DatasetProject,
  DatasetStateEvent,
} from './types';

/** A note as GitLab shows it: stored notes plus the system notes GitLab writes itself. */
export interface DerivedNote {
  id: number;
  authorId: number;
  body: string;
  system: boolean;
  systemNoteIconName: string | null;
  createdAt: string;
  updatedAt: string;
}

/** A state change as returned by `resource_state_events`. */
export interface DerivedStateEvent {
  id: number;
  state: 'closed' | 'reopened' | 'merged';
  userId: number;
  createdAt: string;
}

const DERIVED_NOTE_ID_BASE = 1_000_000_000;

const STATE_ICONS: Record<DatasetStateEvent['state'], string> = {
  merged: 'git-merge',
  closed: 'status_closed',
  reopened: 'status_open',
};

/** The global id of a merge request (dataset id, or a stable fallback). */
export function mergeRequestId(
  project: DatasetProject,
  mr: DatasetMergeRequest,
): number {
  return mr.id ?? project.id * 100_000 + mr.iid;
}

/** The global id of an issue referenced by a merge request. */
export function issueId(project: DatasetProject, issue: DatasetIssue): number {
  return issue.id ?? project.id * 100_000 + issue.iid;
}

/** State changes of the merge request, explicit or derived from mergedAt / closedAt. */
export function stateEventsOf(
  project: DatasetProject,
  mr: DatasetMergeRequest,
): DerivedStateEvent[] {
  const baseId = mergeRequestId(project, mr) * 16;
  if (mr.stateEvents) {
    return mr.stateEvents
      .map((event, index) => ({
        id: event.id ?? baseId + index + 1,
        state: event.state,
        userId: event.userId,
        createdAt: event.createdAt,
      }))
      .sort(byTimeThenId);
  }
  const events: DerivedStateEvent[] = [];
  if (mr.state === 'merged' && mr.mergedAt) {
    events.push({
      id: baseId + 1,
      state: 'merged',
      userId: mr.mergeUserId ?? mr.authorId,
      createdAt: mr.mergedAt,
    });
  } else if (mr.state === 'closed' && mr.closedAt) {
    events.push({
      id: baseId + 1,
      state: 'closed',
      userId: mr.closedById ?? mr.authorId,
      createdAt: mr.closedAt,
    });
  }
  return events;
}

/** The user who closed the merge request, when it is closed. */
export function closedById(
  project: DatasetProject,
  mr: DatasetMergeRequest,
): number | null {
  if (mr.state !== 'closed') {
    return null;
  }
  if (mr.closedById) {
    return mr.closedById;
  }
  const closing = stateEventsOf(project, mr)
    .filter(e => e.state === 'closed')
    .pop();
  return closing?.userId ?? mr.authorId;
}

/** The merge request's notes including derived approval and state system notes, oldest first. */
export function notesOf(
  project: DatasetProject,
  mr: DatasetMergeRequest,
): DerivedNote[] {
  const mrId = mergeRequestId(project, mr);
  const notes: DerivedNote[] = mr.notes.map((note, index) => ({
    id: note.id ?? DERIVED_NOTE_ID_BASE + mrId * 64 + index,
    authorId: note.authorId,
    body: note.body,
    system: note.system ?? false,
    systemNoteIconName: note.system ? note.systemNoteIconName ?? null : null,
    createdAt: note.createdAt,
    updatedAt: note.updatedAt ?? note.createdAt,
  }));
  mr.approvals.forEach((approval, index) => {
    notes.push({
      id: DERIVED_NOTE_ID_BASE + 500_000_000 + mrId * 64 + index,
      authorId: approval.userId,
      body: 'approved this merge request',
      system: true,
      systemNoteIconName: 'approval',
      createdAt: approval.approvedAt,
      updatedAt: approval.approvedAt,
    });
  });
  stateEventsOf(project, mr).forEach((event, index) => {
    notes.push({
      id: DERIVED_NOTE_ID_BASE + 500_000_000 + mrId * 64 + 32 + index,
      authorId: event.userId,
      body: event.state,
      system: true,
      systemNoteIconName: STATE_ICONS[event.state],
      createdAt: event.createdAt,
      updatedAt: event.createdAt,
    });
  });
  return notes.sort(byTimeThenId);
}

/** Number of non-system notes, as GitLab's `user_notes_count`. */
export function userNotesCount(mr: DatasetMergeRequest): number {
  return mr.notes.filter(n => !n.system).length;
}

function byTimeThenId(
  a: { createdAt: string; id: number },
  b: { createdAt: string; id: number },
): number {
  return toMillis(a.createdAt) - toMillis(b.createdAt) || a.id - b.id;
}
