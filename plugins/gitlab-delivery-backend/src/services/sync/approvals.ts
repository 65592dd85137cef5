import { GitlabNote } from '../../gitlab/types';

/**
 * When the MR was first approved by someone who did not take it back: the
 * earliest approval system note whose author is not the MR's author, not a
 * bot and not excluded, and who wrote no "unapproved" note after it.
 *
 * Read from GitLab's system notes, never from the current approvals: an
 * unapproval keeps the "approved this merge request" note and adds an
 * "unapproved this merge request" one
 * (app/services/merge_requests/remove_approval_service.rb,
 * app/services/system_notes/merge_requests_service.rb), while a push that
 * resets approvals removes them without a note, and such an approval still
 * counts. Notes arrive oldest first.
 * @internal
 */
export function firstStandingApproval(
  notes: readonly GitlabNote[],
  author: string,
  isExcluded: (username: string) => boolean,
): string | null {
  const standing = new Map<string, string[]>();
  for (const note of notes) {
    if (!note.system || note.author === null) continue;
    if (note.action === 'approved') {
      const times = standing.get(note.author) ?? [];
      times.push(note.createdAt);
      standing.set(note.author, times);
    } else if (note.action === 'unapproved') {
      standing.delete(note.author);
    }
  }
  let first: string | null = null;
  for (const [approver, times] of standing) {
    if (approver === author || isExcluded(approver)) continue;
    const bot = notes.some(n => n.author === approver && n.authorIsBot);
    if (bot) continue;
    for (const time of times) {
      if (first === null || Date.parse(time) < Date.parse(first)) first = time;
    }
  }
  return first;
}

/**
 * When someone other than the author first commented: the earliest
 * non-system note (internal ones included) whose author is not the MR's
 * author, not a GitLab bot user, and not excluded.
 * @internal
 */
export function firstHumanComment(
  notes: readonly GitlabNote[],
  author: string,
  isExcluded: (username: string) => boolean,
): string | null {
  let first: string | null = null;
  for (const note of notes) {
    if (
      note.system ||
      note.author === null ||
      note.author === author ||
      note.authorIsBot ||
      isExcluded(note.author)
    ) {
      continue;
    }
    if (first === null || Date.parse(note.createdAt) < Date.parse(first)) {
      first = note.createdAt;
    }
  }
  return first;
}
