import { fakeSha } from '../rest/json';
import { logNormal, pick, randomInt, type Random } from '../random';
import { isoTime } from '../time';
import { approvalNote, systemNote, unapprovalNote } from './systemNotes';
import { TOUCH_INTERVAL_MS } from './touch';
import type {
  DatasetApproval,
  DatasetMergeRequest,
  DatasetNote,
  DatasetStateEvent,
  DatasetUser,
} from './types';
import { AUTHOR_REPLIES, REVIEW_COMMENTS } from './vocabulary';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/** What a generated merge request went through. */
export interface TimelineInput {
  random: Random;
  nowMs: number;
  createdMs: number;
  author: DatasetUser;
  reviewers: DatasetUser[];
  mergeUser: DatasetUser;
  closer: DatasetUser;
  isBot: boolean;
  intended: DatasetMergeRequest['state'];
  approvalsRequired: number;
  /** A long review: more than a hundred notes. */
  busy: boolean;
  profile: 'small' | 'realistic';
  commitSubject: string;
}

/** The generated history, everything at or before `now - 1 minute`. */
export interface Timeline {
  state: DatasetMergeRequest['state'];
  notes: DatasetNote[];
  approvals: DatasetApproval[];
  stateEvents?: DatasetStateEvent[];
  mergedAtMs: number | null;
  closedAtMs: number | null;
  mergeUserId: number | null;
  closedById: number | null;
  updatedMs: number;
}

/** A write to the merge request: a save always stamps updated_at, a touch is throttled. */
interface Write {
  at: number;
  kind: 'save' | 'touch';
}

function commitNote(input: TimelineInput, at: number): DatasetNote {
  const { random } = input;
  const count = random() < 0.7 ? 1 : randomInt(random, 2, 4);
  const items = Array.from(
    { length: count },
    (_, i) =>
      `<li>${fakeSha(`${input.createdMs}:${at}:${i}`).slice(0, 8)} - ${
        input.commitSubject
      }</li>`,
  ).join('');
  return systemNote(
    'commit',
    `added ${count} commit${count > 1 ? 's' : ''}\n\n<ul>${items}</ul>`,
    input.author.id,
    isoTime(at),
  );
}

function commentCount(input: TimelineInput): number {
  const { random } = input;
  if (input.isBot) return random() < 0.85 ? 0 : 1;
  if (input.busy) return 90 + Math.floor(logNormal(random, 6, 0.4));
  // Most reviews are short; in the realistic profile a few long ones carry most notes.
  const quiet = input.profile === 'realistic' ? 0.55 : 0.25;
  const median = input.profile === 'realistic' ? 1 : 2.5;
  if (random() < quiet) return 0;
  return Math.min(1 + Math.floor(logNormal(random, median, 0.8)), 25);
}

/**
 * Builds notes, approvals and state changes in time order, with the system notes GitLab writes
 * (review requests, pushed commits, approvals written a moment after the approval by
 * CreateApprovalNoteWorker, unapprovals) and no state-change notes, and derives `updated_at`
 * from the writes as GitLab's touch rules would (see touch.ts).
 */
export function generateTimeline(input: TimelineInput): Timeline {
  const { random, createdMs, author, reviewers } = input;
  const notes: DatasetNote[] = [];
  const approvals: Array<DatasetApproval & { removedAtMs?: number }> = [];
  const writes: Write[] = [{ at: createdMs, kind: 'save' }];
  const note = (n: DatasetNote) => {
    notes.push(n);
    writes.push({ at: Date.parse(n.createdAt), kind: 'touch' });
  };

  let cursor = createdMs;
  if (!input.isBot && reviewers.length && random() < 0.8) {
    const at = createdMs + randomInt(random, 2, 90) * 1000;
    const names = reviewers.slice(0, random() < 0.7 ? 1 : 2);
    note(
      systemNote(
        'reviewer',
        `requested review from ${names
          .map(r => `@${r.username}`)
          .join(' and ')}`,
        author.id,
        isoTime(at),
      ),
    );
  }
  const comments = commentCount(input);
  const gap = input.busy ? 25 * MINUTE : 2 * HOUR;
  if (comments > 0) {
    cursor += Math.max(2 * MINUTE, logNormal(random, 3 * HOUR, 1.4));
  }
  for (let n = 0; n < comments && reviewers.length; n++) {
    const reviewer = reviewers[n % Math.min(reviewers.length, 2)];
    const fromAuthor = n > 0 && !input.isBot && random() < 0.45;
    note({
      authorId: fromAuthor ? author.id : reviewer.id,
      createdAt: isoTime(cursor),
      body: fromAuthor
        ? pick(random, AUTHOR_REPLIES)
        : pick(random, REVIEW_COMMENTS),
      system: false,
    });
    // Authors push fixes between review rounds; a push saves the merge request.
    if (fromAuthor && random() < 0.35) {
      const at = cursor + randomInt(random, 1, 30) * MINUTE;
      note(commitNote(input, at));
      writes.push({ at, kind: 'save' });
    }
    cursor += Math.max(MINUTE, logNormal(random, gap, 1.3));
  }

  let approvalsWanted = 0;
  if (input.intended === 'merged') {
    approvalsWanted =
      Math.max(input.approvalsRequired, random() < 0.85 ? 1 : 0) +
      (random() < 0.2 ? 1 : 0);
  } else if (input.intended === 'opened' && random() < 0.3) {
    approvalsWanted = 1;
  }
  let approvalTime = Math.max(
    cursor,
    createdMs + logNormal(random, (input.isBot ? 2 : 20) * HOUR, 1.1),
  );
  const approve = (user: DatasetUser, at: number) => {
    approvals.push({ userId: user.id, approvedAt: isoTime(at) });
    // The note comes from a Sidekiq worker, a moment after the approval.
    note(approvalNote(user.id, isoTime(at + randomInt(random, 200, 4000))));
  };
  for (let n = 0; n < approvalsWanted && n < reviewers.length; n++) {
    const reviewer = reviewers[n];
    if (n === 0 && !input.isBot && random() < 0.06) {
      // Approved, then took the approval back after a late finding, then approved again.
      approve(reviewer, approvalTime);
      const unapprovedAt =
        approvalTime + Math.max(MINUTE, logNormal(random, HOUR, 1));
      approvals[approvals.length - 1].removedAtMs = unapprovedAt;
      note(unapprovalNote(reviewer.id, isoTime(unapprovedAt)));
      approvalTime =
        unapprovedAt + Math.max(5 * MINUTE, logNormal(random, 2 * HOUR, 1));
    }
    approve(reviewer, approvalTime);
    approvalTime += logNormal(random, 3 * HOUR, 1.2);
  }

  const lastActivity = Math.max(
    ...writes.map(w => w.at),
    ...notes.map(n => Date.parse(n.createdAt)),
  );
  return settle(input, { notes, approvals, writes, lastActivity });
}

function settle(
  input: TimelineInput,
  history: {
    notes: DatasetNote[];
    approvals: Array<DatasetApproval & { removedAtMs?: number }>;
    writes: Write[];
    lastActivity: number;
  },
): Timeline {
  const { random, nowMs, createdMs, author } = input;
  const horizon = nowMs - MINUTE;
  let state = input.intended;
  let mergedAtMs: number | null = null;
  let closedAtMs: number | null = null;
  let stateEvents: DatasetStateEvent[] | undefined;
  if (state === 'merged') {
    mergedAtMs =
      history.lastActivity +
      Math.max(5 * MINUTE, logNormal(random, 3 * HOUR, 1.3));
    stateEvents = [];
    if (random() < 0.03) {
      const closed = createdMs + (mergedAtMs - createdMs) * 0.3;
      const reopened = createdMs + (mergedAtMs - createdMs) * 0.5;
      stateEvents.push(
        { state: 'closed', userId: author.id, createdAt: isoTime(closed) },
        { state: 'reopened', userId: author.id, createdAt: isoTime(reopened) },
      );
    }
    stateEvents.push({
      state: 'merged',
      userId: input.mergeUser.id,
      createdAt: isoTime(mergedAtMs),
    });
  } else if (state === 'closed') {
    closedAtMs =
      createdMs + Math.max(30 * MINUTE, logNormal(random, 72 * HOUR, 1.2));
    stateEvents = [
      {
        state: 'closed',
        userId: input.closer.id,
        createdAt: isoTime(closedAtMs),
      },
    ];
  }
  // Anything that would happen after `now` has not happened yet: the MR is still open.
  const end = mergedAtMs ?? closedAtMs;
  if (end !== null && end > horizon) {
    state = 'opened';
    mergedAtMs = null;
    closedAtMs = null;
    stateEvents = undefined;
  }
  const writes = history.writes.filter(w => w.at <= horizon);
  for (const event of stateEvents ?? []) {
    writes.push({ at: Date.parse(event.createdAt), kind: 'save' });
  }
  let updatedMs = createdMs;
  for (const write of writes.sort((a, b) => a.at - b.at)) {
    if (write.kind === 'save' || write.at - updatedMs > TOUCH_INTERVAL_MS) {
      updatedMs = Math.max(updatedMs, write.at);
    }
  }
  const notes = history.notes.filter(n => Date.parse(n.createdAt) <= horizon);
  // Current approvals only: given by the horizon and not yet taken back.
  const approvals = history.approvals
    .filter(a => Date.parse(a.approvedAt) <= horizon)
    .filter(a => a.removedAtMs === undefined || a.removedAtMs > horizon)
    .map(({ userId, approvedAt }) => ({ userId, approvedAt }));
  return {
    state,
    notes,
    approvals,
    stateEvents,
    mergedAtMs,
    closedAtMs,
    mergeUserId: state === 'merged' ? input.mergeUser.id : null,
    closedById: state === 'closed' ? input.closer.id : null,
    updatedMs,
  };
}
