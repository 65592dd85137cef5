import { issueReferences } from './issueReferences';
import { extractJiraKeys, MAX_JIRA_KEYS, relatedTickets } from './tickets';

const ROOT = 'https://gitlab.example.com';

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

describe('extractJiraKeys limits', () => {
  it('keeps at most 50 keys and reads a 1 MB description of 100,000 keys in one pass', () => {
    const keys = Array.from({ length: 100_000 }, (_, i) => `PAY-${i}`).join(
      ' ',
    );
    expect(keys.length).toBeGreaterThan(600_000);
    const found = extractJiraKeys([keys.padEnd(1_000_000, ' ')]);
    expect(found).toHaveLength(MAX_JIRA_KEYS);
    expect(found[0]).toBe('PAY-0');
  });
});

describe('relatedTickets', () => {
  const titles = new Map([
    [
      'shop/web#12',
      { title: 'Checkout fails', webUrl: `${ROOT}/shop/web/-/issues/12` },
    ],
    ['a/b/c#4', { title: 'Slow page', webUrl: `${ROOT}/a/b/c/-/issues/4` }],
  ]);

  it('lists the closed GitLab issues, then the mentioned ones, then Jira keys without links', () => {
    expect(
      relatedTickets({
        title: 'PAY-1 Fix checkout',
        description: 'Closes #12, relates to OPS-2 and a/b/c#4',
        sourceBranch: 'fix/PAY-1-checkout',
        issues: issueReferences('Closes #12, relates to OPS-2 and a/b/c#4', {
          root: ROOT,
          projectPath: 'shop/web',
        }),
        titles,
        root: ROOT,
      }),
    ).toEqual([
      {
        kind: 'gitlab_issue',
        key: 'shop/web#12',
        title: 'Checkout fails',
        url: `${ROOT}/shop/web/-/issues/12`,
        relation: 'closes',
      },
      {
        kind: 'gitlab_issue',
        key: 'a/b/c#4',
        title: 'Slow page',
        url: `${ROOT}/a/b/c/-/issues/4`,
        relation: 'mentions',
      },
      { kind: 'jira', key: 'PAY-1' },
      { kind: 'jira', key: 'OPS-2' },
    ]);
  });

  it('leaves out references GitLab shows no issue for, and keeps all when it could not be asked', () => {
    const issues = issueReferences('The #1 priority; fixes #12', {
      root: ROOT,
      projectPath: 'shop/web',
    });
    const known = relatedTickets({
      title: 't',
      description: null,
      sourceBranch: 'b',
      issues,
      titles,
      root: ROOT,
    });
    expect(known.map(t => t.key)).toEqual(['shop/web#12']);
    const unknown = relatedTickets({
      title: 't',
      description: null,
      sourceBranch: 'b',
      issues,
      root: ROOT,
    });
    expect(unknown).toEqual([
      {
        kind: 'gitlab_issue',
        key: 'shop/web#12',
        url: `${ROOT}/shop/web/-/issues/12`,
        relation: 'closes',
      },
      {
        kind: 'gitlab_issue',
        key: 'shop/web#1',
        url: `${ROOT}/shop/web/-/issues/1`,
        relation: 'mentions',
      },
    ]);
  });
});
