import {
  readSchedulerServiceTaskScheduleDefinitionFromConfig,
  SchedulerServiceTaskScheduleDefinition,
} from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { ConfigProblem, errorText, positive } from './configValues';
import { ProjectAllowList } from './ProjectAllowList';
import { GitlabInstanceConfig, readInstances } from './readInstances';
import { unknownKeys } from './unknownKeys';

export type { ConfigProblem } from './configValues';
export type { GitlabInstanceConfig, OAuthConfig } from './readInstances';

/** The plugin's typed configuration. @internal */
export interface DeliveryConfig {
  instances: GitlabInstanceConfig[];
  /** The projects each instance allows, from `instances[].projects.allow`. */
  allowList: ProjectAllowList;
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
  /** The secret the OAuth refresh tokens are encrypted with; a secret, never logged. */
  encryptionKey?: string;
  /** Days the merge requests of a project no entity names are kept. */
  retentionDays: number;
  /** Projects one entity may name; more are left out with a warning. */
  maxProjectsPerEntity: number;
  /** Projects one run of the health task checks live at most. */
  healthMaxProjectsPerRun: number;
  /** How long after a manual sync of a scope the next one is refused (429). */
  syncCooldownMs: number;
  problems: ConfigProblem[];
}

const DEFAULT_SCHEDULE: SchedulerServiceTaskScheduleDefinition = {
  frequency: { minutes: 15 },
  timeout: { minutes: 4 },
  initialDelay: { seconds: 15 },
};

function readSchedule(
  own: Config | undefined,
  problems: ConfigProblem[],
): SchedulerServiceTaskScheduleDefinition {
  if (!own?.has('schedule')) return DEFAULT_SCHEDULE;
  try {
    return readSchedulerServiceTaskScheduleDefinitionFromConfig(
      own.getConfig('schedule'),
    );
  } catch (error) {
    problems.push({
      key: 'gitlabDelivery.schedule',
      message: `gitlabDelivery.schedule is invalid (${errorText(
        error,
      )}); using every 15 minutes`,
    });
    return DEFAULT_SCHEDULE;
  }
}

function readString(
  own: Config | undefined,
  key: string,
  problems: ConfigProblem[],
): string | undefined {
  try {
    return own?.getOptionalString(key);
  } catch (error) {
    problems.push({ key: `gitlabDelivery.${key}`, message: errorText(error) });
    return undefined;
  }
}

/**
 * Reads `integrations.gitlab` and `gitlabDelivery`. Mistakes, unknown keys
 * included, become problems that name the key to fix; they never stop the
 * backend.
 * @internal
 */
export function readDeliveryConfig(root: Config): DeliveryConfig {
  const problems: ConfigProblem[] = [];
  const own = root.getOptionalConfig('gitlabDelivery');
  problems.push(...unknownKeys(own?.get()));
  const instances = readInstances(root, own, problems);

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
    allowList: new ProjectAllowList(
      new Map(
        instances.flatMap(i => (i.allow ? [[i.host, i.allow] as const] : [])),
      ),
    ),
    schedule: readSchedule(own, problems),
    backfillDays: positive(own, 'backfillDays', 180, problems),
    excludeAuthors,
    jiraBaseUrl: readString(own, 'jiraBaseUrl', problems)?.replace(/\/+$/, ''),
    requestTimeoutMs:
      1000 * positive(own, 'requestTimeoutSeconds', 30, problems),
    concurrency: positive(own, 'concurrency', 2, problems),
    lookBackMs: 60_000 * positive(own, 'lookBackMinutes', 5, problems),
    reconcileEveryMs: 3_600_000 * positive(own, 'reconcileHours', 24, problems),
    encryptionKey: readString(own, 'encryptionKey', problems) || undefined,
    retentionDays: positive(own, 'retentionDays', 30, problems),
    maxProjectsPerEntity: Math.floor(
      positive(own, 'maxProjectsPerEntity', 50, problems),
    ),
    healthMaxProjectsPerRun: Math.floor(
      positive(own, 'health.maxProjectsPerRun', 50, problems),
    ),
    syncCooldownMs:
      1000 * positive(own, 'syncCooldownSeconds', 60, problems, true),
    problems,
  };
}
