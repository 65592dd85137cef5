import { MiddlewareFactory } from '@backstage/backend-defaults/rootHttpRouter';
import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { InputError, NotFoundError } from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import express from 'express';
import request from 'supertest';
import { HealthService } from '../services/health/types';
import { MetricsService } from '../services/metrics/types';
import { ProjectService } from '../services/projects/types';
import { SyncService } from '../services/sync/types';
import { RequestCooldownError } from '../database/cooldown';
import { createRouter } from './createRouter';

const ENTITY = { kind: 'component', namespace: 'default', name: 'service' };
const BASE = '/entities/component/default/service';

function services() {
  return {
    metrics: {
      getMetrics: jest.fn(async () => ({
        entityRef: 'component:default/service',
      })),
      listMergeRequests: jest.fn(async () => ({
        entityRef: 'component:default/service',
        items: [],
        nextCursor: null,
      })),
    },
    health: {
      getEntityHealth: jest.fn(async () => ({ entityRef: 'x' })),
      getHealth: jest.fn(async () => ({ instances: [], projects: [] })),
      startCheck: jest.fn(async () => ({ started: true as const })),
      startInstanceCheck: jest.fn(async () => ({ started: true as const })),
    },
    sync: { requestSync: jest.fn(async () => {}) },
    projects: {
      listProjects: jest.fn(async () => ({ items: [] })),
      setAutoSync: jest.fn(async () => ({ enabled: true })),
    },
  };
}

async function app(
  mocks = services(),
  result: AuthorizeResult.ALLOW | AuthorizeResult.DENY = AuthorizeResult.ALLOW,
) {
  const router = await createRouter({
    httpAuth: mockServices.httpAuth(),
    permissions: mockServices.permissions({ result }),
    metrics: mocks.metrics as unknown as MetricsService,
    health: mocks.health as unknown as HealthService,
    sync: mocks.sync as SyncService,
    projects: mocks.projects as ProjectService,
  });
  const errors = MiddlewareFactory.create({
    config: mockServices.rootConfig(),
    logger: mockServices.logger.mock(),
  }).error();
  return { server: express().use(router).use(errors), mocks };
}

const credentials = expect.objectContaining({
  principal: expect.objectContaining({ type: 'user' }),
});

describe('createRouter', () => {
  it('passes validated metrics queries to the metrics service', async () => {
    const { server, mocks } = await app();
    const res = await request(server)
      .get(`${BASE}/metrics`)
      .query({ from: '2026-10-01T00:00:00Z', to: '2026-11-01T00:00:00Z' });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ entityRef: 'component:default/service' });
    expect(mocks.metrics.getMetrics).toHaveBeenCalledWith({
      entity: ENTITY,
      from: '2026-10-01T00:00:00Z',
      to: '2026-11-01T00:00:00Z',
      credentials,
    });
  });

  it('fills the defaults of the merge request list', async () => {
    const { server, mocks } = await app();
    const res = await request(server).get(`${BASE}/merge-requests`);
    expect(res.status).toBe(200);
    expect(mocks.metrics.listMergeRequests).toHaveBeenCalledWith({
      entity: ENTITY,
      state: 'all',
      limit: 25,
      cursor: undefined,
      includeDescription: false,
      credentials,
    });
  });

  const INJECTIONS = [
    "' OR 1=1 --",
    '"; DROP TABLE gitlab_delivery_projects; --',
    '../../../etc/passwd',
    '..%2F..%2Fetc%2Fpasswd',
    '<script>alert(1)</script>',
    '${jndi:ldap://x}',
    '\u0000',
  ];

  it.each([
    [
      'a time that is not ISO 8601',
      `${BASE}/metrics?from=yesterday`,
      'Invalid from',
    ],
    ['an unknown query key', `${BASE}/metrics?window=30`, 'Invalid input'],
    [
      'an unknown query key of the list',
      `${BASE}/merge-requests?sort=asc`,
      'Invalid input',
    ],
    [
      'an unknown query key of the health',
      `${BASE}/health?debug=1`,
      'Invalid input',
    ],
    [
      'from after to',
      `${BASE}/metrics?from=2026-11-01T00:00:00Z&to=2026-10-01T00:00:00Z`,
      'Invalid from: from must be before to',
    ],
    [
      'from equal to to',
      `${BASE}/metrics?from=2026-11-01T00:00:00Z&to=2026-11-01T00:00:00Z`,
      'from must be before to',
    ],
    [
      'a window over 365 days',
      `${BASE}/metrics?from=2025-01-01T00:00:00Z&to=2026-06-01T00:00:00Z`,
      'at most 365 days',
    ],
    [
      'a repeated from',
      `${BASE}/metrics?from=2026-10-01T00:00:00Z&from=2026-10-02T00:00:00Z`,
      'Invalid from',
    ],
    [
      'an object in the query',
      `${BASE}/metrics?from[$gt]=2026`,
      'Invalid from',
    ],
    [
      'an unknown state',
      `${BASE}/merge-requests?state=pending`,
      'Invalid state',
    ],
    ['a huge limit', `${BASE}/merge-requests?limit=1000`, 'Invalid limit'],
    ['a limit of zero', `${BASE}/merge-requests?limit=0`, 'Invalid limit'],
    [
      'a limit that is no number',
      `${BASE}/merge-requests?limit=1e2`,
      'Invalid limit',
    ],
    ['a negative limit', `${BASE}/merge-requests?limit=-5`, 'Invalid limit'],
    [
      'an overlong cursor',
      `${BASE}/merge-requests?cursor=${'x'.repeat(600)}`,
      'Invalid cursor',
    ],
    [
      'a garbage cursor',
      `${BASE}/merge-requests?cursor=%%%not-base64%%%`,
      'Invalid cursor',
    ],
    [
      'a description flag that is no boolean',
      `${BASE}/merge-requests?description=yes`,
      'Invalid description',
    ],
    [
      'a kind with odd characters',
      '/entities/comp%20onent/default/service/metrics',
      'Invalid kind',
    ],
    [
      'a name with odd characters',
      '/entities/component/default/serv%3Cice%3E/metrics',
      'Invalid name',
    ],
    [
      'a namespace with odd characters',
      '/entities/component/de%2Ffault/service/health',
      'Invalid namespace',
    ],
    [
      'a name too long for the catalog',
      `/entities/component/default/${'a'.repeat(64)}/merge-requests`,
      'Invalid name',
    ],
  ])('answers 400 to %s', async (_label, path, message) => {
    const { server, mocks } = await app();
    const res = await request(server).get(path);
    expect(res.status).toBe(400);
    expect(res.body.error.message).toContain(message);
    expect(mocks.metrics.getMetrics).not.toHaveBeenCalled();
    expect(mocks.metrics.listMergeRequests).not.toHaveBeenCalled();
    expect(mocks.health.getEntityHealth).not.toHaveBeenCalled();
  });

  it.each(INJECTIONS)(
    'answers 400, never 500, to %j in every parameter',
    async value => {
      const { server, mocks } = await app();
      const encoded = encodeURIComponent(value);
      const gets = [
        `/entities/${encoded}/default/service/metrics`,
        `/entities/component/${encoded}/service/metrics`,
        `/entities/component/default/${encoded}/metrics`,
        `/entities/component/default/${encoded}/merge-requests`,
        `/entities/component/default/${encoded}/health`,
        `${BASE}/metrics?from=${encoded}`,
        `${BASE}/metrics?to=${encoded}`,
        `${BASE}/merge-requests?state=${encoded}`,
        `${BASE}/merge-requests?limit=${encoded}`,
        `${BASE}/merge-requests?cursor=${encoded}`,
        `${BASE}/merge-requests?description=${encoded}`,
        `${BASE}/metrics?${encoded}=1`,
      ];
      for (const path of gets) {
        const res = await request(server).get(path);
        expect({ path, status: res.status }).toEqual({ path, status: 400 });
        expect(res.body.error.name).toBe('InputError');
      }
      for (const route of ['/sync', '/health/check']) {
        const refs = [
          value,
          `component:default/${value}`,
          `${value}:default/service`,
          `component:${value}/service`,
        ];
        for (const entityRef of refs) {
          const res = await request(server).post(route).send({ entityRef });
          expect({ route, entityRef, status: res.status }).toEqual({
            route,
            entityRef,
            status: 400,
          });
        }
        const key = await request(server)
          .post(route)
          .send({ [value]: 'x' });
        expect(key.status).toBe(400);
      }
      expect(mocks.metrics.getMetrics).not.toHaveBeenCalled();
      expect(mocks.metrics.listMergeRequests).not.toHaveBeenCalled();
      expect(mocks.health.getEntityHealth).not.toHaveBeenCalled();
      expect(mocks.sync.requestSync).not.toHaveBeenCalled();
      expect(mocks.health.startCheck).not.toHaveBeenCalled();
    },
  );

  it.each([
    ['malformed JSON', '{"entityRef":', 'application/json'],
    ['a JSON list', '[]', 'application/json'],
    ['a JSON string', '"component:default/service"', 'application/json'],
  ])('answers 400 to a body of %s', async (_label, body, type) => {
    const { server, mocks } = await app();
    const res = await request(server)
      .post('/sync')
      .set('content-type', type)
      .send(body);
    expect(res.status).toBe(400);
    expect(mocks.sync.requestSync).not.toHaveBeenCalled();
  });

  it('answers 400 with the reason when a service refuses the input: a forged cursor, a window', async () => {
    const mocks = services();
    mocks.metrics.listMergeRequests.mockRejectedValue(
      new InputError(
        'cursor is not valid; use the nextCursor of a previous page',
      ),
    );
    mocks.metrics.getMetrics.mockRejectedValue(
      new InputError('from must be at most 365 days before to'),
    );
    const { server } = await app(mocks);
    const forged = Buffer.from(JSON.stringify(['x', 1, 2, 3])).toString(
      'base64url',
    );
    const list = await request(server).get(
      `${BASE}/merge-requests?cursor=${forged}`,
    );
    expect(list.status).toBe(400);
    expect(list.body.error.message).toContain('cursor is not valid');
    const metrics = await request(server).get(
      `${BASE}/metrics?to=2020-01-01T00:00:00Z`,
    );
    expect(metrics.status).toBe(400);
    expect(metrics.body.error.message).toContain('365 days');
  });

  it('serves instance facts in the entity health only with gitlab-delivery.health.read', async () => {
    const allowed = await app();
    expect((await request(allowed.server).get(`${BASE}/health`)).status).toBe(
      200,
    );
    expect(allowed.mocks.health.getEntityHealth).toHaveBeenCalledWith({
      entity: ENTITY,
      credentials,
      includeInstances: true,
    });
    const denied = await app(services(), AuthorizeResult.DENY);
    const res = await request(denied.server)
      .get(`${BASE}/health`)
      .set('Authorization', mockCredentials.user.header());
    expect(res.status).toBe(200);
    expect(denied.mocks.health.getEntityHealth).toHaveBeenCalledWith({
      entity: ENTITY,
      credentials,
      includeInstances: false,
    });
  });

  it('answers 404 when a service does not find the entity', async () => {
    const mocks = services();
    mocks.health.getEntityHealth.mockRejectedValue(
      new NotFoundError('No entity component:default/service in the catalog'),
    );
    const { server } = await app(mocks);
    const res = await request(server).get(`${BASE}/health`);
    expect(res.status).toBe(404);
    expect(res.body.error.message).toContain('No entity');
  });

  it('queues a sync of an entity, and of everything', async () => {
    const { server, mocks } = await app();
    const one = await request(server)
      .post('/sync')
      .send({ entityRef: 'component:default/service' });
    expect(one.status).toBe(202);
    expect(one.body).toEqual({ started: true });
    const all = await request(server).post('/sync').send({});
    expect(all.status).toBe(202);
    expect(mocks.sync.requestSync.mock.calls).toEqual([
      [{ entity: ENTITY, credentials }],
      [{ entity: undefined, credentials }],
    ]);
  });

  it('answers 400 to a malformed entity ref or an unknown body key', async () => {
    const { server, mocks } = await app();
    const bad = await request(server)
      .post('/sync')
      .send({ entityRef: 'component:' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toContain('Invalid entityRef');
    const unknown = await request(server).post('/sync').send({ full: 'yes' });
    expect(unknown.status).toBe(400);
    expect(mocks.sync.requestSync).not.toHaveBeenCalled();
  });

  it('answers 429 with Retry-After when the sync queue refuses a request made too soon', async () => {
    const mocks = services();
    mocks.sync.requestSync.mockRejectedValue(
      new RequestCooldownError(
        'A sync of component:default/service was requested less than 60 seconds ago; try again in 42 seconds.',
        42,
      ),
    );
    const { server } = await app(mocks);
    const res = await request(server)
      .post('/sync')
      .send({ entityRef: 'component:default/service' });
    expect(res.status).toBe(429);
    expect(res.headers['retry-after']).toBe('42');
    expect(res.body.error.message).toContain('try again in 42 seconds');
  });

  it('answers 429 with Retry-After when a health check ran too recently', async () => {
    const mocks = services();
    mocks.health.startCheck.mockResolvedValue({
      started: false,
      retryAfterSeconds: 12,
      message:
        'A health check of everything started recently; try again in 12 seconds.',
    } as never);
    const { server } = await app(mocks);
    const res = await request(server).post('/health/check').send({});
    expect(res.status).toBe(429);
    expect(res.headers['retry-after']).toBe('12');
    expect(res.body.error.message).toContain('try again in 12 seconds');
  });

  it('serves the admin overview and starts checks with their permissions', async () => {
    const { server, mocks } = await app();
    expect((await request(server).get('/health')).body).toEqual({
      instances: [],
      projects: [],
    });
    const started = await request(server)
      .post('/health/check')
      .send({ entityRef: 'component:default/service' });
    expect(started.status).toBe(202);
    expect(mocks.health.startCheck).toHaveBeenCalledWith({
      entity: ENTITY,
      credentials,
    });
  });

  it('refuses the admin routes without their permissions', async () => {
    const { server, mocks } = await app(services(), AuthorizeResult.DENY);
    const overview = await request(server)
      .get('/health')
      .set('Authorization', mockCredentials.user.header());
    expect(overview.status).toBe(403);
    expect(overview.body.error.message).toContain(
      'gitlab-delivery.health.read',
    );
    expect((await request(server).post('/health/check').send({})).status).toBe(
      403,
    );
    expect((await request(server).post('/sync').send({})).status).toBe(403);
    expect(mocks.health.getHealth).not.toHaveBeenCalled();
    expect(mocks.health.startCheck).not.toHaveBeenCalled();
    expect(mocks.sync.requestSync).not.toHaveBeenCalled();
  });
});
