/**
 * The entity page over HTTP (metrics, the first page of MRs, health), served
 * from the database by the plugin's router; the parent checks that GitLab
 * saw no request meanwhile.
 */
import { mockServices } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import express from 'express';
import { AddressInfo } from 'node:net';
import { EntityContexts } from '../src/catalog/EntityContexts';
import { readDeliveryConfig } from '../src/config/readDeliveryConfig';
import { createStores } from '../src/database/createStores';
import { schedulePeriod } from '../src/lib/schedulePeriod';
import { createRouter } from '../src/router/createRouter';
import { DefaultHealthService } from '../src/services/health/DefaultHealthService';
import { HealthReport } from '../src/services/health/HealthReport';
import { DefaultMetricsService } from '../src/services/metrics/DefaultMetricsService';

/** The time of each view, in milliseconds, after one warm-up view. */
export async function entityPageViews(options: {
  stores: Awaited<ReturnType<typeof createStores>>;
  config: ReturnType<typeof readDeliveryConfig>;
  host: string;
  paths: string[];
  views: number;
}): Promise<number[]> {
  const { stores, config, host } = options;
  const entities = new EntityContexts({
    catalog: catalogServiceMock({
      entities: [
        {
          apiVersion: 'backstage.io/v1alpha1',
          kind: 'Component',
          metadata: {
            name: 'bench',
            namespace: 'default',
            annotations: {
              'gitlab.com/project-slug': options.paths.join(','),
              'gitlab.com/instance': host,
            },
          },
          spec: {},
        },
      ],
    }),
    permissions: mockServices.permissions(),
    projects: stores.projects,
    hosts: [host],
  });
  const router = await createRouter({
    httpAuth: mockServices.httpAuth(),
    permissions: mockServices.permissions(),
    metrics: new DefaultMetricsService({
      entities,
      mergeRequests: stores.mergeRequests,
      config,
    }),
    health: new DefaultHealthService({
      entities,
      projects: stores.projects,
      health: stores.health,
      report: new HealthReport({
        health: stores.health,
        cursors: stores.mergeRequests,
        config,
        period: schedulePeriod(config.schedule),
      }),
      runChecks: () => {},
    }),
    sync: { requestSync: async () => {} },
    projects: {
      listProjects: async () => ({ items: [] }),
      setAutoSync: async () => ({ enabled: true }),
    },
  });
  const server = express().use(router).listen(0);
  await new Promise(resolve => server.once('listening', resolve));
  const base = `http://127.0.0.1:${
    (server.address() as AddressInfo).port
  }/entities/component/default/bench`;
  const page = () =>
    Promise.all(
      [
        `${base}/metrics`,
        `${base}/merge-requests?limit=25`,
        `${base}/health`,
      ].map(async url => {
        const response = await fetch(url);
        if (!response.ok) throw new Error(`${url} answered ${response.status}`);
        return response.json();
      }),
    );
  await page();
  const samples: number[] = [];
  for (let i = 0; i < options.views; i++) {
    const start = performance.now();
    await page();
    samples.push(performance.now() - start);
  }
  await new Promise(resolve => server.close(resolve));
  return samples;
}
