import { LoggerService } from '@backstage/backend-plugin-api';
import {
  CatalogProjectSource,
  entityKey,
} from '../catalog/CatalogProjectSource';
import { ProjectRecord, Store } from '../database/types';
import { SyncTrigger } from '../router/createRouter';

/** Syncs a list of projects; the sync runner. @internal */
export interface MergeRequestSyncer {
  syncProjects(
    projects: ProjectRecord[],
    trigger: 'schedule' | 'manual',
  ): Promise<unknown>;
}

/** When the catalog could not be read, or named no project, try again soon. */
const CATALOG_RETRY_MS = 30_000;
const CATALOG_RETRIES = 10;

/**
 * The sync task: refresh the catalog mapping, then sync the projects. Runs on
 * the schedule and on request; one run at a time on this replica.
 * @internal
 */
export class SyncTask implements SyncTrigger {
  private running: Promise<void> | undefined;
  private catalogRetries = 0;

  constructor(
    private readonly options: {
      source: CatalogProjectSource;
      store: Store;
      syncer: MergeRequestSyncer;
      logger: LoggerService;
      catalogRetryMs?: number;
    },
  ) {}

  /** The scheduled run; after a manual run in progress, not instead of it. */
  async runScheduled(): Promise<void> {
    while (this.running) await this.running;
    await this.start('schedule');
  }

  trigger(entityRef?: string): boolean {
    if (this.running) return false;
    this.start('manual', entityRef).catch(() => {});
    return true;
  }

  /** Waits for the run in progress, if any. */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  private start(
    trigger: 'schedule' | 'manual',
    entityRef?: string,
  ): Promise<void> {
    const run = this.run(trigger, entityRef)
      .catch(error =>
        this.options.logger.error(`GitLab delivery sync failed: ${error}`),
      )
      .finally(() => {
        this.running = undefined;
      });
    this.running = run;
    return run;
  }

  private async run(
    trigger: 'schedule' | 'manual',
    entityRef?: string,
  ): Promise<void> {
    const { source, store, syncer, logger } = this.options;
    let entities = 0;
    try {
      entities = await source.refresh();
    } catch (error) {
      // A catalog outage must not stop the sync of projects already known.
      logger.warn(
        `Could not read the catalog, syncing known projects: ${error}`,
      );
    }
    const projects = entityRef
      ? (await store.getEntity(entityKey(entityRef)))?.projects ?? []
      : await store.listProjects();
    await syncer.syncProjects(projects, trigger);
    if (!entityRef) this.retryIfCatalogEmpty(entities > 0);
  }

  /** At start-up the catalog may not be ready yet; don't wait a whole period for it. */
  private retryIfCatalogEmpty(read: boolean) {
    if (read) {
      this.catalogRetries = 0;
      return;
    }
    if (this.catalogRetries >= CATALOG_RETRIES) return;
    this.catalogRetries += 1;
    const delay = this.options.catalogRetryMs ?? CATALOG_RETRY_MS;
    this.options.logger.info(
      `The catalog named no GitLab project yet; reading it again in ${
        delay / 1000
      } s`,
    );
    setTimeout(() => {
      if (!this.running) this.start('schedule').catch(() => {});
    }, delay).unref();
  }
}
