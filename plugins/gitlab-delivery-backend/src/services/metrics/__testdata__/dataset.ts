import { MergeRequestRecord } from '../../../database/types';
import { DeliveryMetrics } from '../calc/deliveryMetrics';

/**
 * A hand-built dataset for the metric definitions. The window is
 * [2026-11-04, 2026-11-25): 21 days over ISO weeks W45 (partial), W46, W47 and
 * W48 (partial, nothing merged). The previous window is [2026-10-14, 2026-11-04).
 * Project A (id 7) and B (id 8) belong to the entity; C (id 9) does not.
 */
export const HOST = 'gitlab.example.com';
export const PROJECT_A = { host: HOST, projectId: 7, path: 'team/service' };
export const PROJECT_B = { host: HOST, projectId: 8, path: 'team/web' };
export const PROJECT_C = { host: HOST, projectId: 9, path: 'other/lib' };
export const ENTITY_PROJECTS = [PROJECT_A, PROJECT_B].map(
  ({ host, projectId }) => ({
    host,
    projectId,
  }),
);

export const FROM = '2026-11-04T00:00:00.000Z';
export const TO = '2026-11-25T00:00:00.000Z';
export const NOW = '2026-11-30T00:00:00.000Z';
export const EXCLUDE_AUTHORS = ['*[bot]', 'renovate-bot'];
export const JIRA = 'https://jira.example.com';

// Stored without a relation, as before it was recorded: counts as closed.
const ISSUE_10 = {
  kind: 'gitlab_issue' as const,
  key: '#10',
  title: 'Login fails',
  url: 'https://gitlab.example.com/team/service/-/issues/10',
};
const ISSUE_11 = {
  kind: 'gitlab_issue' as const,
  key: '#11',
  title: 'Export',
  url: 'https://gitlab.example.com/team/service/-/issues/11',
  relation: 'closes' as const,
};
// Only mentioned: a related ticket, not a closed issue.
const ISSUE_12 = {
  kind: 'gitlab_issue' as const,
  key: '#12',
  title: 'Upgrade luxon',
  url: 'https://gitlab.example.com/team/web/-/issues/12',
  relation: 'mentions' as const,
};

function mr(
  project: { host: string; projectId: number; path: string },
  iid: number,
  fields: Partial<MergeRequestRecord> & Pick<MergeRequestRecord, 'createdAt'>,
): MergeRequestRecord {
  const state = fields.state ?? (fields.mergedAt ? 'merged' : 'opened');
  return {
    host: project.host,
    projectId: project.projectId,
    projectPath: project.path,
    id: project.projectId * 1000 + iid,
    iid,
    title: `Change ${iid}`,
    description: `Description of ${iid}`,
    state,
    draft: false,
    updatedAt: fields.mergedAt ?? fields.closedAt ?? fields.createdAt,
    mergedAt: null,
    closedAt: null,
    firstApprovedAt: null,
    firstCommentAt: null,
    author: 'alice',
    mergeUser: fields.mergedAt ? 'bob' : null,
    sourceBranch: `change-${iid}`,
    targetBranch: 'main',
    labels: [],
    filesChanged: 1,
    linesAdded: 1,
    linesDeleted: 0,
    relatedTickets: [],
    webUrl: `https://${project.host}/${project.path}/-/merge_requests/${iid}`,
    ...fields,
  };
}

const A = PROJECT_A;
const B = PROJECT_B;

/** The MRs, with what each one contributes. */
export const RECORDS: MergeRequestRecord[] = [
  // Created at `from` exactly (inclusive); merged in W45. TTM 2h = 7200; comment 1800; approve 3600.
  // Fix by label; 5 + 3 = 8 lines -> XS; 1 file.
  mr(A, 1, {
    createdAt: '2026-11-04T00:00:00.000Z',
    mergedAt: '2026-11-04T02:00:00.000Z',
    firstCommentAt: '2026-11-04T00:30:00.000Z',
    firstApprovedAt: '2026-11-04T01:00:00.000Z',
    labels: ['bug'],
    title: 'Repair the login',
    linesAdded: 5,
    linesDeleted: 3,
    filesChanged: 1,
    relatedTickets: [ISSUE_10, { kind: 'jira', key: 'PAY-1' }],
  }),
  // Created in the previous window, merged in W45. TTM 48h = 172800.
  // Previous cohort: comment 3600; approve 24h = 86400. Feature by title; 80 lines -> S; 4 files.
  mr(A, 2, {
    createdAt: '2026-11-03T12:00:00.000Z',
    mergedAt: '2026-11-05T12:00:00.000Z',
    firstCommentAt: '2026-11-03T13:00:00.000Z',
    firstApprovedAt: '2026-11-04T12:00:00.000Z',
    title: 'feat(api): export invoices',
    linesAdded: 60,
    linesDeleted: 20,
    filesChanged: 4,
    relatedTickets: [ISSUE_11, { kind: 'jira', key: 'PAY-1' }],
  }),
  // Merged in W46. TTM 4d = 345600. No comment; approve 6h = 21600 -> approved without comment.
  // Fix by branch (the title has no prefix); 200 lines -> M; 6 files. Shares issue #10 with MR 1.
  mr(A, 3, {
    createdAt: '2026-11-06T00:00:00.000Z',
    mergedAt: '2026-11-10T00:00:00.000Z',
    firstApprovedAt: '2026-11-06T06:00:00.000Z',
    title: 'Fix login redirect',
    sourceBranch: 'fix/login',
    linesAdded: 150,
    linesDeleted: 50,
    filesChanged: 6,
    relatedTickets: [ISSUE_10],
  }),
  // Merged in W46. TTM 4h = 14400. Approve 7200, comment 10800 (after the approval)
  // -> approved without comment. Deps by title; 4 lines -> XS; 2 files. Mentions issue #12.
  mr(B, 4, {
    createdAt: '2026-11-10T00:00:00.000Z',
    mergedAt: '2026-11-10T04:00:00.000Z',
    firstApprovedAt: '2026-11-10T02:00:00.000Z',
    firstCommentAt: '2026-11-10T03:00:00.000Z',
    title: 'chore(deps): bump luxon',
    linesAdded: 2,
    linesDeleted: 2,
    filesChanged: 2,
    relatedTickets: [ISSUE_12],
  }),
  // By "scott", whom a bracket character class in '*[bot]' would wrongly exclude.
  // Merged in W47. TTM 4.5d = 388800. Comment and approval both at 3600: a comment
  // at the approval's time counts as before it. Docs by title; 800 lines -> L; 10 files.
  mr(B, 5, {
    author: 'scott',
    createdAt: '2026-11-12T00:00:00.000Z',
    mergedAt: '2026-11-16T12:00:00.000Z',
    firstCommentAt: '2026-11-12T01:00:00.000Z',
    firstApprovedAt: '2026-11-12T01:00:00.000Z',
    title: 'docs: deployment guide',
    linesAdded: 700,
    linesDeleted: 100,
    filesChanged: 10,
    relatedTickets: [{ kind: 'jira', key: 'PAY-2' }],
  }),
  // Open, not draft. Comment 7200; not approved.
  mr(B, 6, {
    createdAt: '2026-11-14T00:00:00.000Z',
    firstCommentAt: '2026-11-14T02:00:00.000Z',
  }),
  // Open draft, no comment.
  mr(A, 7, {
    createdAt: '2026-11-15T00:00:00.000Z',
    draft: true,
    title: 'Draft: feat: search',
  }),
  // Closed unmerged in the window: out of time to merge, in the closed count. No comment.
  // Created at the same instant as MR 3 (tie on created_at within a project).
  mr(A, 8, {
    createdAt: '2026-11-06T00:00:00.000Z',
    closedAt: '2026-11-07T00:00:00.000Z',
    state: 'closed',
  }),
  // The oldest open MR: 2026-09-01 to `to` (2026-11-25) = 30 + 31 + 24 = 85 days = 7344000 s.
  mr(A, 9, { createdAt: '2026-09-01T00:00:00.000Z' }),
  // Bots: merged in the window, open since August, merged in the previous window.
  mr(A, 10, {
    author: 'renovate[bot]',
    createdAt: '2026-11-05T00:00:00.000Z',
    mergedAt: '2026-11-05T01:00:00.000Z',
    title: 'fix(deps): update pg',
  }),
  mr(A, 11, {
    author: 'dependabot[bot]',
    createdAt: '2026-08-01T00:00:00.000Z',
  }),
  mr(B, 21, {
    author: 'dependabot[bot]',
    createdAt: '2026-10-20T06:00:00.000Z',
    mergedAt: '2026-10-20T08:00:00.000Z',
  }),
  // Created at `to` exactly (exclusive): in nothing.
  mr(A, 13, {
    createdAt: '2026-11-25T00:00:00.000Z',
    mergedAt: '2026-11-25T01:00:00.000Z',
  }),
  // Created in the window, merged at `to` exactly: not merged in the window. Comment 600.
  mr(A, 14, {
    createdAt: '2026-11-24T00:00:00.000Z',
    mergedAt: '2026-11-25T00:00:00.000Z',
    firstCommentAt: '2026-11-24T00:10:00.000Z',
  }),
  // Locked (being merged), no comment, approve 3600 -> approved without comment.
  mr(A, 15, {
    createdAt: '2026-11-16T00:00:00.000Z',
    state: 'locked',
    firstApprovedAt: '2026-11-16T01:00:00.000Z',
  }),
  // Another project's MR, merged in the window: not the entity's.
  mr(PROJECT_C, 16, {
    createdAt: '2026-11-05T00:00:00.000Z',
    mergedAt: '2026-11-06T00:00:00.000Z',
  }),
  // Previous window: merged, TTM 1d = 86400; approve 12h = 43200; no comment.
  mr(B, 12, {
    createdAt: '2026-10-25T00:00:00.000Z',
    mergedAt: '2026-10-26T00:00:00.000Z',
    firstApprovedAt: '2026-10-25T12:00:00.000Z',
  }),
  // Previous window: closed there, so not closed in the window.
  mr(B, 17, {
    createdAt: '2026-10-20T00:00:00.000Z',
    closedAt: '2026-10-22T00:00:00.000Z',
    state: 'closed',
  }),
  // Created at the previous window's start (inclusive): TTM 6h = 21600; comment 3600; approve 7200.
  mr(A, 20, {
    createdAt: '2026-10-14T00:00:00.000Z',
    mergedAt: '2026-10-14T06:00:00.000Z',
    firstCommentAt: '2026-10-14T01:00:00.000Z',
    firstApprovedAt: '2026-10-14T02:00:00.000Z',
  }),
  // Created before both windows, merged in the previous one: TTM 1.5h = 5400.
  mr(A, 22, {
    createdAt: '2026-10-13T23:00:00.000Z',
    mergedAt: '2026-10-14T00:30:00.000Z',
  }),
  // Long ago: counts for nothing. Closed in the window although created long ago: closed count.
  mr(B, 23, {
    createdAt: '2026-09-01T00:00:00.000Z',
    mergedAt: '2026-09-02T00:00:00.000Z',
  }),
  mr(B, 18, {
    createdAt: '2026-09-10T00:00:00.000Z',
    closedAt: '2026-11-08T00:00:00.000Z',
    state: 'closed',
  }),
];

/** The metrics of RECORDS for ENTITY_PROJECTS over [FROM, TO), worked out by hand. */
export const EXPECTED: DeliveryMetrics = {
  window: { from: FROM, to: TO },
  // Merged in the window (bots, project C, MR 14 at `to` excluded): MRs 1, 2, 3, 4, 5.
  // Sorted: 7200, 14400, 172800, 345600, 388800 (n = 5).
  // median: rank 0.5 * 4 = 2 -> 172800; p75: rank 3 -> 345600;
  // p90: rank 3.6 -> 345600 + 0.6 * (388800 - 345600) = 371520;
  // mean: 928800 / 5 = 185760.
  // By week of merging (the weeks of the throughput):
  // W45: MRs 1 (7200), 2 (172800): median 7200 + 0.5 * 165600 = 90000,
  //      p90 7200 + 0.9 * 165600 = 156240.
  // W46: MRs 4 (14400), 3 (345600): median 14400 + 0.5 * 331200 = 180000,
  //      p90 14400 + 0.9 * 331200 = 312480.
  // W47: MR 5 (388800) alone: median and p90 388800. W48: none, nulls.
  timeToMerge: {
    count: 5,
    median: 172800,
    p75: 345600,
    p90: 371520,
    mean: 185760,
    weekly: [
      { week: '2026-W45', count: 2, median: 90000, p90: 156240 },
      { week: '2026-W46', count: 2, median: 180000, p90: 312480 },
      { week: '2026-W47', count: 1, median: 388800, p90: 388800 },
      { week: '2026-W48', count: 0, median: null, p90: null },
    ],
  },
  // Created in the window: MRs 1, 3, 4, 5, 6, 7, 8, 14, 15. Commented: 1800, 10800, 3600,
  // 7200, 600 -> sorted 600, 1800, 3600, 7200, 10800. median 3600; p75 7200;
  // p90: 7200 + 0.6 * 3600 = 9360; mean 24000 / 5 = 4800. Without comment: 3, 7, 8, 15.
  timeToFirstComment: {
    count: 5,
    median: 3600,
    p75: 7200,
    p90: 9360,
    mean: 4800,
    withoutComment: 4,
  },
  // Approved among them: 1 (3600), 3 (21600), 4 (7200), 5 (3600), 15 (3600) ->
  // sorted 3600, 3600, 3600, 7200, 21600. median 3600; p75 7200;
  // p90: 7200 + 0.6 * 14400 = 15840; mean 39600 / 5 = 7920. Without comment: 3, 4, 15.
  timeToApprove: {
    count: 5,
    median: 3600,
    p75: 7200,
    p90: 15840,
    mean: 7920,
    approvedWithoutComment: 3,
  },
  // W45: MRs 1, 2; W46: 3, 4; W47: 5; W48: none.
  throughput: {
    total: 5,
    weekly: [
      { week: '2026-W45', merged: 2 },
      { week: '2026-W46', merged: 2 },
      { week: '2026-W47', merged: 1 },
      { week: '2026-W48', merged: 0 },
    ],
  },
  // Files 1, 2, 4, 6, 10: median 4; p90 6 + 0.6 * 4 = 8.4.
  // Lines 4, 8, 80, 200, 800: median 80; p90 200 + 0.6 * 600 = 560.
  size: {
    filesChanged: { median: 4, p90: 8.4 },
    linesChanged: { median: 80, p90: 560 },
    distribution: { XS: 2, S: 1, M: 1, L: 1, XL: 0 },
  },
  // Open: 6, 9 (bot 11 excluded); draft: 7; merged: 5; closed in window: 8, 18; locked: 15.
  stateMix: {
    open: 2,
    draft: 1,
    merged: 5,
    closed: 2,
    locked: 1,
    oldestOpenAgeSeconds: 7344000,
  },
  // Kinds: fix 2 (1 by label, 3 by branch), feature 1, deps 1, docs 1. Fix leads; the
  // tie at 1 goes to feature (kind order). 2 + 1 = 3 of 5 is more than half: "mostly".
  // Median lines 80 -> S. Closed issues #10 and #11 (#12 is only mentioned). Tickets:
  // #10 (MRs 1, 3) and PAY-1 (1, 2) twice, #11, #12 and PAY-2 once; ties by key.
  summary: {
    sentence:
      '5 MRs merged; mostly fixes (2) and features (1), median size S; 2 closed issues',
    merged: 5,
    byKind: {
      feature: 1,
      fix: 2,
      refactor: 0,
      docs: 1,
      deps: 1,
      chore: 0,
      other: 0,
    },
    medianSize: 'S',
    closedIssues: 2,
    topTickets: [
      ISSUE_10,
      {
        kind: 'jira',
        key: 'PAY-1',
        url: 'https://jira.example.com/browse/PAY-1',
      },
      ISSUE_11,
      ISSUE_12,
      {
        kind: 'jira',
        key: 'PAY-2',
        url: 'https://jira.example.com/browse/PAY-2',
      },
    ],
  },
  previous: {
    window: { from: '2026-10-14T00:00:00.000Z', to: FROM },
    // Merged: 22 (5400), 20 (21600), 12 (86400); bot 21 excluded.
    // median 21600; p75 rank 1.5 -> 21600 + 0.5 * 64800 = 54000;
    // p90 rank 1.8 -> 21600 + 0.8 * 64800 = 73440; mean 113400 / 3 = 37800.
    timeToMerge: {
      count: 3,
      median: 21600,
      p75: 54000,
      p90: 73440,
      mean: 37800,
    },
    // Created: 2, 12, 17, 20 (22 is before the window). Commented: 2 (3600), 20 (3600).
    timeToFirstComment: {
      count: 2,
      median: 3600,
      p75: 3600,
      p90: 3600,
      mean: 3600,
    },
    // Approved: 20 (7200), 12 (43200), 2 (86400). median 43200;
    // p75: 43200 + 0.5 * 43200 = 64800; p90: 43200 + 0.8 * 43200 = 77760; mean 136800 / 3 = 45600.
    timeToApprove: {
      count: 3,
      median: 43200,
      p75: 64800,
      p90: 77760,
      mean: 45600,
    },
    throughput: { total: 3 },
  },
};

/** Every MR of the entity's projects, newest first, ties by project id then iid descending. */
export const LIST_ORDER = [
  13, 14, 15, 7, 6, 5, 4, 8, 3, 10, 1, 2, 12, 21, 17, 20, 22, 18, 23, 9, 11,
];
