import { resolvePackagePath } from '@backstage/backend-plugin-api';
import { testDatabases } from '../__testUtils__/databases';

const databases = testDatabases();
const directory = resolvePackagePath(
  '@delivery-insights/plugin-gitlab-delivery-backend',
  'migrations',
);

describe.each(databases.eachSupportedId())(
  'the migrations of encrypted tokens, request queues and retention on %p',
  databaseId => {
    it('discard plain-text refresh tokens, add the queues and the retention mark, and go down again', async () => {
      const knex = await databases.init(databaseId);
      // Up to the cursors, the last migration before these.
      for (let i = 0; i < 5; i++) await knex.migrate.up({ directory });
      await knex('gitlab_delivery_oauth_tokens').insert({
        host: 'gitlab.example.com',
        refresh_token: 'plain-text-refresh-token',
        configured_fingerprint: 'f'.repeat(64),
        rotated_at: 1_795_000_000_000,
      });
      await knex('gitlab_delivery_projects').insert({
        host: 'gitlab.example.com',
        project_key: 'team/service',
      });

      await knex.migrate.up({ directory });
      expect(await knex('gitlab_delivery_oauth_tokens')).toEqual([]);
      expect(
        await knex.schema.hasColumn(
          'gitlab_delivery_oauth_tokens',
          'refresh_token',
        ),
      ).toBe(false);
      expect(
        await knex.schema.hasColumn(
          'gitlab_delivery_oauth_tokens',
          'ciphertext',
        ),
      ).toBe(true);

      await knex.migrate.up({ directory });
      await knex('gitlab_delivery_request_cooldowns').insert({
        kind: 'sync',
        scope: '*',
        requested_at: 1,
      });
      const again = await knex('gitlab_delivery_request_cooldowns')
        .insert({ kind: 'sync', scope: '*', requested_at: 2 })
        .then(
          () => 'stored',
          () => 'refused',
        );
      expect(again).toBe('refused');
      await knex('gitlab_delivery_health_requests').insert({
        hosts: '[]',
        requested_at: 1,
      });

      await knex.migrate.up({ directory });
      const [project] = await knex('gitlab_delivery_projects');
      expect(project).toMatchObject({
        project_key: 'team/service',
        unreferenced_at: null,
      });

      await knex.migrate.down({ directory });
      expect(
        await knex.schema.hasColumn(
          'gitlab_delivery_projects',
          'unreferenced_at',
        ),
      ).toBe(false);
      expect(
        await knex('gitlab_delivery_projects').select('project_key'),
      ).toEqual([{ project_key: 'team/service' }]);
      await knex.migrate.down({ directory });
      expect(
        await knex.schema.hasTable('gitlab_delivery_health_requests'),
      ).toBe(false);
      expect(
        await knex.schema.hasTable('gitlab_delivery_request_cooldowns'),
      ).toBe(false);
      await knex.migrate.down({ directory });
      expect(
        await knex.schema.hasColumn(
          'gitlab_delivery_oauth_tokens',
          'refresh_token',
        ),
      ).toBe(true);
      expect(await knex('gitlab_delivery_oauth_tokens')).toEqual([]);
    });
  },
);
