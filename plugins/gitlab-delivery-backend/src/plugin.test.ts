import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  GitlabSimulator,
  loadDataset,
  startSimulator,
} from '@delivery-insights/gitlab-simulator';
import request from 'supertest';
import { gitlabDeliveryPlugin } from './plugin';
import { testDatabases } from './__testUtils__/databases';

const databases = testDatabases();

// A hand-built project; the expected figures below are worked out from it.
const dataset = loadDataset({
  users: [
    { id: 1, username: 'alice', name: 'Alice' },
    { id: 2, username: 'bob', name: 'Bob' },
    { id: 3, username: 'carol', name: 'Carol' },
    { id: 4, username: 'renovate-bot', name: 'Renovate', bot: true },
    { id: 5, username: 'backstage', name: 'Backstage' },
  ],
  tokens: [
    {
      token: 'glpat-plugin-test',
      name: 'backstage',
      userId: 5,
      scopes: ['read_api'],
    },
  ],
  projects: [
    {
      id: 42,
      path: 'team/service',
      members: [{ userId: 5, accessLevel: 20 }],
      mergeRequests: [
        {
          iid: 1,
          title: 'feat: checkout',
          state: 'merged',
          authorId: 1,
          mergeUserId: 2,
          sourceBranch: 'feature/PAY-7',
          targetBranch: 'main',
          createdAt: '2026-11-01T10:00:00Z',
          updatedAt: '2026-11-02T10:00:00Z',
          mergedAt: '2026-11-02T10:00:00Z',
          additions: 40,
          deletions: 10,
          fileCount: 3,
          notes: [
            {
              authorId: 2,
              createdAt: '2026-11-01T12:00:00Z',
              body: 'Looks good',
            },
          ],
          approvals: [{ userId: 2, approvedAt: '2026-11-01T14:00:00Z' }],
          closesIssues: [{ iid: 9, title: 'Checkout' }],
        },
        {
          iid: 2,
          title: 'fix: rounding',
          state: 'merged',
          authorId: 2,
          mergeUserId: 3,
          sourceBranch: 'fix/rounding',
          targetBranch: 'main',
          createdAt: '2026-11-03T00:00:00Z',
          updatedAt: '2026-11-03T06:00:00Z',
          mergedAt: '2026-11-03T06:00:00Z',
          additions: 5,
          deletions: 2,
          fileCount: 1,
          notes: [],
          approvals: [{ userId: 3, approvedAt: '2026-11-03T01:00:00Z' }],
          closesIssues: [],
        },
        {
          iid: 3,
          title: 'refactor: split module',
          state: 'opened',
          authorId: 1,
          sourceBranch: 'refactor/split',
          targetBranch: 'main',
          createdAt: '2026-11-10T00:00:00Z',
          updatedAt: '2026-11-10T00:30:00Z',
          additions: 300,
          deletions: 100,
          fileCount: 12,
          notes: [
            { authorId: 3, createdAt: '2026-11-10T00:30:00Z', body: 'Why?' },
          ],
          approvals: [],
          closesIssues: [],
        },
        {
          iid: 4,
          title: 'chore(deps): bump luxon',
          state: 'merged',
          authorId: 4,
          mergeUserId: 2,
          sourceBranch: 'renovate/luxon',
          targetBranch: 'main',
          createdAt: '2026-11-05T00:00:00Z',
          updatedAt: '2026-11-05T01:00:00Z',
          mergedAt: '2026-11-05T01:00:00Z',
          additions: 2,
          deletions: 2,
          fileCount: 2,
          notes: [],
          approvals: [],
          closesIssues: [],
        },
        {
          iid: 5,
          title: 'Try a new cache',
          state: 'closed',
          authorId: 3,
          sourceBranch: 'spike/cache',
          targetBranch: 'main',
          createdAt: '2026-11-04T00:00:00Z',
          updatedAt: '2026-11-06T00:00:00Z',
          closedAt: '2026-11-06T00:00:00Z',
          additions: 80,
          deletions: 0,
          fileCount: 4,
          notes: [],
          approvals: [],
          closesIssues: [],
        },
      ],
    },
  ],
});

function component(name: string, annotations: Record<string, string>): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name, namespace: 'default', annotations },
    spec: { type: 'service', owner: 'team', lifecycle: 'production' },
  };
}

describe.each(databases.eachSupportedId())('the plugin on %p', databaseId => {
  let simulator: GitlabSimulator;

  beforeAll(async () => {
    simulator = await startSimulator({ dataset });
  });
  afterAll(() => simulator.close());

  async function startBackend(
    permission:
      | AuthorizeResult.ALLOW
      | AuthorizeResult.DENY = AuthorizeResult.ALLOW,
  ) {
    const host = new URL(simulator.url).host;
    const { server } = await startTestBackend({
      features: [
        gitlabDeliveryPlugin,
        mockServices.database.factory({
          knex: await databases.init(databaseId),
        }),
        mockServices.scheduler.factory({ skipTaskRunOnStartup: true }),
        mockServices.permissions.factory({ result: permission }),
        mockServices.rootConfig.factory({
          data: {
            integrations: {
              gitlab: [
                {
                  host,
                  apiBaseUrl: `${simulator.url}/api/v4`,
                  token: 'glpat-plugin-test',
                },
              ],
            },
            gitlabDelivery: { excludeAuthors: ['*-bot'] },
          },
        }),
        catalogServiceMock.factory({
          entities: [
            component('service', { 'gitlab.com/project-slug': 'team/service' }),
            component('plain', {}),
            component('elsewhere', {
              'gitlab.com/project-slug': 'team/service',
              'gitlab.com/instance': 'gitlab.unknown.example',
            }),
          ],
        }),
      ],
    });
    return server;
  }

  const user = mockCredentials.user.header();

  it('syncs a project on request and serves its metrics', async () => {
    const server = await startBackend();
    const started = await request(server)
      .post('/api/gitlab-delivery/sync')
      .set('Authorization', user)
      .send({ entityRef: 'component:default/service' });
    expect(started.status).toBe(202);
    expect(started.body).toEqual({ started: true });

    let health;
    for (let attempt = 0; attempt < 100; attempt++) {
      health = await request(server)
        .get('/api/gitlab-delivery/entities/component/default/service/health')
        .set('Authorization', user);
      if (health.body.projects?.[0]?.lastSuccessAt) break;
      await new Promise(resolve => setTimeout(resolve, 100));
    }
    expect(health?.body.projects).toEqual([
      expect.objectContaining({
        path: 'team/service',
        projectId: 42,
        status: 'ok',
        mergeRequestCount: 5,
        lastErrorCode: null,
      }),
    ]);

    const metrics = await request(server)
      .get('/api/gitlab-delivery/entities/component/default/service/metrics')
      .query({ from: '2026-10-21T00:00:00Z', to: '2026-11-20T00:00:00Z' })
      .set('Authorization', user);
    expect(metrics.status).toBe(200);
    // Merged, by humans: 86400 s (iid 1) and 21600 s (iid 2); renovate-bot's iid 4 is excluded.
    // median (86400 + 21600) / 2 = 54000; p75 = 21600 + 0.75 × 64800 = 70200; p90 = 79920.
    expect(metrics.body.timeToMerge).toEqual({
      count: 2,
      median: 54000,
      p75: 70200,
      p90: 79920,
      mean: 54000,
      weekly: [
        { week: '2026-W43', count: 0, median: null, p90: null },
        { week: '2026-W44', count: 0, median: null, p90: null },
        { week: '2026-W45', count: 2, median: 54000, p90: 79920 },
        { week: '2026-W46', count: 0, median: null, p90: null },
        { week: '2026-W47', count: 0, median: null, p90: null },
      ],
    });
    // Created in the window: iids 1, 2, 3, 5. Comments 7200 s (1) and 1800 s (3); 2 and 5 have none.
    expect(metrics.body.timeToFirstComment).toEqual({
      count: 2,
      median: 4500,
      p75: 5850,
      p90: 6660,
      mean: 4500,
      withoutComment: 2,
    });
    // Approved: 14400 s (1) and 3600 s (2); iid 2 was approved without a comment.
    expect(metrics.body.timeToApprove).toEqual({
      count: 2,
      median: 9000,
      p75: 11700,
      p90: 13320,
      mean: 9000,
      approvedWithoutComment: 1,
    });
    expect(metrics.body.throughput.total).toBe(2);
    expect(metrics.body.stateMix).toMatchObject({
      open: 1,
      draft: 0,
      merged: 2,
      closed: 1,
      locked: 0,
    });
    expect(metrics.body.projects).toEqual([
      {
        host: new URL(simulator.url).host,
        path: 'team/service',
        webUrl: `${simulator.url}/team/service`,
      },
    ]);

    const list = await request(server)
      .get(
        '/api/gitlab-delivery/entities/component/default/service/merge-requests',
      )
      .query({ state: 'merged', limit: 2 })
      .set('Authorization', user);
    expect(list.status).toBe(200);
    expect(list.body.items.map((mr: { iid: number }) => mr.iid)).toEqual([
      4, 2,
    ]);
    expect(list.body.nextCursor).toEqual(expect.any(String));
  });

  it('answers 400, 404 and notConfigured', async () => {
    const server = await startBackend();
    const bad = await request(server)
      .get('/api/gitlab-delivery/entities/component/default/service/metrics')
      .query({ from: 'yesterday' })
      .set('Authorization', user);
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toContain('from');

    const tooLong = await request(server)
      .get('/api/gitlab-delivery/entities/component/default/service/metrics')
      .query({ from: '2025-01-01T00:00:00Z', to: '2026-06-01T00:00:00Z' })
      .set('Authorization', user);
    expect(tooLong.status).toBe(400);

    const badLimit = await request(server)
      .get(
        '/api/gitlab-delivery/entities/component/default/service/merge-requests',
      )
      .query({ limit: 1000 })
      .set('Authorization', user);
    expect(badLimit.status).toBe(400);
    expect(badLimit.body.error.message).toContain('limit');

    const missing = await request(server)
      .get('/api/gitlab-delivery/entities/component/default/nope/metrics')
      .set('Authorization', user);
    expect(missing.status).toBe(404);

    const plain = await request(server)
      .get('/api/gitlab-delivery/entities/component/default/plain/metrics')
      .set('Authorization', user);
    expect(plain.status).toBe(200);
    expect(plain.body.notConfigured).toEqual({
      reason: 'missing_annotation',
      message: expect.stringContaining('gitlab.com/project-slug'),
    });
    expect(plain.body.timeToMerge.count).toBe(0);

    const elsewhere = await request(server)
      .get('/api/gitlab-delivery/entities/component/default/elsewhere/health')
      .set('Authorization', user);
    expect(elsewhere.status).toBe(200);
    expect(elsewhere.body.notConfigured.reason).toBe('unknown_instance');
    expect(elsewhere.body.warnings[0]).toContain('gitlab.unknown.example');

    const invalid = await request(server)
      .get('/api/gitlab-delivery/entities/component/default/service/metrics')
      .set('Authorization', mockCredentials.user.invalidHeader());
    expect(invalid.status).toBe(401);
  });

  it('refuses a sync without the permission', async () => {
    const server = await startBackend(AuthorizeResult.DENY);
    const denied = await request(server)
      .post('/api/gitlab-delivery/sync')
      .set('Authorization', user)
      .send({});
    expect(denied.status).toBe(403);
    expect(denied.body.error.message).toContain('gitlab-delivery.sync.trigger');
  });

  async function eventually<T>(
    read: () => Promise<T>,
    done: (value: T) => boolean,
  ): Promise<T> {
    let value = await read();
    for (let attempt = 0; attempt < 100 && !done(value); attempt++) {
      await new Promise(resolve => setTimeout(resolve, 50));
      value = await read();
    }
    return value;
  }

  it('runs the health checks on request and serves them with the entity and to admins', async () => {
    const server = await startBackend();
    const host = new URL(simulator.url).host;
    const before = await request(server)
      .get('/api/gitlab-delivery/health')
      .set('Authorization', user);
    expect(before.status).toBe(200);
    expect(before.body.instances).toEqual([
      expect.objectContaining({
        host,
        checks: [expect.objectContaining({ id: 'instance.allowList' })],
      }),
    ]);

    const started = await request(server)
      .post('/api/gitlab-delivery/health/check')
      .set('Authorization', user)
      .send({ entityRef: 'component:default/service' });
    expect(started.status).toBe(202);
    expect(started.body).toEqual({ started: true });

    const health = await eventually(
      async () =>
        (
          await request(server)
            .get(
              '/api/gitlab-delivery/entities/component/default/service/health',
            )
            .set('Authorization', user)
        ).body,
      body => body.projects[0].checks.length > 1,
    );
    expect(health.instances).toEqual([
      expect.objectContaining({
        host,
        version: '17.5.0',
        tokenName: 'backstage',
        tokenScopes: ['read_api'],
        tokenExpiresAt: null,
        rateLimit: { limit: 2000, remaining: expect.any(Number) },
      }),
    ]);
    const instanceChecks = health.instances[0].checks;
    expect(
      instanceChecks.filter((c: { status: string }) => c.status !== 'ok'),
    ).toEqual([
      expect.objectContaining({ id: 'instance.tls', status: 'skipped' }),
      expect.objectContaining({ id: 'instance.allowList', status: 'warning' }),
    ]);
    expect(health.projects[0]).toMatchObject({
      path: 'team/service',
      status: 'warning',
      checks: expect.arrayContaining([
        expect.objectContaining({ id: 'project.resolves', status: 'ok' }),
        expect.objectContaining({ id: 'project.access', status: 'ok' }),
        expect.objectContaining({ id: 'project.merge_requests', status: 'ok' }),
        expect.objectContaining({
          id: 'project.sync',
          status: 'warning',
          message: 'Not synced yet.',
        }),
      ]),
    });
    expect(JSON.stringify(health)).not.toContain('glpat-plugin');

    const all = await request(server)
      .get('/api/gitlab-delivery/health')
      .set('Authorization', user);
    expect(all.status).toBe(200);
    expect(all.body.instances[0].checks.length).toBeGreaterThan(5);
  });

  it('answers 429 to a second health check request within 30 seconds', async () => {
    const server = await startBackend();
    const first = await request(server)
      .post('/api/gitlab-delivery/health/check')
      .set('Authorization', user)
      .send({});
    expect(first.status).toBe(202);
    const second = await request(server)
      .post('/api/gitlab-delivery/health/check')
      .set('Authorization', user)
      .send({});
    expect(second.status).toBe(429);
    expect(Number(second.headers['retry-after'])).toBeGreaterThan(0);
    expect(second.body.error).toMatchObject({
      name: 'TooManyRequestsError',
      message: expect.stringContaining(
        'A health check of every instance and project was requested less than 30 seconds ago',
      ),
    });
    const other = await request(server)
      .post('/api/gitlab-delivery/health/check')
      .set('Authorization', user)
      .send({ entityRef: 'component:default/service' });
    expect(other.status).toBe(202);

    const invalid = await request(server)
      .post('/api/gitlab-delivery/health/check')
      .set('Authorization', user)
      .send({ entityRef: 'service' });
    expect(invalid.status).toBe(400);
    const missing = await request(server)
      .post('/api/gitlab-delivery/health/check')
      .set('Authorization', user)
      .send({ entityRef: 'component:default/nope' });
    expect(missing.status).toBe(404);
  });

  it('refuses the health overview and the live checks without their permissions', async () => {
    const server = await startBackend(AuthorizeResult.DENY);
    const overview = await request(server)
      .get('/api/gitlab-delivery/health')
      .set('Authorization', user);
    expect(overview.status).toBe(403);
    expect(overview.body.error.message).toContain(
      'gitlab-delivery.health.read',
    );
    const check = await request(server)
      .post('/api/gitlab-delivery/health/check')
      .set('Authorization', user)
      .send({});
    expect(check.status).toBe(403);
    expect(check.body.error.message).toContain('gitlab-delivery.health.check');
    // gitlab-delivery.entity.read is denied too: the entity is not found.
    const entity = await request(server)
      .get('/api/gitlab-delivery/entities/component/default/service/health')
      .set('Authorization', user);
    expect(entity.status).toBe(404);
  });
});
