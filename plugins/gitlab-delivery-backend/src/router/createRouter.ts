import {
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { NotAllowedError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  AuthorizeResult,
  BasicPermission,
} from '@backstage/plugin-permission-common';
import {
  EntityHealthResponse,
  gitlabDeliverySyncTriggerPermission,
  MergeRequestsResponse,
  MetricsResponse,
} from '@delivery-insights/plugin-gitlab-delivery-common';
import express, { Request } from 'express';
import Router from 'express-promise-router';
import { DateTime, Duration } from 'luxon';
import { DeliveryConfig } from '../config';
import { DatabaseStore } from '../database/DatabaseStore';
import { syncStatus } from '../health/syncStatus';
import { computeMetrics, listMergeRequests, resolveWindow } from '../metrics';
import { isoTime } from '../metrics/window';
import { EntityContext, loadEntityContext } from './entityContext';
import {
  entityParams,
  entityRefBody,
  mergeRequestsQuery,
  metricsQuery,
  parseInput,
} from './validation';

/** Starts syncs on request. @internal */
export interface SyncTrigger {
  /** Starts a sync of every project, or of one entity's; false if one is running. */
  trigger(entityRef?: string): boolean;
}

/** What the router needs. @internal */
export interface RouterOptions {
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  catalog: CatalogService;
  store: DatabaseStore;
  config: DeliveryConfig;
  sync: SyncTrigger;
  now?: () => DateTime;
}

function resolvedProjects(context: EntityContext) {
  return context.projects.flatMap(p =>
    p.projectId === null ? [] : [{ host: p.host, projectId: p.projectId }],
  );
}

/** The plugin's HTTP API. @internal */
export async function createRouter(
  options: RouterOptions,
): Promise<express.Router> {
  const { httpAuth, permissions, catalog, store, config, sync } = options;
  const now = options.now ?? (() => DateTime.utc());
  const hosts = config.instances.map(i => i.host);
  const period = Duration.fromObject(
    'frequency' in config.schedule &&
      typeof config.schedule.frequency === 'object' &&
      !('cron' in config.schedule.frequency) &&
      !('trigger' in config.schedule.frequency)
      ? config.schedule.frequency
      : { minutes: 15 },
  );

  const router = Router();
  router.use(express.json());

  async function entityContext(req: Request): Promise<EntityContext> {
    const ref = parseInput(entityParams, req.params);
    return loadEntityContext(ref, {
      catalog,
      store,
      hosts,
      credentials: await httpAuth.credentials(req),
    });
  }

  async function authorize(req: Request, permission: BasicPermission) {
    const credentials = await httpAuth.credentials(req);
    const [decision] = await permissions.authorize([{ permission }], {
      credentials,
    });
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError(
        `The permission ${permission.name} is required`,
      );
    }
  }

  router.get('/entities/:kind/:namespace/:name/metrics', async (req, res) => {
    const query = parseInput(metricsQuery, req.query);
    const context = await entityContext(req);
    const window = resolveWindow(query, now().toMillis());
    const metrics = await computeMetrics(store.client, {
      projects: resolvedProjects(context),
      from: isoTime(window.from),
      to: isoTime(window.to),
      excludeAuthors: config.excludeAuthors,
      jiraBaseUrl: config.jiraBaseUrl,
      now: now().toISO()!,
    });
    const body: MetricsResponse = {
      entityRef: context.entityRef,
      ...(context.notConfigured && { notConfigured: context.notConfigured }),
      projects: context.projects.map(p => ({
        host: p.host,
        path: p.path ?? p.key,
        webUrl: p.webUrl ?? '',
      })),
      ...metrics,
    };
    res.json(body);
  });

  router.get(
    '/entities/:kind/:namespace/:name/merge-requests',
    async (req, res) => {
      const query = parseInput(mergeRequestsQuery, req.query);
      const context = await entityContext(req);
      const page = await listMergeRequests(store.client, {
        projects: resolvedProjects(context),
        state: query.state,
        limit: query.limit,
        cursor: query.cursor,
        includeDescription: query.description === 'true',
        jiraBaseUrl: config.jiraBaseUrl,
      });
      const body: MergeRequestsResponse = {
        entityRef: context.entityRef,
        ...(context.notConfigured && { notConfigured: context.notConfigured }),
        ...page,
      };
      res.json(body);
    },
  );

  router.get('/entities/:kind/:namespace/:name/health', async (req, res) => {
    const context = await entityContext(req);
    const body: EntityHealthResponse = {
      entityRef: context.entityRef,
      ...(context.notConfigured && { notConfigured: context.notConfigured }),
      warnings: context.warnings,
      projects: context.projects.map(p => ({
        ...syncStatus(p, { period, now: now() }),
        checks: [],
      })),
      instances: [],
    };
    res.json(body);
  });

  router.post('/sync', async (req, res) => {
    const { entityRef } = parseInput(entityRefBody, req.body ?? {});
    await authorize(req, gitlabDeliverySyncTriggerPermission);
    const started = sync.trigger(entityRef);
    res.status(202).json({ started });
  });

  return router;
}
