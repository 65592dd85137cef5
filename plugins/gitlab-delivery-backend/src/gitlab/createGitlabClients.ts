import { LoggerService } from '@backstage/backend-plugin-api';
import { DeliveryConfig } from '../config/readDeliveryConfig';
import { GitlabClient } from './GitlabClient';
import { RefreshTokenStore } from './RefreshTokenStore';

/**
 * One {@link GitlabClient} per configured GitLab host, keyed by host, as the
 * sync runner and the health checks take them. OAuth clients start from,
 * and save, the newest refresh token in `refreshTokens`. Close them on shutdown.
 * @internal
 */
export function createGitlabClients(options: {
  config: Pick<DeliveryConfig, 'instances' | 'requestTimeoutMs'>;
  logger: LoggerService;
  refreshTokens?: RefreshTokenStore;
}): Map<string, GitlabClient> {
  const clients = new Map<string, GitlabClient>();
  for (const instance of options.config.instances) {
    const hooks =
      instance.oauth &&
      options.refreshTokens?.hooksFor(
        instance.host,
        instance.oauth.refreshToken,
      );
    clients.set(
      instance.host,
      new GitlabClient({
        instance,
        logger: options.logger.child({ gitlabHost: instance.host }),
        requestTimeoutMs: options.config.requestTimeoutMs,
        ...hooks,
      }),
    );
  }
  return clients;
}
