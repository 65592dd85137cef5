import { LoggerService } from '@backstage/backend-plugin-api';
import { DateTime } from 'luxon';
import { DeliveryConfig } from '../../config/readDeliveryConfig';
import {
  MergeRequestWriter,
  ProjectRecord,
  ProjectStore,
  SyncRunRecord,
} from '../../database/types';
import { GitlabClient } from '../../gitlab/GitlabClient';
import { GitlabError } from '../../gitlab/GitlabError';
import { MergeRequestReader } from '../../gitlab/MergeRequestReader';
import { authorMatcher } from '../../lib/authorMatcher';
import { forEachConcurrent } from '../../lib/forEachConcurrent';
import { ProjectSyncer, SyncStopped } from './ProjectSyncer';

/** How one project's sync ended. @internal */
export type ProjectSyncOutcome =
  | { host: string; key: string; ok: true; written: number }
  | { host: string; key: string; ok: false; code: string; message: string }
  | { host: string; key: string; skipped: true };

/** What a sync run did. @internal */
export interface SyncRunSummary {
  runId: number;
  trigger: SyncRunRecord['trigger'];
  startedAt: string;
  finishedAt: string;
  /** Projects attempted (skipped ones excluded). */
  projects: number;
  failedProjects: number;
  mergeRequestsWritten: number;
  /** HTTP requests sent to GitLab during the run, over every host. */
  requests: number;
  outcomes: ProjectSyncOutcome[];
}

/** Options of {@link SyncRunner}. @internal */
export interface SyncRunnerOptions {
  projects: Pick<
    ProjectStore,
    'resolveProject' | 'startSyncRun' | 'finishSyncRun' | 'recordSyncOutcome'
  >;
  mergeRequests: MergeRequestWriter;
  /** One client per configured GitLab host, keyed by host. */
  clients: Map<string, GitlabClient>;
  config: Pick<
    DeliveryConfig,
    'concurrency' | 'backfillDays' | 'excludeAuthors'
  >;
  logger: LoggerService;
  /** The clock; tests pin it. */
  now?: () => DateTime;
}

/**
 * Syncs GitLab merge request metadata into the store: several projects at
 * once (`concurrency`), each incrementally from its cursor, with a run record
 * and a per-project outcome. A project's failure is recorded, never thrown.
 * @internal
 */
export class SyncRunner {
  private readonly syncers = new Map<string, ProjectSyncer>();
  private readonly now: () => DateTime;

  constructor(private readonly options: SyncRunnerOptions) {
    this.now = options.now ?? (() => DateTime.utc());
    const isExcluded = authorMatcher(options.config.excludeAuthors);
    for (const [host, client] of options.clients) {
      this.syncers.set(
        host,
        new ProjectSyncer({
          projects: options.projects,
          mergeRequests: options.mergeRequests,
          reader: new MergeRequestReader(client),
          settings: {
            backfillDays: options.config.backfillDays,
            isExcluded,
          },
          logger: options.logger,
          now: this.now,
        }),
      );
    }
  }

  /**
   * Syncs the projects and records the run. Scheduled runs skip projects whose
   * auto-sync is off; manual runs sync them too. Once `signal` is aborted no
   * project starts, and those in progress stop between pages, unrecorded.
   */
  async syncProjects(
    projects: ProjectRecord[],
    trigger: SyncRunRecord['trigger'],
    signal?: AbortSignal,
  ): Promise<SyncRunSummary> {
    const { projects: store, logger, config } = this.options;
    const startedAt = this.now().toUTC().toISO()!;
    const runId = await store.startSyncRun(trigger, startedAt);
    const requestsBefore = this.requestCount();
    const outcomes: ProjectSyncOutcome[] = [];
    await forEachConcurrent(projects, config.concurrency, async project => {
      if ((trigger === 'schedule' && !project.autoSync) || signal?.aborted) {
        outcomes.push({ host: project.host, key: project.key, skipped: true });
        return;
      }
      outcomes.push(await this.syncProject(project, signal));
    });
    const attempted = outcomes.filter(
      (o): o is Exclude<ProjectSyncOutcome, { skipped: true }> =>
        !('skipped' in o),
    );
    const summary: SyncRunSummary = {
      runId,
      trigger,
      startedAt,
      finishedAt: this.now().toUTC().toISO()!,
      projects: attempted.length,
      failedProjects: attempted.filter(o => !o.ok).length,
      mergeRequestsWritten: attempted.reduce(
        (sum, o) => sum + (o.ok ? o.written : 0),
        0,
      ),
      requests: this.requestCount() - requestsBefore,
      outcomes,
    };
    try {
      await store.finishSyncRun(runId, {
        finishedAt: summary.finishedAt,
        projects: summary.projects,
        failedProjects: summary.failedProjects,
        mergeRequestsWritten: summary.mergeRequestsWritten,
        requests: summary.requests,
      });
    } catch (error) {
      logger.error(`Could not record the end of sync run ${runId}: ${error}`);
    }
    logger.info(
      `GitLab sync (${trigger}) finished: ${summary.projects} projects, ${summary.failedProjects} failed, ${summary.mergeRequestsWritten} merge requests written, ${summary.requests} requests`,
    );
    return summary;
  }

  /** Syncs one project and records its outcome, unless it was stopped; never throws. */
  async syncProject(
    project: ProjectRecord,
    signal?: AbortSignal,
  ): Promise<ProjectSyncOutcome> {
    const { projects: store, logger } = this.options;
    const { host, key } = project;
    const syncer = this.syncers.get(host);
    let outcome: ProjectSyncOutcome;
    if (!syncer) {
      outcome = {
        host,
        key,
        ok: false,
        code: 'unknown_instance',
        message: `No GitLab instance is configured for ${host}: add it under integrations.gitlab with its host and a token with the read_api scope, or point the entity's gitlab.com/instance annotation at a configured host`,
      };
    } else {
      try {
        const result = await syncer.sync(project, signal);
        outcome = { host, key, ok: true, written: result.written };
        logger.debug(
          `Synced ${host}/${project.path ?? key}: ${result.listed} listed, ${
            result.written
          } written`,
        );
      } catch (error) {
        if (error instanceof SyncStopped) return { host, key, skipped: true };
        outcome = this.failure(project, error);
        logger.warn(
          `Sync of ${host}/${project.path ?? key} failed (${outcome.code}): ${
            outcome.message
          }`,
        );
      }
    }
    try {
      const at = this.now().toUTC().toISO()!;
      await store.recordSyncOutcome(
        project,
        outcome.ok
          ? { ok: true, at }
          : { ok: false, at, code: outcome.code, message: outcome.message },
      );
    } catch (error) {
      logger.error(
        `Could not record the sync outcome of ${host}/${key}: ${this.redact(
          host,
          String(error),
        )}`,
      );
    }
    return outcome;
  }

  private failure(
    project: ProjectRecord,
    error: unknown,
  ): Extract<ProjectSyncOutcome, { ok: false }> {
    const { host, key } = project;
    if (error instanceof GitlabError) {
      return {
        host,
        key,
        ok: false,
        code: error.code,
        message: this.redact(host, error.message),
      };
    }
    const text = error instanceof Error ? error.message : String(error);
    return {
      host,
      key,
      ok: false,
      code: 'internal',
      message: this.redact(
        host,
        `The sync of ${host}/${
          project.path ?? key
        } failed unexpectedly: ${text}`,
      ),
    };
  }

  private redact(host: string, text: string): string {
    const client = this.options.clients.get(host);
    return client ? client.redact(text) : text;
  }

  private requestCount(): number {
    let total = 0;
    for (const client of this.options.clients.values()) {
      total += client.requestCount;
    }
    return total;
  }
}
