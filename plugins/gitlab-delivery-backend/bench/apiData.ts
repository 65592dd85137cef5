import { createRandom } from '@delivery-insights/gitlab-simulator';
/*
 * The benchmark's merge requests: a deterministic history of human and bot
 * MRs over two years, spread over a few projects, and how they are stored.
 */
import { Knex } from 'knex';
import { DateTime } from 'luxon';
import { createStores } from '../src/database/createStores';
import { MergeRequestRecord } from '../src/database/types';

export const HOST = 'gitlab.example.com';
export const NOW = DateTime.fromISO('2026-11-25T00:00:00Z', { zone: 'utc' });
const HISTORY_DAYS = 730;

const WORDS =
  'the checkout service refund ledger invoice retry timeout cache index query page export report user token scope login audit metric queue worker deploy rollout config flag'.split(
    ' ',
  );
const HUMANS = Array.from({ length: 40 }, (_, i) => `dev${i}`);
const BOTS = ['renovate[bot]', 'dependabot[bot]', 'release-bot'];
const PREFIXES = [
  'feat: ',
  'fix: ',
  'fix(api): ',
  'chore(deps): ',
  'docs: ',
  'refactor: ',
  '',
  '',
  '',
];
const BRANCHES = [
  'feature/',
  'fix/',
  'bugfix/',
  'docs/',
  'refactor/',
  'chore/',
  '',
];
const LABELS = [
  'bug',
  'feature',
  'documentation',
  'backend',
  'frontend',
  'priority::1',
  'type::maintenance',
];

type State = MergeRequestRecord['state'];

/** Cumulative shares of states: recent MRs are often still open, older ones rarely. */
const RECENT: Array<[number, State]> = [
  [0.5, 'merged'],
  [0.9, 'opened'],
  [1, 'closed'],
];
const OLDER: Array<[number, State]> = [
  [0.85, 'merged'],
  [0.96, 'closed'],
  [0.999, 'opened'],
  [1, 'locked'],
];

function stateOf(roll: number, shares: Array<[number, State]>): State {
  return shares.find(([limit]) => roll < limit)?.[1] ?? 'merged';
}

export function seedRecords(
  count: number,
  projects: number,
): MergeRequestRecord[][] {
  const next = createRandom(42);
  const pick = <T>(items: readonly T[]) =>
    items[Math.floor(next() * items.length)];
  const words = (n: number) =>
    Array.from({ length: n }, () => pick(WORDS)).join(' ');
  const byProject: MergeRequestRecord[][] = Array.from(
    { length: projects },
    () => [],
  );
  const start = NOW.minus({ days: HISTORY_DAYS }).toMillis();
  const span = NOW.toMillis() - start;
  for (let i = 0; i < count; i++) {
    const project = i % projects;
    const iid = byProject[project].length + 1;
    const createdAt = start + Math.floor(((i + next()) / count) * span);
    const ageDays = (NOW.toMillis() - createdAt) / 86_400_000;
    const bot = next() < 0.2;
    const state = stateOf(next(), ageDays < 14 ? RECENT : OLDER);
    const hours = (max: number) => Math.exp(next() * Math.log(max)) * 3_600_000;
    let mergedAt = state === 'merged' ? createdAt + hours(400) : null;
    if (mergedAt !== null && mergedAt > NOW.toMillis())
      mergedAt = NOW.toMillis() - 1;
    const closedAt =
      state === 'closed'
        ? Math.min(createdAt + hours(900), NOW.toMillis() - 1)
        : null;
    const end = mergedAt ?? closedAt ?? NOW.toMillis();
    const comment = next() < 0.8 ? Math.min(createdAt + hours(48), end) : null;
    const approved =
      state !== 'closed' && next() < 0.85
        ? Math.min(createdAt + hours(72), end)
        : null;
    const iso = (ms: number | null) =>
      ms === null
        ? null
        : DateTime.fromMillis(Math.floor(ms), { zone: 'utc' }).toISO()!;
    const added = Math.floor(Math.exp(next() * Math.log(3000)));
    byProject[project].push({
      host: HOST,
      projectId: 100 + project,
      projectPath: `shop/service-${project}`,
      id: 100000 * (project + 1) + iid,
      iid,
      title: `${pick(PREFIXES)}${words(6)}`,
      description: words(30 + Math.floor(next() * 300)),
      state,
      draft: state === 'opened' && next() < 0.25,
      createdAt: iso(createdAt)!,
      updatedAt: iso(end)!,
      mergedAt: iso(mergedAt),
      closedAt: iso(closedAt),
      firstApprovedAt: iso(approved),
      firstCommentAt: iso(comment),
      author: bot ? pick(BOTS) : pick(HUMANS),
      mergeUser: mergedAt ? pick(HUMANS) : null,
      sourceBranch: `${pick(BRANCHES)}PAY-${i}-${pick(WORDS)}`,
      targetBranch: 'main',
      labels: LABELS.filter(() => next() < 0.15),
      filesChanged: 1 + Math.floor(added / 40),
      linesAdded: added,
      linesDeleted: Math.floor(added * next()),
      relatedTickets: [
        ...(next() < 0.4
          ? [
              {
                kind: 'gitlab_issue' as const,
                key: `shop/service-${project}#${1 + Math.floor(next() * 2000)}`,
                url: `https://${HOST}/shop/service-${project}/-/issues/${iid}`,
                relation: 'closes' as const,
              },
            ]
          : []),
        { kind: 'jira' as const, key: `PAY-${i}` },
      ],
      webUrl: `https://${HOST}/shop/service-${project}/-/merge_requests/${iid}`,
    });
  }
  return byProject;
}

export async function seed(db: Knex, data: MergeRequestRecord[][]) {
  const { projects: store, mergeRequests } = await createStores({
    database: { getClient: async () => db },
  });
  const keys = data.map((_, i) => ({
    host: HOST,
    key: `shop/service-${i}`,
  }));
  await store.replaceEntity('component:default/shop', keys, []);
  for (const [i, records] of data.entries()) {
    await store.resolveProject(keys[i], {
      projectId: 100 + i,
      path: keys[i].key,
      webUrl: `https://${HOST}/${keys[i].key}`,
    });
    for (let j = 0; j < records.length; j += 1000) {
      await mergeRequests.writePage({
        host: HOST,
        projectId: 100 + i,
        writes: records
          .slice(j, j + 1000)
          .map(record => ({ record, digest: '', recheck: false })),
        settled: [],
        cursor: null,
        readAt: NOW.toISO()!,
      });
    }
  }
  // PostgreSQL's autovacuum would vacuum and analyze tables this size soon
  // after a sync (inserts alone trigger it since PostgreSQL 13), which sets the
  // visibility map that index-only scans rely on; nothing analyzes a Backstage
  // SQLite database, so it is left as is.
  if (db.client.config.client === 'pg') await db.raw('VACUUM ANALYZE');
}
