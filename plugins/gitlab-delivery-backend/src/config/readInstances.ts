import fs from 'node:fs';
import { Config } from '@backstage/config';
import { readGitLabIntegrationConfig } from '@backstage/integration';
import { normalizeHost } from '@delivery-insights/plugin-gitlab-delivery-common';
import { ConfigProblem, errorText, positive } from './configValues';
import { ALLOW_LIST_KEY, InstanceAllowList } from './ProjectAllowList';

/**
 * An OAuth application the plugin uses in place of a token: connected from
 * the admin page, or with a configured refresh token.
 * @internal
 */
export interface OAuthConfig {
  clientId: string;
  clientSecret: string;
  refreshToken?: string;
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
  /** Closing issues come from GitLab's `closes_issues`, not the description. */
  customClosingPattern?: boolean;
  /** The projects the plugin may request; undefined allows every project the token can read. */
  allow?: InstanceAllowList;
}

/**
 * `projects.allow` of an instance: path globs and numeric ids. A value that
 * cannot be read allows nothing, so that a mistake never widens access.
 */
function readAllowList(
  extra: Config,
  host: string,
  problems: ConfigProblem[],
): InstanceAllowList | undefined {
  if (!extra.has('projects.allow')) return undefined;
  const raw = extra.getOptional('projects.allow');
  const list: InstanceAllowList = { patterns: [], ids: [] };
  if (!Array.isArray(raw)) {
    problems.push({
      host,
      key: ALLOW_LIST_KEY,
      message: `${ALLOW_LIST_KEY} for ${host} must be a list of path globs and project ids, for example ['platform/**', 1234]; until it is, no project of ${host} is allowed`,
    });
    return list;
  }
  for (const item of raw) {
    const text = typeof item === 'string' ? item.trim() : undefined;
    if (typeof item === 'number' || (text && /^\d+$/.test(text))) {
      const id = Number(item);
      if (Number.isSafeInteger(id) && id > 0) {
        list.ids.push(id);
        continue;
      }
    } else if (text) {
      const pattern = text.replace(/^\/+|\/+$/g, '');
      list.patterns.push(pattern);
      if (!pattern.includes('/') && !pattern.includes('**')) {
        problems.push({
          host,
          key: ALLOW_LIST_KEY,
          severity: 'warning',
          message: `"${text}" in ${ALLOW_LIST_KEY} for ${host} names no project path (paths have a group and a project); write "${pattern}/**" for every project under the group ${pattern}`,
        });
      }
      continue;
    }
    problems.push({
      host,
      key: ALLOW_LIST_KEY,
      message: `${JSON.stringify(
        item,
      )} in ${ALLOW_LIST_KEY} for ${host} is neither a path glob nor a project id; it is ignored`,
    });
  }
  return list;
}

function readOAuth(
  extra: Config,
  host: string,
  problems: ConfigProblem[],
): OAuthConfig | undefined {
  const oauth = extra.getOptionalConfig('oauth');
  if (!oauth) return undefined;
  const clientId = oauth.getOptionalString('clientId');
  const clientSecret = oauth.getOptionalString('clientSecret');
  const refreshToken = oauth.getOptionalString('refreshToken');
  if (clientId && clientSecret) {
    return { clientId, clientSecret, ...(refreshToken && { refreshToken }) };
  }
  problems.push({
    host,
    key: 'gitlabDelivery.instances[].oauth',
    message: `the OAuth application for ${host} needs clientId and clientSecret`,
  });
  return undefined;
}

function applyExtras(
  instance: GitlabInstanceConfig,
  extra: Config,
  problems: ConfigProblem[],
): void {
  const { host } = instance;
  instance.requestsPerMinute = positive(
    extra,
    'requestsPerMinute',
    300,
    problems,
  );
  try {
    instance.customClosingPattern = extra.getOptionalBoolean(
      'customClosingPattern',
    );
  } catch {
    problems.push({
      host,
      key: 'gitlabDelivery.instances[].customClosingPattern',
      message: `customClosingPattern for ${host} must be true or false`,
    });
  }
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
  instance.oauth = readOAuth(extra, host, problems);
  instance.allow = readAllowList(extra, host, problems);
}

/**
 * The GitLab instances: `integrations.gitlab`, with the per-host extras of
 * `gitlabDelivery.instances`. Mistakes become problems naming the key.
 * @internal
 */
export function readInstances(
  root: Config,
  own: Config | undefined,
  problems: ConfigProblem[],
): GitlabInstanceConfig[] {
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
    if (extra) applyExtras(instance, extra, problems);
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
  return instances;
}
