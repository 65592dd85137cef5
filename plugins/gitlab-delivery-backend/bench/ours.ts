/**
 * The plugin's own sync, built as the backend builds it, over SQLite in a
 * temporary file (kept out of the process's memory, as PostgreSQL would be).
 */
import { LoggerService, SchedulerService } from '@backstage/backend-plugin-api';
import { ConfigReader } from '@backstage/config';
import { Knex, knex as createKnex } from 'knex';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readDeliveryConfig } from '../src/config/readDeliveryConfig';
import { createStores } from '../src/database/createStores';
import { createGitlabClients } from '../src/gitlab/createGitlabClients';
import { GitlabClient } from '../src/gitlab/GitlabClient';
import { createHostSyncs } from '../src/services/sync/createHostSyncs';
import { DefaultSyncService } from '../src/services/sync/DefaultSyncService';
import { Fact, Implementation, RunResult, Target, toSeconds } from './types';

type Stores = Awaited<ReturnType<typeof createStores>>;

/** Errors only, without loading the test utilities the page views use. */
function errorLogger(): LoggerService {
  const ignore = () => {};
  const logger: LoggerService = {
    error: (message, meta) => console.error(message, meta ?? ''),
    warn: ignore,
    info: ignore,
    debug: ignore,
    child: () => logger,
  };
  return logger;
}

export class Ours implements Implementation {
  private constructor(
    private readonly target: Target,
    private readonly parts: {
      dir: string;
      db: Knex;
      stores: Stores;
      clients: Map<string, GitlabClient>;
      runner: DefaultSyncService;
      config: ReturnType<typeof readDeliveryConfig>;
      host: string;
    },
  ) {}

  static async create(target: Target): Promise<Ours> {
    const host = new URL(target.url).host;
    const logger = errorLogger();
    const config = readDeliveryConfig(
      new ConfigReader({
        integrations: {
          gitlab: [
            { host, apiBaseUrl: `${target.url}/api/v4`, token: target.token },
          ],
        },
        gitlabDelivery: {
          backfillDays: target.backfillDays,
          instances: [
            { host, requestsPerMinute: target.requestsPerMinute ?? 1_000_000 },
          ],
        },
      }),
    );
    const dir = mkdtempSync(join(tmpdir(), 'delivery-bench-'));
    const db = createKnex({
      client: 'better-sqlite3',
      connection: { filename: join(dir, 'bench.sqlite') },
      useNullAsDefault: true,
    });
    const stores = await createStores({
      database: { getClient: async () => db },
    });
    const clients = createGitlabClients({ config, logger });
    const runner = new DefaultSyncService({
      // syncProjects is called directly; nothing is scheduled.
      scheduler: {
        scheduleTask: async () => {},
        triggerTask: async () => {},
      } as unknown as SchedulerService,
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
    await stores.projects.replaceEntity(
      'component:default/bench',
      target.projects.map(p => ({ host, key: p.path })),
      [],
    );
    return new Ours(target, { dir, db, stores, clients, runner, config, host });
  }

  backfill(): Promise<RunResult> {
    return this.cycle();
  }

  async cycle(): Promise<RunResult> {
    const { runner, stores } = this.parts;
    const start = performance.now();
    const summary = await runner.syncProjects(
      await stores.projects.listProjects(),
      'manual',
    );
    return {
      mergeRequests: summary.mergeRequestsWritten,
      seconds: (performance.now() - start) / 1000,
      requests: summary.requests,
      failures: summary.failedProjects,
    };
  }

  async facts(): Promise<Fact[]> {
    const { stores, host } = this.parts;
    const facts: Fact[] = [];
    for (const project of this.target.projects) {
      for (const mr of await stores.mergeRequests.readAll(host, project.id)) {
        facts.push({
          key: `${project.id}!${mr.iid}`,
          firstCommentAt: toSeconds(mr.firstCommentAt),
          firstApprovedAt: toSeconds(mr.firstApprovedAt),
          closes: mr.relatedTickets
            .filter(t => t.kind === 'gitlab_issue' && t.relation !== 'mentions')
            .map(t => t.url ?? t.key)
            .sort(),
        });
      }
    }
    return facts;
  }

  /** Times the entity page's API calls, served from the database. */
  async pageViews(views: number): Promise<number[]> {
    // Loaded here, after the sync's peak RSS is taken.
    const { entityPageViews } = await import('./page');
    const { stores, config, host } = this.parts;
    return entityPageViews({
      stores,
      config,
      host,
      paths: this.target.projects.map(p => p.path),
      views,
    });
  }

  async close(): Promise<void> {
    const { clients, db, dir } = this.parts;
    await Promise.all([...clients.values()].map(c => c.close()));
    await db.destroy();
    rmSync(dir, { recursive: true, force: true });
  }
}
