import { versionAtLeast } from '../version';
import type { DatasetNote } from './types';

/** Bodies GitLab writes (app/services/system_notes/merge_requests_service.rb, commit_service.rb, …). */
export const SYSTEM_NOTE_BODIES = {
  approved: 'approved this merge request',
  unapproved: 'unapproved this merge request',
} as const;

/**
 * `systemNoteIconName` by metadata action, from app/helpers/system_note_helper.rb
 * (ICON_NAMES_BY_ACTION and `system_note_icon_name`, which gives closed merge requests their
 * own icon). The helper renamed several icons when system note icons were restyled
 * (gitlab-org/gitlab!115058, spring 2023); the simulator switches at 16.0.
 */
const ICONS: Record<string, string> = {
  approved: 'check',
  unapproved: 'unapproval',
  cherry_pick: 'cherry-pick-commit',
  commit: 'commit',
  description: 'pencil',
  merged: 'merge',
  merge: 'merge',
  opened: 'issues',
  closed: 'merge-request-close',
  assignee: 'user',
  reviewer: 'user',
  title: 'pencil',
  label: 'label',
  cross_reference: 'comment-dots',
  branch: 'fork',
  milestone: 'milestone',
  discussion: 'comment',
  outdated: 'pencil',
  locked: 'lock',
  unlocked: 'lock-open',
  requested_changes: 'error',
};

const ICONS_BEFORE_16: Record<string, string> = {
  ...ICONS,
  approved: 'approval',
  description: 'pencil-square',
  merged: 'git-merge',
  merge: 'git-merge',
  closed: 'issue-close',
  title: 'pencil-square',
  outdated: 'pencil-square',
  milestone: 'clock',
};

/** The icon GitLab shows for a system note with this metadata action. */
export function iconForAction(
  action: string | undefined,
  version: string,
): string | null {
  if (!action) return null;
  const icons = versionAtLeast(version, '16.0') ? ICONS : ICONS_BEFORE_16;
  return icons[action] ?? null;
}

/** A system note as the simulator stores it. */
export function systemNote(
  action: string,
  body: string,
  authorId: number,
  createdAt: string,
): DatasetNote {
  return {
    authorId,
    createdAt,
    updatedAt: createdAt,
    body,
    system: true,
    action,
  };
}

/** "approved this merge request" (SystemNoteService.approve_mr, action `approved`). */
export function approvalNote(authorId: number, createdAt: string): DatasetNote {
  return systemNote(
    'approved',
    SYSTEM_NOTE_BODIES.approved,
    authorId,
    createdAt,
  );
}

/** "unapproved this merge request" (SystemNoteService.unapprove_mr, action `unapproved`). */
export function unapprovalNote(
  authorId: number,
  createdAt: string,
): DatasetNote {
  return systemNote(
    'unapproved',
    SYSTEM_NOTE_BODIES.unapproved,
    authorId,
    createdAt,
  );
}
