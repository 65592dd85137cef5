import {
  HealthCheck,
  HealthCheckId,
  InstanceHealth,
} from '@delivery-insights/plugin-gitlab-delivery-common';
import { ConfigProblem } from '../../../config/readDeliveryConfig';
import { CheckMaker, foldCheck } from './checks';
import { configFix } from './remediations';

/** The check a configuration key belongs to; other keys of an instance go to instance.api. */
const CHECK_OF_KEY: Record<string, HealthCheckId> = {
  'integrations.gitlab[].apiBaseUrl': 'instance.api',
  'gitlabDelivery.instances[].caFile': 'instance.tls',
  'integrations.gitlab[].token': 'token.valid',
  'gitlabDelivery.instances[].oauth': 'token.valid',
  'gitlabDelivery.instances[].projects': 'instance.allowList',
  'gitlabDelivery.encryptionKey': 'token.storage',
};

/** The check of a key: by the key, else by its nearest listed parent, with indexes dropped. */
function checkOfKey(key: string): HealthCheckId {
  let path = key.replace(/\[\d+\]/g, '[]');
  while (path) {
    const id = CHECK_OF_KEY[path];
    if (id) return id;
    path = path.includes('.') ? path.slice(0, path.lastIndexOf('.')) : '';
  }
  return 'instance.api';
}

/** Whether a problem without a host leaves an integration unusable (an error), or a setting at its default (a warning). */
function breaksAnInstance(problem: ConfigProblem): boolean {
  return (
    problem.key.startsWith('integrations.gitlab') ||
    problem.key === 'gitlabDelivery.instances[].host'
  );
}

function sentence(text: string): string {
  return /[.!?]$/.test(text) ? text : `${text}.`;
}

/**
 * The configuration problems that concern a configured instance, as checks:
 * its own (errors, unless a problem says otherwise) and the plugin-wide
 * settings that fell back to their defaults or are unknown (warnings, on the
 * check the key belongs to, else instance.api). Each names the key to fix.
 * @internal
 */
export function configChecks(
  problems: ConfigProblem[],
  host: string,
  check: CheckMaker,
): HealthCheck[] {
  return problems.flatMap(problem => {
    if (problem.host === host) {
      return [
        check(
          checkOfKey(problem.key),
          problem.severity ?? 'error',
          problem.message,
          {
            remediation: configFix(problem.key),
          },
        ),
      ];
    }
    if (!problem.host && !breaksAnInstance(problem)) {
      return [
        check(
          checkOfKey(problem.key),
          problem.severity ?? 'warning',
          `Configuration: ${sentence(problem.message)}`,
          {
            remediation: configFix(problem.key),
          },
        ),
      ];
    }
    return [];
  });
}

/** Folds configuration checks into live ones with the same id. @internal */
export function withConfigChecks(
  live: HealthCheck[],
  config: HealthCheck[],
): HealthCheck[] {
  const result = [...live];
  for (const extra of config) {
    const index = result.findIndex(c => c.id === extra.id);
    if (index === -1) result.push(extra);
    else result[index] = foldCheck(result[index], extra);
  }
  return result;
}

/**
 * Instances that exist only as configuration problems: a host in
 * gitlabDelivery.instances that integrations.gitlab lacks, an integration
 * that cannot be read, or no integration at all. Each has one instance.api
 * error naming the key to fix.
 * @internal
 */
export function problemInstances(
  problems: ConfigProblem[],
  configuredHosts: string[],
  check: CheckMaker,
): InstanceHealth[] {
  const byName = new Map<string, HealthCheck[]>();
  for (const problem of problems) {
    const name = problem.host ?? problem.key;
    if (
      problem.host
        ? configuredHosts.includes(problem.host)
        : !breaksAnInstance(problem)
    ) {
      continue;
    }
    byName.set(name, [
      ...(byName.get(name) ?? []),
      check('instance.api', 'error', problem.message, {
        remediation: configFix(problem.key),
      }),
    ]);
  }
  return [...byName].map(([name, checks]) => ({
    host: name,
    apiBaseUrl: '',
    version: null,
    tokenName: null,
    tokenScopes: [],
    tokenExpiresAt: null,
    rateLimit: null,
    checks: withConfigChecks([], checks),
  }));
}
