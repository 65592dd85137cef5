import fs from 'node:fs';
import {
  readSchedulerServiceTaskScheduleDefinitionFromConfig,
  SchedulerServiceTaskScheduleDefinition,
} from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { readGitLabIntegrationConfig } from '@backstage/integration';
import { normalizeHost } from '@delivery-insights/plugin-gitlab-delivery-common';

/** An OAuth application the plugin uses in place of a token. @internal */
export interface OAuthConfig {
  clientId: string;
  clientSecret: string;
  refreshToken: string;
}

/** Everything the plugin needs to talk to one GitLab host. @internal */
export interface GitlabInstanceConfig {
  host: string;
  /** REST base, e.g. https://gitlab.com/api/v4. */
  apiBaseUrl: string;
  /** Web base, e.g. https://gitlab.com; GraphQL is at `${baseUrl}/api/graphql`. */
  baseUrl: string;
  token?: string;
  oauth?: OAuthConfig;
  /** PEM text of extra trusted CAs. */
  ca?: string;
  caFile?: string;
  requestsPerMinute: number;
}

/** A configuration mistake, reported in health instead of stopping the backend. @internal */
export interface ConfigProblem {
  host?: string;
  key: string;
  message: string;
}

/** The plugin's typed configuration. @internal */
export interface DeliveryConfig {
  instances: GitlabInstanceConfig[];
  schedule: SchedulerServiceTaskScheduleDefinition;
  backfillDays: number;
  excludeAuthors: string[];
  jiraBaseUrl?: string;
  requestTimeoutMs: number;
  concurrency: number;
  /** How far before its cursor a project's list starts again. */
  lookBackMs: number;
  /** How often a project's iids are compared with GitLab's, to remove deleted MRs. */
  reconcileEveryMs: number;
  problems: ConfigProblem[];
}

const DEFAULT_SCHEDULE: SchedulerServiceTaskScheduleDefinition = {
  frequency: { minutes: 15 },
  timeout: { minutes: 4 },
  initialDelay: { seconds: 15 },
};

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function positive(
  config: Config,
  key: string,
  fallback: number,
  problems: ConfigProblem[],
): number {
  try {
    const value = config.getOptionalNumber(key);
    if (value === undefined) return fallback;
    if (value > 0) return value;
    problems.push({
      key: `gitlabDelivery.${key}`,
      message: `gitlabDelivery.${key} must be a positive number; using ${fallback}`,
    });
  } catch (error) {
    problems.push({ key: `gitlabDelivery.${key}`, message: errorText(error) });
  }
  return fallback;
}

/**
 * Reads `integrations.gitlab` and `gitlabDelivery`. Mistakes become problems
 * that name the key to fix; they never stop the backend.
 * @internal
 */
export function readDeliveryConfig(root: Config): DeliveryConfig {
  const problems: ConfigProblem[] = [];
  const own = root.getOptionalConfig('gitlabDelivery');
  const extras = new Map<string, Config>();
  for (const extra of own?.getOptionalConfigArray('instances') ?? []) {
    const host = extra.getOptionalString('host');
    if (host) extras.set(normalizeHost(host), extra);
    else
      problems.push({
        key: 'gitlabDelivery.instances[].host',
        message: 'every entry of gitlabDelivery.instances needs a host',
      });
  }

  const instances: GitlabInstanceConfig[] = [];
  const integrations = root.getOptionalConfigArray('integrations.gitlab') ?? [];
  integrations.forEach((integration, index) => {
    let base;
    try {
      base = readGitLabIntegrationConfig(integration);
    } catch (error) {
      problems.push({
        key: `integrations.gitlab[${index}]`,
        message: `integrations.gitlab[${index}] is invalid: ${errorText(
          error,
        )}`,
      });
      return;
    }
    const host = normalizeHost(base.host);
    const extra = extras.get(host);
    extras.delete(host);
    const apiBaseUrl = base.apiBaseUrl.replace(/\/+$/, '');
    if (!apiBaseUrl.endsWith('/api/v4')) {
      problems.push({
        host,
        key: 'integrations.gitlab[].apiBaseUrl',
        message: `integrations.gitlab[].apiBaseUrl for ${host} is "${apiBaseUrl}", which does not end in /api/v4; GitLab's REST API lives there, for example https://${host}/api/v4`,
      });
    }
    const instance: GitlabInstanceConfig = {
      host,
      apiBaseUrl,
      // GraphQL and OAuth live beside /api/v4, also under a relative URL root.
      baseUrl: apiBaseUrl.endsWith('/api/v4')
        ? apiBaseUrl.slice(0, -'/api/v4'.length)
        : base.baseUrl.replace(/\/+$/, ''),
      token: base.token,
      requestsPerMinute: 300,
    };
    if (extra) {
      instance.requestsPerMinute = positive(
        extra,
        'requestsPerMinute',
        300,
        problems,
      );
      const caFile = extra.getOptionalString('caFile');
      if (caFile) {
        instance.caFile = caFile;
        try {
          instance.ca = fs.readFileSync(caFile, 'utf8');
        } catch (error) {
          problems.push({
            host,
            key: 'gitlabDelivery.instances[].caFile',
            message: `cannot read caFile "${caFile}" for ${host}: ${errorText(
              error,
            )}; point gitlabDelivery.instances[].caFile at a readable PEM file`,
          });
        }
      }
      const oauth = extra.getOptionalConfig('oauth');
      if (oauth) {
        const clientId = oauth.getOptionalString('clientId');
        const clientSecret = oauth.getOptionalString('clientSecret');
        const refreshToken = oauth.getOptionalString('refreshToken');
        if (clientId && clientSecret && refreshToken) {
          instance.oauth = { clientId, clientSecret, refreshToken };
        } else {
          problems.push({
            host,
            key: 'gitlabDelivery.instances[].oauth',
            message: `the OAuth application for ${host} needs clientId, clientSecret and refreshToken`,
          });
        }
      }
    }
    if (!instance.token && !instance.oauth) {
      problems.push({
        host,
        key: 'integrations.gitlab[].token',
        message: `${host} has no token: set integrations.gitlab[].token to a token with the read_api scope, or configure gitlabDelivery.instances[].oauth`,
      });
    }
    instances.push(instance);
  });
  for (const host of extras.keys()) {
    problems.push({
      host,
      key: 'gitlabDelivery.instances[].host',
      message: `gitlabDelivery.instances names ${host}, which is not in integrations.gitlab; add it there with its token`,
    });
  }
  if (instances.length === 0) {
    problems.push({
      key: 'integrations.gitlab',
      message:
        'no GitLab integration is configured; add one under integrations.gitlab with host and token',
    });
  }

  let schedule = DEFAULT_SCHEDULE;
  if (own?.has('schedule')) {
    try {
      schedule = readSchedulerServiceTaskScheduleDefinitionFromConfig(
        own.getConfig('schedule'),
      );
    } catch (error) {
      problems.push({
        key: 'gitlabDelivery.schedule',
        message: `gitlabDelivery.schedule is invalid (${errorText(
          error,
        )}); using every 15 minutes`,
      });
    }
  }

  let excludeAuthors = ['*[bot]', '*-bot'];
  try {
    excludeAuthors =
      own?.getOptionalStringArray('excludeAuthors') ?? excludeAuthors;
  } catch (error) {
    problems.push({
      key: 'gitlabDelivery.excludeAuthors',
      message: errorText(error),
    });
  }

  return {
    instances,
    schedule,
    backfillDays: own ? positive(own, 'backfillDays', 180, problems) : 180,
    excludeAuthors,
    jiraBaseUrl: own?.getOptionalString('jiraBaseUrl')?.replace(/\/+$/, ''),
    requestTimeoutMs:
      1000 * (own ? positive(own, 'requestTimeoutSeconds', 30, problems) : 30),
    concurrency: own ? positive(own, 'concurrency', 2, problems) : 2,
    lookBackMs:
      60_000 * (own ? positive(own, 'lookBackMinutes', 5, problems) : 5),
    reconcileEveryMs:
      3_600_000 * (own ? positive(own, 'reconcileHours', 24, problems) : 24),
    problems,
  };
}
