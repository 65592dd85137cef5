import { resolvePackagePath } from '@backstage/backend-plugin-api';
import { testDatabases } from '../__testUtils__/databases';

const databases = testDatabases();
const directory = resolvePackagePath(
  '@delivery-insights/plugin-gitlab-delivery-backend',
  'migrations',
);

describe.each(databases.eachSupportedId())('migrations on %p', databaseId => {
  it('go up, hold data and go down again, one at a time', async () => {
    const knex = await databases.init(databaseId);
    const tables = async () => {
      const names = [
        'gitlab_delivery_projects',
        'gitlab_delivery_merge_requests',
        'gitlab_delivery_instance_health',
        'gitlab_delivery_instance_checks',
        'gitlab_delivery_project_checks',
        'gitlab_delivery_oauth_tokens',
      ];
      const present = await Promise.all(
        names.map(name => knex.schema.hasTable(name)),
      );
      return names.filter((_, i) => present[i]);
    };

    await knex.migrate.up({ directory });
    expect(await tables()).toEqual([
      'gitlab_delivery_projects',
      'gitlab_delivery_merge_requests',
    ]);
    await knex('gitlab_delivery_projects').insert({
      host: 'gitlab.example.com',
      project_key: 'team/service',
      last_success_at: 1_795_000_000_000,
    });

    await knex.migrate.up({ directory });
    expect(await tables()).toHaveLength(5);
    await knex('gitlab_delivery_instance_health').insert({
      host: 'gitlab.example.com',
      version: '17.5.0',
      token_name: 'backstage',
      token_scopes: '["read_api"]',
      token_expires_at: 1_800_000_000_000,
      rate_limit_limit: 2000,
      rate_limit_remaining: 1999,
      checked_at: 1_795_000_000_000,
    });
    await knex('gitlab_delivery_instance_checks').insert({
      host: 'gitlab.example.com',
      check_id: 'token.valid',
      status: 'ok',
      message: 'The token is valid.',
      checked_at: 1_795_000_000_000,
    });
    await knex('gitlab_delivery_project_checks').insert({
      host: 'gitlab.example.com',
      project_key: 'team/service',
      check_id: 'project.resolves',
      status: 'error',
      message: 'GitLab answered 404.',
      cause: 'wrong_path',
      suggested_path: 'team/the-service',
      checked_at: 1_795_000_000_000,
    });
    // One result per project and check: the same key again is refused.
    const again = await knex('gitlab_delivery_project_checks')
      .insert({
        host: 'gitlab.example.com',
        project_key: 'team/service',
        check_id: 'project.resolves',
        status: 'ok',
        message: 'again',
        checked_at: 1_795_000_000_000,
      })
      .then(
        () => 'stored',
        () => 'refused',
      );
    expect(again).toBe('refused');
    const [stored] = await knex('gitlab_delivery_instance_health');
    expect(Number(stored.token_expires_at)).toBe(1_800_000_000_000);

    await knex.migrate.up({ directory });
    expect(await tables()).toHaveLength(6);
    await knex('gitlab_delivery_oauth_tokens').insert({
      host: 'gitlab.example.com',
      refresh_token: 'rotated-refresh-token',
      configured_fingerprint: 'f'.repeat(64),
      rotated_at: 1_795_000_000_000,
    });
    // One refresh token per host.
    const second = await knex('gitlab_delivery_oauth_tokens')
      .insert({
        host: 'gitlab.example.com',
        refresh_token: 'another',
        configured_fingerprint: 'f'.repeat(64),
        rotated_at: 1_795_000_000_001,
      })
      .then(
        () => 'stored',
        () => 'refused',
      );
    expect(second).toBe('refused');
    const [token] = await knex('gitlab_delivery_oauth_tokens');
    expect(token.refresh_token).toBe('rotated-refresh-token');
    expect(Number(token.rotated_at)).toBe(1_795_000_000_000);

    await knex.migrate.down({ directory });
    expect(await tables()).toHaveLength(5);
    expect(
      await knex('gitlab_delivery_instance_checks').select('check_id'),
    ).toEqual([{ check_id: 'token.valid' }]);

    await knex.migrate.down({ directory });
    expect(await tables()).toEqual([
      'gitlab_delivery_projects',
      'gitlab_delivery_merge_requests',
    ]);
    expect(
      await knex('gitlab_delivery_projects').select('project_key'),
    ).toEqual([{ project_key: 'team/service' }]);

    await knex.migrate.down({ directory });
    expect(await tables()).toEqual([]);
  });
});
