import { testDatabases } from '../__testUtils__/databases';
import { RequestCooldownError } from './cooldown';
import { createStores } from './createStores';

const databases = testDatabases();
const AT = '2026-11-25T10:00:00.000Z';
const later = (seconds: number) =>
  new Date(Date.parse(AT) + seconds * 1000).toISOString();

describe.each(databases.eachSupportedId())(
  'request queues on %p',
  databaseId => {
    async function setup() {
      const knex = await databases.init(databaseId);
      const stores = await createStores({
        database: { getClient: async () => knex },
        syncCooldownMs: 60_000,
      });
      return { knex, stores };
    }

    it('accepts one sync request per entity, and one of everything, per cooldown', async () => {
      const { stores } = await setup();
      const { projects } = stores;
      await projects.requestSync({
        entityRef: 'component:default/a',
        full: false,
        requestedAt: AT,
      });
      await projects.requestSync({
        entityRef: 'component:default/b',
        full: false,
        requestedAt: AT,
      });
      await projects.requestSync({ full: false, requestedAt: AT });

      const refused = projects.requestSync({
        entityRef: 'component:default/a',
        full: false,
        requestedAt: later(20),
      });
      await expect(refused).rejects.toThrow(RequestCooldownError);
      await expect(refused).rejects.toMatchObject({
        statusCode: 429,
        retryAfterSeconds: 40,
        message: expect.stringContaining(
          'component:default/a was requested less than 60 seconds ago',
        ),
      });
      await expect(
        projects.requestSync({ full: false, requestedAt: later(59) }),
      ).rejects.toMatchObject({
        retryAfterSeconds: 1,
      });

      // Taking the requests does not reset the cooldown.
      expect(await projects.takeSyncRequests()).toHaveLength(3);
      await expect(
        projects.requestSync({
          entityRef: 'component:default/a',
          full: false,
          requestedAt: later(30),
        }),
      ).rejects.toThrow(RequestCooldownError);
      await projects.requestSync({
        entityRef: 'component:default/a',
        full: false,
        requestedAt: later(60),
      });
      expect(await projects.takeSyncRequests()).toEqual([
        expect.objectContaining({ entityRef: 'component:default/a' }),
      ]);
    });

    it('holds the cooldown across store instances, as across replicas, and never queues twice', async () => {
      const { knex, stores } = await setup();
      const replicas = [
        stores,
        await createStores({
          database: { getClient: async () => knex },
          skipMigrations: true,
          syncCooldownMs: 60_000,
        }),
      ];
      const outcomes = await Promise.allSettled(
        [0, 1, 0, 1].map(i =>
          replicas[i].projects.requestSync({
            entityRef: 'component:default/a',
            full: false,
            requestedAt: later(i),
          }),
        ),
      );
      expect(outcomes.filter(o => o.status === 'fulfilled')).toHaveLength(1);
      expect(await stores.projects.takeSyncRequests()).toHaveLength(1);
    });

    it('queues health check requests with their projects, one per scope per cooldown', async () => {
      const { stores } = await setup();
      const { health } = stores;
      const projects = [{ host: 'gitlab.example.com', key: 'team/a' }];
      expect(
        await health.requestCheck(
          {
            entityRef: 'component:default/a',
            projects,
            hosts: ['gitlab.example.com'],
            requestedAt: AT,
          },
          30_000,
        ),
      ).toEqual({ queued: true });
      expect(
        await health.requestCheck({ hosts: [], requestedAt: later(1) }, 30_000),
      ).toEqual({ queued: true });
      expect(
        await health.requestCheck(
          {
            entityRef: 'component:default/a',
            projects,
            hosts: [],
            requestedAt: later(10),
          },
          30_000,
        ),
      ).toEqual({ retryAfterSeconds: 20 });

      const pending = await health.pendingCheckRequests();
      expect(pending).toEqual([
        {
          id: expect.any(Number),
          entityRef: 'component:default/a',
          projects,
          hosts: ['gitlab.example.com'],
          requestedAt: AT,
        },
        { id: expect.any(Number), hosts: [], requestedAt: later(1) },
      ]);
      await health.finishCheckRequests([pending[0].id]);
      expect(await health.pendingCheckRequests()).toEqual([pending[1]]);
    });
  },
);
