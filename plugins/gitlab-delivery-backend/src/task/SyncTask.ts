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

/**
 * The sync task: refresh the catalog mapping, then sync the projects. Runs on
 * the schedule and on request; one run at a time on this replica.
 * @internal
 */
export class SyncTask implements SyncTrigger {
  private running: Promise<void> | undefined;

  constructor(
    private readonly options: {
      source: CatalogProjectSource;
      store: Store;
      syncer: MergeRequestSyncer;
      logger: LoggerService;
    },
  ) {}

  /** The scheduled run; waits for a manual run in progress instead of starting another. */
  async runScheduled(): Promise<void> {
    if (this.running) {
      await this.running;
      return;
    }
    await this.guard(this.run('schedule'));
  }

  trigger(entityRef?: string): boolean {
    if (this.running) return false;
    this.guard(this.run('manual', entityRef)).catch(() => {});
    return true;
  }

  /** Waits for the run in progress, if any. */
  async idle(): Promise<void> {
    await this.running;
  }

  private async run(
    trigger: 'schedule' | 'manual',
    entityRef?: string,
  ): Promise<void> {
    const { source, store, syncer, logger } = this.options;
    try {
      await source.refresh();
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
  }

  private guard(run: Promise<void>): Promise<void> {
    const guarded = run
      .catch(error =>
        this.options.logger.error(`GitLab delivery sync failed: ${error}`),
      )
      .finally(() => {
        this.running = undefined;
      });
    this.running = guarded;
    return guarded;
  }
}
