import { Entity } from '@backstage/catalog-model';

/** Full path of the entity's GitLab project(s), as other GitLab plugins use it. @public */
export const GITLAB_PROJECT_SLUG_ANNOTATION = 'gitlab.com/project-slug';
/** Numeric id of the entity's GitLab project. @public */
export const GITLAB_PROJECT_ID_ANNOTATION = 'gitlab.com/project-id';
/** Host of the GitLab instance, when it is not the first configured one. @public */
export const GITLAB_INSTANCE_ANNOTATION = 'gitlab.com/instance';
/** Backstage's standard source location, used as a fallback. @public */
export const SOURCE_LOCATION_ANNOTATION = 'backstage.io/source-location';

/** A GitLab project named by an entity; the host is absent when the default instance applies. @public */
export interface ProjectReference {
  host?: string;
  path?: string;
  id?: number;
}

/** The projects an entity names, and the problems found while reading its annotations. @public */
export interface ParsedAnnotations {
  projects: ProjectReference[];
  problems: string[];
}

const PATH_SEGMENT = /^[A-Za-z0-9_][A-Za-z0-9_.-]*$/;
const HOST = /^[A-Za-z0-9.-]+(:\d+)?$/;

/** Normalises a host name: lower case, no scheme, no trailing slash. @public */
export function normalizeHost(value: string): string {
  return value
    .trim()
    .replace(/^https?:\/\//i, '')
    .replace(/\/+$/, '')
    .toLowerCase();
}

function parseSlugItem(
  item: string,
  instance: string | undefined,
): ProjectReference | string {
  let host = instance;
  let path = item.trim();
  const colon = path.indexOf(':');
  if (colon > 0) {
    host = normalizeHost(path.slice(0, colon));
    path = path.slice(colon + 1).trim();
  }
  path = path.replace(/^\/+|\/+$/g, '').replace(/\.git$/, '');
  const segments = path.split('/');
  if (segments.length < 2 || !segments.every(s => PATH_SEGMENT.test(s))) {
    return `"${item.trim()}" in ${GITLAB_PROJECT_SLUG_ANNOTATION} is not a GitLab project path; write the full path with its group, for example "my-group/my-subgroup/my-project"`;
  }
  if (host !== undefined && !HOST.test(host)) {
    return `"${host}" is not a host name; write only the host, for example "gitlab.example.com"`;
  }
  return host ? { host, path } : { path };
}

/**
 * Reads the GitLab project annotations of an entity.
 *
 * `gitlab.com/project-slug` holds one full path, or several separated by commas;
 * an item may name its own host as `host:group/project`.
 * @public
 */
export function parseGitlabAnnotations(entity: Entity): ParsedAnnotations {
  const annotations = entity.metadata.annotations ?? {};
  const projects: ProjectReference[] = [];
  const problems: string[] = [];
  const rawInstance = annotations[GITLAB_INSTANCE_ANNOTATION];
  let instance: string | undefined;
  if (rawInstance !== undefined) {
    instance = normalizeHost(rawInstance);
    if (!HOST.test(instance)) {
      problems.push(
        `${GITLAB_INSTANCE_ANNOTATION} "${rawInstance}" is not a host name; write only the host, for example "gitlab.example.com"`,
      );
      instance = undefined;
    }
  }
  const slug = annotations[GITLAB_PROJECT_SLUG_ANNOTATION];
  if (slug !== undefined) {
    const items = slug.split(',').filter(s => s.trim() !== '');
    if (items.length === 0) {
      problems.push(
        `${GITLAB_PROJECT_SLUG_ANNOTATION} is empty; set it to the project's full path, for example "my-group/my-project"`,
      );
    }
    for (const item of items) {
      const parsed = parseSlugItem(item, instance);
      if (typeof parsed === 'string') problems.push(parsed);
      else projects.push(parsed);
    }
  }
  const rawId = annotations[GITLAB_PROJECT_ID_ANNOTATION];
  if (rawId !== undefined) {
    const id = Number(rawId.trim());
    if (Number.isInteger(id) && id > 0) {
      projects.push(instance ? { host: instance, id } : { id });
    } else {
      problems.push(
        `${GITLAB_PROJECT_ID_ANNOTATION} "${rawId}" is not a project id; use the number shown on the project's GitLab page, or use ${GITLAB_PROJECT_SLUG_ANNOTATION} with its full path`,
      );
    }
  }
  return { projects, problems };
}

/**
 * Whether the plugin's cards and tabs belong on an entity's page: the entity
 * names a GitLab project through its annotations, or it is a System, which the
 * backend shows with the projects of its components.
 * @public
 */
export function isGitlabDeliveryAvailable(entity: Entity): boolean {
  const annotations = entity.metadata.annotations ?? {};
  return (
    Boolean(
      annotations[GITLAB_PROJECT_SLUG_ANNOTATION] ||
        annotations[GITLAB_PROJECT_ID_ANNOTATION],
    ) || entity.kind.toLocaleLowerCase('en-US') === 'system'
  );
}
