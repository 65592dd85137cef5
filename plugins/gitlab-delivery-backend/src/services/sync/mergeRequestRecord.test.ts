import { authorMatcher } from '../../lib/authorMatcher';
import {
  closedAtFromEvents,
  listDigest,
  toMergeRequestRecord,
} from './mergeRequestRecord';
import {
  approvalNote,
  gitlabMergeRequest as mr,
  gitlabNote as note,
} from './__testUtils__/gitlabObjects';

const isExcluded = authorMatcher(['*[bot]', '*-bot']);

describe('listDigest (app/models/concerns/throttled_touch.rb: updated_at alone misses changes)', () => {
  it('changes with anything the list returns, even when updated_at stays', () => {
    const base = listDigest(mr());
    expect(listDigest(mr())).toBe(base);
    expect(listDigest(mr({ userNotesCount: 3 }))).not.toBe(base);
    expect(listDigest(mr({ approvedBy: ['bob'] }))).not.toBe(base);
    expect(listDigest(mr({ labels: ['feature', 'bug'] }))).not.toBe(base);
    expect(listDigest(mr({ mergedAt: null }))).not.toBe(base);
    expect(listDigest(mr({ description: 'Closes #3' }))).not.toBe(base);
    expect(listDigest(mr({ notes: [note()] }))).not.toBe(base);
  });

  it('ignores the order GitLab lists labels and approvers in', () => {
    expect(listDigest(mr({ labels: ['a', 'b'], approvedBy: ['x', 'y'] }))).toBe(
      listDigest(mr({ labels: ['b', 'a'], approvedBy: ['y', 'x'] })),
    );
  });
});

describe('closedAtFromEvents (app/services/resource_events/change_state_service.rb)', () => {
  it('takes the last closed state event', () => {
    expect(
      closedAtFromEvents([
        { state: 'closed', createdAt: '2024-03-02T10:00:00Z' },
        { state: 'reopened', createdAt: '2024-03-02T11:00:00Z' },
        { state: 'closed', createdAt: '2024-03-03T10:00:00Z' },
      ]),
    ).toBe('2024-03-03T10:00:00.000Z');
    expect(closedAtFromEvents([])).toBeNull();
  });
});

describe('toMergeRequestRecord', () => {
  it('maps every field, times in UTC, first comment and approval from the notes', () => {
    const record = toMergeRequestRecord({
      host: 'gitlab.example.com',
      projectId: 7,
      projectPath: 'shop/web',
      mergeRequest: mr({
        closedAt: null,
        createdAt: '2024-03-01T11:00:00+01:00',
        notes: [note(), approvalNote('carol', '2024-03-02T12:00:00Z')],
      }),
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
      firstApprovedAt: '2024-03-02T12:00:00.000Z',
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

  it('takes the close time from state events where GitLab has no closedAt', () => {
    const closed = mr({ state: 'closed', mergedAt: null });
    delete closed.closedAt;
    const record = toMergeRequestRecord({
      host: 'h',
      projectId: 1,
      projectPath: 'a/b',
      mergeRequest: closed,
      closedAt: '2024-03-04T10:00:00Z',
      tickets: [],
      isExcluded,
    });
    expect(record.closedAt).toBe('2024-03-04T10:00:00.000Z');
  });
});
