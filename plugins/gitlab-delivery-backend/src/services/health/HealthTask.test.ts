import { mockServices } from '@backstage/backend-test-utils';
import { DateTime } from 'luxon';
import { Stores } from '../../database/createStores';
import { ProjectRecord } from '../../database/types';
import { testDatabases } from '../../__testUtils__/databases';
import { createHealthStore } from './__testUtils__/healthFixtures';
import { HEALTH_TASK_ID, HealthTask } from './HealthTask';

const databases = testDatabases();
const HOST = 'gitlab.example.com';
const NOW = DateTime.fromISO('2026-11-25T12:00:00Z', { zone: 'utc' });

describe.each(databases.eachSupportedId())('HealthTask on %p', databaseId => {
  let store: Stores;
  let now = NOW;

  beforeEach(async () => {
    store = await createHealthStore(databases, databaseId);
    now = NOW;
    const keys = Array.from({ length: 7 }, (_, i) => ({
      host: HOST,
      key: `team/p${i}`,
    }));
    await store.projects.replaceEntity('component:default/big', keys, []);
  });

  function task(maxProjects = 3) {
    const checked: string[][] = [];
    const runScheduled = jest.fn(async () => {});
    const scheduler = mockServices.scheduler.mock({
      triggerTask: jest.fn(async () => {}),
    });
    const health = new HealthTask({
      scheduler,
      health: store.health,
      projects: store.projects,
      retention: store.retention,
      checker: {
        // Stands for the live checks: stores a check per project, as they do.
        check: async (scope: {
          hosts: string[];
          projects: ProjectRecord[];
        }) => {
          checked.push(scope.projects.map(p => p.key));
          for (const project of scope.projects) {
            await store.health.saveProjectChecks(project, [
              {
                id: 'project.resolves',
                status: 'ok',
                message: 'ok',
                checkedAt: now.toISO()!,
              },
            ]);
          }
          for (const host of scope.hosts) {
            await store.health.saveInstanceHealth({
              host,
              version: null,
              tokenName: null,
              tokenScopes: [],
              tokenExpiresAt: null,
              tokenUserId: null,
              tokenUsername: null,
              rateLimit: null,
              checkedAt: now.toISO()!,
              checks: [],
            });
          }
        },
        runScheduled,
      },
      config: {
        instances: [
          { host: HOST, apiBaseUrl: '', baseUrl: '', requestsPerMinute: 1 },
        ],
        healthMaxProjectsPerRun: maxProjects,
        retentionDays: 30,
      },
      schedule: { frequency: { minutes: 15 }, timeout: { minutes: 4 } },
      logger: mockServices.logger.mock(),
      now: () => now,
    });
    return { health, checked, runScheduled, scheduler };
  }

  it('checks everything a bounded number of projects per run, the request queued until all are checked', async () => {
    const { health, checked, runScheduled } = task(3);
    await store.health.requestCheck(
      { hosts: [], requestedAt: now.toISO()! },
      30_000,
    );
    now = now.plus({ seconds: 1 });

    await health.run(new AbortController().signal);
    expect(checked).toEqual([['team/p0', 'team/p1', 'team/p2']]);
    expect(await store.health.pendingCheckRequests()).toHaveLength(1);
    // The instance was just checked: the scheduled pass is not due.
    expect(runScheduled).not.toHaveBeenCalled();

    now = now.plus({ minutes: 1 });
    await health.run(new AbortController().signal);
    now = now.plus({ minutes: 1 });
    await health.run(new AbortController().signal);
    expect(checked.slice(1)).toEqual([
      ['team/p3', 'team/p4', 'team/p5'],
      ['team/p6'],
    ]);
    expect(await store.health.pendingCheckRequests()).toEqual([]);
  });

  it('takes an entity request of its own projects and runs the scheduled pass once a period', async () => {
    const { health, checked, runScheduled } = task(10);
    await store.health.requestCheck(
      {
        entityRef: 'component:default/big',
        projects: [{ host: HOST, key: 'team/p1' }],
        hosts: [HOST],
        requestedAt: now.toISO()!,
      },
      30_000,
    );
    now = now.plus({ seconds: 1 });
    await health.run(new AbortController().signal);
    expect(checked).toEqual([['team/p1']]);
    expect(runScheduled).not.toHaveBeenCalled();

    now = now.plus({ minutes: 15 });
    await health.run(new AbortController().signal);
    expect(runScheduled).toHaveBeenCalledTimes(1);
  });

  it('schedules one global task ticking every minute, and triggers it', async () => {
    const { health, scheduler } = task();
    await health.start();
    expect(scheduler.scheduleTask).toHaveBeenCalledWith(
      expect.objectContaining({
        id: HEALTH_TASK_ID,
        scope: 'global',
        frequency: { minutes: 1 },
      }),
    );
    health.trigger();
    expect(scheduler.triggerTask).toHaveBeenCalledWith(HEALTH_TASK_ID);
  });

  it('deletes the projects no entity names after the retention, in the scheduled pass', async () => {
    const { health } = task();
    await store.projects.replaceEntity('component:default/big', [], []);
    await health.run(new AbortController().signal);
    expect(await store.health.listProjectChecks()).toEqual([]);
    now = now.plus({ days: 31 });
    await health.run(new AbortController().signal);
    expect(
      await store.projects.getProject({ host: HOST, key: 'team/p0' }),
    ).toBeUndefined();
  });
});
