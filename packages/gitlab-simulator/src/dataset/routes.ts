import type { Dataset, DatasetGroup, DatasetProject } from './types';

/** Options of {@link findProject}. */
export interface FindProjectOptions {
  /**
   * Also look at the paths a project had before it was moved. GitLab's REST API does
   * (lib/api/helpers.rb `find_project`: `find_by_full_path(id, follow_redirects: true)`);
   * GraphQL's `project(fullPath:)` does not (Gitlab::Graphql::Loaders::FullPathModelLoader).
   */
  followRedirects?: boolean;
}

function isNumericId(idOrPath: number | string): boolean {
  return typeof idOrPath === 'number' || /^\d+$/.test(idOrPath);
}

/**
 * Finds a project by numeric id or full path. Paths match without regard to case, an exact
 * match first, as app/models/concerns/routable.rb does (`LOWER(routes.path) = LOWER(?)`,
 * ordered by the case-sensitive match). Redirect routes are only consulted when no current
 * route matches, so a path taken by a new project names the new project.
 */
export function findProject(
  data: Dataset,
  idOrPath: number | string,
  options: FindProjectOptions = {},
): DatasetProject | undefined {
  if (isNumericId(idOrPath)) {
    const id = Number(idOrPath);
    return data.projects.find(p => p.id === id);
  }
  const path = String(idOrPath);
  const lower = path.toLowerCase();
  const found =
    data.projects.find(p => p.path === path) ??
    data.projects.find(p => p.path.toLowerCase() === lower);
  if (found || !options.followRedirects) {
    return found;
  }
  return data.projects.find(p =>
    (p.redirectPaths ?? []).some(r => r.toLowerCase() === lower),
  );
}

/** Finds a group by numeric id or full path (case-insensitive, routable.rb; no redirects). */
export function findGroup(
  data: Dataset,
  idOrPath: number | string,
): DatasetGroup | undefined {
  const groups = data.groups ?? [];
  if (isNumericId(idOrPath)) {
    const id = Number(idOrPath);
    return groups.find(g => g.id === id);
  }
  const path = String(idOrPath);
  const lower = path.toLowerCase();
  return (
    groups.find(g => g.path === path) ??
    groups.find(g => g.path.toLowerCase() === lower)
  );
}

/** True when a project or group other than `except` already uses the path (any case). */
export function pathTaken(
  data: Dataset,
  path: string,
  except?: DatasetProject,
): boolean {
  const lower = path.toLowerCase();
  return (
    data.projects.some(p => p !== except && p.path.toLowerCase() === lower) ||
    (data.groups ?? []).some(g => g.path.toLowerCase() === lower)
  );
}

/**
 * Deletes the redirects a newly taken path would shadow, as app/models/route.rb
 * `delete_conflicting_redirects` does, so the path now names only its new owner.
 */
export function deleteConflictingRedirects(data: Dataset, path: string): void {
  const lower = path.toLowerCase();
  for (const project of data.projects) {
    if (project.redirectPaths?.some(r => r.toLowerCase() === lower)) {
      project.redirectPaths = project.redirectPaths.filter(
        r => r.toLowerCase() !== lower,
      );
    }
  }
}

/**
 * Adds the groups that project paths imply but the dataset does not declare: in GitLab every
 * namespace of a project exists, as a private group unless it is a user's namespace. They are
 * marked `implied` and have no members; project members see them (see `canSeeGroup`).
 */
export function ensureImpliedGroups(data: Dataset): void {
  const groups = (data.groups ??= []);
  const usernames = new Set(data.users.map(u => u.username.toLowerCase()));
  let nextId = Math.max(999, ...groups.map(g => g.id)) + 1;
  for (const project of data.projects) {
    const segments = project.path.split('/').slice(0, -1);
    if (segments.length === 1 && usernames.has(segments[0].toLowerCase())) {
      continue;
    }
    for (let depth = 1; depth <= segments.length; depth++) {
      const path = segments.slice(0, depth).join('/');
      if (!findGroup(data, path)) {
        groups.push({
          id: nextId++,
          path,
          name: segments[depth - 1],
          visibility: 'private',
          members: [],
          implied: true,
        });
      }
    }
  }
}
