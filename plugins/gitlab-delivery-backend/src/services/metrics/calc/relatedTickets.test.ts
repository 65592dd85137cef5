import { parseLabels, parseTickets } from '../../../database/rows';
import { withTicketUrls } from './relatedTickets';
import { TicketTally } from './ticketTally';

const issue = (key: string, url?: string) => ({
  kind: 'gitlab_issue' as const,
  key,
  url,
});
const jira = (key: string) => ({ kind: 'jira' as const, key });
const mentioned = (key: string) => ({
  kind: 'gitlab_issue' as const,
  key,
  relation: 'mentions' as const,
});
const closing = (key: string) => ({
  kind: 'gitlab_issue' as const,
  key,
  relation: 'closes' as const,
});

describe('related tickets', () => {
  const tickets = [
    jira('PAY-1'),
    {
      kind: 'jira' as const,
      key: 'OPS-2',
      url: 'https://old-jira/browse/OPS-2',
    },
    issue('#3', 'https://gitlab.example.com/g/p/-/issues/3'),
  ];

  it('links Jira keys to the Jira base URL set now, whatever URL was stored', () => {
    expect(withTicketUrls(tickets, 'https://jira.example.com/')).toEqual([
      {
        kind: 'jira',
        key: 'PAY-1',
        url: 'https://jira.example.com/browse/PAY-1',
      },
      {
        kind: 'jira',
        key: 'OPS-2',
        url: 'https://jira.example.com/browse/OPS-2',
      },
      issue('#3', 'https://gitlab.example.com/g/p/-/issues/3'),
    ]);
  });

  it('leaves Jira keys without a URL when no Jira base URL is set', () => {
    expect(withTicketUrls(tickets)).toEqual([
      jira('PAY-1'),
      jira('OPS-2'),
      issue('#3', 'https://gitlab.example.com/g/p/-/issues/3'),
    ]);
  });

  it('reads stored JSON, and unreadable JSON as none', () => {
    expect(parseTickets('[{"kind":"jira","key":"PAY-1"}]')).toEqual([
      jira('PAY-1'),
    ]);
    expect(parseTickets('not json')).toEqual([]);
    expect(parseTickets(null)).toEqual([]);
    expect(parseLabels('["bug","ui"]')).toEqual(['bug', 'ui']);
    expect(parseLabels('{"a":1}')).toEqual([]);
  });
});

describe('TicketTally', () => {
  const a = { host: 'gitlab.example.com', projectPath: 'team/a' };
  const b = { host: 'gitlab.example.com', projectPath: 'team/b' };

  it('counts distinct closed issues, per project when they have no URL', () => {
    const tally = new TicketTally();
    tally.add(a, [issue('#1'), jira('PAY-1')]);
    tally.add(a, [issue('#1'), issue('#2')]);
    tally.add(b, [issue('#1')]); // team/b#1 is another issue than team/a#1
    // team/a#1, team/a#2, team/b#1
    expect(tally.closedIssues()).toBe(3);
  });

  it('leaves out issues that are only mentioned, unless another MR closes them', () => {
    const tally = new TicketTally();
    tally.add(a, [mentioned('#1'), closing('#2'), mentioned('#3')]);
    tally.add(a, [closing('#3')]);
    tally.add(b, [mentioned('#3')]); // team/b#3: only mentioned
    // Closed: team/a#2 and team/a#3 (closed by the second MR).
    expect(tally.closedIssues()).toBe(2);
    expect(tally.top(1)).toEqual([closing('#3')]);
  });

  it('ranks tickets by how many MRs refer to them, ties by key', () => {
    const tally = new TicketTally();
    tally.add(a, [jira('PAY-2'), jira('PAY-2')]); // once per MR
    tally.add(a, [jira('PAY-1'), issue('#1')]);
    tally.add(b, [jira('pay-1')]);
    // PAY-1: 2 MRs; #1: 1; PAY-2: 1 ('#' sorts before 'P').
    expect(tally.top(5).map(ticket => ticket.key)).toEqual([
      'PAY-1',
      '#1',
      'PAY-2',
    ]);
    expect(tally.top(1).map(ticket => ticket.key)).toEqual(['PAY-1']);
  });
});

describe('TicketTally.top', () => {
  it('keeps the best tickets in order whatever order they come in', () => {
    const a = { host: 'gitlab.example.com', projectPath: 'team/a' };
    const tally = new TicketTally();
    // E-1: 1 MR, D-1: 3 MRs, C-1: 2 MRs, B-1: 2 MRs, A-1: 1 MR
    const refs = [
      ['E-1'],
      ['D-1', 'C-1'],
      ['D-1', 'B-1'],
      ['D-1', 'C-1', 'B-1'],
      ['A-1'],
    ];
    for (const keys of refs) tally.add(a, keys.map(jira));
    expect(tally.top(3).map(ticket => ticket.key)).toEqual([
      'D-1',
      'B-1',
      'C-1',
    ]);
    expect(tally.top(10).map(ticket => ticket.key)).toEqual([
      'D-1',
      'B-1',
      'C-1',
      'A-1',
      'E-1',
    ]);
    expect(new TicketTally().top(5)).toEqual([]);
  });
});
