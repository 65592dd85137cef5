import { TestDatabaseId } from '@backstage/backend-test-utils';
import {
  DatasetProject,
  GitlabSimulator,
  RequestLogEntry,
  startSimulator,
} from '@delivery-insights/gitlab-simulator';
import { Knex } from 'knex';
import { SYNC_RUNS } from '../database/tables';
import {
  BackendProcess,
  killSpareBackend,
  LoadedBackend,
  takeBackendProcess,
} from '../__testUtils__/backendProcess';
import { testDatabases } from '../__testUtils__/databases';
import {
  SharedDatabase,
  sharedDatabase,
} from '../__testUtils__/sharedDatabase';
import {
  API_TOKEN,
  backendConfig,
  componentName,
  componentsOf,
  expectStoreEqualsGitlab,
  listings,
  projectsOf,
  syncTaskRow,
  variables,
  waitFor,
} from './__testUtils__/fixtures';

/*
 * Two replicas of a backend on one PostgreSQL database, as in a deployment
 * with several pods: the sync task is global, so one replica at a time runs
 * it, and each cycle reads each project once whichever replica holds the
 * lock. SQLite has no shared server, so this runs on PostgreSQL only.
 */

jest.setTimeout(90_000);

const databases = testDatabases();
const postgres = databases
  .eachSupportedId()
  .filter(([id]) => id.startsWith('POSTGRES'));
const PAGE = 100;

/**
 * The listings of a project, each page once: a request sent again with the
 * same variables (a retry, or the query resent without a field this GitLab
 * lacks) reads nothing new.
 */
function distinctListings(sim: GitlabSimulator, fullPath: string) {
  const seen = new Map<string, RequestLogEntry>();
  for (const request of listings(sim, fullPath)) {
    const key = JSON.stringify(variables(request));
    if (!seen.has(key)) seen.set(key, request);
  }
  return [...seen.values()];
}

/** Runs of the sync task a replica logged as finished. */
function runsIn(replica: BackendProcess): number {
  return (replica.output().match(/GitLab sync \(\w+\) finished/g) ?? []).length;
}

async function metrics(
  replica: BackendProcess,
  project: DatasetProject,
  window: { from: string; to: string },
) {
  const url = new URL(
    `/api/gitlab-delivery/entities/component/default/${componentName(
      project,
    )}/metrics`,
    replica.url,
  );
  url.search = new URLSearchParams(window).toString();
  const res = await fetch(url, {
    headers: { authorization: `Bearer ${API_TOKEN}` },
  });
  return { status: res.status, body: await res.json() };
}

async function finishedRuns(knex: Knex): Promise<number> {
  const [{ n }] = await knex(SYNC_RUNS)
    .whereNotNull('finished_at')
    .count({ n: '*' });
  return Number(n);
}

(postgres.length > 0
  ? describe.each(postgres)
  : describe.skip.each([['POSTGRES_15' as TestDatabaseId]]))(
  'two backends on one database, on %p',
  databaseId => {
    let sim: GitlabSimulator;
    let db: SharedDatabase;
    let historyEnd: string;
    const processes: LoadedBackend[] = [];

    beforeAll(async () => {
      historyEnd = new Date(Date.now() - 3_600_000).toISOString();
      sim = await startSimulator({
        generate: {
          seed: 23,
          projects: 4,
          mrsPerProject: 1.5 * PAGE,
          now: historyEnd,
        },
        latencyMs: 20,
      });
      db = await sharedDatabase(databases, databaseId);
    });

    afterAll(async () => {
      await Promise.all(processes.map(p => p.kill()));
      await killSpareBackend();
      await sim?.close();
      await db?.close();
    });

    /**
     * Starts the replicas one after the other, as a rolling deployment does:
     * two backends migrating a fresh database at the same moment can fail
     * to start (knex's migration lock table is created without a guard
     * against a concurrent creation).
     */
    async function startReplicas(): Promise<BackendProcess[]> {
      const loaded = [takeBackendProcess(), takeBackendProcess()];
      processes.push(...loaded);
      const started: BackendProcess[] = [];
      for (const replica of loaded) {
        started.push(
          await replica.start({
            config: backendConfig(sim, db),
            entities: componentsOf(sim),
          }),
        );
      }
      return started;
    }

    /** Waits for `runs` more finished runs of the task, by either replica. */
    async function moreRuns(knex: Knex, runs: number, details: () => string) {
      const target = (await finishedRuns(knex)) + runs;
      await waitFor(
        `${runs} more sync runs`,
        async () => (await finishedRuns(knex)) >= target,
        { details },
      );
    }

    let replicas: BackendProcess[];
    const details = () => replicas.map(r => r.output()).join('\n---\n');
    const host = () => new URL(sim.url).host;

    it('lists each project once a cycle over both replicas, and both answer the same metrics', async () => {
      replicas = await startReplicas();
      const knex = await db.knex();
      const stores = await db.stores();
      const projects = projectsOf(sim);

      await waitFor(
        'every project to sync',
        async () =>
          (
            await stores.projects.listProjects()
          ).every(p => p.lastSuccessAt !== null),
        { details },
      );
      // Quiet cycles follow: each costs a probe, no listing.
      await moreRuns(knex, 3, details);
      for (const project of projects) {
        const pages = distinctListings(sim, project.path);
        expect(pages.filter(p => variables(p).after === null)).toHaveLength(1);
        expect(pages).toHaveLength(2);
      }
      await expectStoreEqualsGitlab(stores, sim);

      // The global lock lets one run at a time go, over both replicas.
      const runs = await knex(SYNC_RUNS)
        .whereNotNull('finished_at')
        .orderBy('started_at');
      for (let i = 1; i < runs.length; i++) {
        expect(Number(runs[i].started_at)).toBeGreaterThanOrEqual(
          Number(runs[i - 1].finished_at),
        );
      }

      // The metrics come from the shared tables. A window that ends in the
      // past keeps the oldest open MR's age the same on both.
      const window = {
        from: new Date(Date.parse(historyEnd) - 30 * 86_400_000).toISOString(),
        to: historyEnd,
      };
      for (const project of projects) {
        const answers = await Promise.all(
          replicas.map(replica => metrics(replica, project, window)),
        );
        expect(answers[0].status).toBe(200);
        expect(answers[0].body.throughput.total).toBeGreaterThan(0);
        expect(answers[1]).toEqual(answers[0]);
      }
    });

    it('carries on from the shared cursors on the other replica when the one running the task stops', async () => {
      const knex = await db.knex();
      const stores = await db.stores();
      const projects = projectsOf(sim);
      // Backstage's poller tends to let the replica that ran last claim the
      // next run too; stop that one, between two runs, as a rolling
      // restart would.
      const [running, other] = [...replicas].sort(
        (a, b) => runsIn(b) - runsIn(a),
      );
      await waitFor(
        'a moment between two runs',
        async () => (await syncTaskRow(knex)).current_run_ticket === null,
        { intervalMs: 5 },
      );
      await running.stop();
      const ranBefore = runsIn(other);

      // A change is listed once. Its time is ten minutes back, so no run
      // reads it again to let it settle.
      const [changed, ...quiet] = projects;
      const before = new Map(
        projects.map(p => [p.path, distinctListings(sim, p.path).length]),
      );
      const mr = changed.mergeRequests[0];
      sim.updateMergeRequest(changed.id, mr.iid, {
        title: `${mr.title} (edited)`,
        updatedAt: new Date(Date.now() - 10 * 60_000).toISOString(),
      });
      await waitFor(
        'the change to be stored',
        async () =>
          (
            await stores.mergeRequests.readAll(host(), changed.id)
          ).some(r => r.iid === mr.iid && r.title.endsWith('(edited)')),
        { details },
      );
      await moreRuns(knex, 3, details);
      expect(runsIn(other)).toBeGreaterThan(ranBefore);
      expect(distinctListings(sim, changed.path)).toHaveLength(
        before.get(changed.path)! + 1,
      );
      for (const project of quiet) {
        expect(distinctListings(sim, project.path)).toHaveLength(
          before.get(project.path)!,
        );
      }
      await expectStoreEqualsGitlab(stores, sim);
    });
  },
);
