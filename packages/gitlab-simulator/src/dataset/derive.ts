import { toMillis } from '../time';
import { iconForAction } from './systemNotes';
import type {
  DatasetIssue,
  DatasetMergeRequest,
  DatasetProject,
} from './types';

/** A note as GitLab shows it. */
export interface DerivedNote {
  id: number;
  authorId: number;
  body: string;
  system: boolean;
  systemNoteIconName: string | null;
  /** System note metadata action, for system notes that have one. */
  action: string | null;
  internal: boolean;
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

/** Options of {@link notesOf}. */
export interface NotesOptions {
  /** Simulated GitLab version, for the icon names. */
  version: string;
  /** Whether the caller may read internal notes (Reporter or higher). */
  includeInternal?: boolean;
}

/**
 * The merge request's notes, oldest first. Only stored notes: state changes are resource state
 * events, not notes, since GitLab 13.2 (SystemNotes::IssuablesService#change_status creates a
 * ResourceStateEvent; gitlab-org/gitlab!36936 made that the default), and the synthetic notes
 * the web UI builds from them (ResourceEvents::MergeIntoNotesService) are not in the REST
 * notes API nor in GraphQL `MergeRequest.notes`.
 */
export function notesOf(
  project: DatasetProject,
  mr: DatasetMergeRequest,
  options: NotesOptions,
): DerivedNote[] {
  const mrId = mergeRequestId(project, mr);
  return mr.notes
    .filter(note => options.includeInternal !== false || !note.internal)
    .map((note, index) => ({
      id: note.id ?? DERIVED_NOTE_ID_BASE + mrId * 64 + index,
      authorId: note.authorId,
      body: note.body,
      system: note.system ?? false,
      action: note.system ? note.action ?? null : null,
      systemNoteIconName: note.system
        ? note.systemNoteIconName ?? iconForAction(note.action, options.version)
        : null,
      internal: note.internal ?? false,
      createdAt: note.createdAt,
      updatedAt: note.updatedAt ?? note.createdAt,
    }))
    .sort(byTimeThenId);
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
