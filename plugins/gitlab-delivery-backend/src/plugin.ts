import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { gitlabDeliveryPermissions } from '@delivery-insights/plugin-gitlab-delivery-common';
import { CatalogProjectSource } from './catalog/CatalogProjectSource';
import { EntityContexts } from './catalog/EntityContexts';
import { readDeliveryConfig } from './config/readDeliveryConfig';
import { createStores } from './database/createStores';
import { tokenCipherFromConfig } from './database/TokenCipher';
import { createGitlabClients } from './gitlab/createGitlabClients';
import { RefreshTokenStore } from './gitlab/RefreshTokenStore';
import { schedulePeriod } from './lib/schedulePeriod';
import { createRouter } from './router/createRouter';
import { DefaultConnectionService } from './services/connection/DefaultConnectionService';
import { DefaultHealthService } from './services/health/DefaultHealthService';
import { HealthChecker } from './services/health/HealthChecker';
import { HealthReport } from './services/health/HealthReport';
import { HealthTask } from './services/health/HealthTask';
import { DefaultMetricsService } from './services/metrics/DefaultMetricsService';
import { DefaultProjectService } from './services/projects/DefaultProjectService';
import { DefaultSyncService } from './services/sync/DefaultSyncService';
import { createHostSyncs } from './services/sync/createHostSyncs';

/** The least time between two accepted manual syncs of one entity, or of everything. */

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
        discovery: coreServices.discovery,
        catalog: catalogServiceRef,
      },
      async init(deps) {
        const { logger, scheduler, lifecycle, catalog } = deps;
        const config = readDeliveryConfig(deps.config);
        const { cipher, problem } = tokenCipherFromConfig(config.encryptionKey);
        if (problem) config.problems.push(problem);
        for (const { message } of config.problems) {
          logger.warn(`Configuration: ${message}`);
        }
        const hosts = config.instances.map(i => i.host);
        const limits = {
          allowList: config.allowList,
          maxProjects: config.maxProjectsPerEntity,
        };

        const stores = await createStores({
          database: deps.database,
          tokenCipher: cipher,
          syncCooldownMs: config.syncCooldownMs,
          allowList: config.allowList,
        });
        const clients = createGitlabClients({
          config,
          logger,
          refreshTokens: new RefreshTokenStore({
            tokens: stores.tokens,
            logger,
          }),
          connections: stores.connections,
        });
        lifecycle.addShutdownHook(async () => {
          await Promise.all([...clients.values()].map(c => c.close()));
        });
        const entities = new EntityContexts({
          catalog,
          permissions: deps.permissions,
          projects: stores.projects,
          hosts,
          limits,
        });

        const sync = new DefaultSyncService({
          scheduler,
          projects: stores.projects,
          catalog: new CatalogProjectSource({
            catalog,
            auth: deps.auth,
            projects: stores.projects,
            hosts,
            logger,
            limits,
          }),
          entities,
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
        await sync.start();

        // The health checks run as their own task, soon after startup, so
        // the health tab fills before a long first sync.
        const healthTask = new HealthTask({
          scheduler,
          health: stores.health,
          projects: stores.projects,
          retention: stores.retention,
          checker: new HealthChecker({
            config,
            clients,
            projects: stores.projects,
            health: stores.health,
            connections: stores.connections,
            logger,
          }),
          config,
          schedule: config.schedule,
          logger,
        });
        await healthTask.start();
        const health = new DefaultHealthService({
          entities,
          projects: stores.projects,
          health: stores.health,
          report: new HealthReport({
            health: stores.health,
            cursors: stores.mergeRequests,
            config,
            connections: stores.connections,
            storage: {
              configured: config.encryptionKey !== undefined,
              keyId: cipher?.keyId,
            },
            period: schedulePeriod(config.schedule),
          }),
          runChecks: () => healthTask.trigger(),
        });

        const externalUrl = await deps.discovery.getExternalBaseUrl(
          'gitlab-delivery',
        );
        const connections = new DefaultConnectionService({
          config,
          clients,
          connections: stores.connections,
          redirectUri: `${externalUrl}/oauth/callback`,
          logger,
        });
        // The admin page of the frontend plugin (its healthPage extension).
        const appBaseUrl =
          deps.config.getOptionalString('app.baseUrl') ??
          new URL(externalUrl).origin;
        const adminPageUrl = `${appBaseUrl.replace(
          /\/+$/,
          '',
        )}/gitlab-delivery/health`;

        deps.permissionsRegistry.addPermissions(gitlabDeliveryPermissions);
        // GitLab sends the admin's browser here, without a Backstage token;
        // the state and the browser's cookie stand in for it.
        deps.httpRouter.addAuthPolicy({
          path: '/oauth/callback',
          allow: 'unauthenticated',
        });
        deps.httpRouter.use(
          await createRouter({
            httpAuth: deps.httpAuth,
            permissions: deps.permissions,
            metrics: new DefaultMetricsService({
              entities,
              mergeRequests: stores.mergeRequests,
              config,
            }),
            health,
            sync,
            projects: new DefaultProjectService({
              clients,
              projects: stores.projects,
              mergeRequests: stores.mergeRequests,
              allowList: config.allowList,
            }),
            oauth: { connections, adminPageUrl },
          }),
        );
      },
    });
  },
});
