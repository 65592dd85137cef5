import { GitlabIssue } from '../../gitlab/types';
import { extractJiraKeys, mentionsIssue, relatedTickets } from './tickets';

const issue = (overrides: Partial<GitlabIssue> = {}): GitlabIssue => ({
  iid: 12,
  projectId: 1,
  title: 'Checkout fails',
  webUrl: 'https://gitlab.example.com/shop/web/-/issues/12',
  reference: 'shop/web#12',
  ...overrides,
});

describe('extractJiraKeys', () => {
  it('finds keys in order, once each', () => {
    expect(
      extractJiraKeys([
        'PAY-12: fix rounding (see PAY-12, OPS-7)',
        'Also touches AB2-3.',
        'feature/PAY-99-refunds',
      ]),
    ).toEqual(['PAY-12', 'OPS-7', 'AB2-3', 'PAY-99']);
  });

  it('ignores lowercase, single letters, standards and embedded matches', () => {
    expect(
      extractJiraKeys([
        'pay-12 A-1 UTF-8 SHA-256 ISO-8601 CVE-2024-1234 xPAY-1 PAY-1x',
        null,
        undefined,
      ]),
    ).toEqual([]);
  });
});

describe('mentionsIssue', () => {
  it.each([
    ['Closes #12', true],
    ['see shop/web#3', true],
    ['https://gitlab.example.com/shop/web/-/issues/4', true],
    ['(#5)', true],
    ['Update to v1.2 and color #fff', false],
    ['no issue here', false],
    [null, false],
  ])('%s -> %s', (text, expected) => {
    expect(mentionsIssue(text)).toBe(expected);
  });
});

describe('relatedTickets', () => {
  it('lists the closed GitLab issues, then Jira keys without links', () => {
    expect(
      relatedTickets({
        title: 'PAY-1 Fix checkout',
        description: 'Closes #12, relates to OPS-2',
        sourceBranch: 'fix/PAY-1-checkout',
        linkedIssues: { relation: 'closes', issues: [issue(), issue()] },
      }),
    ).toEqual([
      {
        kind: 'gitlab_issue',
        key: 'shop/web#12',
        title: 'Checkout fails',
        url: 'https://gitlab.example.com/shop/web/-/issues/12',
        relation: 'closes',
      },
      { kind: 'jira', key: 'PAY-1' },
      { kind: 'jira', key: 'OPS-2' },
    ]);
  });

  it('marks mentioned issues, and derives an issue key from its URL', () => {
    expect(
      relatedTickets({
        title: 'OPS-9',
        description: 'Related to a/b/c#4',
        sourceBranch: 'main',
        linkedIssues: {
          relation: 'mentions',
          issues: [
            issue({
              reference: null,
              iid: 4,
              webUrl: 'https://gitlab.example.com/a/b/c/-/issues/4',
            }),
          ],
        },
      }),
    ).toEqual([
      {
        kind: 'gitlab_issue',
        key: 'a/b/c#4',
        title: 'Checkout fails',
        url: 'https://gitlab.example.com/a/b/c/-/issues/4',
        relation: 'mentions',
      },
      { kind: 'jira', key: 'OPS-9' },
    ]);
  });
});
