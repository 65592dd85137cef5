import {
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { parseEntityRef } from '@backstage/catalog-model';
import { InputError, NotAllowedError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  AuthorizeResult,
  BasicPermission,
} from '@backstage/plugin-permission-common';
import {
  EntityHealthResponse,
  gitlabDeliveryHealthCheckPermission,
  gitlabDeliveryHealthReadPermission,
  gitlabDeliverySyncTriggerPermission,
  HealthResponse,
  MergeRequestsResponse,
  MetricsResponse,
} from '@delivery-insights/plugin-gitlab-delivery-common';
import express, { Request } from 'express';
import Router from 'express-promise-router';
import { DateTime } from 'luxon';
import { DeliveryConfig } from '../config';
import { DatabaseStore } from '../database/DatabaseStore';
import { ProjectRecord } from '../database/types';
import { worstStatus } from '../health/checks';
import { HealthReport, problemsFirst } from '../health/HealthReport';
import { HealthRuns } from '../health/HealthRuns';
import { computeMetrics, listMergeRequests, resolveWindow } from '../metrics';
import { isoTime } from '../metrics/window';
import { EntityContext, loadEntityContext } from './entityContext';
import { TooManyRequestsError } from './TooManyRequestsError';
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

/** Runs the live health checks of some instances and projects. @internal */
export interface HealthCheckRunner {
  check(scope: { hosts: string[]; projects: ProjectRecord[] }): Promise<void>;
}

/** What the health routes need: stored results to read, live checks to run. @internal */
export interface HealthServices {
  report: HealthReport;
  checker: HealthCheckRunner;
  runs: HealthRuns;
}

/** What the router needs. @internal */
export interface RouterOptions {
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  catalog: CatalogService;
  store: DatabaseStore;
  config: DeliveryConfig;
  sync: SyncTrigger;
  health: HealthServices;
  now?: () => DateTime;
}

function hostsOf(projects: ProjectRecord[]): string[] {
  return [...new Set(projects.map(p => p.host))];
}

/** An entity ref from a request body, e.g. `component:default/service`. */
function parseRef(entityRef: string) {
  try {
    return parseEntityRef(entityRef);
  } catch (error) {
    throw new InputError(`Invalid entityRef: ${(error as Error).message}`);
  }
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
  const { httpAuth, permissions, catalog, store, config, sync, health } =
    options;
  const now = options.now ?? (() => DateTime.utc());
  const hosts = config.instances.map(i => i.host);

  const router = Router();
  router.use(express.json());

  async function entityContext(
    req: Request,
    ref = parseInput(entityParams, req.params),
  ): Promise<EntityContext> {
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

  /** What a health check run covers: one entity's projects and instances, or everything. */
  async function checkScope(req: Request, entityRef: string | undefined) {
    if (!entityRef) {
      return {
        key: 'all',
        label: 'every instance and project',
        hosts,
        projects: await store.listProjects(),
      };
    }
    const context = await entityContext(req, parseRef(entityRef));
    return {
      key: context.entityRef,
      label: context.entityRef,
      hosts: hostsOf(context.projects),
      projects: context.projects,
    };
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
      projects: await health.report.projects(context.projects),
      instances: await health.report.instances(hostsOf(context.projects)),
    };
    res.json(body);
  });

  router.get('/health', async (req, res) => {
    await authorize(req, gitlabDeliveryHealthReadPermission);
    const [instances, projects] = await Promise.all([
      health.report.instances(),
      store.listProjects().then(all => health.report.projects(all)),
    ]);
    const body: HealthResponse = {
      instances: problemsFirst(
        instances,
        i => worstStatus(i.checks.map(c => c.status)),
        i => i.host,
      ),
      projects: problemsFirst(
        projects,
        p => p.status,
        p => `${p.host}/${p.path}`,
      ),
    };
    res.json(body);
  });

  // Answers 202 at once; the results are stored and served by the GET routes.
  router.post('/health/check', async (req, res) => {
    const { entityRef } = parseInput(entityRefBody, req.body ?? {});
    await authorize(req, gitlabDeliveryHealthCheckPermission);
    const scope = await checkScope(req, entityRef);
    const run = health.runs.start(scope.key, () =>
      health.checker.check({ hosts: scope.hosts, projects: scope.projects }),
    );
    if ('retryAfterSeconds' in run) {
      res.set('Retry-After', String(run.retryAfterSeconds));
      throw new TooManyRequestsError(
        `A health check of ${scope.label} started less than ${health.runs.intervalSeconds} seconds ago or is still running; try again in ${run.retryAfterSeconds} seconds.`,
      );
    }
    res.status(202).json({ started: true });
  });

  router.post('/sync', async (req, res) => {
    const { entityRef } = parseInput(entityRefBody, req.body ?? {});
    await authorize(req, gitlabDeliverySyncTriggerPermission);
    const started = sync.trigger(entityRef);
    res.status(202).json({ started });
  });

  return router;
}
