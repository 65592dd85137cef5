import {
  LoggerService,
  SchedulerService,
  SchedulerServiceTaskScheduleDefinition,
} from '@backstage/backend-plugin-api';
import { isError } from '@backstage/errors';
import { DateTime, Duration } from 'luxon';
import { unsyncedProject } from '../../catalog/EntityContexts';
import { DeliveryConfig } from '../../config/readDeliveryConfig';
import {
  HealthCheckRequest,
  HealthStore,
  ProjectRecord,
  ProjectStore,
  RetentionStore,
} from '../../database/types';
import { schedulePeriod } from '../../lib/schedulePeriod';
import { HealthChecker } from './HealthChecker';

/** The id of the scheduled health task. @internal */
export const HEALTH_TASK_ID = 'gitlab-delivery-health';

/** How often the task looks for queued requests. */
const TICK = Duration.fromObject({ minutes: 1 });

/** Instances checked this long before their period ends are due at the tick before. */
const DUE_SLACK_MS = 30_000;

function idOf(project: { host: string; key: string }): string {
  return `${project.host}|${project.key}`;
}

/** Options of {@link HealthTask}. @internal */
export interface HealthTaskOptions {
  scheduler: SchedulerService;
  health: Pick<
    HealthStore,
    | 'pendingCheckRequests'
    | 'finishCheckRequests'
    | 'listProjectChecks'
    | 'listInstanceHealth'
  >;
  projects: Pick<ProjectStore, 'listProjects' | 'getProject'>;
  retention: RetentionStore;
  checker: Pick<HealthChecker, 'check' | 'runScheduled'>;
  config: Pick<
    DeliveryConfig,
    'instances' | 'healthMaxProjectsPerRun' | 'retentionDays'
  >;
  schedule: SchedulerServiceTaskScheduleDefinition;
  logger: LoggerService;
  now?: () => DateTime;
}

/**
 * The health task and its queue, modelled on the sync's: scheduled globally
 * (one replica at a time) every minute, each run takes the queued live
 * check requests, checks at most `healthMaxProjectsPerRun` of their
 * projects (the least recently checked first; a request stays queued until
 * all its projects are checked), and, once a schedule period, runs the
 * scheduled pass and deletes what the retention allows.
 * @internal
 */
export class HealthTask {
  private readonly now: () => DateTime;
  private readonly period: Duration;

  constructor(private readonly options: HealthTaskOptions) {
    this.now = options.now ?? (() => DateTime.utc());
    this.period = schedulePeriod(options.schedule);
  }

  /** Schedules the task. */
  async start(): Promise<void> {
    const tick = this.period < TICK ? this.period : TICK;
    await this.options.scheduler.scheduleTask({
      id: HEALTH_TASK_ID,
      frequency: tick.toObject(),
      timeout: { minutes: 10 },
      initialDelay: { seconds: 5 },
      scope: 'global',
      fn: signal => this.run(signal),
    });
  }

  /** Starts the task now; a run in progress is left to finish. */
  trigger(): void {
    this.options.scheduler.triggerTask(HEALTH_TASK_ID).catch(error => {
      if (isError(error) && error.name === 'ConflictError') return;
      this.options.logger.warn(`Could not start the health checks: ${error}`);
    });
  }

  /** One run: the queued requests, then the scheduled pass and retention when due. */
  async run(signal: AbortSignal): Promise<void> {
    await this.takeRequests(signal);
    if (signal.aborted || !(await this.passDue())) return;
    await this.options.checker.runScheduled(signal);
    await this.prune();
  }

  /** Whether an instance was never checked or was checked a period ago. */
  private async passDue(): Promise<boolean> {
    const { health, config } = this.options;
    const checked = new Map(
      (await health.listInstanceHealth()).map(r => [r.host, r.checkedAt]),
    );
    const dueBefore =
      this.now().toMillis() - this.period.toMillis() + DUE_SLACK_MS;
    return config.instances.some(instance => {
      const at = checked.get(instance.host);
      return !at || DateTime.fromISO(at).toMillis() <= dueBefore;
    });
  }

  private async takeRequests(signal: AbortSignal): Promise<void> {
    const { health, config, checker } = this.options;
    const requests = await health.pendingCheckRequests();
    if (requests.length === 0) return;
    const lastChecked = new Map(
      (await health.listProjectChecks()).map(r => [
        idOf(r),
        r.checks.reduce((l, c) => (c.checkedAt > l ? c.checkedAt : l), ''),
      ]),
    );
    const configured = new Set(config.instances.map(i => i.host));
    let budget = config.healthMaxProjectsPerRun;
    const chosen = new Map<string, ProjectRecord>();
    const hosts = new Set<string>();
    const done: number[] = [];
    for (const request of requests) {
      const pending = (await this.projectsOf(request))
        .filter(p => configured.has(p.host) && !chosen.has(idOf(p)))
        .filter(p => (lastChecked.get(idOf(p)) ?? '') < request.requestedAt)
        .sort((a, b) =>
          (lastChecked.get(idOf(a)) ?? '').localeCompare(
            lastChecked.get(idOf(b)) ?? '',
          ),
        );
      const taken = pending.slice(0, budget);
      taken.forEach(p => chosen.set(idOf(p), p));
      budget -= taken.length;
      (request.projects ? request.hosts : [...configured]).forEach(h =>
        hosts.add(h),
      );
      if (taken.length === pending.length) done.push(request.id);
      if (budget <= 0) break;
    }
    await checker.check(
      { hosts: [...hosts], projects: [...chosen.values()] },
      signal,
    );
    if (!signal.aborted) await health.finishCheckRequests(done);
  }

  private async projectsOf(
    request: HealthCheckRequest,
  ): Promise<ProjectRecord[]> {
    const { projects } = this.options;
    if (!request.projects) return projects.listProjects();
    return Promise.all(
      request.projects.map(
        async key => (await projects.getProject(key)) ?? unsyncedProject(key),
      ),
    );
  }

  /** Deletes what is past `retentionDays`; never fails the run. */
  private async prune(): Promise<void> {
    const { retention, config, logger } = this.options;
    const now = this.now();
    const before = now.minus({ days: config.retentionDays }).toISO()!;
    try {
      const projects = await retention.pruneProjects(now.toISO()!, before);
      const syncRuns = await retention.pruneSyncRuns(before);
      const instances = await retention.pruneInstances(
        config.instances.map(i => i.host),
      );
      await retention.pruneRequests(before);
      if (projects.projects + syncRuns + instances > 0) {
        logger.info(
          `Retention: deleted ${projects.projects} projects no entity names (with ${projects.mergeRequests} merge requests), ${syncRuns} sync runs, and the health of ${instances} instances no longer configured`,
        );
      }
    } catch (error) {
      logger.warn(`Retention pass failed: ${error}`);
    }
  }
}
