import {
  SchedulerService,
  SchedulerServiceTaskScheduleDefinition,
} from '@backstage/backend-plugin-api';
import { mockServices } from '@backstage/backend-test-utils';
import {
  GitlabSimulator,
  startSimulator,
} from '@delivery-insights/gitlab-simulator';
import { Knex } from 'knex';
import { ProjectAllowList } from '../config/ProjectAllowList';
import { createStores, Stores } from '../database/createStores';
import { DatabaseMergeRequestStore } from '../database/MergeRequestStore';
import { GitlabClient } from '../gitlab/GitlabClient';
import { RetryOptions } from '../gitlab/HttpTransport';
import { testDatabases } from '../__testUtils__/databases';
import { realScheduler, testLifecycle } from '../__testUtils__/scheduler';
import { createHostSyncs } from '../services/sync/createHostSyncs';
import { DefaultSyncService } from '../services/sync/DefaultSyncService';
import {
  EXCLUDE_AUTHORS,
  simulatorInstance,
  storedRecords,
} from '../services/sync/__testUtils__/syncFixtures';
import {
  anHourAgo,
  expectStoreEqualsGitlab,
  projectsOf,
  waitFor,
} from './__testUtils__/fixtures';

/*
 * A GitLab that stops answering, or asks to wait, must not hold the sync
 * task past its time: a run stops at its budget or at the scheduler's
 * abort, aborts the requests in flight instead of waiting for their
 * timeout, writes nothing after the abort, and leaves the projects it cut
 * short unrecorded, due again at the next run.
 */

jest.setTimeout(60_000);

const databases = testDatabases();
// Far longer than any test: only an abort ends a hung request.
const REQUEST_TIMEOUT_MS = 10 * 60_000;

describe.each(databases.eachSupportedId())(
  'a GitLab that hangs, on %p',
  databaseId => {
    let sim: GitlabSimulator;
    let knex: Knex;
    let store: Stores;
    const clients: GitlabClient[] = [];

    const host = () => new URL(sim.url).host;

    async function setUp(options: {
      mrsPerProject: number;
      latencyMs?: number;
    }) {
      sim = await startSimulator({
        generate: {
          seed: 31,
          projects: 2,
          mrsPerProject: options.mrsPerProject,
          now: anHourAgo(),
        },
        latencyMs: options.latencyMs,
      });
      knex = await databases.init(databaseId);
      store = await createStores({ database: { getClient: async () => knex } });
      await store.projects.replaceEntity(
        'component:default/shop',
        projectsOf(sim).map(p => ({ host: host(), key: p.path })),
        [],
      );
    }

    afterEach(async () => {
      await Promise.all(clients.splice(0).map(c => c.close()));
      await sim.close();
    });

    /** A client whose requests end only when aborted, with fast retries unless `retry` says. */
    function client(
      retry: RetryOptions = { baseDelayMs: 1, delayScale: 0.001 },
    ) {
      const created = new GitlabClient({
        instance: simulatorInstance(sim),
        logger: mockServices.logger.mock(),
        requestTimeoutMs: REQUEST_TIMEOUT_MS,
        retry,
      });
      clients.push(created);
      return created;
    }

    function service(
      options: {
        gitlab?: GitlabClient;
        scheduler?: SchedulerService;
        schedule?: SchedulerServiceTaskScheduleDefinition;
      } = {},
    ) {
      const gitlab = options.gitlab ?? client();
      const logger = mockServices.logger.mock();
      return new DefaultSyncService({
        scheduler: options.scheduler ?? mockServices.scheduler.mock(),
        projects: store.projects,
        catalog: { refresh: async () => 1 },
        entities: { load: async () => Promise.reject(new Error('unused')) },
        hosts: createHostSyncs({
          clients: new Map([[gitlab.host, gitlab]]),
          projects: store.projects,
          mergeRequests: store.mergeRequests,
          config: {
            allowList: new ProjectAllowList(),
            backfillDays: 3650,
            excludeAuthors: EXCLUDE_AUTHORS,
            concurrency: 2,
            lookBackMs: 5 * 60_000,
            reconcileEveryMs: 24 * 3_600_000,
          },
          logger,
        }),
        requestCount: () => gitlab.requestCount,
        schedule: options.schedule ?? {
          frequency: { minutes: 15 },
          timeout: { minutes: 4 },
        },
        logger,
      });
    }

    /**
     * Fails at de14687 when a request was in flight at the abort: HostSync
     * records the abort's DOMException as an 'internal' failure instead of
     * a stop, so the project counts as attempted and is not due again
     * before a whole period.
     */
    async function expectUnrecorded(before: Map<string, unknown>) {
      for (const project of await store.projects.listProjects()) {
        expect({
          key: project.key,
          lastAttemptAt: project.lastAttemptAt,
          lastErrorCode: project.lastErrorCode,
          lastErrorMessage: project.lastErrorMessage,
        }).toEqual({
          key: project.key,
          lastAttemptAt: before.get(project.key) ?? null,
          lastErrorCode: null,
          lastErrorMessage: null,
        });
      }
    }

    async function attempts(): Promise<Map<string, unknown>> {
      return new Map(
        (await store.projects.listProjects()).map(p => [
          p.key,
          p.lastAttemptAt,
        ]),
      );
    }

    it('returns at its budget when no request is ever answered, leaving the projects unrecorded', async () => {
      await setUp({ mrsPerProject: 30 });
      sim.injectFault({ type: 'timeout', times: 1000 });

      await service().run(new AbortController().signal, 1_000);

      // Returning at all proves the hung request was aborted: its own
      // timeout is ten minutes away.
      expect(sim.requests.length).toBeGreaterThan(0);
      expect(sim.requests.every(r => r.status === 0)).toBe(true);
      await expectUnrecorded(new Map());
    });

    it('returns at its budget when the listing hangs after a first sync, leaving the projects as they were', async () => {
      await setUp({ mrsPerProject: 30 });
      await service().run(new AbortController().signal, 30_000);
      const synced = await attempts();
      expect([...synced.values()].every(at => at !== null)).toBe(true);
      for (const project of projectsOf(sim)) {
        const mr = project.mergeRequests[0];
        sim.updateMergeRequest(project.id, mr.iid, { title: `${mr.title}!` });
      }
      for (const operation of [
        'DeliveryMergeRequests',
        'DeliveryGroupMergeRequests',
      ]) {
        sim.injectFault({ type: 'timeout', operation, times: 1000 });
      }
      const stored = await storedRecords(store, host(), projectsOf(sim));

      // Due again: a run of a manual request lists every project.
      await store.projects.requestSync({
        full: false,
        requestedAt: new Date().toISOString(),
      });
      await service().run(new AbortController().signal, 1_000);

      await expectUnrecorded(synced);
      expect(await storedRecords(store, host(), projectsOf(sim))).toEqual(
        stored,
      );
    });

    /**
     * Runs the task once through Backstage's scheduler with a 2-second
     * timeout, and returns what happened in order: page writes, the
     * scheduler's abort, the run's return. `onWrite` runs at each write.
     */
    async function abortedByScheduler(onWrite = () => {}): Promise<string[]> {
      const events: string[] = [];
      const writePage = DatabaseMergeRequestStore.prototype.writePage;
      jest
        .spyOn(DatabaseMergeRequestStore.prototype, 'writePage')
        .mockImplementation(async function recorded(this: unknown, page) {
          events.push('write');
          onWrite();
          return writePage.call(this, page);
        });
      const { lifecycle, shutdown } = testLifecycle();
      const sync = service({
        scheduler: realScheduler(knex, lifecycle),
        schedule: { frequency: { minutes: 15 }, timeout: { seconds: 2 } },
      });
      const runs: Array<Promise<void>> = [];
      const run = sync.run.bind(sync);
      jest.spyOn(sync, 'run').mockImplementation((signal, budgetMs) => {
        signal.addEventListener('abort', () => events.push('abort'));
        const running = run(signal, budgetMs).finally(() =>
          events.push('returned'),
        );
        runs.push(running);
        return running;
      });
      try {
        await sync.start();
        await waitFor('the first run to end', () =>
          events.includes('returned'),
        );
        await runs[0];
      } finally {
        shutdown();
        // The next run of the test writes without injecting faults.
        jest.restoreAllMocks();
      }
      return events;
    }

    it('writes nothing once the scheduler aborts the task, and returns at once', async () => {
      // Ten pages a project from a slow GitLab: the scheduler's timeout
      // aborts the run midway, wherever it is.
      await setUp({ mrsPerProject: 1000, latencyMs: 100 });
      const events = await abortedByScheduler();

      const aborted = events.indexOf('abort');
      expect(aborted).toBeGreaterThan(0);
      expect(events.slice(0, aborted)).toContain('write');
      expect(events.slice(aborted + 1)).toEqual(['returned']);
      const stored = await storedRecords(store, host(), projectsOf(sim));
      expect(stored.length).toBeGreaterThan(0);
      expect(stored.length).toBeLessThan(2 * 1000);
    });

    it('leaves the projects the scheduler cut short due, and the next run completes the sync', async () => {
      await setUp({ mrsPerProject: 300 });
      // After a page GitLab hangs, so the abort finds requests in flight.
      const events = await abortedByScheduler(() =>
        sim.injectFault({
          type: 'timeout',
          operation: 'DeliveryMergeRequests',
          times: 1000,
        }),
      );
      expect(events.slice(events.indexOf('abort'))).toEqual([
        'abort',
        'returned',
      ]);
      await expectUnrecorded(new Map());

      sim.clearFaults();
      await service().run(new AbortController().signal, 50_000);
      await expectStoreEqualsGitlab(store, sim);
    });

    it('is not held past its budget by a Retry-After that outlasts it', async () => {
      await setUp({ mrsPerProject: 30 });
      // GitLab asks every request to wait ten seconds, ten times the run's
      // budget (gitlab.com sends Retry-After with its 429s). Fails at
      // de14687: RateBudget.acquire sleeps the pause out without the abort
      // signal, up to its 120-second cap, past a 4-minute task's lock too.
      sim.injectFault({
        type: 'status',
        status: 429,
        retryAfterSeconds: 10,
        times: 1000,
      });
      // The real delays: Retry-After is waited out as GitLab says.
      const gitlab = client({});
      const sync = service({ gitlab });

      await sync.run(new AbortController().signal, 1_000);
      const returnedAt = Date.now();

      const budget = (gitlab as any).transport.options.budget;
      expect(
        returnedAt < budget.pausedUntil
          ? 'returned while the pause was on'
          : 'waited the pause out',
      ).toBe('returned while the pause was on');
      await expectUnrecorded(new Map());
    });
  },
);
