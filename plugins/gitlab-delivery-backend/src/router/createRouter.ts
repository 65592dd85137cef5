import {
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import {
  gitlabDeliveryHealthCheckPermission,
  gitlabDeliveryHealthReadPermission,
  gitlabDeliverySyncTriggerPermission,
} from '@delivery-insights/plugin-gitlab-delivery-common';
import express from 'express';
import Router from 'express-promise-router';
import { ConnectionService } from '../services/connection/types';
import { HealthService } from '../services/health/types';
import { MetricsService } from '../services/metrics/types';
import { ProjectService } from '../services/projects/types';
import { SyncService } from '../services/sync/types';
import { retryAfterHeader, TooManyRequestsError } from './errors';
import { oauthRoutes } from './oauthRoutes';
import { permissionChecks } from './permissionChecks';
import { projectRoutes } from './projectRoutes';
import {
  entityParams,
  entityRefBody,
  mergeRequestsQuery,
  metricsQuery,
  noQuery,
  parseInput,
  parseRef,
  syncBody,
} from './validation';

/** What the router needs: the services, and who is asking. @internal */
export interface RouterOptions {
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  metrics: MetricsService;
  health: HealthService;
  sync: SyncService;
  projects: ProjectService;
  /** Connect GitLab from the admin page, at `adminPageUrl`. */
  oauth?: { connections: ConnectionService; adminPageUrl: string };
}

/** The plugin's HTTP API. @internal */
export async function createRouter(
  options: RouterOptions,
): Promise<express.Router> {
  const { httpAuth, permissions, metrics, health, sync, projects } = options;

  const router = Router();
  router.use(express.json());

  const checks = permissionChecks(httpAuth, permissions);
  const { isAllowed, authorize } = checks;

  router.get('/entities/:kind/:namespace/:name/metrics', async (req, res) => {
    const entity = parseInput(entityParams, req.params);
    const query = parseInput(metricsQuery, req.query);
    res.json(
      await metrics.getMetrics({
        entity,
        ...query,
        credentials: await httpAuth.credentials(req),
      }),
    );
  });

  router.get(
    '/entities/:kind/:namespace/:name/merge-requests',
    async (req, res) => {
      const entity = parseInput(entityParams, req.params);
      const query = parseInput(mergeRequestsQuery, req.query);
      res.json(
        await metrics.listMergeRequests({
          entity,
          state: query.state,
          limit: query.limit,
          cursor: query.cursor,
          includeDescription: query.description === 'true',
          credentials: await httpAuth.credentials(req),
        }),
      );
    },
  );

  // Instance and token facts only with the admin permission; the services
  // check gitlab-delivery.entity.read on the entity itself.
  router.get('/entities/:kind/:namespace/:name/health', async (req, res) => {
    const entity = parseInput(entityParams, req.params);
    parseInput(noQuery, req.query);
    const credentials = await httpAuth.credentials(req);
    res.json(
      await health.getEntityHealth({
        entity,
        credentials,
        includeInstances: await isAllowed(
          credentials,
          gitlabDeliveryHealthReadPermission,
        ),
      }),
    );
  });

  router.get('/health', async (req, res) => {
    parseInput(noQuery, req.query);
    await authorize(req, gitlabDeliveryHealthReadPermission);
    res.json(await health.getHealth());
  });

  // Answers 202 once the request is queued; the health task runs the checks
  // and the GET routes serve the stored results.
  router.post('/health/check', async (req, res) => {
    parseInput(noQuery, req.query);
    const { entityRef } = parseInput(entityRefBody, req.body ?? {});
    const credentials = await authorize(
      req,
      gitlabDeliveryHealthCheckPermission,
    );
    const run = await health.startCheck({
      entity: entityRef === undefined ? undefined : parseRef(entityRef),
      credentials,
    });
    if (!run.started) {
      throw new TooManyRequestsError(run.message, run.retryAfterSeconds);
    }
    res.status(202).json({ started: true });
  });

  // Answers 202 once the request is queued; the scheduled task takes it. A
  // request of the same scope within the cooldown is a 429 from the queue.
  router.post('/sync', async (req, res) => {
    parseInput(noQuery, req.query);
    const { entityRef, full } = parseInput(syncBody, req.body ?? {});
    const credentials = await authorize(
      req,
      gitlabDeliverySyncTriggerPermission,
    );
    await sync.requestSync({
      entity: entityRef === undefined ? undefined : parseRef(entityRef),
      full,
      credentials,
    });
    res.status(202).json({ started: true });
  });

  router.use(projectRoutes({ checks, projects }));
  if (options.oauth) {
    router.use(
      oauthRoutes({
        authorize,
        ...options.oauth,
        onConnected: host => health.startInstanceCheck(host),
      }),
    );
  }

  router.use(retryAfterHeader);
  return router;
}
