/*
 * Times what the metrics and merge request API routes run (computeMetrics and
 * listMergeRequests) for one entity with many MRs, on SQLite and (when a
 * connection string is given) PostgreSQL, and prints p50 and p95.
 *
 *   yarn bench:api [--mrs 20000] [--runs 200] [--projects 4]
 *                  [--pg postgresql://…] [--quick] [--json]
 *
 * --quick seeds 2,000 MRs and times 30 runs, for a fast check. --json prints,
 * as the last line, the metrics query's p50 and p95 in ms per database and
 * window in days: {"sqlite": {"30": {"p50": …, "p95": …}, …}, "postgres": …}.
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
import { DatabaseMergeRequestStore } from '../src/database/MergeRequestStore';
import { MergeRequestRecord } from '../src/database/types';
import { computeMetrics } from '../src/services/metrics/computeMetrics';
import { listMergeRequests } from '../src/services/metrics/listMergeRequests';
import { HOST, NOW, seed, seedRecords } from './apiData';

const { values: args } = parseArgs({
  options: {
    mrs: { type: 'string' },
    runs: { type: 'string' },
    projects: { type: 'string', default: '4' },
    pg: { type: 'string' },
    quick: { type: 'boolean', default: false },
    json: { type: 'boolean', default: false },
  },
});

const MRS = Number(args.mrs ?? (args.quick ? 2000 : 20000));
const RUNS = Number(args.runs ?? (args.quick ? 30 : 200));
const PROJECTS = Number(args.projects);
const WARMUP = Math.min(10, RUNS);
const PG_URL =
  args.pg ?? process.env.BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING;

const EXCLUDE_AUTHORS = ['*[bot]', '*-bot'];
const WINDOW_DAYS = [30, 90, 365];

interface Timing {
  p50: number;
  p95: number;
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

async function time(
  label: string,
  task: () => Promise<unknown>,
): Promise<Timing> {
  for (let i = 0; i < WARMUP; i++) await task();
  const samples: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const start = performance.now();
    await task();
    samples.push(performance.now() - start);
  }
  samples.sort((a, b) => a - b);
  const timing = {
    p50: Number(quantile(samples, 0.5).toFixed(2)),
    p95: Number(quantile(samples, 0.95).toFixed(2)),
  };
  const ms = (value: number) => value.toFixed(2).padStart(8);
  console.log(
    `  ${label.padEnd(44)} p50 ${ms(timing.p50)} ms  p95 ${ms(
      timing.p95,
    )} ms  max ${ms(samples[samples.length - 1])} ms`,
  );
  return timing;
}

/** Seeds the database, times the queries and returns the metrics query's timings by window. */
async function run(
  name: string,
  knex: Knex,
  data: MergeRequestRecord[][],
): Promise<Record<number, Timing>> {
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
  const labels: Record<number, string> = {
    30: '30 days (default window)',
    365: '365 days (the longest)',
  };
  const metrics: Record<number, Timing> = {};
  for (const days of WINDOW_DAYS) {
    metrics[days] = await time(
      `computeMetrics, ${labels[days] ?? `${days} days`}`,
      () => computeMetrics(db, { ...base, from: NOW.minus({ days }).toISO()! }),
    );
  }
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
  return metrics;
}

async function main() {
  console.log(
    `${MRS} MRs, ${RUNS} timed runs after ${WARMUP} warm-up runs, Node ${process.version}`,
  );
  const data = seedRecords(MRS, PROJECTS);
  const results: Record<string, Record<number, Timing>> = {};

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gitlab-delivery-bench-'));
  const sqlite = knexFactory({
    client: 'better-sqlite3',
    connection: { filename: path.join(dir, 'bench.sqlite') },
    useNullAsDefault: true,
  });
  try {
    results.sqlite = await run('SQLite (better-sqlite3, file)', sqlite, data);
  } finally {
    await sqlite.destroy();
    fs.rmSync(dir, { recursive: true, force: true });
  }

  if (PG_URL) {
    results.postgres = await runPostgres(PG_URL, data);
  } else {
    console.log(
      'PostgreSQL: skipped (set --pg or BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING)',
    );
  }
  if (args.json) console.log(JSON.stringify(results));
}

/** Runs the benchmark in a scratch PostgreSQL database, dropped afterwards. */
async function runPostgres(
  adminUrl: string,
  data: MergeRequestRecord[][],
): Promise<Record<number, Timing>> {
  const name = `gitlab_delivery_bench_${process.pid}_${Date.now()}`;
  const admin = knexFactory({ client: 'pg', connection: adminUrl });
  await admin.raw('CREATE DATABASE ??', [name]);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const pg = knexFactory({
    client: 'pg',
    connection: url.toString(),
    pool: { min: 1, max: 5 },
  });
  try {
    const [{ server_version: version }] = (await pg.raw('SHOW server_version'))
      .rows;
    return await run(`PostgreSQL ${version}`, pg, data);
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
