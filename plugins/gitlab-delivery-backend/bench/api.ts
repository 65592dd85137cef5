/*
 * Times what the metrics and merge request API routes run (computeMetrics and
 * listMergeRequests) for one entity with many MRs, on SQLite and (when a
 * connection string is given) PostgreSQL, and prints p50 and p95.
 *
 *   yarn bench:api [--mrs 20000] [--runs 200] [--projects 4]
 *                  [--pg postgresql://…] [--quick]
 *
 * --quick seeds 2,000 MRs and times 30 runs, for a fast check.
 *
 * PostgreSQL is used when --pg or BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING
 * is set: a scratch database is created and dropped afterwards.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import knexFactory, { Knex } from 'knex';
import { DateTime } from 'luxon';
import { createStores } from '../src/database/createStores';
import { DatabaseMergeRequestStore } from '../src/database/MergeRequestStore';
import { MergeRequestRecord } from '../src/database/types';
import { computeMetrics } from '../src/services/metrics/computeMetrics';
import { listMergeRequests } from '../src/services/metrics/listMergeRequests';

const { values: args } = parseArgs({
  options: {
    mrs: { type: 'string' },
    runs: { type: 'string' },
    projects: { type: 'string', default: '4' },
    pg: { type: 'string' },
    quick: { type: 'boolean', default: false },
  },
});

const MRS = Number(args.mrs ?? (args.quick ? 2000 : 20000));
const RUNS = Number(args.runs ?? (args.quick ? 30 : 200));
const PROJECTS = Number(args.projects);
const WARMUP = Math.min(10, RUNS);
const PG_URL =
  args.pg ?? process.env.BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING;

const HOST = 'gitlab.example.com';
const NOW = DateTime.fromISO('2026-11-25T00:00:00Z', { zone: 'utc' });
const HISTORY_DAYS = 730;
const EXCLUDE_AUTHORS = ['*[bot]', '*-bot'];

// A small deterministic PRNG (mulberry32), so every run seeds the same data.
function random(initial: number) {
  let state = initial >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

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

function seedRecords(count: number, projects: number): MergeRequestRecord[][] {
  const next = random(42);
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

async function seed(db: Knex, data: MergeRequestRecord[][]) {
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
  // PostgreSQL's autovacuum would analyze a table this size soon after a sync;
  // nothing analyzes a Backstage SQLite database, so it is left as is.
  if (db.client.config.client === 'pg') await db.raw('ANALYZE');
}

function quantile(sorted: number[], p: number) {
  const rank = (sorted.length - 1) * p;
  const lower = Math.floor(rank);
  return (
    sorted[lower] +
    (rank - lower) *
      ((sorted[Math.ceil(rank)] ?? sorted[lower]) - sorted[lower])
  );
}

async function time(label: string, task: () => Promise<unknown>) {
  for (let i = 0; i < WARMUP; i++) await task();
  const samples: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const start = performance.now();
    await task();
    samples.push(performance.now() - start);
  }
  samples.sort((a, b) => a - b);
  const ms = (value: number) => value.toFixed(2).padStart(8);
  console.log(
    `  ${label.padEnd(44)} p50 ${ms(quantile(samples, 0.5))} ms  p95 ${ms(
      quantile(samples, 0.95),
    )} ms  max ${ms(samples[samples.length - 1])} ms`,
  );
}

async function run(name: string, knex: Knex, data: MergeRequestRecord[][]) {
  const started = performance.now();
  await seed(knex, data);
  const db = new DatabaseMergeRequestStore(knex);
  console.log(
    `${name}: seeded ${MRS} MRs in ${PROJECTS} projects in ${(
      (performance.now() - started) /
      1000
    ).toFixed(1)} s`,
  );
  const projects = data.map((_, i) => ({ host: HOST, projectId: 100 + i }));
  const to = NOW.toISO()!;
  const base = {
    projects,
    to,
    now: to,
    excludeAuthors: EXCLUDE_AUTHORS,
    jiraBaseUrl: 'https://jira.example.com',
  };
  const sample = await computeMetrics(db, {
    ...base,
    from: NOW.minus({ days: 30 }).toISO()!,
  });
  console.log(
    `  (30 days: ${sample.throughput.total} merged, ${
      sample.timeToFirstComment.count + sample.timeToFirstComment.withoutComment
    } created, ${sample.stateMix.open + sample.stateMix.draft} open)`,
  );
  await time('computeMetrics, 30 days (default window)', () =>
    computeMetrics(db, { ...base, from: NOW.minus({ days: 30 }).toISO()! }),
  );
  await time('computeMetrics, 90 days', () =>
    computeMetrics(db, { ...base, from: NOW.minus({ days: 90 }).toISO()! }),
  );
  await time('computeMetrics, 365 days (the longest)', () =>
    computeMetrics(db, { ...base, from: NOW.minus({ days: 365 }).toISO()! }),
  );
  await time('listMergeRequests, first page of 25', () =>
    listMergeRequests(db, { projects }),
  );
  const first = await listMergeRequests(db, { projects, limit: 100 });
  await time('listMergeRequests, page after a cursor', () =>
    listMergeRequests(db, { projects, cursor: first.nextCursor! }),
  );
  await time('listMergeRequests, state=opened', () =>
    listMergeRequests(db, { projects, state: 'opened' }),
  );
}

async function main() {
  console.log(
    `${MRS} MRs, ${RUNS} timed runs after ${WARMUP} warm-up runs, Node ${process.version}`,
  );
  const data = seedRecords(MRS, PROJECTS);

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gitlab-delivery-bench-'));
  const sqlite = knexFactory({
    client: 'better-sqlite3',
    connection: { filename: path.join(dir, 'bench.sqlite') },
    useNullAsDefault: true,
  });
  try {
    await run('SQLite (better-sqlite3, file)', sqlite, data);
  } finally {
    await sqlite.destroy();
    fs.rmSync(dir, { recursive: true, force: true });
  }

  if (!PG_URL) {
    console.log(
      'PostgreSQL: skipped (set --pg or BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING)',
    );
    return;
  }
  const name = `gitlab_delivery_bench_${process.pid}_${Date.now()}`;
  const admin = knexFactory({ client: 'pg', connection: PG_URL });
  await admin.raw('CREATE DATABASE ??', [name]);
  const url = new URL(PG_URL);
  url.pathname = `/${name}`;
  const pg = knexFactory({
    client: 'pg',
    connection: url.toString(),
    pool: { min: 1, max: 5 },
  });
  try {
    const [{ server_version: version }] = (await pg.raw('SHOW server_version'))
      .rows;
    await run(`PostgreSQL ${version}`, pg, data);
  } finally {
    await pg.destroy();
    await admin.raw('DROP DATABASE IF EXISTS ?? WITH (FORCE)', [name]);
    await admin.destroy();
  }
}

main().catch(error => {
  console.error(error);
  process.exitCode = 1;
});
