import { SchedulerServiceTaskScheduleDefinition } from '@backstage/backend-plugin-api';
import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { Knex } from 'knex';
import { DateTime } from 'luxon';
import { testDatabases } from '../../__testUtils__/databases';
import { realScheduler, testLifecycle } from '../../__testUtils__/scheduler';
import { createStores, Stores } from '../../database/createStores';
import { ProjectRecord } from '../../database/types';
import { DefaultSyncService, SYNC_TASK_ID } from './DefaultSyncService';

const databases = testDatabases();

const HOST = 'gitlab.example.com';
const NOW = DateTime.fromISO('2026-11-20T12:00:00Z', { zone: 'utc' });
const SCHEDULE: SchedulerServiceTaskScheduleDefinition = {
  frequency: { minutes: 15 },
  timeout: { minutes: 4 },
};

function entityOf(name: string, keys: string[]) {
  return {
    entityRef: `component:default/${name}`,
    projects: keys.map(key => ({ host: HOST, key })),
  };
}

async function seed(stores: Stores) {
  const a = entityOf('a', ['team/a']);
  const b = entityOf('b', ['team/b', 'team/shared']);
  await stores.projects.replaceEntity(a.entityRef, a.projects, []);
  await stores.projects.replaceEntity(b.entityRef, b.projects, []);
}

function keysOf(projects: ProjectRecord[]) {
  return projects.map(p => p.key).sort();
}

function service(
  stores: Stores,
  options: {
    scheduler?: ReturnType<typeof mockServices.scheduler.mock>;
    syncProjects?: jest.Mock;
    schedule?: SchedulerServiceTaskScheduleDefinition;
  } = {},
) {
  const syncProjects =
    options.syncProjects ??
    jest.fn(async (keys: ProjectRecord[]) =>
      keys.map(key => ({
        host: HOST,
        key: key.key,
        ok: true as const,
        written: 0,
      })),
    );
  const scheduler =
    options.scheduler ??
    mockServices.scheduler.mock({ triggerTask: jest.fn(async () => {}) });
  const refresh = jest.fn(async () => 2);
  return {
    syncProjects,
    scheduler,
    refresh,
    sync: new DefaultSyncService({
      scheduler,
      projects: stores.projects,
      catalog: { refresh },
      entities: {
        load: async ref => ({
          entity: {} as never,
          entityRef: `${ref.kind}:${ref.namespace}/${ref.name}`,
          projects: [],
          warnings: [],
          fromAnnotations: false,
        }),
      },
      hosts: new Map([[HOST, { sync: syncProjects as never }]]),
      schedule: options.schedule ?? SCHEDULE,
      logger: mockServices.logger.mock(),
      now: () => NOW,
    }),
  };
}

async function queued(knex: Knex): Promise<number> {
  const [{ count }] = await knex('gitlab_delivery_sync_requests').count({
    count: '*',
  });
  return Number(count);
}

describe.each(databases.eachSupportedId())(
  'DefaultSyncService on %p',
  databaseId => {
    async function stores() {
      const knex = await databases.init(databaseId);
      const created = await createStores({
        database: { getClient: async () => knex },
      });
      await seed(created);
      return { knex, stores: created };
    }

    it('syncs the projects due on schedule: never attempted, or a period ago, with auto-sync on', async () => {
      const { stores: s } = await stores();
      await s.projects.recordSyncOutcome(
        { host: HOST, key: 'team/a' },
        { ok: true, at: NOW.minus({ minutes: 5 }).toISO()! },
      );
      await s.projects.recordSyncOutcome(
        { host: HOST, key: 'team/b' },
        { ok: true, at: NOW.minus({ minutes: 20 }).toISO()! },
      );
      await s.projects.setAutoSync({ host: HOST, key: 'team/shared' }, false);
      const { sync, syncProjects, refresh } = service(s);

      await sync.run(new AbortController().signal, 60_000);

      expect(refresh).toHaveBeenCalledTimes(1);
      expect(syncProjects).toHaveBeenCalledTimes(1);
      expect(keysOf(syncProjects.mock.calls[0][0])).toEqual(['team/b']);
      expect((await s.projects.lastSyncRun())?.trigger).toBe('schedule');
    });

    it('queues a manual sync of an entity and syncs its projects, auto-sync off included', async () => {
      const { stores: s } = await stores();
      for (const key of ['team/a', 'team/b', 'team/shared']) {
        await s.projects.recordSyncOutcome(
          { host: HOST, key },
          { ok: true, at: NOW.minus({ minutes: 1 }).toISO()! },
        );
      }
      await s.projects.setAutoSync({ host: HOST, key: 'team/shared' }, false);
      const { sync, syncProjects, scheduler } = service(s);

      await sync.requestSync({
        entity: { kind: 'component', namespace: 'default', name: 'b' },
        credentials: mockCredentials.user(),
      });
      expect(scheduler.triggerTask).toHaveBeenCalledWith(SYNC_TASK_ID);
      await sync.run(new AbortController().signal, 60_000);

      expect(syncProjects).toHaveBeenCalledTimes(1);
      expect(keysOf(syncProjects.mock.calls[0][0])).toEqual([
        'team/b',
        'team/shared',
      ]);
      expect((await s.projects.lastSyncRun())?.trigger).toBe('manual');
      expect(await s.projects.takeSyncRequests()).toEqual([]);
    });

    it('takes the requests queued while it runs before it ends', async () => {
      const { stores: s } = await stores();
      const syncProjects: jest.Mock = jest.fn(async () => {
        if (syncProjects.mock.calls.length === 1) {
          await s.projects.requestSync({
            full: false,
            requestedAt: NOW.toISO()!,
          });
        }
        return [];
      });
      const { sync } = service(s, { syncProjects });

      await sync.run(new AbortController().signal, 60_000);

      expect(syncProjects).toHaveBeenCalledTimes(2);
      expect((await s.projects.lastSyncRun())?.trigger).toBe('manual');
      expect(keysOf(syncProjects.mock.calls[1][0])).toEqual([
        'team/a',
        'team/b',
        'team/shared',
      ]);
    });

    it('hands the abort signal to the sync and stops once it is aborted', async () => {
      const { stores: s } = await stores();
      const controller = new AbortController();
      const signals: AbortSignal[] = [];
      const syncProjects = jest.fn(
        async (_keys, options: { signal: AbortSignal }) => {
          signals.push(options.signal);
          await s.projects.requestSync({
            full: false,
            requestedAt: NOW.toISO()!,
          });
          controller.abort();
          return [];
        },
      );
      const { sync } = service(s, { syncProjects });

      await sync.run(controller.signal, 60_000);

      expect(syncProjects).toHaveBeenCalledTimes(1);
      expect(signals[0].aborted).toBe(true);
      // The request queued before the abort waits for the next run.
      expect(await s.projects.takeSyncRequests()).toHaveLength(1);
    });

    it('never runs a manual and a scheduled sync at once, with two task workers on one database', async () => {
      const { knex, stores: s } = await stores();
      const { lifecycle, shutdown } = testLifecycle();
      const runs: Array<{ replica: number; start: number; end: number }> = [];
      const replicas = [0, 1].map(replica => {
        const syncProjects = jest.fn(async () => {
          const start = Date.now();
          await new Promise(resolve => setTimeout(resolve, 150));
          runs.push({ replica, start, end: Date.now() });
          return [];
        });
        return service(s, {
          scheduler: realScheduler(knex, lifecycle) as never,
          syncProjects,
          schedule: { frequency: { seconds: 1 }, timeout: { seconds: 30 } },
        }).sync;
      });
      try {
        // One at a time: each scheduler migrates its tables on first use.
        for (const replica of replicas) await replica.start();
        for (let i = 0; i < 12; i++) {
          await replicas[i % 2].requestSync({
            entity:
              i % 3 === 0
                ? undefined
                : { kind: 'component', namespace: 'default', name: 'a' },
            credentials: mockCredentials.user(),
          });
          await new Promise(resolve => setTimeout(resolve, 200));
        }
        for (let i = 0; i < 100 && (await queued(knex)) > 0; i++) {
          await new Promise(resolve => setTimeout(resolve, 100));
        }
      } finally {
        shutdown();
      }

      const ordered = [...runs].sort((a, b) => a.start - b.start);
      expect(ordered.length).toBeGreaterThan(3);
      for (let i = 1; i < ordered.length; i++) {
        expect(ordered[i].start).toBeGreaterThanOrEqual(ordered[i - 1].end);
      }
      expect(await queued(knex)).toBe(0);
    });
  },
);
