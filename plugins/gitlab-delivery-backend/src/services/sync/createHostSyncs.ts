import { LoggerService } from '@backstage/backend-plugin-api';
import { DateTime } from 'luxon';
import { DeliveryConfig } from '../../config/readDeliveryConfig';
import { GitlabInstanceConfig } from '../../config/readInstances';
import { MergeRequestWriter, ProjectStore } from '../../database/types';
import { GitlabClient } from '../../gitlab/GitlabClient';
import { authorMatcher } from '../../lib/authorMatcher';
import { HostSync } from './HostSync';

/** The sync of each configured host, by host. @internal */
export function createHostSyncs(options: {
  clients: Map<string, GitlabClient>;
  projects: Pick<ProjectStore, 'resolveProject'>;
  mergeRequests: MergeRequestWriter;
  config: Pick<
    DeliveryConfig,
    | 'backfillDays'
    | 'excludeAuthors'
    | 'concurrency'
    | 'lookBackMs'
    | 'reconcileEveryMs'
    | 'allowList'
  > & {
    instances?: Array<
      Pick<GitlabInstanceConfig, 'host' | 'customClosingPattern'>
    >;
  };
  logger: LoggerService;
  now?: () => DateTime;
}): Map<string, HostSync> {
  const { config } = options;
  const isExcluded = authorMatcher(config.excludeAuthors);
  const now = options.now ?? (() => DateTime.utc());
  return new Map(
    [...options.clients].map(([host, client]) => [
      host,
      new HostSync({
        client,
        projects: options.projects,
        store: options.mergeRequests,
        settings: {
          backfillDays: config.backfillDays,
          lookBackMs: config.lookBackMs,
          reconcileEveryMs: config.reconcileEveryMs,
          concurrency: config.concurrency,
          isExcluded,
          customClosingPattern: config.instances?.some(
            i => i.host === host && i.customClosingPattern,
          ),
        },
        logger: options.logger,
        now,
        allowList: config.allowList,
      }),
    ]),
  );
}
