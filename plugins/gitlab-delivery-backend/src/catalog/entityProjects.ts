import { Entity } from '@backstage/catalog-model';
import {
  GITLAB_INSTANCE_ANNOTATION,
  GITLAB_PROJECT_ID_ANNOTATION,
  GITLAB_PROJECT_SLUG_ANNOTATION,
  NotConfigured,
  normalizeHost,
  parseGitlabAnnotations,
  SOURCE_LOCATION_ANNOTATION,
} from '@delivery-insights/plugin-gitlab-delivery-common';
import { ProjectAllowList } from '../config/ProjectAllowList';
import { ProjectKey } from '../database/types';

/** The GitLab projects an entity names, and what is wrong with its annotations. @internal */
export interface EntityProjects {
  projects: ProjectKey[];
  warnings: string[];
  /** Set when the entity names no usable project. */
  notConfigured?: NotConfigured;
}

/** What limits the projects an entity may name. @internal */
export interface EntityProjectLimits {
  /** Projects outside it are left out with a warning. */
  allowList?: ProjectAllowList;
  /** Projects one entity may name; more are left out with a warning. Default 50. */
  maxProjects?: number;
}

/** The longest project key the tables hold (`gitlab_delivery_projects.project_key`). */
const MAX_KEY_LENGTH = 1024;

/** The project path in a GitLab source location URL, if it has one. */
function pathFromSourceLocation(url: URL): string | undefined {
  const path = url.pathname
    .split('/-/')[0]
    .replace(/\/(tree|blob)\/.*$/, '')
    .replace(/^\/+|\/+$/g, '')
    .replace(/\.git$/, '');
  return path.split('/').length >= 2 ? path : undefined;
}

function fromSourceLocation(
  entity: Entity,
  hosts: string[],
): ProjectKey | undefined {
  const location = entity.metadata.annotations?.[SOURCE_LOCATION_ANNOTATION];
  const target = location?.replace(/^url:/, '');
  if (!target) return undefined;
  let url: URL;
  try {
    url = new URL(target);
  } catch {
    return undefined;
  }
  const host = normalizeHost(url.host);
  if (!hosts.includes(host)) return undefined;
  const path = pathFromSourceLocation(url);
  return path ? { host, key: path } : undefined;
}

/**
 * Resolves an entity's annotations against the configured GitLab hosts.
 * The host comes from the item, else `gitlab.com/instance`, else the first
 * configured host; `backstage.io/source-location` on a configured host is the
 * fallback. Projects outside the allow-list, keys too long for the tables
 * and projects past `maxProjects` are left out, each with a warning.
 * @internal
 */
export function entityProjects(
  entity: Entity,
  hosts: string[],
  limits: EntityProjectLimits = {},
): EntityProjects {
  const found = namedProjects(entity, hosts);
  if (found.notConfigured?.reason === 'missing_annotation') return found;
  const { allowList, maxProjects = 50 } = limits;
  const warnings = [...found.warnings];
  let projects: ProjectKey[] = [];
  let refused = 0;
  for (const project of found.projects) {
    if (project.key.length > MAX_KEY_LENGTH) {
      warnings.push(
        `A project path in the annotations is ${project.key.length} characters long; GitLab paths, and the plugin's tables, hold at most ${MAX_KEY_LENGTH}: fix the annotation`,
      );
    } else if (allowList && !allowList.allows(project)) {
      warnings.push(allowList.refusal(project));
      refused += 1;
    } else {
      projects.push(project);
    }
  }
  if (projects.length > maxProjects) {
    warnings.push(
      `The entity names ${projects.length} GitLab projects; only the first ${maxProjects} are synced and shown (gitlabDelivery.maxProjectsPerEntity)`,
    );
    projects = projects.slice(0, maxProjects);
  }
  if (projects.length > 0 || found.projects.length === 0) {
    return {
      projects,
      warnings,
      ...(found.notConfigured && { notConfigured: found.notConfigured }),
    };
  }
  return {
    projects,
    warnings,
    notConfigured: {
      reason: refused > 0 ? 'not_allowed' : 'invalid_annotation',
      message: warnings.join('; '),
    },
  };
}

/** The projects the annotations name on configured hosts, before any limit. */
function namedProjects(entity: Entity, hosts: string[]): EntityProjects {
  const annotations = entity.metadata.annotations ?? {};
  const named =
    annotations[GITLAB_PROJECT_SLUG_ANNOTATION] !== undefined ||
    annotations[GITLAB_PROJECT_ID_ANNOTATION] !== undefined;
  if (!named) {
    const fallback = fromSourceLocation(entity, hosts);
    if (fallback) return { projects: [fallback], warnings: [] };
    return {
      projects: [],
      warnings: [],
      notConfigured: {
        reason: 'missing_annotation',
        message: `Add the ${GITLAB_PROJECT_SLUG_ANNOTATION} annotation with the project's full path (and ${GITLAB_INSTANCE_ANNOTATION} for a host other than ${
          hosts[0] ?? 'the first configured one'
        }).`,
      },
    };
  }

  const { projects: references, problems } = parseGitlabAnnotations(entity);
  const warnings = [...problems];
  const projects: ProjectKey[] = [];
  let unknownHost = false;
  for (const reference of references) {
    const host = reference.host ?? hosts[0];
    if (!host) {
      warnings.push(
        'No GitLab instance is configured: add one under integrations.gitlab in app-config.yaml',
      );
      unknownHost = true;
      continue;
    }
    if (!hosts.includes(host)) {
      warnings.push(
        `${host} is not a configured GitLab instance: add it under integrations.gitlab with a token, or fix ${GITLAB_INSTANCE_ANNOTATION} (configured: ${hosts.join(
          ', ',
        )})`,
      );
      unknownHost = true;
      continue;
    }
    const key = reference.path ?? `#${reference.id}`;
    if (!projects.some(p => p.host === host && p.key === key)) {
      projects.push({ host, key });
    }
  }
  if (projects.length > 0) return { projects, warnings };
  return {
    projects,
    warnings,
    notConfigured: {
      reason: unknownHost ? 'unknown_instance' : 'invalid_annotation',
      message: warnings.join('; '),
    },
  };
}
