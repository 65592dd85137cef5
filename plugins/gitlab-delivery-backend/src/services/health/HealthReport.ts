import {
  InstanceCredential,
  InstanceHealth,
  ProjectHealth,
} from '@delivery-insights/plugin-gitlab-delivery-common';
import { DateTime, Duration } from 'luxon';
import { DeliveryConfig } from '../../config/readDeliveryConfig';
import {
  ConnectionStore,
  HealthStore,
  MergeRequestWriter,
  ProjectCursor,
  ProjectRecord,
} from '../../database/types';
import { firstSyncProgress } from './firstSync';
import { checksAt, statusRank, worstStatus } from './checks/checks';
import {
  configChecks,
  problemInstances,
  withConfigChecks,
} from './checks/configChecks';
import { policyChecks, TokenStorage } from './checks/policyChecks';
import { checksFromSync, syncCheck } from './checks/syncChecks';
import { syncStatus } from './checks/syncStatus';
import { tokenSourceOf } from './checks/tokenReading';
import {
  allowedSuggestions,
  instanceFactHider,
  projectFactsOnly,
} from './projectFactsOnly';

/** What {@link HealthReport} reads from. @internal */
export interface HealthReportOptions {
  health: Pick<HealthStore, 'listInstanceHealth' | 'listProjectChecks'>;
  /** Where each project's sync stands, for the progress of a first sync. */
  cursors?: Pick<MergeRequestWriter, 'getCursors'>;
  config: Pick<DeliveryConfig, 'instances' | 'problems' | 'allowList'>;
  /** Who connected which host from the admin page. */
  connections?: Pick<ConnectionStore, 'listConnections'>;
  /** Whether rotated refresh tokens can be stored; default: no key configured. */
  storage?: TokenStorage;
  /** The sync schedule's period, for the age of the last sync. */
  period: Duration;
  now?: () => DateTime;
  /** When the configuration was read; the time of its checks. */
  configReadAt?: DateTime;
}

/** Problems first, then by name. @internal */
export function problemsFirst<T extends { host: string }>(
  items: T[],
  status: (item: T) => ProjectHealth['status'],
  name: (item: T) => string,
): T[] {
  return [...items].sort(
    (a, b) =>
      statusRank(status(a)) - statusRank(status(b)) ||
      name(a).localeCompare(name(b)),
  );
}

/**
 * The health the API serves, from stored results only (no GitLab request):
 * the latest live checks, the configuration problems, the checks of the
 * security settings, and the checks that follow from the sync status.
 * @internal
 */
export class HealthReport {
  private readonly now: () => DateTime;
  private readonly configReadAt: string;

  constructor(private readonly options: HealthReportOptions) {
    this.now = options.now ?? (() => DateTime.utc());
    this.configReadAt = (options.configReadAt ?? this.now()).toUTC().toISO()!;
  }

  /**
   * The configured instances (all, or those of the given hosts), and, for
   * all, the instances that exist only as configuration problems.
   */
  async instances(hosts?: string[]): Promise<InstanceHealth[]> {
    const { health, config } = this.options;
    const [stored, connections] = await Promise.all([
      health.listInstanceHealth(),
      this.options.connections?.listConnections() ?? [],
    ]);
    const check = checksAt(this.configReadAt);
    const storage = this.options.storage ?? { configured: false };
    const configured = config.instances
      .filter(instance => !hosts || hosts.includes(instance.host))
      .map(instance => {
        const record = stored.find(s => s.host === instance.host);
        const connection = instance.oauth
          ? connections.find(c => c.host === instance.host)
          : undefined;
        const credential: InstanceCredential = {
          source: tokenSourceOf(instance, connection !== undefined),
          oauthApplication: instance.oauth !== undefined,
          ...(connection && {
            connectedBy: connection.connectedBy,
            connectedAt: connection.connectedAt,
          }),
        };
        return {
          host: instance.host,
          apiBaseUrl: instance.apiBaseUrl,
          version: record?.version ?? null,
          tokenName: record?.tokenName ?? null,
          tokenScopes: record?.tokenScopes ?? [],
          tokenExpiresAt: record?.tokenExpiresAt ?? null,
          rateLimit: record?.rateLimit ?? null,
          credential,
          checks: withConfigChecks(
            record?.checks ?? [],
            withConfigChecks(
              policyChecks(
                instance,
                { allowList: config.allowList, storage },
                check,
              ),
              configChecks(config.problems, instance.host, check),
            ),
          ),
        };
      });
    if (hosts) return configured;
    return [
      ...configured,
      ...problemInstances(
        config.problems,
        config.instances.map(i => i.host),
        check,
      ),
    ];
  }

  /** The sync status and checks of the given projects. */
  async projects(records: ProjectRecord[]): Promise<ProjectHealth[]> {
    const now = this.now();
    // Many projects (the admin page) read every stored check in one query.
    const stored = await this.options.health.listProjectChecks(
      records.length > 200
        ? undefined
        : records.map(r => ({ host: r.host, key: r.key })),
    );
    const byProject = new Map(
      stored.map(s => [`${s.host}|${s.key}`, s.checks]),
    );
    const cursors = await this.cursorsOf(records);
    return records.map(record => {
      const live = byProject.get(`${record.host}|${record.key}`) ?? [];
      const fromSync = checksFromSync(record);
      const liveAt = live.reduce(
        (latest, c) => (c.checkedAt > latest ? c.checkedAt : latest),
        '',
      );
      const current =
        fromSync.length > 0 &&
        DateTime.fromISO(fromSync[0].checkedAt).toMillis() >
          (liveAt ? DateTime.fromISO(liveAt).toMillis() : -Infinity)
          ? fromSync
          : live;
      const checks = [
        ...current,
        syncCheck(record, { period: this.options.period, now }),
      ];
      const firstSync =
        record.projectId === null
          ? undefined
          : firstSyncProgress(
              cursors.get(`${record.host}|${record.projectId}`),
              record.mergeRequestCount,
              this.requestsPerMinute(record.host),
              now,
            );
      return allowedSuggestions(
        {
          ...syncStatus(record, { period: this.options.period, now }),
          ...(firstSync && { firstSync }),
          status: worstStatus(checks.map(c => c.status)),
          checks,
        },
        record,
        this.options.config.allowList,
      );
    });
  }

  private async cursorsOf(
    records: ProjectRecord[],
  ): Promise<Map<string, ProjectCursor>> {
    const result = new Map<string, ProjectCursor>();
    const { cursors } = this.options;
    if (!cursors) return result;
    for (const host of new Set(records.map(r => r.host))) {
      const ids = records.flatMap(r =>
        r.host === host && r.projectId !== null ? [r.projectId] : [],
      );
      for (const [id, cursor] of await cursors.getCursors(host, ids)) {
        result.set(`${host}|${id}`, cursor);
      }
    }
    return result;
  }

  private requestsPerMinute(host: string): number {
    return (
      this.options.config.instances.find(i => i.host === host)
        ?.requestsPerMinute ?? 300
    );
  }

  /**
   * The health of projects as a viewer without gitlab-delivery.health.read
   * sees it: project-level facts only (see projectFactsOnly).
   */
  async projectFactsOnly(records: ProjectRecord[]): Promise<ProjectHealth[]> {
    const [projects, stored] = await Promise.all([
      this.projects(records),
      this.options.health.listInstanceHealth(),
    ]);
    return projectFactsOnly(
      projects,
      records,
      instanceFactHider(stored, this.options.config.instances),
    );
  }
}
