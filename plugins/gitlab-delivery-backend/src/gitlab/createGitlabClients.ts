import { LoggerService } from '@backstage/backend-plugin-api';
import { DeliveryConfig } from '../config';
import { GitlabClient } from './GitlabClient';

/**
 * One {@link GitlabClient} per configured GitLab host, keyed by host, as the
 * sync runner and the health checks take them. Close them on shutdown.
 * @internal
 */
export function createGitlabClients(options: {
  config: Pick<DeliveryConfig, 'instances' | 'requestTimeoutMs'>;
  logger: LoggerService;
}): Map<string, GitlabClient> {
  const clients = new Map<string, GitlabClient>();
  for (const instance of options.config.instances) {
    clients.set(
      instance.host,
      new GitlabClient({
        instance,
        logger: options.logger.child({ gitlabHost: instance.host }),
        requestTimeoutMs: options.config.requestTimeoutMs,
      }),
    );
  }
  return clients;
}
