import { stateEventsOf } from '../dataset/derive';
import type {
  DatasetMergeRequest,
  DatasetProject,
  DatasetStateEvent,
} from '../dataset/types';
import { isoTime } from '../time';

/**
 * Writes out the events a dataset left implicit (derived from mergedAt / closedAt); call it
 * before changing the state, because `mergedAt` can be empty for a while after a merge.
 */
export function materializeStateEvents(
  project: DatasetProject,
  mr: DatasetMergeRequest,
): void {
  mr.stateEvents ??= stateEventsOf(project, mr).map(e => ({
    id: e.id,
    state: e.state,
    userId: e.userId,
    createdAt: e.createdAt,
  }));
}

/** Records a state change as a resource state event (ResourceEvents::ChangeStateService). */
export function addStateEvent(
  project: DatasetProject,
  mr: DatasetMergeRequest,
  state: DatasetStateEvent['state'],
  userId: number,
  nowMs: number,
): void {
  materializeStateEvents(project, mr);
  mr.stateEvents ??= [];
  const base = (mr.id ?? project.id * 100_000 + mr.iid) * 16;
  const id = Math.max(base, ...mr.stateEvents.map(e => e.id ?? 0)) + 1;
  mr.stateEvents.push({ id, state, userId, createdAt: isoTime(nowMs) });
}
