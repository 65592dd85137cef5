import { accessLevel, ACCESS } from '../dataset/access';
import { assignMissingIds } from '../dataset/mutate';
import { approvalNote, unapprovalNote } from '../dataset/systemNotes';
import { throttledTouch } from '../dataset/touch';
import type { SimulatorState } from '../state';
import { isoTime } from '../time';
import {
  mergeRequestOf,
  optBool,
  projectOf,
  str,
  userOf,
  type Input,
} from './input';
import type { Affected } from './lifecycle';
import { ActionError } from './types';

/** Noteable::MAX_NOTES_LIMIT, checked by Note `does_not_exceed_notes_limit?` for user notes. */
export const MAX_NOTES_LIMIT = 5_000;

function requireReader(
  state: SimulatorState,
  affected: Affected,
  userId: number,
  username: string,
) {
  if (
    accessLevel(state.data, affected.project, userId, state.now()) <
    ACCESS.reporter
  ) {
    throw new ActionError(
      `'${username}' cannot see merge requests of '${affected.project.path}'`,
    );
  }
}

/** `comment`: a user note; saving it touches the merge request (throttled, Note#touch_noteable). */
export function comment(state: SimulatorState, input: Input): Affected {
  const project = projectOf(state.data, input);
  const mr = mergeRequestOf(project, input);
  const user = userOf(state.data, input, 'user');
  const body = str(input, 'body');
  const internal = optBool(input, 'internal') ?? false;
  if (project.visibility !== 'public')
    requireReader(state, { project, mr }, user.id, user.username);
  if (mr.notes.length >= MAX_NOTES_LIMIT) {
    throw new ActionError('Maximum number of comments exceeded');
  }
  state.replica.beforeChange(project, mr.iid, mr);
  const nowMs = state.now();
  const createdAt = isoTime(nowMs);
  mr.notes.push({
    authorId: user.id,
    createdAt,
    updatedAt: createdAt,
    body,
    system: false,
    internal,
  });
  throttledTouch(mr, nowMs);
  assignMissingIds(state.data);
  return { project, mr };
}

/**
 * `approve`: MergeRequests::ApprovalService saves the approval and nothing on the merge
 * request; the "approved this merge request" note is written later by
 * MergeRequests::CreateApprovalNoteWorker (an EventStore subscriber of ApprovedEvent), and it
 * is that note's save that touches the merge request, throttled.
 */
export function approve(state: SimulatorState, input: Input): Affected {
  const project = projectOf(state.data, input);
  const mr = mergeRequestOf(project, input);
  const user = userOf(state.data, input, 'user');
  requireReader(state, { project, mr }, user.id, user.username);
  if (mr.approvals.some(a => a.userId === user.id)) {
    throw new ActionError(`'${user.username}' has already approved !${mr.iid}`);
  }
  if (mr.authorId === user.id) {
    throw new ActionError(
      `'${user.username}' is the author of !${mr.iid}; authors cannot approve their own merge requests by default`,
    );
  }
  state.replica.beforeChange(project, mr.iid, mr);
  const nowMs = state.now();
  mr.approvals.push({ userId: user.id, approvedAt: isoTime(nowMs) });
  const noteAt = nowMs + state.timings.approvalNoteDelayMs;
  state.jobs.schedule(noteAt, () => {
    if (!project.mergeRequests.includes(mr)) return;
    mr.notes.push(approvalNote(user.id, isoTime(noteAt)));
    throttledTouch(mr, noteAt);
    assignMissingIds(state.data);
  });
  return { project, mr };
}

/**
 * `unapprove`: MergeRequests::RemoveApprovalService deletes the approval and writes the
 * "unapproved this merge request" note right away; the approval note stays. It refuses merged
 * merge requests and users who have not approved.
 */
export function unapprove(state: SimulatorState, input: Input): Affected {
  const project = projectOf(state.data, input);
  const mr = mergeRequestOf(project, input);
  const user = userOf(state.data, input, 'user');
  if (mr.state === 'merged') {
    throw new ActionError(
      `!${mr.iid} is merged; approvals can no longer be removed`,
    );
  }
  if (!mr.approvals.some(a => a.userId === user.id)) {
    throw new ActionError(`'${user.username}' has not approved !${mr.iid}`);
  }
  state.replica.beforeChange(project, mr.iid, mr);
  const nowMs = state.now();
  mr.approvals = mr.approvals.filter(a => a.userId !== user.id);
  mr.notes.push(unapprovalNote(user.id, isoTime(nowMs)));
  throttledTouch(mr, nowMs);
  assignMissingIds(state.data);
  return { project, mr };
}
