import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { gitlabDeliveryPermissions } from '@delivery-insights/plugin-gitlab-delivery-common';
import { CatalogProjectSource } from './catalog/CatalogProjectSource';
import { readDeliveryConfig } from './config';
import { DatabaseStore } from './database/DatabaseStore';
import { createGitlabClients } from './gitlab/createGitlabClients';
import { RefreshTokenStore } from './gitlab/RefreshTokenStore';
import { HealthChecker } from './health/HealthChecker';
import { HealthReport } from './health/HealthReport';
import { HealthRuns } from './health/HealthRuns';
import { schedulePeriod } from './health/schedulePeriod';
import { createRouter } from './router/createRouter';
import { SyncRunner } from './sync/SyncRunner';
import { SyncTask } from './task/SyncTask';

/**
 * The GitLab delivery backend plugin: syncs merge request metadata and serves
 * delivery metrics under /api/gitlab-delivery.
 * @public
 */
export const gitlabDeliveryPlugin = createBackendPlugin({
  pluginId: 'gitlab-delivery',
  register(env) {
    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        database: coreServices.database,
        scheduler: coreServices.scheduler,
        lifecycle: coreServices.lifecycle,
        httpRouter: coreServices.httpRouter,
        httpAuth: coreServices.httpAuth,
        auth: coreServices.auth,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
        catalog: catalogServiceRef,
      },
      async init(deps) {
        const { logger, scheduler, lifecycle, httpRouter } = deps;
        const config = readDeliveryConfig(deps.config);
        for (const problem of config.problems) {
          logger.warn(`Configuration: ${problem.message}`);
        }

        const store = await DatabaseStore.create({ database: deps.database });
        const clients = createGitlabClients({
          config,
          logger,
          refreshTokens: new RefreshTokenStore({ store, logger }),
        });
        lifecycle.addShutdownHook(async () => {
          await Promise.all([...clients.values()].map(c => c.close()));
        });
        const task = new SyncTask({
          source: new CatalogProjectSource({
            catalog: deps.catalog,
            auth: deps.auth,
            store,
            hosts: config.instances.map(i => i.host),
            logger,
          }),
          store,
          syncer: new SyncRunner({ store, clients, config, logger }),
          logger,
        });
        await scheduler.scheduleTask({
          id: 'gitlab-delivery-sync',
          ...config.schedule,
          scope: 'global',
          fn: () => task.runScheduled(),
        });

        // The health checks run on the sync's schedule but as their own task,
        // soon after startup, so the health tab fills before a long first sync.
        const checker = new HealthChecker({ config, clients, store, logger });
        await scheduler.scheduleTask({
          id: 'gitlab-delivery-health',
          frequency: config.schedule.frequency,
          timeout: { minutes: 10 },
          initialDelay: { seconds: 5 },
          scope: 'global',
          fn: () => checker.runScheduled(),
        });
        const runs = new HealthRuns({ logger });
        lifecycle.addShutdownHook(() => runs.idle());

        deps.permissionsRegistry.addPermissions(gitlabDeliveryPermissions);
        httpRouter.use(
          await createRouter({
            httpAuth: deps.httpAuth,
            permissions: deps.permissions,
            catalog: deps.catalog,
            store,
            config,
            sync: task,
            health: {
              report: new HealthReport({
                store,
                config,
                period: schedulePeriod(config.schedule),
              }),
              checker,
              runs,
            },
          }),
        );
      },
    });
  },
});
