/*
 * Sync and page benchmark against the GitLab simulator over real HTTP.
 *
 *   node --import tsx bench/sync.ts [--mrs 5000] [--projects 20] [--quick]
 *     [--requests-per-minute N] [--gitlab-latency 100]
 *
 * Prints GitLab requests per MR (first sync, no-change sync, a few changed
 * MRs), MRs synced per second, and the latency of an entity page's API calls,
 * next to what a plugin that queries GitLab live on every page view pays.
 */
import { mockServices } from '@backstage/backend-test-utils';
import { startSimulator } from '@delivery-insights/gitlab-simulator';
import express from 'express';
import { AddressInfo } from 'node:net';
import { parseArgs } from 'node:util';
import { Knex, knex as createKnex } from 'knex';
import { DateTime } from 'luxon';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { readDeliveryConfig } from '../src/config/readDeliveryConfig';
import { EntityContexts } from '../src/catalog/EntityContexts';
import { createStores } from '../src/database/createStores';
import { createGitlabClients } from '../src/gitlab/createGitlabClients';
import { schedulePeriod } from '../src/lib/schedulePeriod';
import { createRouter } from '../src/router/createRouter';
import { DefaultHealthService } from '../src/services/health/DefaultHealthService';
import { HealthReport } from '../src/services/health/HealthReport';
import { DefaultMetricsService } from '../src/services/metrics/DefaultMetricsService';
import { createHostSyncs } from '../src/services/sync/createHostSyncs';
import { DefaultSyncService } from '../src/services/sync/DefaultSyncService';
import { ConfigReader } from '@backstage/config';

const { values } = parseArgs({
  options: {
    mrs: { type: 'string' },
    projects: { type: 'string' },
    views: { type: 'string' },
    'gitlab-latency': { type: 'string' },
    'requests-per-minute': { type: 'string' },
    quick: { type: 'boolean' },
  },
});
const quick = Boolean(values.quick);
const totalMrs = Number(values.mrs ?? (quick ? 600 : 5000));
const projectCount = Number(values.projects ?? (quick ? 6 : 20));
const views = Number(values.views ?? (quick ? 30 : 200));
const gitlabLatencyMs = Number(values['gitlab-latency'] ?? 100);
// GitLab's own limit (2,000 per minute on gitlab.com) caps a real first sync;
// without the flag the simulator does not limit, to measure the plugin itself.
const requestsPerMinute = Number(values['requests-per-minute'] ?? 1_000_000);

function percentile(sorted: number[], p: number): number {
  const rank = (sorted.length - 1) * p;
  const low = Math.floor(rank);
  const high = Math.ceil(rank);
  return sorted[low] + (sorted[high] - sorted[low]) * (rank - low);
}

function latency(samples: number[]): string {
  const sorted = [...samples].sort((a, b) => a - b);
  return `p50 ${percentile(sorted, 0.5).toFixed(1)} ms, p95 ${percentile(
    sorted,
    0.95,
  ).toFixed(1)} ms`;
}

async function timeRequests(
  count: number,
  fn: () => Promise<unknown>,
): Promise<number[]> {
  const samples: number[] = [];
  for (let i = 0; i < count; i++) {
    const start = performance.now();
    await fn();
    samples.push(performance.now() - start);
  }
  return samples;
}

async function main() {
  const simulator = await startSimulator({
    rateLimit: { requestsPerMinute },
    generate: {
      seed: 7,
      projects: projectCount,
      mergeRequests: totalMrs,
      now: DateTime.utc().startOf('hour').toISO()!,
    },
  });
  const host = new URL(simulator.url).host;
  const logger = mockServices.rootLogger({ level: 'error' });
  const config = readDeliveryConfig(
    new ConfigReader({
      integrations: {
        gitlab: [
          {
            host,
            apiBaseUrl: `${simulator.url}/api/v4`,
            token: 'glpat-demo-token',
          },
        ],
      },
      gitlabDelivery: {
        backfillDays: 365,
        instances: [{ host, requestsPerMinute }],
      },
    }),
  );
  const db: Knex = createKnex({
    client: 'better-sqlite3',
    connection: ':memory:',
    useNullAsDefault: true,
  });
  const stores = await createStores({
    database: { getClient: async () => db },
  });
  const clients = createGitlabClients({ config, logger });
  const runner = new DefaultSyncService({
    scheduler: mockServices.scheduler.mock(),
    projects: stores.projects,
    catalog: { refresh: async () => 0 },
    entities: { load: () => Promise.reject(new Error('unused')) },
    hosts: createHostSyncs({
      clients,
      projects: stores.projects,
      mergeRequests: stores.mergeRequests,
      config,
      logger,
    }),
    requestCount: () =>
      [...clients.values()].reduce((n, c) => n + c.requestCount, 0),
    schedule: config.schedule,
    logger,
  });

  const projects = simulator.data.projects.filter(
    p => p.mergeRequests.length > 0,
  );
  const mrCount = projects.reduce((n, p) => n + p.mergeRequests.length, 0);
  await stores.projects.replaceEntity(
    'component:default/bench',
    projects.map(p => ({ host, key: p.path })),
    [],
  );

  console.log(
    `Sync benchmark: ${projects.length} projects, ${mrCount} MRs, GitLab simulator over HTTP, SQLite\n`,
  );
  simulator.clearRequests();
  let start = performance.now();
  const first = await runner.syncProjects(
    await stores.projects.listProjects(),
    'manual',
  );
  const firstSeconds = (performance.now() - start) / 1000;
  console.log(
    `first sync      ${first.requests} requests for ${
      first.mergeRequestsWritten
    } MRs = ${(first.requests / first.mergeRequestsWritten).toFixed(
      2,
    )} requests per MR; ${(first.mergeRequestsWritten / firstSeconds).toFixed(
      0,
    )} MRs per second (${firstSeconds.toFixed(1)} s)`,
  );

  start = performance.now();
  const again = await runner.syncProjects(
    await stores.projects.listProjects(),
    'manual',
  );
  console.log(
    `no-change sync  ${again.requests} requests (${(
      again.requests / projects.length
    ).toFixed(2)} per project), ${again.mergeRequestsWritten} MRs written, ${(
      performance.now() - start
    ).toFixed(0)} ms`,
  );

  const changed = 10;
  for (let i = 0; i < changed; i++) {
    const project = projects[i % projects.length];
    const mr = project.mergeRequests[Math.floor(i / projects.length)];
    simulator.updateMergeRequest(project.id, mr.iid, {
      title: `${mr.title} (edited)`,
    });
  }
  const incremental = await runner.syncProjects(
    await stores.projects.listProjects(),
    'manual',
  );
  console.log(
    `${changed} MRs changed  ${incremental.requests} requests: ${
      projects.length
    } lists + ${(
      (incremental.requests - projects.length) /
      incremental.mergeRequestsWritten
    ).toFixed(2)} per changed MR`,
  );

  // The entity page: metrics, the first page of MRs and the health status,
  // served from the database; no GitLab call.
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
              'gitlab.com/project-slug': projects.map(p => p.path).join(','),
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
        config,
        period: schedulePeriod(config.schedule),
      }),
      runChecks: () => {},
    }),
    sync: { requestSync: async () => {} },
  });
  const app = express().use(router);
  const server = app.listen(0);
  const base = `http://127.0.0.1:${
    (server.address() as AddressInfo).port
  }/entities/component/default/bench`;
  const page = () =>
    Promise.all([
      fetch(`${base}/metrics`).then(r => r.json()),
      fetch(`${base}/merge-requests?limit=25`).then(r => r.json()),
      fetch(`${base}/health`).then(r => r.json()),
    ]);
  simulator.clearRequests();
  await page();
  const pageSamples = await timeRequests(views, page);
  console.log(
    `\nentity page (metrics + MR list + health over HTTP), ${views} views: ${latency(
      pageSamples,
    )}; GitLab requests per view: ${simulator.requests.length}`,
  );

  // What a plugin that asks GitLab on every page view pays: the last 30 days
  // of merged MRs of each project over REST, page by page, from a GitLab that
  // answers in gitlabLatencyMs.
  const liveGitlab = await startSimulator({
    dataset: simulator.data,
    latencyMs: gitlabLatencyMs,
  });
  const since = DateTime.utc().minus({ days: 30 }).toISO();
  const live = async () => {
    for (const project of projects) {
      for (let p = 1; p; ) {
        const response = await fetch(
          `${liveGitlab.url}/api/v4/projects/${project.id}/merge_requests?state=merged&updated_after=${since}&per_page=100&page=${p}`,
          { headers: { 'PRIVATE-TOKEN': 'glpat-demo-token' } },
        );
        await response.json();
        p = Number(response.headers.get('x-next-page')) || 0;
      }
    }
  };
  const liveViews = Math.min(views, 20);
  const liveSamples = await timeRequests(liveViews, live);
  console.log(
    `live GitLab page (REST merged MRs of the last 30 days, per project, ${gitlabLatencyMs} ms per GitLab request): ${latency(
      liveSamples,
    )}; GitLab requests per view: ${liveGitlab.requests.length / liveViews}`,
  );
  await liveGitlab.close();

  server.close();
  await Promise.all([...clients.values()].map(c => c.close()));
  await db.destroy();
  await simulator.close();
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
