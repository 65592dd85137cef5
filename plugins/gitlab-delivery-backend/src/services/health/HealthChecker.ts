import { LoggerService } from '@backstage/backend-plugin-api';
import { HealthCheck } from '@delivery-insights/plugin-gitlab-delivery-common';
import { DateTime } from 'luxon';
import {
  DeliveryConfig,
  GitlabInstanceConfig,
} from '../../config/readDeliveryConfig';
import {
  ConnectionStore,
  HealthStore,
  InstanceFacts,
  ProjectRecord,
  ProjectStore,
} from '../../database/types';
import { GitlabClient } from '../../gitlab/GitlabClient';
import { isGitlabError } from '../../gitlab/GitlabError';
import { forEachConcurrent } from '../../lib/forEachConcurrent';
import { checksAt, CheckMaker } from './checks/checks';
import { probeConnection } from './checks/connectionProbe';
import { ask, failed, field, rateLimitOf } from './checks/gitlabAnswers';
import {
  apiProblem,
  probeAnswered,
  reachableCheck,
  tlsCheck,
} from './checks/instanceChecks';
import { checkProject } from './checks/projectChecks';
import { ProjectCheckContext } from './checks/projectContext';
import { remediationFor } from './checks/syncStatus';
import { tokenChecks } from './checks/tokenChecks';
import { readToken, tokenSourceOf } from './checks/tokenReading';
import { versionCheck } from './checks/versionFeatures';

/** Options of {@link HealthChecker}. @internal */
export interface HealthCheckerOptions {
  config: Pick<
    DeliveryConfig,
    'instances' | 'requestTimeoutMs' | 'concurrency' | 'allowList'
  >;
  clients: Map<string, GitlabClient>;
  projects: Pick<ProjectStore, 'listProjects'>;
  health: Pick<
    HealthStore,
    'listProjectChecks' | 'saveProjectChecks' | 'saveInstanceHealth'
  >;
  /** The hosts connected from the admin page, whose connected token is in use. */
  connections?: Pick<ConnectionStore, 'listConnections'>;
  logger: LoggerService;
  now?: () => DateTime;
  /** Timeout of the connection probe; default the request timeout, at most 10 s. */
  probeTimeoutMs?: number;
  /** Projects a scheduled run checks live at most; default 25. */
  maxScheduledProjects?: number;
}

/** What the instance checks leave for the project checks of the same host. */
interface InstanceOutcome {
  /** Set when the project checks cannot run, with the reason. */
  unusable?: string;
  context: ProjectCheckContext;
}

const NO_FACTS: InstanceFacts = {
  version: null,
  tokenName: null,
  tokenScopes: [],
  tokenExpiresAt: null,
  tokenUserId: null,
  tokenUsername: null,
  rateLimit: null,
};

function skipped(
  check: CheckMaker,
  reason: string,
  ids: Array<HealthCheck['id']>,
): HealthCheck[] {
  return ids.map(id => check(id, 'skipped', `Not checked: ${reason}.`));
}

/**
 * Runs the live health checks against GitLab and stores their results:
 * per instance a connection probe and four requests (token, user, version,
 * GraphQL), per project three requests, more only to explain a 404.
 * @internal
 */
export class HealthChecker {
  private readonly now: () => DateTime;
  private readonly probeTimeoutMs: number;

  constructor(private readonly options: HealthCheckerOptions) {
    this.now = options.now ?? (() => DateTime.utc());
    this.probeTimeoutMs =
      options.probeTimeoutMs ??
      Math.min(options.config.requestTimeoutMs, 10_000);
  }

  /**
   * Checks the given instances and projects now. The instances of the
   * projects are checked first, whether listed or not. Projects outside the
   * allow-list are never requested. Once `signal` is aborted no further
   * instance or project is checked.
   */
  async check(
    scope: {
      hosts: string[];
      projects: ProjectRecord[];
    },
    signal?: AbortSignal,
  ): Promise<void> {
    const { config, logger } = this.options;
    const hosts = new Set([...scope.hosts, ...scope.projects.map(p => p.host)]);
    for (const instance of config.instances) {
      if (!hosts.has(instance.host) || signal?.aborted) continue;
      const client = this.options.clients.get(instance.host);
      if (!client) continue;
      try {
        const outcome = await this.checkInstance(instance, client);
        await forEachConcurrent(
          scope.projects.filter(
            p => p.host === instance.host && config.allowList.allows(p),
          ),
          config.concurrency,
          async project => {
            if (!signal?.aborted) await this.checkOneProject(project, outcome);
          },
        );
      } catch (error) {
        logger.error(
          client.redact(
            `Health check of ${instance.host} failed: ${String(error)}`,
          ),
        );
      }
    }
  }

  /**
   * The scheduled pass: every instance, and the projects whose last sync
   * failed (or that were never synced nor checked), the least recently
   * checked first, up to `maxScheduledProjects`. Projects that sync well
   * need no requests: their sync proves them.
   */
  async runScheduled(signal?: AbortSignal): Promise<void> {
    const { projects: store, health, config } = this.options;
    const projects = await store.listProjects();
    const checked = new Map(
      (await health.listProjectChecks()).map(r => [
        `${r.host}|${r.key}`,
        r.checks.reduce(
          (latest, c) => (c.checkedAt > latest ? c.checkedAt : latest),
          '',
        ),
      ]),
    );
    const lastChecked = (p: ProjectRecord) =>
      checked.get(`${p.host}|${p.key}`) ?? '';
    const due = projects
      .filter(
        p =>
          (p.lastErrorCode !== null &&
            p.lastErrorCode !== 'unknown_instance') ||
          (p.lastAttemptAt === null && lastChecked(p) === ''),
      )
      .sort((a, b) => lastChecked(a).localeCompare(lastChecked(b)))
      .slice(0, this.options.maxScheduledProjects ?? 25);
    await this.check(
      { hosts: config.instances.map(i => i.host), projects: due },
      signal,
    );
  }

  private async checkInstance(
    instance: GitlabInstanceConfig,
    client: GitlabClient,
  ): Promise<InstanceOutcome> {
    const now = this.now();
    const check = checksAt(now.toUTC().toISO()!);
    const { allowList } = this.options.config;
    const context: ProjectCheckContext = {
      client,
      user: null,
      canReadApi: null,
      allows: path =>
        allowList.allows({ host: instance.host, key: path, path }),
    };
    const facts: InstanceFacts = { ...NO_FACTS };
    const checks: HealthCheck[] = [];
    let unusable: string | undefined;

    const probe = await probeConnection({
      apiBaseUrl: instance.apiBaseUrl,
      ca: instance.ca,
      timeoutMs: this.probeTimeoutMs,
    });
    checks.push(
      reachableCheck(probe, instance, this.probeTimeoutMs, check),
      tlsCheck(probe, instance, now, check),
    );
    const problem = probeAnswered(probe)
      ? apiProblem(probe, instance, check)
      : undefined;
    if (!probeAnswered(probe) || problem) {
      unusable = problem
        ? `the GitLab API of ${instance.host} does not answer (see instance.api)`
        : `${instance.host} cannot be reached securely (see instance.reachable and instance.tls)`;
      checks.push(
        ...(problem ? [problem] : skipped(check, unusable, ['instance.api'])),
        ...skipped(check, unusable, [
          'instance.version',
          'token.valid',
          'token.expiry',
          'token.scopes',
          'token.user',
        ]),
      );
      await this.save(instance.host, now, facts, checks);
      return { unusable, context };
    }

    const connected = (
      (await this.options.connections?.listConnections()) ?? []
    ).some(c => c.host === instance.host);
    const reading = await readToken(
      client,
      tokenSourceOf(instance, connected),
      now,
    );
    context.user = reading.user;
    context.canReadApi = reading.canReadApi;
    facts.tokenName = reading.name;
    facts.tokenScopes = reading.scopes ?? [];
    facts.tokenExpiresAt = reading.expiresAt;
    facts.tokenUserId = reading.user?.id ?? null;
    facts.tokenUsername = reading.user?.username ?? null;
    const answers = [...reading.answers];

    if (reading.state === 'valid') {
      const version = await ask(client, 'version');
      answers.push(version);
      const value = field(version, 'version');
      if (typeof value === 'string') {
        facts.version = value;
        checks.push(versionCheck(value, check));
      } else {
        checks.push(
          check(
            'instance.version',
            'skipped',
            failed(version)
              ? `Could not read the version: ${version.message}`
              : `GitLab answered ${version.status} to GET /version.`,
          ),
        );
      }
      checks.push(
        reading.canReadApi === false
          ? check(
              'instance.api',
              'ok',
              `GitLab's REST API answers at ${instance.apiBaseUrl}; GraphQL is not checked, since the token lacks read_api (see token.scopes).`,
            )
          : await this.graphqlCheck(instance, client, check),
      );
    } else {
      unusable = 'GitLab does not accept the token (see token.valid)';
      checks.push(
        check(
          'instance.version',
          'skipped',
          'Not checked: GET /version needs a token GitLab accepts (see token.valid).',
        ),
        check(
          'instance.api',
          'ok',
          `GitLab's REST API answers at ${instance.apiBaseUrl}.`,
        ),
      );
    }
    checks.push(...tokenChecks(reading, instance, facts.version, now, check));
    const limits = answers.map(rateLimitOf).filter(Boolean);
    facts.rateLimit = limits[limits.length - 1] ?? null;
    await this.save(instance.host, now, facts, checks);
    return { unusable, context };
  }

  /** `instance.api` once the token works: REST answered, and GraphQL must too. */
  private async graphqlCheck(
    instance: GitlabInstanceConfig,
    client: GitlabClient,
    check: CheckMaker,
  ): Promise<HealthCheck> {
    try {
      await client.graphql<{ currentUser: unknown }>(
        'query HealthCheck { currentUser { username } }',
        {},
        'the health check',
      );
      return check(
        'instance.api',
        'ok',
        `GitLab's REST API answers at ${instance.apiBaseUrl} and GraphQL at ${client.graphqlUrl}.`,
      );
    } catch (error) {
      if (!isGitlabError(error)) throw error;
      return check(
        'instance.api',
        'error',
        `GitLab's REST API answers at ${instance.apiBaseUrl}, but GraphQL at ${client.graphqlUrl} does not: ${error.message}`,
        {
          remediation: ['not_found', 'invalid_response', 'graphql'].includes(
            error.code,
          )
            ? 'The plugin reads merge requests through GraphQL at /api/graphql beside /api/v4: check that no proxy blocks /api/graphql, and that integrations.gitlab[].apiBaseUrl ends in /api/v4.'
            : remediationFor(error.code) ?? undefined,
        },
      );
    }
  }

  private async checkOneProject(
    project: ProjectRecord,
    outcome: InstanceOutcome,
  ): Promise<void> {
    const now = this.now();
    const check = checksAt(now.toUTC().toISO()!);
    const key = { host: project.host, key: project.key };
    const checks = outcome.unusable
      ? skipped(check, outcome.unusable, [
          'project.resolves',
          'project.access',
          'project.merge_requests',
        ])
      : await checkProject(outcome.context, key, now, check);
    await this.options.health.saveProjectChecks(key, checks);
  }

  private async save(
    host: string,
    now: DateTime,
    facts: InstanceFacts,
    checks: HealthCheck[],
  ): Promise<void> {
    await this.options.health.saveInstanceHealth({
      host,
      ...facts,
      checkedAt: now.toUTC().toISO()!,
      checks,
    });
  }
}
