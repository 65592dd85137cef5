import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  DiscoveredProject,
  DiscoveredProjectsResponse,
} from '@delivery-insights/plugin-gitlab-delivery-common';
import {
  GitlabSimulator,
  loadDataset,
  startSimulator,
} from '@delivery-insights/gitlab-simulator';
import { DateTime } from 'luxon';
import request from 'supertest';
import { gitlabDeliveryPlugin } from './plugin';
import { SYNC_TASK_ID } from './services/sync/DefaultSyncService';
import { testDatabases } from './__testUtils__/databases';

const databases = testDatabases();

const recently = (days: number) =>
  DateTime.utc().minus({ days }).toISO({ suppressMilliseconds: true })!;

function mergeRequest(iid: number, createdAt: string) {
  return {
    iid,
    title: `change ${iid}`,
    state: 'opened' as const,
    authorId: 1,
    sourceBranch: `change-${iid}`,
    targetBranch: 'main',
    createdAt,
    updatedAt: createdAt,
    additions: 1,
    deletions: 1,
    fileCount: 1,
    notes: [],
    approvals: [],
    closesIssues: [],
  };
}

// 63 memberships: two tracked, one where the token's user is a Guest, and 60
// more, so that the list spans two of GitLab's pages of 50.
function dataset() {
  return loadDataset({
    users: [
      { id: 1, username: 'alice', name: 'Alice' },
      { id: 5, username: 'backstage', name: 'Backstage' },
    ],
    tokens: [
      {
        token: 'glpat-projects-test',
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
          mergeRequest(1, recently(3)),
          mergeRequest(2, recently(10)),
          mergeRequest(3, recently(45)),
        ],
      },
      {
        id: 43,
        path: 'team/paused',
        members: [{ userId: 5, accessLevel: 30 }],
        mergeRequests: [mergeRequest(1, recently(2))],
      },
      {
        id: 44,
        path: 'team/guest-only',
        members: [{ userId: 5, accessLevel: 10 }],
        mergeRequests: [],
      },
      ...Array.from({ length: 60 }, (_, i) => ({
        id: 100 + i,
        path: `lab/experiment-${100 + i}`,
        members: [{ userId: 5, accessLevel: 40 }],
        mergeRequests: [],
      })),
    ],
  });
}

function component(name: string, slug: string): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name,
      namespace: 'default',
      annotations: { 'gitlab.com/project-slug': slug },
    },
    spec: { type: 'service', owner: 'team', lifecycle: 'production' },
  };
}

const user = mockCredentials.user.header();
const USER_REF = 'user:default/mock';

describe.each(databases.eachSupportedId())(
  'project discovery and auto-sync on %p',
  databaseId => {
    let simulator: GitlabSimulator;

    beforeEach(async () => {
      simulator = await startSimulator({ dataset: dataset() });
    });
    afterEach(() => simulator.close());

    async function startBackend(
      permission:
        | AuthorizeResult.ALLOW
        | AuthorizeResult.DENY = AuthorizeResult.ALLOW,
      allow?: string[],
      oauthOnly = false,
    ) {
      const host = new URL(simulator.url).host;
      const scheduler = mockServices.scheduler() as ReturnType<
        typeof mockServices.scheduler
      > & { factory: typeof mockServices.scheduler.factory };
      const { server } = await startTestBackend({
        features: [
          gitlabDeliveryPlugin,
          mockServices.database.factory({
            knex: await databases.init(databaseId),
          }),
          scheduler.factory({ skipTaskRunOnStartup: true }),
          mockServices.permissions.factory({ result: permission }),
          mockServices.rootConfig.factory({
            data: {
              integrations: {
                gitlab: [
                  {
                    host,
                    apiBaseUrl: `${simulator.url}/api/v4`,
                    ...(!oauthOnly && { token: 'glpat-projects-test' }),
                  },
                ],
              },
              // Every scheduled run finds every project with auto-sync on due.
              gitlabDelivery: {
                schedule: {
                  frequency: { seconds: 1 },
                  timeout: { minutes: 1 },
                },
                ...(allow && { instances: [{ host, projects: { allow } }] }),
                ...(oauthOnly && {
                  encryptionKey:
                    'a passphrase of more than thirty-two characters',
                  instances: [
                    {
                      host,
                      oauth: { clientId: 'app', clientSecret: 'app-secret' },
                    },
                  ],
                }),
              },
            },
          }),
          catalogServiceMock.factory({
            entities: [
              component('service', 'team/service'),
              component('paused', 'team/paused'),
            ],
          }),
        ],
      });
      const scheduledRun = () => scheduler.triggerTask(SYNC_TASK_ID);
      return { server, host, scheduledRun };
    }

    async function list(
      server: Awaited<ReturnType<typeof startBackend>>['server'],
      host: string,
      query: Record<string, string> = {},
    ): Promise<DiscoveredProjectsResponse> {
      const res = await request(server)
        .get(`/api/gitlab-delivery/instances/${host}/projects`)
        .query(query)
        .set('Authorization', user);
      expect(res.status).toBe(200);
      return res.body;
    }

    async function projectHealth(
      server: Awaited<ReturnType<typeof startBackend>>['server'],
      name: string,
    ) {
      const res = await request(server)
        .get(`/api/gitlab-delivery/entities/component/default/${name}/health`)
        .set('Authorization', user);
      expect(res.status).toBe(200);
      return res.body.projects[0];
    }

    const paths = (page: DiscoveredProjectsResponse) =>
      page.items.map(item => item.fullPath);

    it('lists the token user’s projects in GitLab’s pages, searches them, and tells tracked from untracked', async () => {
      const { server, host, scheduledRun } = await startBackend();
      await scheduledRun();

      const first = await list(server, host);
      expect(first.items).toHaveLength(50);
      expect(first.items[0].fullPath).toBe('lab/experiment-159');
      expect(first.nextCursor).toEqual(expect.any(String));
      const second = await list(server, host, { cursor: first.nextCursor! });
      expect(paths(second)).toHaveLength(13);
      expect(second.nextCursor).toBeUndefined();
      expect(paths(second).slice(-3)).toEqual([
        'team/guest-only',
        'team/paused',
        'team/service',
      ]);

      const service = second.items.find(i => i.fullPath === 'team/service');
      expect(service).toEqual<DiscoveredProject>({
        id: 42,
        fullPath: 'team/service',
        webUrl: `${simulator.url}/team/service`,
        role: { accessLevel: 20, name: 'Reporter' },
        readable: true,
        allowed: true,
        mergeRequestsEnabled: true,
        // Created 3 and 10 days ago; the one of 45 days ago is older.
        mergeRequestsLast30Days: 2,
        trackedBy: ['component:default/service'],
        autoSync: { enabled: true },
        catalogSnippet: expect.stringContaining(
          'gitlab.com/project-slug: team/service\n',
        ),
      });
      const untracked = first.items[0];
      expect(untracked).toMatchObject({
        role: { accessLevel: 40, name: 'Maintainer' },
        mergeRequestsLast30Days: null,
        trackedBy: [],
        autoSync: null,
      });
      // The only instance is the default one: no instance annotation.
      expect(untracked.catalogSnippet).toBe(
        [
          'apiVersion: backstage.io/v1alpha1',
          'kind: Component',
          'metadata:',
          '  name: experiment-159',
          '  annotations:',
          '    gitlab.com/project-slug: lab/experiment-159',
          'spec:',
          '  type: service',
          '  lifecycle: production',
          '  owner: lab',
          '',
        ].join('\n'),
      );

      // GitLab's search matches the name, path or description.
      expect(paths(await list(server, host, { search: 'guest' }))).toEqual([
        'team/guest-only',
      ]);
      const searched = await list(server, host, { search: 'experiment-1' });
      expect(paths(searched)).toHaveLength(50);
      expect(searched.nextCursor).toEqual(expect.any(String));
      const rest = await list(server, host, {
        search: 'experiment-1',
        cursor: searched.nextCursor!,
      });
      expect(paths(rest)).toHaveLength(10);
      expect(rest.nextCursor).toBeUndefined();
    });

    it('filters tracked, untracked and unreadable projects across GitLab’s pages', async () => {
      const { server, host, scheduledRun } = await startBackend();
      await scheduledRun();

      const tracked = await list(server, host, { tracked: 'tracked' });
      expect(paths(tracked)).toEqual(['team/paused', 'team/service']);
      expect(tracked.nextCursor).toBeUndefined();

      const unreadable = await list(server, host, { tracked: 'unreadable' });
      expect(unreadable.items).toEqual([
        expect.objectContaining({
          fullPath: 'team/guest-only',
          role: { accessLevel: 10, name: 'Guest' },
          readable: false,
        }),
      ]);

      const untracked = await list(server, host, { tracked: 'untracked' });
      expect(untracked.items).toHaveLength(50);
      const more = await list(server, host, {
        tracked: 'untracked',
        cursor: untracked.nextCursor!,
      });
      expect(paths(more)).toHaveLength(11);
      expect(paths(more)).not.toContain('team/service');
    });

    it('with auto-sync off, skips the project on schedule while a manual sync still syncs it, and says who turned it off', async () => {
      const { server, host, scheduledRun } = await startBackend();
      await scheduledRun();
      const before = await projectHealth(server, 'paused');
      expect(before).toMatchObject({ projectId: 43, mergeRequestCount: 1 });

      const off = await request(server)
        .post(`/api/gitlab-delivery/projects/${host}/43/auto-sync`)
        .set('Authorization', user)
        .send({ enabled: false });
      expect(off.status).toBe(200);
      expect(off.body).toEqual({
        enabled: false,
        changedBy: USER_REF,
        changedAt: expect.any(String),
      });

      simulator.addMergeRequest(43, mergeRequest(2, recently(1)));
      simulator.addMergeRequest(42, mergeRequest(4, recently(1)));
      await new Promise(resolve => setTimeout(resolve, 1100));
      await scheduledRun();

      const skipped = await projectHealth(server, 'paused');
      expect(skipped).toMatchObject({
        autoSync: false,
        autoSyncChangedBy: USER_REF,
        autoSyncChangedAt: off.body.changedAt,
        mergeRequestCount: 1,
        lastAttemptAt: before.lastAttemptAt,
      });
      expect(await projectHealth(server, 'service')).toMatchObject({
        autoSync: true,
        mergeRequestCount: 4,
      });
      const [listed] = (await list(server, host, { tracked: 'tracked' })).items;
      expect(listed).toMatchObject({
        fullPath: 'team/paused',
        autoSync: {
          enabled: false,
          changedBy: USER_REF,
          changedAt: off.body.changedAt,
        },
      });

      const manual = await request(server)
        .post('/api/gitlab-delivery/sync')
        .set('Authorization', user)
        .send({ entityRef: 'component:default/paused' });
      expect(manual.status).toBe(202);
      let synced;
      for (let attempt = 0; attempt < 100; attempt++) {
        synced = await projectHealth(server, 'paused');
        if (synced.mergeRequestCount === 2) break;
        await new Promise(resolve => setTimeout(resolve, 100));
      }
      expect(synced).toMatchObject({ autoSync: false, mergeRequestCount: 2 });

      const on = await request(server)
        .post(`/api/gitlab-delivery/projects/${host}/43/auto-sync`)
        .set('Authorization', user)
        .send({ enabled: true });
      expect(on.body).toMatchObject({ enabled: true, changedBy: USER_REF });
      expect(await projectHealth(server, 'paused')).toMatchObject({
        autoSync: true,
      });
    });

    it('says which projects the allow-list leaves out', async () => {
      const { server, host } = await startBackend(AuthorizeResult.ALLOW, [
        'team/**',
      ]);
      const listed = await list(server, host, { search: 'guest' });
      expect(listed.items[0]).toMatchObject({
        fullPath: 'team/guest-only',
        allowed: true,
      });
      const [outside] = (await list(server, host)).items;
      expect(outside).toMatchObject({
        fullPath: 'lab/experiment-159',
        allowed: false,
      });
    });

    it('answers 404 for an unknown instance or an untracked project', async () => {
      const { server, host, scheduledRun } = await startBackend();
      await scheduledRun();
      const instance = await request(server)
        .get('/api/gitlab-delivery/instances/gitlab.unknown.example/projects')
        .set('Authorization', user);
      expect(instance.status).toBe(404);
      expect(instance.body.error.message).toBe(
        `No GitLab instance gitlab.unknown.example is configured: the configured hosts are ${host}`,
      );
      const project = await request(server)
        .post(`/api/gitlab-delivery/projects/${host}/100/auto-sync`)
        .set('Authorization', user)
        .send({ enabled: false });
      expect(project.status).toBe(404);
      expect(project.body.error.message).toContain('No entity tracks');
    });

    it('answers 400 to a cursor GitLab did not issue', async () => {
      const { server, host } = await startBackend();
      const forged = Buffer.from('{"id":"not a number"}').toString('base64url');
      const res = await request(server)
        .get(`/api/gitlab-delivery/instances/${host}/projects`)
        .query({ cursor: Buffer.from(forged).toString('base64url') })
        .set('Authorization', user);
      expect(res.status).toBe(400);
      expect(res.body.error.message).toBe(
        'Invalid cursor: expected the nextCursor of a previous page',
      );
    });

    it('names the fix when GitLab refuses the token, never passing on GitLab’s status', async () => {
      simulator.data.tokens[0].revoked = true;
      const { server, host } = await startBackend();
      const res = await request(server)
        .get(`/api/gitlab-delivery/instances/${host}/projects`)
        .set('Authorization', user);
      expect(res.status).toBe(503);
      expect(res.body.error.message).toMatch(
        /^Could not list the GitLab projects: GitLab at .* rejected the token \(401\).*read_api/,
      );
      expect(res.body.error.stack).toBeUndefined();
    });

    it('says that an OAuth instance not connected yet has no credential, rather than listing no projects', async () => {
      const { server, host } = await startBackend(
        AuthorizeResult.ALLOW,
        undefined,
        true,
      );
      const res = await request(server)
        .get(`/api/gitlab-delivery/instances/${host}/projects`)
        .set('Authorization', user);
      expect(res.status).toBe(503);
      expect(res.body.error.message).toBe(
        `${host} has no credential yet: press Connect GitLab for it on the Health tab, or set integrations.gitlab[].token`,
      );
      expect(
        simulator.requests.filter(r => r.operationName !== undefined),
      ).toEqual([]);
    });

    it('refuses both routes without gitlab-delivery.connection.manage', async () => {
      const { server, host } = await startBackend(AuthorizeResult.DENY);
      const listed = await request(server)
        .get(`/api/gitlab-delivery/instances/${host}/projects`)
        .set('Authorization', user);
      expect(listed.status).toBe(403);
      expect(listed.body.error.message).toBe(
        'The permission gitlab-delivery.connection.manage is required',
      );
      const changed = await request(server)
        .post(`/api/gitlab-delivery/projects/${host}/42/auto-sync`)
        .set('Authorization', user)
        .send({ enabled: false });
      expect(changed.status).toBe(403);
    });
  },
);
