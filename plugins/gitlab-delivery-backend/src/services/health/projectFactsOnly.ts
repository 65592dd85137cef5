import {
  HealthCheck,
  ProjectHealth,
} from '@delivery-insights/plugin-gitlab-delivery-common';
import { ProjectAllowList } from '../../config/ProjectAllowList';
import { GitlabInstanceConfig } from '../../config/readDeliveryConfig';
import { InstanceHealthRecord, ProjectRecord } from '../../database/types';
import { annotationOf } from './checks/projectContext';

/** Replaces instance facts in a text: the token's user and the API's URLs. @internal */
export type FactHider = (text: string) => string;

/**
 * A {@link FactHider} for the stored facts of the instances: `@username` of
 * each token's user, and each configured `apiBaseUrl` and web root.
 * @internal
 */
export function instanceFactHider(
  records: InstanceHealthRecord[],
  instances: GitlabInstanceConfig[],
): FactHider {
  const replacements: Array<[string, string]> = [];
  for (const record of records) {
    if (record.tokenUsername) {
      replacements.push([
        `@${record.tokenUsername}`,
        "the plugin's GitLab user",
      ]);
    }
  }
  for (const instance of instances) {
    replacements.push([
      instance.apiBaseUrl,
      `GitLab's API at ${instance.host}`,
    ]);
    if (instance.baseUrl) {
      replacements.push([instance.baseUrl, `GitLab at ${instance.host}`]);
    }
  }
  // The longest first, so that a URL is replaced before a prefix of it.
  replacements.sort((a, b) => b[0].length - a[0].length);
  return text =>
    replacements.reduce(
      (result, [from, to]) => result.split(from).join(to),
      text,
    );
}

/**
 * Whether a suggested path may be shown to a viewer without
 * gitlab-delivery.health.read: only when it names the project the entity
 * already names, so that it reveals no other project. That holds when it is
 * the canonical path the sync resolved the annotation to (same project id),
 * or when it differs from the annotation's path only in letter case (GitLab
 * paths are unique regardless of case). A project found by a name search
 * elsewhere cannot be shown to be visible to the entity's owner (the plugin
 * knows nobody's GitLab access but its own), so it is hidden.
 */
function namesSameProject(suggestion: string, record: ProjectRecord): boolean {
  if (record.projectId !== null && record.path === suggestion) return true;
  return (
    !record.key.startsWith('#') &&
    record.key.toLowerCase() === suggestion.toLowerCase()
  );
}

/** A check whose suggestion must not be shown, told without it. */
function withoutSuggestion(
  check: HealthCheck,
  record: ProjectRecord,
): HealthCheck {
  const { suggestedPath: _hidden, ...rest } = check;
  const annotation = annotationOf(record.key);
  return {
    ...rest,
    ...(check.cause === 'wrong_path' && { cause: 'unknown' as const }),
    message: `GitLab answers 404 Not Found for ${record.key}: the path in ${annotation} may be wrong, or the plugin's GitLab user may not see the project.`,
    remediation: `Check the project's full path in ${annotation}, with every subgroup and in the exact case; an admin with the permission gitlab-delivery.health.read sees the details.`,
  };
}

/** The checks of a project with every suggestion outside the allow-list told without it. @internal */
export function allowedSuggestions(
  project: ProjectHealth,
  record: ProjectRecord,
  allowList: ProjectAllowList,
): ProjectHealth {
  const outside = (path: string) =>
    !allowList.allows({ host: record.host, key: path, path });
  if (!project.checks.some(c => c.suggestedPath && outside(c.suggestedPath))) {
    return project;
  }
  return {
    ...project,
    checks: project.checks.map(c =>
      c.suggestedPath && outside(c.suggestedPath)
        ? withoutSuggestion(c, record)
        : c,
    ),
  };
}

/**
 * The health of an entity's projects as a viewer without
 * gitlab-delivery.health.read may see it: no fact of the instance or its
 * token (user, API URLs) in any text, and suggested paths only for the
 * project the entity already names. `records` are the projects of
 * `projects`, in the same order.
 * @internal
 */
export function projectFactsOnly(
  projects: ProjectHealth[],
  records: ProjectRecord[],
  hide: FactHider,
): ProjectHealth[] {
  return projects.map((project, index) => {
    const record = records[index];
    const text = (value: string | null) =>
      value === null ? null : hide(value);
    return {
      ...project,
      lastErrorMessage: text(project.lastErrorMessage),
      remediation: text(project.remediation),
      checks: project.checks.map(check => {
        const visible =
          check.suggestedPath && !namesSameProject(check.suggestedPath, record)
            ? withoutSuggestion(check, record)
            : check;
        return {
          ...visible,
          message: hide(visible.message),
          ...(visible.remediation && {
            remediation: hide(visible.remediation),
          }),
        };
      }),
    };
  });
}
