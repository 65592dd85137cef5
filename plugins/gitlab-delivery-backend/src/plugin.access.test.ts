import { PermissionsServiceRequestOptions } from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  AuthorizePermissionRequest,
  AuthorizeResult,
} from '@backstage/plugin-permission-common';
import {
  GitlabSimulator,
  loadDataset,
  startSimulator,
} from '@delivery-insights/gitlab-simulator';
import request from 'supertest';
import { gitlabDeliveryPlugin } from './plugin';
import { testDatabases } from './__testUtils__/databases';

const databases = testDatabases();
const ADMIN = 'user:default/admin';
const VIEWER = 'user:default/viewer';
const API = '/api/gitlab-delivery';

function mergeRequest(iid: number, title: string) {
  return {
    iid,
    title,
    description: `Secret plans for ${title}`,
    state: 'merged',
    authorId: 1,
    mergeUserId: 1,
    sourceBranch: `feature/${iid}`,
    targetBranch: 'main',
    createdAt: '2026-11-01T10:00:00Z',
    updatedAt: '2026-11-02T10:00:00Z',
    mergedAt: '2026-11-02T10:00:00Z',
    additions: 1,
    deletions: 1,
    fileCount: 1,
    notes: [],
    approvals: [],
    closesIssues: [],
  };
}

const dataset = loadDataset({
  users: [
    { id: 1, username: 'alice', name: 'Alice' },
    { id: 5, username: 'backstage-bot', name: 'Backstage' },
  ],
  tokens: [
    {
      token: 'glpat-access-test',
      name: 'backstage-portal',
      userId: 5,
      scopes: ['read_api'],
    },
  ],
  projects: [
    ['team/service', 42, 'feat: checkout'],
    ['team/other', 43, 'feat: hidden work'],
    ['finance/payroll', 44, 'feat: salaries'],
  ].map(([path, id, title]) => ({
    id: id as number,
    path: path as string,
    members: [{ userId: 5, accessLevel: 20 }],
    mergeRequests: [mergeRequest(1, title as string)],
  })),
});

function entity(
  kind: string,
  name: string,
  annotations: Record<string, string>,
  relations: Array<[string, string]> = [],
): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind,
    metadata: { name, namespace: 'default', annotations },
    spec: { owner: 'team' },
    relations: relations.map(([type, targetRef]) => ({ type, targetRef })),
  };
}

const ENTITIES = [
  entity(
    'Component',
    'service',
    { 'gitlab.com/project-slug': 'team/service' },
    [['partOf', 'system:default/shop']],
  ),
  entity('Component', 'other', { 'gitlab.com/project-slug': 'team/other' }, [
    ['partOf', 'system:default/shop'],
  ]),
  entity('Component', 'payroll', {
    'gitlab.com/project-slug': 'finance/payroll',
  }),
  entity('System', 'shop', {}, [
    ['hasPart', 'component:default/service'],
    ['hasPart', 'component:default/other'],
  ]),
];

/** The policy: only the admin reads `other` and the health of everything. */
async function policy(
  requests: AuthorizePermissionRequest[],
  options?: PermissionsServiceRequestOptions,
) {
  const principal = options?.credentials.principal as {
    userEntityRef?: string;
  };
  const admin = principal?.userEntityRef === ADMIN;
  return requests.map(r => {
    const denied =
      !admin &&
      ((r.permission.name === 'gitlab-delivery.entity.read' &&
        'resourceRef' in r &&
        r.resourceRef === 'component:default/other') ||
        r.permission.name === 'gitlab-delivery.health.read');
    return { result: denied ? AuthorizeResult.DENY : AuthorizeResult.ALLOW };
  });
}

describe.each(databases.eachSupportedId())(
  'access to the plugin on %p',
  databaseId => {
    let simulator: GitlabSimulator;
    beforeAll(async () => {
      simulator = await startSimulator({ dataset });
    });
    afterAll(() => simulator.close());

    async function startBackend(gitlabDelivery: object = {}) {
      const host = new URL(simulator.url).host;
      const { server } = await startTestBackend({
        features: [
          gitlabDeliveryPlugin,
          mockServices.database.factory({
            knex: await databases.init(databaseId),
          }),
          mockServices.scheduler.factory({ skipTaskRunOnStartup: true }),
          mockServices.permissions.mock({
            authorize: policy as never,
            authorizeConditional: policy as never,
          }).factory,
          mockServices.rootConfig.factory({
            data: {
              integrations: {
                gitlab: [
                  {
                    host,
                    apiBaseUrl: `${simulator.url}/api/v4`,
                    token: 'glpat-access-test',
                  },
                ],
              },
              gitlabDelivery: {
                instances: [{ host, projects: { allow: ['team/**'] } }],
                ...gitlabDelivery,
              },
            },
          }),
          catalogServiceMock.factory({ entities: ENTITIES }),
        ],
      });
      return server;
    }

    const as = (user: string) => mockCredentials.user.header(user);

    async function eventually<T>(
      read: () => Promise<T>,
      done: (value: T) => boolean,
    ) {
      let value = await read();
      for (let i = 0; i < 100 && !done(value); i++) {
        await new Promise(resolve => setTimeout(resolve, 50));
        value = await read();
      }
      return value;
    }

    async function syncEverything(
      server: Awaited<ReturnType<typeof startBackend>>,
    ) {
      simulator.clearRequests();
      expect(
        (
          await request(server)
            .post(`${API}/sync`)
            .set('Authorization', as(ADMIN))
            .send({})
        ).status,
      ).toBe(202);
      await eventually(
        async () =>
          (
            await request(server)
              .get(`${API}/health`)
              .set('Authorization', as(ADMIN))
          ).body.projects as Array<{ lastSuccessAt: string | null }>,
        projects =>
          projects.length === 2 && projects.every(p => p.lastSuccessAt),
      );
    }

    it('hides an entity whose data the policy denies, and its share of a System', async () => {
      const server = await startBackend();
      await syncEverything(server);

      const missing = await request(server)
        .get(`${API}/entities/component/default/nope/metrics`)
        .set('Authorization', as(VIEWER));
      for (const route of ['metrics', 'merge-requests', 'health']) {
        const denied = await request(server)
          .get(`${API}/entities/component/default/other/${route}`)
          .set('Authorization', as(VIEWER));
        expect(denied.status).toBe(404);
        expect(denied.body.error.message).toBe(
          missing.body.error.message.replace('nope', 'other'),
        );
      }
      const sync = await request(server)
        .post(`${API}/sync`)
        .set('Authorization', as(VIEWER))
        .send({ entityRef: 'component:default/other' });
      expect(sync.status).toBe(404);

      const viewer = await request(server)
        .get(`${API}/entities/system/default/shop/merge-requests`)
        .query({ description: 'true' })
        .set('Authorization', as(VIEWER));
      expect(viewer.status).toBe(200);
      expect(
        viewer.body.items.map((mr: { projectId: number }) => mr.projectId),
      ).toEqual([42]);
      expect(JSON.stringify(viewer.body)).not.toContain('hidden work');
      const metrics = await request(server)
        .get(`${API}/entities/system/default/shop/metrics`)
        .set('Authorization', as(VIEWER));
      expect(
        metrics.body.projects.map((p: { path: string }) => p.path),
      ).toEqual(['team/service']);

      const admin = await request(server)
        .get(`${API}/entities/system/default/shop/merge-requests`)
        .set('Authorization', as(ADMIN));
      expect(
        admin.body.items
          .map((mr: { projectId: number }) => mr.projectId)
          .sort(),
      ).toEqual([42, 43]);
    });

    it('never requests a project outside the allow-list, and says why on its entity', async () => {
      const server = await startBackend();
      await syncEverything(server);
      expect(
        (
          await request(server)
            .post(`${API}/health/check`)
            .set('Authorization', as(ADMIN))
            .send({})
        ).status,
      ).toBe(202);
      await eventually(
        async () =>
          (
            await request(server)
              .get(`${API}/health`)
              .set('Authorization', as(ADMIN))
          ).body.instances[0].checks.length,
        count => count > 5,
      );
      const asked = simulator.requests.map(
        r => `${r.path} ${JSON.stringify(r.graphqlVariables ?? '')}`,
      );
      expect(asked.length).toBeGreaterThan(5);
      expect(asked.join('\n')).not.toMatch(/finance|payroll|projects\/44/);

      const payroll = await request(server)
        .get(`${API}/entities/component/default/payroll/health`)
        .set('Authorization', as(VIEWER));
      expect(payroll.body.notConfigured).toEqual({
        reason: 'not_allowed',
        message: expect.stringContaining(
          'gitlabDelivery.instances[].projects.allow',
        ),
      });
      expect(payroll.body.projects).toEqual([]);
    });

    it('shows the entity health without instance facts to viewers without health.read', async () => {
      const server = await startBackend();
      expect(
        (
          await request(server)
            .post(`${API}/health/check`)
            .set('Authorization', as(ADMIN))
            .send({ entityRef: 'component:default/service' })
        ).status,
      ).toBe(202);
      const admin = await eventually(
        async () =>
          (
            await request(server)
              .get(`${API}/entities/component/default/service/health`)
              .set('Authorization', as(ADMIN))
          ).body,
        body =>
          body.instances[0]?.tokenName === 'backstage-portal' &&
          body.projects[0].checks.length > 1,
      );
      expect(admin.instances[0]).toMatchObject({
        version: expect.any(String),
        tokenScopes: ['read_api'],
      });

      const viewer = await request(server)
        .get(`${API}/entities/component/default/service/health`)
        .set('Authorization', as(VIEWER));
      expect(viewer.status).toBe(200);
      expect(viewer.body).toMatchObject({
        instances: [],
        instancesHidden: true,
      });
      expect(viewer.body.projects[0].checks.length).toBeGreaterThan(1);
      const text = JSON.stringify(viewer.body);
      for (const fact of [
        'backstage-portal',
        'backstage-bot',
        'read_api',
        '/api/v4',
        'version',
      ]) {
        expect(text).not.toContain(fact);
      }
    });

    it('answers 429 with Retry-After to a second sync of an entity within a minute', async () => {
      const server = await startBackend();
      const sync = (entityRef: string) =>
        request(server)
          .post(`${API}/sync`)
          .set('Authorization', as(VIEWER))
          .send({ entityRef });
      expect((await sync('component:default/service')).status).toBe(202);
      const again = await sync('component:default/service');
      expect(again.status).toBe(429);
      expect(Number(again.headers['retry-after'])).toBeGreaterThan(0);
      expect(Number(again.headers['retry-after'])).toBeLessThanOrEqual(60);
      expect(again.body.error.message).toContain('try again in');
      expect((await sync('system:default/shop')).status).toBe(202);
    });

    it('answers 400 with the reason when the services refuse the input: a forged cursor, a window', async () => {
      const server = await startBackend();
      const get = (route: string, query: Record<string, string>) =>
        request(server)
          .get(`${API}/entities/component/default/service/${route}`)
          .query(query)
          .set('Authorization', as(VIEWER));
      const forged = Buffer.from(JSON.stringify(['x', 'y', 1, 2])).toString(
        'base64url',
      );
      const cursor = await get('merge-requests', { cursor: forged });
      expect(cursor.status).toBe(400);
      expect(cursor.body.error.message).toContain('cursor is not valid');
      // Only one end given: the service completes the window and checks it.
      const future = await get('metrics', { from: '2999-01-01T00:00:00Z' });
      expect(future.status).toBe(400);
      expect(future.body.error.message).toContain('from must be before to');
    });

    it('names a mistyped setting and its nearest known key on the health page', async () => {
      const server = await startBackend({ retentionDay: 3 });
      const health = await request(server)
        .get(`${API}/health`)
        .set('Authorization', as(ADMIN));
      const checks = health.body.instances[0].checks;
      expect(checks).toEqual(
        expect.arrayContaining([
          expect.objectContaining({
            id: 'instance.api',
            status: 'warning',
            message: expect.stringContaining(
              'gitlabDelivery.retentionDay is not a setting of the plugin and is ignored; did you mean gitlabDelivery.retentionDays?',
            ),
          }),
          expect.objectContaining({ id: 'instance.allowList', status: 'ok' }),
        ]),
      );
    });

    it('checks at most health.maxProjectsPerRun projects in one run of a check of everything', async () => {
      const server = await startBackend({ health: { maxProjectsPerRun: 1 } });
      await syncEverything(server);
      const checkedLive = async () =>
        (
          (
            await request(server)
              .get(`${API}/health`)
              .set('Authorization', as(ADMIN))
          ).body.projects as Array<{
            checks: Array<{ id: string; message: string }>;
          }>
        ).filter(p =>
          p.checks.some(
            c =>
              c.id === 'project.access' &&
              !c.message.startsWith('The last sync'),
          ),
        ).length;
      simulator.clearRequests();
      expect(
        (
          await request(server)
            .post(`${API}/health/check`)
            .set('Authorization', as(ADMIN))
            .send({})
        ).status,
      ).toBe(202);
      expect(await eventually(checkedLive, count => count > 0)).toBe(1);
      await new Promise(resolve => setTimeout(resolve, 300));
      expect(await checkedLive()).toBe(1);
    });
  },
);
