import { normalizeProject } from '../dataset/load';
import {
  deleteConflictingRedirects,
  ensureImpliedGroups,
  pathTaken,
} from '../dataset/routes';
import type { DatasetMember, DatasetProject } from '../dataset/types';
import type { SimulatorState } from '../state';
import { isoTime } from '../time';
import { optStr, projectOf, str, type Input } from './input';
import { ActionError } from './types';

const PATH_SEGMENT = /^[A-Za-z0-9_][A-Za-z0-9_.-]*$/;
const ACCESS_LEVELS = [5, 10, 20, 30, 40, 50];

function checkPath(path: string): string {
  const trimmed = path.replace(/^\/+|\/+$/g, '');
  const segments = trimmed.split('/');
  if (segments.length < 2 || !segments.every(s => PATH_SEGMENT.test(s))) {
    throw new ActionError(
      `'${path}' is not a project path: use 'namespace/project', letters, digits, '_', '-' and '.'`,
    );
  }
  return trimmed;
}

/**
 * `move` (rename or transfer): the project keeps its id and gets a redirect route for the old
 * path (app/models/route.rb `create_redirect_for_old_path`).
 */
export function moveProject(
  state: SimulatorState,
  input: Input,
): DatasetProject {
  const project = projectOf(state.data, input);
  const to = checkPath(str(input, 'to'));
  if (pathTaken(state.data, to, project)) {
    throw new ActionError(`'${to}' is already taken`);
  }
  const from = project.path;
  if (from === to) return project;
  deleteConflictingRedirects(state.data, to);
  project.redirectPaths = [
    ...(project.redirectPaths ?? []).filter(
      r => r.toLowerCase() !== to.toLowerCase(),
    ),
    from,
  ];
  project.path = to;
  ensureImpliedGroups(state.data);
  return project;
}

function membersOf(state: SimulatorState, input: Input): DatasetMember[] {
  const raw = input.members ?? [];
  if (!Array.isArray(raw)) {
    throw new ActionError(
      `'members' must be an array of {username, accessLevel}`,
    );
  }
  return raw.map((entry, index) => {
    const where = `members[${index}]`;
    if (typeof entry !== 'object' || entry === null) {
      throw new ActionError(
        `'${where}' must be an object {username, accessLevel}`,
      );
    }
    const { username, accessLevel } = entry as Record<string, unknown>;
    const user = state.data.users.find(
      u =>
        typeof username === 'string' &&
        u.username.toLowerCase() === username.toLowerCase(),
    );
    if (!user) {
      throw new ActionError(
        `No user '${String(username)}' (${where}.username)`,
      );
    }
    if (
      typeof accessLevel !== 'number' ||
      !ACCESS_LEVELS.includes(accessLevel)
    ) {
      throw new ActionError(
        `'${where}.accessLevel' must be one of ${ACCESS_LEVELS.join(', ')}`,
      );
    }
    return { userId: user.id, accessLevel };
  });
}

/**
 * `createProject`: a new project, possibly at a path another project was moved away from; the
 * old redirect is deleted (Route `delete_conflicting_redirects`), so the path now names it.
 */
export function createProject(
  state: SimulatorState,
  input: Input,
): DatasetProject {
  const path = checkPath(str(input, 'path'));
  if (pathTaken(state.data, path)) {
    throw new ActionError(`'${path}' is already taken`);
  }
  const visibility = optStr(input, 'visibility') ?? 'private';
  if (!['private', 'internal', 'public'].includes(visibility)) {
    throw new ActionError(`'visibility' must be private, internal or public`);
  }
  const members = membersOf(state, input);
  deleteConflictingRedirects(state.data, path);
  const project: DatasetProject = {
    id: Math.max(0, ...state.data.projects.map(p => p.id)) + 1,
    path,
    name: optStr(input, 'name') ?? path.split('/').pop(),
    visibility: visibility as DatasetProject['visibility'],
    createdAt: isoTime(state.now()),
    members,
    mergeRequests: [],
  };
  normalizeProject(project);
  state.data.projects.push(project);
  ensureImpliedGroups(state.data);
  return project;
}
