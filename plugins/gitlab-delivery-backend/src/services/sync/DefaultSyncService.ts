import {
  LoggerService,
  SchedulerService,
  SchedulerServiceTaskScheduleDefinition,
} from '@backstage/backend-plugin-api';
import { isError } from '@backstage/errors';
import { DateTime, Duration } from 'luxon';
import { CatalogProjectSource } from '../../catalog/CatalogProjectSource';
import { EntityContexts } from '../../catalog/EntityContexts';
import { ProjectRecord, ProjectStore, SyncRequest } from '../../database/types';
import { schedulePeriod } from '../../lib/schedulePeriod';
import { SyncRunner } from './SyncRunner';
import { SyncService } from './types';

/** The id of the scheduled sync task. @internal */
export const SYNC_TASK_ID = 'gitlab-delivery-sync';

/** How often the task looks for due projects and queued requests. */
const TICK = Duration.fromObject({ minutes: 1 });

/** A project attempted this long before its period ends is due at the tick before. */
const DUE_SLACK_MS = 30_000;

/** The share of the task's timeout a run may use before it stops between pages. */
const RUN_BUDGET = 0.75;

/**
 * The sync task and its queue. The task is scheduled globally (one replica
 * at a time holds its lock) every minute: each run takes the queued manual
 * requests, reads the catalog when due, and syncs the projects that are due
 * (requested, never synced, or synced a period ago) within a time budget.
 * A manual sync is a queued request and a trigger of the task, so it never
 * runs beside a scheduled one, on this replica or another.
 * @internal
 */
export class DefaultSyncService implements SyncService {
  private readonly now: () => DateTime;
  private readonly period: Duration;
  private catalogReadAt: number | undefined;

  constructor(
    private readonly options: {
      scheduler: SchedulerService;
      projects: ProjectStore;
      catalog: Pick<CatalogProjectSource, 'refresh'>;
      entities: Pick<EntityContexts, 'load'>;
      runner: Pick<SyncRunner, 'syncProjects'>;
      schedule: SchedulerServiceTaskScheduleDefinition;
      logger: LoggerService;
      now?: () => DateTime;
    },
  ) {
    this.now = options.now ?? (() => DateTime.utc());
    this.period = schedulePeriod(options.schedule);
  }

  /** Schedules the sync task. */
  async start(): Promise<void> {
    const { scheduler, schedule } = this.options;
    const tick = this.period < TICK ? this.period : TICK;
    await scheduler.scheduleTask({
      id: SYNC_TASK_ID,
      frequency: tick.toObject(),
      timeout: schedule.timeout,
      initialDelay: schedule.initialDelay,
      scope: 'global',
      fn: signal => this.run(signal, this.budgetMs()),
    });
  }

  async requestSync(
    request: Parameters<SyncService['requestSync']>[0],
  ): Promise<void> {
    const { projects, entities } = this.options;
    const requestedAt = this.now().toUTC().toISO()!;
    if (request.entity) {
      const context = await entities.load(request.entity, request.credentials);
      if (context.fromAnnotations) {
        // An edited annotation is synced now, not after the next catalog read.
        await projects.replaceEntity(
          context.entityRef,
          context.projects.map(p => ({ host: p.host, key: p.key })),
          context.warnings,
        );
      }
      await projects.requestSync({ entityRef: context.entityRef, requestedAt });
    } else {
      await projects.requestSync({ requestedAt });
    }
    this.trigger();
  }

  /**
   * One run of the task: the due projects, then the requests queued
   * meanwhile, until none is left, the budget is spent or the scheduler
   * aborts. A project cut short is not recorded as attempted: it is due at
   * the next run, which resumes from its cursor.
   */
  async run(signal: AbortSignal, budgetMs: number): Promise<void> {
    const { projects, runner } = this.options;
    const stop = AbortSignal.any([signal, AbortSignal.timeout(budgetMs)]);
    let scheduled = true;
    while (!stop.aborted) {
      const requests = await projects.takeSyncRequests();
      const full = requests.some(r => r.entityRef === undefined);
      if (scheduled || full) await this.readCatalog(full);
      const due = await this.dueProjects(requests, scheduled);
      if (due.length > 0) {
        await runner.syncProjects(
          due,
          requests.length > 0 ? 'manual' : 'schedule',
          stop,
        );
      } else if (requests.length === 0) {
        return;
      }
      scheduled = false;
    }
  }

  private budgetMs(): number {
    const timeout = Duration.fromDurationLike(this.options.schedule.timeout);
    return Math.max(10_000, timeout.toMillis() * RUN_BUDGET);
  }

  /** Starts the task now; a run in progress takes the request before it ends. */
  private trigger() {
    this.options.scheduler.triggerTask(SYNC_TASK_ID).catch(error => {
      if (isError(error) && error.name === 'ConflictError') return;
      this.options.logger.warn(`Could not start the GitLab sync: ${error}`);
    });
  }

  /** Reads the catalog when asked, once a period, and each run until it names a project. */
  private async readCatalog(force: boolean): Promise<void> {
    const now = this.now().toMillis();
    if (
      !force &&
      this.catalogReadAt !== undefined &&
      now - this.catalogReadAt < this.period.toMillis()
    ) {
      return;
    }
    try {
      const entities = await this.options.catalog.refresh();
      this.catalogReadAt = entities > 0 ? now : undefined;
    } catch (error) {
      // A catalog outage must not stop the sync of projects already known.
      this.options.logger.warn(
        `Could not read the catalog, syncing known projects: ${error}`,
      );
    }
  }

  /**
   * The projects requested, and, when `scheduled`, those whose auto-sync is
   * on and whose last attempt is a period ago (or never was).
   */
  private async dueProjects(
    requests: SyncRequest[],
    scheduled: boolean,
  ): Promise<ProjectRecord[]> {
    const { projects } = this.options;
    const due = new Map<string, ProjectRecord>();
    const add = (project: ProjectRecord) =>
      due.set(`${project.host}|${project.key}`, project);
    const everyProject =
      scheduled || requests.some(r => r.entityRef === undefined)
        ? await projects.listProjects()
        : [];
    if (requests.some(r => r.entityRef === undefined)) {
      everyProject.forEach(add);
    }
    for (const { entityRef } of requests) {
      if (entityRef === undefined) continue;
      (await projects.getEntity(entityRef))?.projects.forEach(add);
    }
    if (scheduled) {
      const dueBefore =
        this.now().toMillis() - this.period.toMillis() + DUE_SLACK_MS;
      for (const project of everyProject) {
        if (!project.autoSync) continue;
        if (
          project.lastAttemptAt === null ||
          DateTime.fromISO(project.lastAttemptAt).toMillis() <= dueBefore
        ) {
          add(project);
        }
      }
    }
    return [...due.values()];
  }
}
