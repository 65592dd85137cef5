import { GitlabMergeRequest, GitlabNote } from '../../gitlab/types';
import { authorMatcher } from '../../lib/authorMatcher';
import {
  closedAtFallback,
  firstApprovedAt,
  firstCommentAt,
  needsStateEvents,
  toMergeRequestRecord,
} from './mergeRequestRecord';

const mr = (
  overrides: Partial<GitlabMergeRequest> = {},
): GitlabMergeRequest => ({
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
  ...overrides,
});

const note = (overrides: Partial<GitlabNote>): GitlabNote => ({
  system: false,
  body: 'Looks good',
  createdAt: '2024-03-02T10:00:00Z',
  author: 'bob',
  authorIsBot: false,
  systemNoteIconName: null,
  ...overrides,
});

const isExcluded = authorMatcher(['*[bot]', '*-bot']);

describe('firstCommentAt', () => {
  it('skips system notes, the author, bot users and excluded authors', () => {
    const notes = [
      note({ createdAt: '2024-03-01T11:00:00Z', author: 'alice' }),
      note({
        createdAt: '2024-03-01T12:00:00Z',
        system: true,
        body: 'added 1 commit',
      }),
      note({ createdAt: '2024-03-01T13:00:00Z', author: 'renovate-bot' }),
      note({
        createdAt: '2024-03-01T14:00:00Z',
        author: 'helper',
        authorIsBot: true,
      }),
      note({ createdAt: '2024-03-02T09:00:00Z', author: 'carol' }),
      note({ createdAt: '2024-03-01T20:00:00Z', author: 'bob' }),
      note({ createdAt: '2024-03-01T08:00:00Z', author: null }),
    ];
    expect(firstCommentAt(mr(), notes, isExcluded)).toBe(
      '2024-03-01T20:00:00Z',
    );
    expect(firstCommentAt(mr(), [], isExcluded)).toBeNull();
  });
});

describe('firstApprovedAt', () => {
  it('takes the earliest of REST approved_at and approval notes', () => {
    const notes = [
      note({
        system: true,
        body: 'approved this merge request',
        systemNoteIconName: 'approval',
        createdAt: '2024-03-02T12:00:00Z',
      }),
      note({
        system: true,
        body: 'unapproved this merge request',
        systemNoteIconName: 'unapproval',
        createdAt: '2024-03-02T11:00:00Z',
      }),
    ];
    expect(firstApprovedAt(notes, [])).toBe('2024-03-02T12:00:00Z');
    expect(
      firstApprovedAt(notes, [
        { username: 'bob', approvedAt: '2024-03-02T10:00:00Z' },
        { username: 'carol', approvedAt: null },
      ]),
    ).toBe('2024-03-02T10:00:00Z');
    expect(
      firstApprovedAt([], [{ username: 'bob', approvedAt: null }]),
    ).toBeNull();
  });
});

describe('closed_at', () => {
  const closed = mr({ state: 'closed', mergedAt: null, mergeUser: null });

  it('comes from the last close note, else the last closed state event', () => {
    const notes = [
      note({
        system: true,
        body: 'closed',
        systemNoteIconName: 'status_closed',
        createdAt: '2024-03-02T10:00:00Z',
      }),
      note({
        system: true,
        body: 'reopened',
        systemNoteIconName: 'status_open',
        createdAt: '2024-03-02T11:00:00Z',
      }),
      note({
        system: true,
        body: 'closed',
        systemNoteIconName: 'status_closed',
        createdAt: '2024-03-02T12:00:00Z',
      }),
    ];
    expect(closedAtFallback(closed, notes, [])).toBe('2024-03-02T12:00:00Z');
    expect(needsStateEvents(closed, notes)).toBe(false);
    expect(needsStateEvents(closed, [])).toBe(true);
    expect(
      closedAtFallback(
        closed,
        [],
        [
          { state: 'closed', createdAt: '2024-03-02T09:00:00Z' },
          { state: 'reopened', createdAt: '2024-03-02T09:30:00Z' },
        ],
      ),
    ).toBe('2024-03-02T09:00:00Z');
    expect(closedAtFallback(mr(), notes, [])).toBeNull();
    expect(needsStateEvents({ ...closed, closedAt: null }, [])).toBe(false);
  });
});

describe('toMergeRequestRecord', () => {
  it('maps every field, times in UTC', () => {
    const record = toMergeRequestRecord({
      host: 'gitlab.example.com',
      projectId: 7,
      projectPath: 'shop/web',
      mergeRequest: mr({
        closedAt: null,
        createdAt: '2024-03-01T11:00:00+01:00',
      }),
      notes: [note({})],
      approvals: [],
      stateEvents: [],
      tickets: [],
      isExcluded,
    });
    expect(record).toEqual({
      host: 'gitlab.example.com',
      projectId: 7,
      projectPath: 'shop/web',
      id: 100,
      iid: 1,
      title: 'Add refunds',
      description: null,
      state: 'merged',
      draft: false,
      createdAt: '2024-03-01T10:00:00.000Z',
      updatedAt: '2024-03-03T10:00:00.000Z',
      mergedAt: '2024-03-03T10:00:00.000Z',
      closedAt: null,
      firstApprovedAt: null,
      firstCommentAt: '2024-03-02T10:00:00.000Z',
      author: 'alice',
      mergeUser: 'bob',
      sourceBranch: 'refunds',
      targetBranch: 'main',
      labels: ['feature'],
      filesChanged: 3,
      linesAdded: 10,
      linesDeleted: 2,
      relatedTickets: [],
      webUrl: 'https://gitlab.example.com/shop/web/-/merge_requests/1',
    });
  });
});
