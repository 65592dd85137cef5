import { MiddlewareFactory } from '@backstage/backend-defaults/rootHttpRouter';
import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { NotFoundError } from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import express from 'express';
import request from 'supertest';
import { HealthService } from '../services/health/types';
import { MetricsService } from '../services/metrics/types';
import { SyncService } from '../services/sync/types';
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
    },
    sync: { requestSync: jest.fn(async () => {}) },
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

  it.each([
    [
      'a time that is not ISO 8601',
      `${BASE}/metrics?from=yesterday`,
      'Invalid from',
    ],
    ['an unknown query key', `${BASE}/metrics?window=30`, 'Invalid input'],
    [
      'an unknown state',
      `${BASE}/merge-requests?state=pending`,
      'Invalid state',
    ],
    ['a huge limit', `${BASE}/merge-requests?limit=1000`, 'Invalid limit'],
    [
      'an overlong cursor',
      `${BASE}/merge-requests?cursor=${'x'.repeat(600)}`,
      'Invalid cursor',
    ],
  ])('answers 400 to %s', async (_label, path, message) => {
    const { server, mocks } = await app();
    const res = await request(server).get(path);
    expect(res.status).toBe(400);
    expect(res.body.error.message).toContain(message);
    expect(mocks.metrics.getMetrics).not.toHaveBeenCalled();
    expect(mocks.metrics.listMergeRequests).not.toHaveBeenCalled();
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
