import { createRandom } from '@delivery-insights/gitlab-simulator';
import { RelatedTicket } from '@delivery-insights/plugin-gitlab-delivery-common';
import { MergeRequestRecord } from '../../../database/types';

/**
 * Generated MRs for checking the store's queries against the in-memory
 * definitions: durations drawn from a few values so that many tie, times on
 * whole minutes and odd milliseconds, comments stamped before creation, MRs
 * without diff stats, bots, and tickets that several MRs share. The entity's
 * projects are A and B on one host and C, with the same id as A, on another;
 * D is not the entity's.
 */
const GENERATED_PROJECTS = {
  A: { host: 'gitlab.example.com', projectId: 1, path: 'team/api' },
  B: { host: 'gitlab.example.com', projectId: 2, path: 'team/web' },
  C: { host: 'gitlab.other.com', projectId: 1, path: 'ops/deploy' },
  D: { host: 'gitlab.example.com', projectId: 3, path: 'other/lib' },
};

/** The projects of the entity the generated MRs are read for. */
export const GENERATED_ENTITY = [
  GENERATED_PROJECTS.A,
  GENERATED_PROJECTS.B,
  GENERATED_PROJECTS.C,
].map(({ host, projectId }) => ({ host, projectId }));

/** The generated MRs start here and span 800 days. */
export const GENERATED_START = Date.parse('2025-01-01T00:00:00.000Z');

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

const AUTHORS = [
  'alice',
  'bob',
  'carol',
  'scott',
  'renovate[bot]',
  'dependabot[bot]',
  'release-bot',
];
const TITLES = [
  'feat: export',
  'fix(api): retry',
  'chore(deps): bump pg',
  'docs: guide',
  'Refactor the router',
  'Draft: feat: search',
  'constructor: odd prefix',
];
const BRANCHES = ['feature/x', 'fix/y', 'renovate/z', 'plain', 'toString/w'];
const LABELS = [
  'bug',
  'type::feature',
  'documentation',
  'backend',
  'Tech Debt',
];
const DURATIONS = [0, MINUTE, HOUR, HOUR, 3 * HOUR, DAY, 2 * DAY, 9 * DAY];

/** `count` MRs spread over the four projects, the same for the same seed. */
export function generatedRecords(
  count: number,
  seed = 7,
): MergeRequestRecord[] {
  const next = createRandom(seed);
  const pick = <T>(items: readonly T[]): T =>
    items[Math.floor(next() * items.length)];
  const chance = (p: number) => next() < p;
  const iso = (millis: number | null) =>
    millis === null ? null : new Date(millis).toISOString();
  const duration = () =>
    chance(0.7) ? pick(DURATIONS) : Math.floor(next() * 5 * DAY) + 1;
  const projects = Object.values(GENERATED_PROJECTS);
  const records: MergeRequestRecord[] = [];
  for (let i = 0; i < count; i++) {
    const project = projects[i % projects.length];
    const iid = Math.floor(i / projects.length) + 1;
    const createdAt = chance(0.5)
      ? GENERATED_START + Math.floor(next() * 800 * DAY)
      : GENERATED_START + Math.floor(next() * 800 * 24 * 60) * MINUTE;
    const state = pick([
      'merged',
      'merged',
      'merged',
      'opened',
      'closed',
      'locked',
    ] as const);
    const mergedAt = state === 'merged' ? createdAt + duration() : null;
    const closedAt = state === 'closed' ? createdAt + duration() : null;
    const firstCommentAt = chance(0.7)
      ? createdAt + (chance(0.1) ? -HOUR : duration())
      : null;
    const firstApprovedAt =
      state !== 'closed' && chance(0.7)
        ? createdAt + (chance(0.1) ? -MINUTE : duration())
        : null;
    const linesAdded = chance(0.1) ? null : Math.floor(next() * 1500);
    const tickets: RelatedTicket[] = [];
    if (chance(0.6)) {
      tickets.push({ kind: 'jira', key: `PAY-${1 + Math.floor(next() * 12)}` });
    }
    if (chance(0.4)) {
      const issue = 1 + Math.floor(next() * 6);
      const relation = pick(['closes', 'mentions', undefined] as const);
      tickets.push({
        kind: 'gitlab_issue',
        key: `${project.path}#${issue}`,
        title: `Issue ${issue}`,
        ...(chance(0.8) && {
          url: `https://${project.host}/${project.path}/-/issues/${issue}`,
        }),
        ...(relation && { relation }),
      });
    }
    if (chance(0.1) && tickets.length > 0) tickets.push(tickets[0]);
    records.push({
      host: project.host,
      projectId: project.projectId,
      projectPath: project.path,
      id: 100_000 * project.projectId + iid,
      iid,
      title: pick(TITLES),
      description: null,
      state,
      draft: state === 'opened' && chance(0.3),
      createdAt: iso(createdAt)!,
      updatedAt: iso(mergedAt ?? closedAt ?? createdAt)!,
      mergedAt: iso(mergedAt),
      closedAt: iso(closedAt),
      firstApprovedAt: iso(firstApprovedAt),
      firstCommentAt: iso(firstCommentAt),
      author: pick(AUTHORS),
      mergeUser: null,
      sourceBranch: pick(BRANCHES),
      targetBranch: 'main',
      labels: LABELS.filter(() => chance(0.15)),
      filesChanged: chance(0.1) ? null : Math.floor(next() * 40),
      linesAdded,
      linesDeleted: linesAdded === null ? null : Math.floor(next() * 300),
      relatedTickets: tickets,
      webUrl: `https://${project.host}/${project.path}/-/merge_requests/${iid}`,
    });
  }
  return records;
}
