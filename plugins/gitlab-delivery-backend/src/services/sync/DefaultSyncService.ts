import {
  LoggerService,
  SchedulerService,
  SchedulerServiceTaskScheduleDefinition,
} from '@backstage/backend-plugin-api';
import { isError } from '@backstage/errors';
import { DateTime, Duration } from 'luxon';
import { CatalogProjectSource } from '../../catalog/CatalogProjectSource';
import { EntityContexts } from '../../catalog/EntityContexts';
import {
  ProjectRecord,
  ProjectStore,
  SyncRequest,
  SyncRunRecord,
} from '../../database/types';
import { schedulePeriod } from '../../lib/schedulePeriod';
import { HostSync, ProjectSyncOutcome } from './HostSync';
import { SyncService } from './types';

/** What a sync run did. @internal */
export interface SyncRunSummary {
  runId: number;
  /** Projects attempted (skipped ones excluded). */
  projects: number;
  failedProjects: number;
  mergeRequestsWritten: number;
  /** HTTP requests sent to GitLab during the run, over every host. */
  requests: number;
  outcomes: ProjectSyncOutcome[];
}

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
      /** The sync of each configured host, by host. */
      hosts: Map<string, Pick<HostSync, 'sync'>>;
      /** HTTP requests sent to GitLab so far, over every host. */
      requestCount?: () => number;
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
      await projects.requestSync({
        entityRef: context.entityRef,
        full: Boolean(request.full),
        requestedAt,
      });
    } else {
      await projects.requestSync({ full: Boolean(request.full), requestedAt });
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
    const { projects } = this.options;
    const stop = AbortSignal.any([signal, AbortSignal.timeout(budgetMs)]);
    let scheduled = true;
    while (!stop.aborted) {
      const requests = await projects.takeSyncRequests();
      const everything = requests.some(r => r.entityRef === undefined);
      if (scheduled || everything) await this.readCatalog(everything);
      const { due, reconcile } = await this.dueProjects(requests, scheduled);
      if (due.length > 0) {
        await this.syncProjects(
          due,
          requests.length > 0 ? 'manual' : 'schedule',
          stop,
          reconcile,
        );
      } else if (requests.length === 0) {
        return;
      }
      scheduled = false;
    }
  }

  /**
   * Syncs the projects, host by host, and records the run and each project's
   * outcome. Scheduled runs skip projects whose auto-sync is off; manual runs
   * sync them too. A project cut short by `signal` is left unrecorded.
   * Projects in `reconcile` (by `host|key`) also compare every iid.
   */
  async syncProjects(
    due: ProjectRecord[],
    trigger: SyncRunRecord['trigger'],
    signal?: AbortSignal,
    reconcile: ReadonlySet<string> = new Set(),
  ): Promise<SyncRunSummary> {
    const { projects, hosts, logger } = this.options;
    const requestCount = this.options.requestCount ?? (() => 0);
    const startedAt = this.now().toUTC().toISO()!;
    const runId = await projects.startSyncRun(trigger, startedAt);
    const before = requestCount();
    const wanted = due.filter(p => trigger === 'manual' || p.autoSync);
    const byHost = new Map<string, ProjectRecord[]>();
    for (const project of wanted) {
      byHost.set(project.host, [...(byHost.get(project.host) ?? []), project]);
    }
    const outcomes = (
      await Promise.all(
        [...byHost].map(([host, keys]) => {
          const sync = hosts.get(host);
          return sync
            ? sync.sync(keys, {
                signal,
                reconcile: keys.filter(k => reconcile.has(projectId(k))),
              })
            : unknownInstance(host, keys);
        }),
      )
    ).flat();
    const at = this.now().toUTC().toISO()!;
    let written = 0;
    let failed = 0;
    let attempted = 0;
    for (const outcome of outcomes) {
      if ('skipped' in outcome) continue;
      attempted += 1;
      if (outcome.ok) written += outcome.written;
      else {
        failed += 1;
        // Outcome messages carry no credential: GitlabError messages are redacted.
        logger.warn(
          `Sync of ${outcome.host}/${outcome.key} failed (${outcome.code}): ${outcome.message}`,
        );
      }
      await projects
        .recordSyncOutcome(
          { host: outcome.host, key: outcome.key },
          outcome.ok
            ? { ok: true, at }
            : { ok: false, at, code: outcome.code, message: outcome.message },
        )
        .catch(error =>
          logger.error(
            `Could not record the sync outcome of ${outcome.host}/${outcome.key}: ${error}`,
          ),
        );
    }
    const requests = requestCount() - before;
    await projects
      .finishSyncRun(runId, {
        finishedAt: at,
        projects: attempted,
        failedProjects: failed,
        mergeRequestsWritten: written,
        requests,
      })
      .catch(error =>
        logger.error(`Could not record the end of sync run ${runId}: ${error}`),
      );
    logger.info(
      `GitLab sync (${trigger}) finished: ${attempted} projects, ${failed} failed, ${written} merge requests written, ${requests} requests`,
    );
    return {
      runId,
      projects: attempted,
      failedProjects: failed,
      mergeRequestsWritten: written,
      requests,
      outcomes,
    };
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

  /**
   * Reads the catalog at most once a tick: it writes only what changed, so a
   * project an entity newly names is due (never attempted) within a minute.
   */
  private async readCatalog(force: boolean): Promise<void> {
    const now = this.now().toMillis();
    if (
      !force &&
      this.catalogReadAt !== undefined &&
      now - this.catalogReadAt <
        Math.min(TICK.toMillis(), this.period.toMillis())
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
   * on and whose last attempt is a period ago (or never was); with the keys
   * of those a full sync was asked for.
   */
  private async dueProjects(
    requests: SyncRequest[],
    scheduled: boolean,
  ): Promise<{ due: ProjectRecord[]; reconcile: Set<string> }> {
    const { projects } = this.options;
    const due = new Map<string, ProjectRecord>();
    const reconcile = new Set<string>();
    const add = (project: ProjectRecord, full = false) => {
      due.set(projectId(project), project);
      if (full) reconcile.add(projectId(project));
    };
    const everything = requests.filter(r => r.entityRef === undefined);
    const everyProject =
      scheduled || everything.length > 0 ? await projects.listProjects() : [];
    for (const project of everything.length > 0 ? everyProject : []) {
      add(
        project,
        everything.some(r => r.full),
      );
    }
    for (const { entityRef, full } of requests) {
      if (entityRef === undefined) continue;
      for (const project of (await projects.getEntity(entityRef))?.projects ??
        []) {
        add(project, full);
      }
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
    return { due: [...due.values()], reconcile };
  }
}

async function unknownInstance(
  host: string,
  keys: ProjectRecord[],
): Promise<ProjectSyncOutcome[]> {
  return keys.map(key => ({
    host,
    key: key.key,
    ok: false as const,
    code: 'unknown_instance',
    message: `No GitLab instance is configured for ${host}: add it under integrations.gitlab with its host and a token with the read_api scope, or point the entity's gitlab.com/instance annotation at a configured host`,
  }));
}

function projectId(project: { host: string; key: string }): string {
  return `${project.host}|${project.key}`;
}
