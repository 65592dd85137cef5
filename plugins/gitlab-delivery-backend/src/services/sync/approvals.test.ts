import { authorMatcher } from '../../lib/authorMatcher';
import { firstHumanComment, firstStandingApproval } from './approvals';
import { approvalNote, gitlabNote } from './__testUtils__/gitlabObjects';

const isExcluded = authorMatcher(['*[bot]', '*-bot']);

describe('firstStandingApproval (app/services/merge_requests/remove_approval_service.rb keeps the approval note)', () => {
  it('takes the earliest approval by someone other than the author', () => {
    const notes = [
      approvalNote('alice', '2024-03-02T09:00:00Z'),
      approvalNote('carol', '2024-03-02T12:00:00Z'),
      approvalNote('bob', '2024-03-02T11:00:00Z'),
    ];
    expect(firstStandingApproval(notes, 'alice', isExcluded)).toBe(
      '2024-03-02T11:00:00Z',
    );
  });

  it('leaves out an approval its giver withdrew, and counts one given again', () => {
    const withdrawn = [
      approvalNote('bob', '2024-03-02T09:00:00Z'),
      approvalNote('bob', '2024-03-02T10:00:00Z', 'unapproved'),
    ];
    expect(firstStandingApproval(withdrawn, 'alice', isExcluded)).toBeNull();
    const again = [
      ...withdrawn,
      approvalNote('carol', '2024-03-02T13:00:00Z'),
      approvalNote('bob', '2024-03-02T12:00:00Z'),
    ];
    expect(firstStandingApproval(again, 'alice', isExcluded)).toBe(
      '2024-03-02T12:00:00Z',
    );
  });

  it('counts an approval a push reset: GitLab writes no note for the reset', () => {
    const notes = [
      approvalNote('bob', '2024-03-02T09:00:00Z'),
      gitlabNote({ system: true, author: 'alice', action: 'commit' }),
    ];
    expect(firstStandingApproval(notes, 'alice', isExcluded)).toBe(
      '2024-03-02T09:00:00Z',
    );
  });

  it('leaves out bots and excluded approvers', () => {
    const notes = [
      approvalNote('renovate-bot', '2024-03-02T08:00:00Z'),
      { ...approvalNote('ci', '2024-03-02T08:30:00Z'), authorIsBot: true },
    ];
    expect(firstStandingApproval(notes, 'alice', isExcluded)).toBeNull();
  });
});

describe('firstHumanComment', () => {
  it('skips system notes, the author, bot users and excluded authors; counts internal notes', () => {
    const notes = [
      gitlabNote({ author: 'alice', createdAt: '2024-03-01T11:00:00Z' }),
      gitlabNote({ system: true, createdAt: '2024-03-01T12:00:00Z' }),
      gitlabNote({
        author: 'dependabot[bot]',
        createdAt: '2024-03-01T13:00:00Z',
      }),
      gitlabNote({
        author: 'ci',
        authorIsBot: true,
        createdAt: '2024-03-01T14:00:00Z',
      }),
      gitlabNote({ internal: true, createdAt: '2024-03-01T16:00:00Z' }),
      gitlabNote({ createdAt: '2024-03-01T17:00:00Z' }),
    ];
    expect(firstHumanComment(notes, 'alice', isExcluded)).toBe(
      '2024-03-01T16:00:00Z',
    );
    expect(firstHumanComment([], 'alice', isExcluded)).toBeNull();
  });
});
