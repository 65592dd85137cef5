/*
 * The plugin's sync beside two baselines, against the GitLab simulator over
 * real HTTP with a latency per request and realistic notes:
 *
 *   node --import tsx bench/sync.ts [--quick] [--rss] [--skip-budget]
 *     [--latency 80] [--in-flight 32] [--views 200] [--seed 7]
 *
 * Prints a table, the requests by GraphQL operation or REST route, and as the
 * last line one JSON object with the figures of ours, restPerMr and
 * livePerView. `--quick` scales every scenario down (CI proves it runs);
 * `--rss` adds the backfill of 100,000 MRs for ours' peak RSS;
 * `--skip-budget` computes the seconds at 300 requests a minute instead of
 * measuring them.
 */
import { parseArgs } from 'node:util';
import { changeMergeRequests } from './changes';
import { Measured, projectsOf, startGitlab, TOKEN, Worker } from './harness';
import {
  compareFacts,
  Figures,
  percentile,
  printReport,
  Report,
} from './report';
import { Fact, RunResult, Target } from './types';
import { Kind } from './worker';

const { values } = parseArgs({
  options: {
    quick: { type: 'boolean' },
    rss: { type: 'boolean' },
    'skip-budget': { type: 'boolean' },
    latency: { type: 'string' },
    'in-flight': { type: 'string' },
    views: { type: 'string' },
    seed: { type: 'string' },
  },
});
const quick = Boolean(values.quick);
const latencyMs = Number(values.latency ?? 80);
const inFlight = Number(values['in-flight'] ?? 32);
const views = Number(values.views ?? (quick ? 30 : 200));
const seed = Number(values.seed ?? 7);
/** Projects and MRs per project of each scenario. */
const sizes = quick
  ? { main: [4, 200], quiet: [10, 20], budget: [2, 500], rss: [10, 1000] }
  : {
      main: [20, 1000],
      quiet: [100, 20],
      budget: [10, 1000],
      rss: [100, 1000],
    };
const BUDGET_PER_MINUTE = 300;
const KINDS: Kind[] = ['ours', 'restPerMr', 'livePerView'];

async function gitlab(size: number[]) {
  const sim = await startGitlab({
    projects: size[0],
    mrsPerProject: size[1],
    latencyMs,
    seed,
  });
  const target: Target = {
    url: sim.url,
    token: TOKEN,
    projects: projectsOf(sim),
    backfillDays: 365,
    inFlight,
  };
  const mergeRequests = sim.data.projects.reduce(
    (n, p) => n + p.mergeRequests.length,
    0,
  );
  return { sim, target, mergeRequests };
}

type Runs = Record<Kind, Measured<RunResult>>;

async function main() {
  const report: Partial<Report> = { quick, latencyMs, inFlight, sizes };

  // 20 projects of 1,000 MRs: backfill, a quiet cycle, 1% changed, page views.
  {
    const { sim, target, mergeRequests } = await gitlab(sizes.main);
    const notes = sim.data.projects.flatMap(p =>
      p.mergeRequests.map(m => m.notes.length),
    );
    report.mainMrs = mergeRequests;
    report.notesPerMr = notes.reduce((a, b) => a + b, 0) / notes.length;
    report.longThreads = notes.filter(n => n > 100).length / notes.length;
    report.version = sim.data.instance?.version ?? '17.5.0';
    const workers = await startAll(target);
    report.idleRssMb = mapKinds(kind => workers[kind].startRssMb);
    report.backfill = await runAll(workers, kind =>
      workers[kind].measure(sim, { command: 'backfill', now: sim.now() }),
    );
    report.mainQuiet = {
      ours: await workers.ours.measure(sim, {
        command: 'cycle',
        now: sim.now(),
      }),
      restPerMr: await workers.restPerMr.measure(sim, {
        command: 'cycle',
        now: sim.now(),
      }),
    };
    report.changes = changeMergeRequests(sim, 0.01);
    report.changed = await runAll(workers, kind =>
      workers[kind].measure(sim, { command: 'cycle', now: sim.now() }),
    );
    const facts = mapKinds(() => [] as Fact[]);
    for (const kind of KINDS)
      facts[kind] = (await workers[kind].call({ command: 'facts' })).value;
    report.facts = {
      restPerMr: compareFacts(facts.ours, facts.restPerMr, true),
      livePerView: compareFacts(facts.ours, facts.livePerView, false),
    };
    const page = await workers.ours.measure<number[]>(sim, {
      command: 'pageViews',
      views,
    });
    const sorted = [...page.value].sort((a, b) => a - b);
    report.page = {
      views,
      p50: percentile(sorted, 0.5),
      p95: percentile(sorted, 0.95),
      requests: page.requests,
    };
    await closeAll(workers);
    await sim.close();
  }

  // 100 projects: a quiet cycle after their backfill.
  {
    const { sim, target, mergeRequests } = await gitlab(sizes.quiet);
    report.quietProjects = target.projects.length;
    report.quietMrs = mergeRequests;
    const workers = await startAll(target);
    report.quiet = await runAll(workers, async kind => {
      const first = await workers[kind].measure(sim, {
        command: 'backfill',
        now: sim.now(),
      });
      // A page view is all a live plugin has: the view is its quiet cycle.
      if (kind === 'livePerView') return first;
      return workers[kind].measure(sim, { command: 'cycle', now: sim.now() });
    });
    await closeAll(workers);
    await sim.close();
  }

  // 10,000 MRs through the plugin's own budget of 300 requests a minute.
  if (!values['skip-budget']) {
    const { sim, target, mergeRequests } = await gitlab(sizes.budget);
    report.budgetMrs = mergeRequests;
    const ours = await Worker.start('ours', {
      ...target,
      requestsPerMinute: BUDGET_PER_MINUTE,
    });
    report.budget = await ours.measure(sim, {
      command: 'backfill',
      now: sim.now(),
    });
    await ours.close();
    await sim.close();
  }

  // 100,000 MRs in 100 projects: ours' peak RSS while it streams page by page.
  if (values.rss) {
    const { sim, target, mergeRequests } = await gitlab(sizes.rss);
    report.rssMrs = mergeRequests;
    report.rssProjects = target.projects.length;
    const ours = await Worker.start('ours', target);
    report.rss = await ours.measure(sim, {
      command: 'backfill',
      now: sim.now(),
    });
    await ours.close();
    await sim.close();
  }

  const figures: Record<Kind, Figures> = printReport(
    report as Report,
    BUDGET_PER_MINUTE,
  );
  console.log(JSON.stringify(figures));
}

function mapKinds<T>(fn: (kind: Kind) => T): Record<Kind, T> {
  return Object.fromEntries(KINDS.map(kind => [kind, fn(kind)])) as Record<
    Kind,
    T
  >;
}

type Workers = Record<Kind, Worker>;

async function startAll(target: Target): Promise<Workers> {
  const workers = {} as Workers;
  for (const kind of KINDS) workers[kind] = await Worker.start(kind, target);
  return workers;
}

/** One implementation after the other, so that they do not share GitLab or the CPU. */
async function runAll(
  workers: Workers,
  run: (kind: Kind) => Promise<Measured<RunResult>>,
): Promise<Runs> {
  const runs = {} as Runs;
  for (const kind of Object.keys(workers) as Kind[])
    runs[kind] = await run(kind);
  return runs;
}

async function closeAll(workers: Workers) {
  for (const worker of Object.values(workers)) await worker.close();
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
