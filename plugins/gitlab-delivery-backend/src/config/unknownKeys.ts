import { normalizeHost } from '@delivery-insights/plugin-gitlab-delivery-common';
import { JsonValue } from '@backstage/types';
import { ConfigProblem } from './configValues';
import { nearest } from './editDistance';

/** A setting whose value is not walked further (a number, a list, a duration). */
const VALUE = 'value';

/** The settings under a key; a list of objects is `[shape]`. */
interface Shape {
  [key: string]: Shape | [Shape] | typeof VALUE;
}

const INSTANCE: Shape = {
  host: VALUE,
  caFile: VALUE,
  requestsPerMinute: VALUE,
  customClosingPattern: VALUE,
  projects: { allow: VALUE },
  oauth: { clientId: VALUE, clientSecret: VALUE, refreshToken: VALUE },
};

/** Every setting the plugin reads under `gitlabDelivery`, as in config.d.ts. */
const GITLAB_DELIVERY: Shape = {
  schedule: {
    frequency: VALUE,
    timeout: VALUE,
    initialDelay: VALUE,
    scope: VALUE,
  },
  backfillDays: VALUE,
  excludeAuthors: VALUE,
  jiraBaseUrl: VALUE,
  requestTimeoutSeconds: VALUE,
  concurrency: VALUE,
  lookBackMinutes: VALUE,
  reconcileHours: VALUE,
  encryptionKey: VALUE,
  retentionDays: VALUE,
  syncCooldownSeconds: VALUE,
  maxProjectsPerEntity: VALUE,
  health: { maxProjectsPerRun: VALUE },
  instances: [INSTANCE],
};

function isObject(value: JsonValue | undefined): value is {
  [key: string]: JsonValue | undefined;
} {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function walk(
  value: JsonValue | undefined,
  shape: Shape,
  path: string,
  host: string | undefined,
  problems: ConfigProblem[],
): void {
  if (!isObject(value)) return;
  const known = Object.keys(shape);
  for (const key of Object.keys(value)) {
    const child = shape[key];
    const at = `${path}.${key}`;
    if (child === undefined) {
      const guess = nearest(key, known);
      problems.push({
        ...(host && { host }),
        key: at,
        severity: 'warning',
        message: `${at} is not a setting of the plugin and is ignored; ${
          guess
            ? `did you mean ${path}.${guess}?`
            : `the settings here are ${known.join(', ')}`
        }`,
      });
    } else if (Array.isArray(child)) {
      const items = value[key];
      if (!Array.isArray(items)) continue;
      items.forEach((item, index) => {
        const itemHost =
          isObject(item) && typeof item.host === 'string'
            ? normalizeHost(item.host)
            : undefined;
        walk(item, child[0], `${at}[${index}]`, itemHost, problems);
      });
    } else if (child !== VALUE) {
      walk(value[key], child, at, host, problems);
    }
  }
}

/**
 * The keys under `gitlabDelivery` the plugin does not know, each with the
 * nearest known key at the same level: a mistyped security setting such as
 * `projects.alow` would otherwise be silently ignored.
 * @internal
 */
export function unknownKeys(value: JsonValue | undefined): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  walk(value, GITLAB_DELIVERY, 'gitlabDelivery', undefined, problems);
  return problems;
}
