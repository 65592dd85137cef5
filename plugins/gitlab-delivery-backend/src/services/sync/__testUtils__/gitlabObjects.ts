import { GitlabMergeRequest, GitlabNote } from '../../../gitlab/types';

/** A merge request as the reader returns it, with test defaults. */
export function gitlabMergeRequest(
  overrides: Partial<GitlabMergeRequest> = {},
): GitlabMergeRequest {
  return {
    id: 100,
    iid: 1,
    title: 'Add refunds',
    description: null,
    state: 'merged',
    draft: false,
    createdAt: '2024-03-01T10:00:00Z',
    updatedAt: '2024-03-03T10:00:00Z',
    mergedAt: '2024-03-03T10:00:00Z',
    webUrl: 'https://gitlab.example.com/shop/web/-/merge_requests/1',
    sourceBranch: 'refunds',
    targetBranch: 'main',
    author: 'alice',
    mergeUser: 'bob',
    labels: ['feature'],
    additions: 10,
    deletions: 2,
    fileCount: 3,
    userNotesCount: 2,
    approvedBy: [],
    notes: [],
    notesAfter: null,
    ...overrides,
  };
}

/** A note as the reader returns it: a comment by bob unless told otherwise. */
export function gitlabNote(overrides: Partial<GitlabNote> = {}): GitlabNote {
  return {
    system: false,
    internal: false,
    createdAt: '2024-03-02T10:00:00Z',
    author: 'bob',
    authorIsBot: false,
    action: null,
    ...overrides,
  };
}

/** An approval (or, with `unapproved`, its withdrawal) system note. */
export function approvalNote(
  author: string,
  createdAt: string,
  action: 'approved' | 'unapproved' = 'approved',
): GitlabNote {
  return gitlabNote({ system: true, author, createdAt, action });
}
