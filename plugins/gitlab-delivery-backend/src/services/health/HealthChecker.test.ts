import { mockServices } from '@backstage/backend-test-utils';
import { startSimulator } from '@delivery-insights/gitlab-simulator';
import { ProjectAllowList } from '../../config/ProjectAllowList';
import { GitlabClient } from '../../gitlab/GitlabClient';
import { testDatabases } from '../../__testUtils__/databases';
import {
  createHealthStore,
  healthDataset,
  instanceOf,
  TOKENS,
} from './__testUtils__/healthFixtures';
import { HealthChecker } from './HealthChecker';

const databases = testDatabases();

describe.each(databases.eachSupportedId())(
  'HealthChecker.runScheduled on %p',
  databaseId => {
    it('checks every instance, and live only the projects whose sync fails or never ran', async () => {
      const store = await createHealthStore(databases, databaseId);
      const sim = await startSimulator({ dataset: healthDataset() });
      const instance = instanceOf(sim.url, TOKENS.ok);
      const { host } = instance;
      const client = new GitlabClient({
        instance,
        logger: mockServices.logger.mock(),
        requestTimeoutMs: 2000,
      });
      try {
        const synced = { host, key: 'platform/payments/api' };
        const failing = { host, key: 'Team/Service' };
        const fresh = { host, key: 'team/archive' };
        await store.projects.replaceEntity(
          'component:default/a',
          [synced, failing, fresh],
          [],
        );
        await store.projects.recordSyncOutcome(synced, {
          ok: true,
          at: '2026-11-25T10:00:00.000Z',
        });
        await store.projects.recordSyncOutcome(failing, {
          ok: false,
          at: '2026-11-25T10:00:00.000Z',
          code: 'not_found',
          message: 'GitLab answered 404',
        });
        const checker = new HealthChecker({
          config: {
            instances: [instance],
            requestTimeoutMs: 2000,
            concurrency: 1,
            allowList: new ProjectAllowList(),
          },
          clients: new Map([[host, client]]),
          projects: store.projects,
          health: store.health,
          logger: mockServices.logger.mock(),
        });

        sim.clearRequests();
        await checker.runScheduled();
        const asked = sim.requests.map(r => r.path);
        expect(asked.filter(p => p.includes('payments%2Fapi'))).toEqual([]);
        expect(asked).toContain('/api/v4/projects/Team%2FService');
        expect(asked).toContain('/api/v4/projects/team%2Farchive');
        expect(
          (await store.health.listInstanceHealth())[0].checks,
        ).toHaveLength(8);
        expect(
          (await store.health.listProjectChecks()).map(p => [
            p.key,
            p.checks.length,
          ]),
        ).toEqual([
          ['Team/Service', 3],
          ['team/archive', 3],
        ]);

        // Checked once, a project that never synced waits for its sync.
        sim.clearRequests();
        await checker.runScheduled();
        expect(sim.requests.map(r => r.path)).not.toContain(
          '/api/v4/projects/team%2Farchive',
        );
        expect(sim.requests.map(r => r.path)).toContain(
          '/api/v4/projects/Team%2FService',
        );
      } finally {
        await client.close();
        await sim.close();
      }
    });
  },
);
