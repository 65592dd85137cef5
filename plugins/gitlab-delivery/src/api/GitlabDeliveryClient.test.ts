import { ResponseError } from '@backstage/errors';
import { MockFetchApi, registerMswTestHooks } from '@backstage/test-utils';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { createEntityHealth } from '../__testUtils__/health';
import { createMergeRequest } from '../__testUtils__/mergeRequests';
import { createMetrics } from '../__testUtils__/metrics';
import { GitlabDeliveryClient } from './GitlabDeliveryClient';

const BASE = 'http://backstage.test/api/gitlab-delivery';

describe('GitlabDeliveryClient', () => {
  const server = setupServer();
  registerMswTestHooks(server);

  const discoveryApi = {
    getBaseUrl: jest.fn(
      async (pluginId: string) => `http://backstage.test/api/${pluginId}`,
    ),
  };
  const client = new GitlabDeliveryClient({
    discoveryApi,
    fetchApi: new MockFetchApi(),
  });

  it('asks discovery for the gitlab-delivery base URL', async () => {
    server.use(
      http.get(`${BASE}/health`, () =>
        HttpResponse.json({ instances: [], projects: [] }),
      ),
    );
    await client.getHealth();
    expect(discoveryApi.getBaseUrl).toHaveBeenCalledWith('gitlab-delivery');
  });

  it('gets metrics with the window as query parameters', async () => {
    const metrics = createMetrics();
    let url: URL | undefined;
    server.use(
      http.get(
        `${BASE}/entities/component/default/shop/metrics`,
        ({ request }) => {
          url = new URL(request.url);
          return HttpResponse.json(metrics);
        },
      ),
    );
    const result = await client.getMetrics({
      entityRef: 'component:default/shop',
      from: '2025-01-01T00:00:00.000Z',
      to: '2025-01-31T00:00:00.000Z',
    });
    expect(result).toEqual(metrics);
    expect(url?.searchParams.get('from')).toBe('2025-01-01T00:00:00.000Z');
    expect(url?.searchParams.get('to')).toBe('2025-01-31T00:00:00.000Z');
  });

  it('encodes each part of the entity ref', async () => {
    let path: string | undefined;
    server.use(
      http.get(`${BASE}/entities/*`, ({ request }) => {
        path = new URL(request.url).pathname;
        return HttpResponse.json(createEntityHealth());
      }),
    );
    await client.getEntityHealth({
      entityRef: { kind: 'Component', namespace: 'my ns', name: 'a/b' },
    });
    expect(path).toBe(
      '/api/gitlab-delivery/entities/Component/my%20ns/a%2Fb/health',
    );
  });

  it('gets merge requests with state, limit and cursor, and leaves out unset ones', async () => {
    const urls: URL[] = [];
    server.use(
      http.get(
        `${BASE}/entities/component/default/shop/merge-requests`,
        ({ request }) => {
          urls.push(new URL(request.url));
          return HttpResponse.json({
            entityRef: 'component:default/shop',
            items: [createMergeRequest()],
            nextCursor: 'abc',
          });
        },
      ),
    );
    const page = await client.getMergeRequests({
      entityRef: 'component:default/shop',
      state: 'draft',
      limit: 25,
      cursor: 'xyz',
    });
    await client.getMergeRequests({ entityRef: 'component:default/shop' });
    expect(page.nextCursor).toBe('abc');
    expect(Object.fromEntries(urls[0].searchParams)).toEqual({
      state: 'draft',
      limit: '25',
      cursor: 'xyz',
    });
    expect([...urls[1].searchParams.keys()]).toEqual([]);
  });

  it('posts a sync with the entity ref in the body', async () => {
    let body: unknown;
    server.use(
      http.post(`${BASE}/sync`, async ({ request }) => {
        body = await request.json();
        return new HttpResponse(null, { status: 202 });
      }),
    );
    await client.triggerSync({
      entityRef: { kind: 'Component', namespace: 'default', name: 'shop' },
    });
    expect(body).toEqual({ entityRef: 'component:default/shop' });
  });

  it('posts a health check for everything with an empty body', async () => {
    let body: unknown;
    server.use(
      http.post(`${BASE}/health/check`, async ({ request }) => {
        body = await request.json();
        return HttpResponse.json({ accepted: true }, { status: 202 });
      }),
    );
    await client.runHealthCheck();
    expect(body).toEqual({});
  });

  it('turns Backstage error JSON into a ResponseError', async () => {
    server.use(
      http.get(`${BASE}/health`, () =>
        HttpResponse.json(
          {
            error: {
              name: 'NotAllowedError',
              message: 'Not allowed to read GitLab health',
            },
            request: { method: 'GET', url: '/health' },
            response: { statusCode: 403 },
          },
          { status: 403 },
        ),
      ),
    );
    const error = await client.getHealth().catch(e => e);
    expect(ResponseError.is(error)).toBe(true);
    expect(error.statusCode).toBe(403);
    expect(error.body.error.name).toBe('NotAllowedError');
    expect(error.cause.message).toBe('Not allowed to read GitLab health');
  });

  it('turns a non-JSON failure into a ResponseError too', async () => {
    server.use(
      http.post(
        `${BASE}/sync`,
        () => new HttpResponse('Bad gateway', { status: 502 }),
      ),
    );
    const error = await client.triggerSync().catch(e => e);
    expect(ResponseError.is(error)).toBe(true);
    expect(error.statusCode).toBe(502);
  });

  it('lists an instance’s projects, leaving out empty parameters', async () => {
    let url: URL | undefined;
    server.use(
      http.get(`${BASE}/instances/localhost%3A3000/projects`, ({ request }) => {
        url = new URL(request.url);
        return HttpResponse.json({ items: [] });
      }),
    );
    await client.listProjects({
      host: 'localhost:3000',
      search: '',
      cursor: 'bmV4dA',
      tracked: 'untracked',
    });
    expect(url?.search).toBe('?cursor=bmV4dA&tracked=untracked');
  });

  it('posts an auto-sync change and returns who made it', async () => {
    let body: unknown;
    server.use(
      http.post(
        `${BASE}/projects/gitlab.example.com/42/auto-sync`,
        async ({ request }) => {
          body = await request.json();
          return HttpResponse.json({
            enabled: false,
            changedBy: 'user:default/jane',
            changedAt: '2025-01-31T10:00:00.000Z',
          });
        },
      ),
    );
    await expect(
      client.setAutoSync({
        host: 'gitlab.example.com',
        projectId: 42,
        enabled: false,
      }),
    ).resolves.toEqual({
      enabled: false,
      changedBy: 'user:default/jane',
      changedAt: '2025-01-31T10:00:00.000Z',
    });
    expect(body).toEqual({ enabled: false });
  });

  it('connects and disconnects an instance', async () => {
    const calls: string[] = [];
    server.use(
      http.post(`${BASE}/oauth/gitlab.example.com/connect`, ({ request }) => {
        calls.push(`${request.method} ${request.credentials}`);
        return HttpResponse.json({
          authorizeUrl: 'https://gitlab.example.com/oauth/authorize?state=s',
        });
      }),
      http.delete(`${BASE}/oauth/gitlab.example.com`, ({ request }) => {
        calls.push(request.method);
        return HttpResponse.json({ revoked: true, message: 'Revoked.' });
      }),
    );
    expect(
      await client.connectInstance({ host: 'gitlab.example.com' }),
    ).toEqual({
      authorizeUrl: 'https://gitlab.example.com/oauth/authorize?state=s',
    });
    expect(
      await client.disconnectInstance({ host: 'gitlab.example.com' }),
    ).toEqual({ revoked: true, message: 'Revoked.' });
    expect(calls).toEqual(['POST include', 'DELETE']);
  });
});
