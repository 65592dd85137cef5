import { LoggerService } from '@backstage/backend-plugin-api';
import { DeliveryConfig } from '../config/readDeliveryConfig';
import { ConnectionStore } from '../database/types';
import { GitlabClient } from './GitlabClient';
import { RefreshTokenStore } from './RefreshTokenStore';

/**
 * One {@link GitlabClient} per configured GitLab host, keyed by host, as the
 * sync runner and the health checks take them. OAuth clients start from,
 * and save, the newest refresh token in `refreshTokens`, and use the token
 * connected from the admin page in `connections` when there is one. Close
 * them on shutdown.
 * @internal
 */
export function createGitlabClients(options: {
  config: Pick<DeliveryConfig, 'instances' | 'requestTimeoutMs'>;
  logger: LoggerService;
  refreshTokens?: RefreshTokenStore;
  connections?: Pick<ConnectionStore, 'getConnection' | 'saveTokens'>;
}): Map<string, GitlabClient> {
  const clients = new Map<string, GitlabClient>();
  for (const instance of options.config.instances) {
    const configured = instance.oauth?.refreshToken;
    const hooks =
      configured && options.refreshTokens?.hooksFor(instance.host, configured);
    clients.set(
      instance.host,
      new GitlabClient({
        instance,
        logger: options.logger.child({ gitlabHost: instance.host }),
        requestTimeoutMs: options.config.requestTimeoutMs,
        connections: options.connections,
        ...hooks,
      }),
    );
  }
  return clients;
}
