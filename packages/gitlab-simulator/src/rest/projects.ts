import { Router, type Request } from 'express';
import {
  ACCESS,
  accessLevel,
  canSeeProject,
  effectiveMembers,
  type EffectiveMember,
} from '../dataset/access';
import type { DatasetProject } from '../dataset/types';
import { paginate } from '../http/pagination';
import { sendJson, sendMessage } from '../http/respond';
import type { SimulatorState } from '../state';
import { isExpired, toMillis } from '../time';
import { requireCaller, requireProject } from './guards';
import { memberJson, projectJson, projectSimpleJson } from './json';

const PROJECT_ORDER = [
  'id',
  'name',
  'path',
  'created_at',
  'updated_at',
  'last_activity_at',
  'similarity',
];

/** `/projects`, `/projects/:id` and the members endpoints. */
export function projectRoutes(state: SimulatorState): Router {
  const router = Router();

  router.get('/projects', (req, res) => {
    const caller = requireCaller(res, { anonymous: true });
    if (!caller) {
      return;
    }
    const orderBy = stringParam(req, 'order_by') ?? 'created_at';
    const sort = stringParam(req, 'sort') ?? 'desc';
    if (!PROJECT_ORDER.includes(orderBy)) {
      sendJson(res, 400, { error: 'order_by does not have a valid value' });
      return;
    }
    if (sort !== 'asc' && sort !== 'desc') {
      sendJson(res, 400, { error: 'sort does not have a valid value' });
      return;
    }
    const nowMs = state.now();
    const user = caller.user;
    const search = stringParam(req, 'search')?.toLowerCase();
    const searchNamespaces = boolParam(req, 'search_namespaces');
    const membership = boolParam(req, 'membership');
    const minAccess = Number(stringParam(req, 'min_access_level') ?? 0);
    const visibility = stringParam(req, 'visibility');
    let projects = state.data.projects.filter(p =>
      canSeeProject(state.data, p, user, nowMs),
    );
    if (membership || minAccess) {
      const floor = Math.max(minAccess, ACCESS.guest);
      projects = projects.filter(
        p => accessLevel(state.data, p, user?.id, nowMs) >= floor,
      );
    }
    if (visibility) {
      projects = projects.filter(
        p => (p.visibility ?? 'private') === visibility,
      );
    }
    if (search) {
      projects = projects.filter(p => {
        const haystack = searchNamespaces
          ? [p.path, p.name ?? '']
          : [p.name ?? '', lastSegment(p.path)];
        return haystack.some(h => h.toLowerCase().includes(search));
      });
    }
    projects = sortProjects(projects, orderBy, sort);
    const page = paginate(req, res, projects, state.baseUrl);
    if (!page) {
      return;
    }
    const simple = boolParam(req, 'simple');
    sendJson(
      res,
      200,
      page.map(p =>
        simple ? projectSimpleJson(state, p) : projectJson(state, p, user),
      ),
    );
  });

  router.get('/projects/:id', (req, res) => {
    const caller = requireCaller(res, { anonymous: true });
    if (!caller) {
      return;
    }
    const project = requireProject(state, req, res, caller.user);
    if (project) {
      sendJson(res, 200, projectJson(state, project, caller.user));
    }
  });

  const listMembers = (inherited: boolean) => (req: Request, res: any) => {
    const caller = requireCaller(res, { anonymous: true });
    if (!caller) {
      return;
    }
    const project = requireProject(state, req, res, caller.user);
    if (!project) {
      return;
    }
    let members = membersOf(state, project, inherited);
    const query = stringParam(req, 'query')?.toLowerCase();
    if (query) {
      members = members.filter(m => {
        const user = state.data.users.find(u => u.id === m.userId);
        return Boolean(
          user &&
            (user.username.toLowerCase().includes(query) ||
              user.name.toLowerCase().includes(query)),
        );
      });
    }
    const userIds = arrayParam(req, 'user_ids').map(Number);
    if (userIds.length) {
      members = members.filter(m => userIds.includes(m.userId));
    }
    const page = paginate(req, res, members, state.baseUrl);
    if (page) {
      sendJson(
        res,
        200,
        page.map(m => memberJson(state, m)),
      );
    }
  };

  const oneMember = (inherited: boolean) => (req: Request, res: any) => {
    const caller = requireCaller(res, { anonymous: true });
    if (!caller) {
      return;
    }
    const project = requireProject(state, req, res, caller.user);
    if (!project) {
      return;
    }
    const userId = Number(req.params.userId);
    const member = membersOf(state, project, inherited).find(
      m => m.userId === userId,
    );
    if (!member) {
      sendMessage(res, 404, '404 Not found');
      return;
    }
    sendJson(res, 200, memberJson(state, member));
  };

  router.get('/projects/:id/members/all', listMembers(true));
  router.get('/projects/:id/members/all/:userId', oneMember(true));
  router.get('/projects/:id/members', listMembers(false));
  router.get('/projects/:id/members/:userId', oneMember(false));

  return router;
}

function membersOf(
  state: SimulatorState,
  project: DatasetProject,
  inherited: boolean,
): EffectiveMember[] {
  const nowMs = state.now();
  if (inherited) {
    return effectiveMembers(state.data, project, nowMs);
  }
  return project.members
    .filter(m => !isExpired(m.expiresAt, nowMs))
    .map(m => ({
      userId: m.userId,
      accessLevel: m.accessLevel,
      expiresAt: m.expiresAt ?? null,
      source: { kind: 'project' as const, id: project.id },
    }));
}

function sortProjects(
  projects: DatasetProject[],
  orderBy: string,
  sort: string,
): DatasetProject[] {
  const direction = sort === 'asc' ? 1 : -1;
  const key = (p: DatasetProject): number | string => {
    switch (orderBy) {
      case 'name':
        return (p.name ?? '').toLowerCase();
      case 'path':
        return p.path.toLowerCase();
      case 'created_at':
        return toMillis(p.createdAt) || 0;
      case 'updated_at':
      case 'last_activity_at':
        return Math.max(
          toMillis(p.createdAt) || 0,
          ...p.mergeRequests.map(m => toMillis(m.updatedAt) || 0),
        );
      default:
        return p.id;
    }
  };
  return [...projects].sort((a, b) => {
    const ka = key(a);
    const kb = key(b);
    if (ka < kb) return -direction;
    if (ka > kb) return direction;
    return (a.id - b.id) * direction;
  });
}

function lastSegment(path: string): string {
  return path.split('/').pop() ?? path;
}

/** A string query parameter, or undefined. */
export function stringParam(req: Request, name: string): string | undefined {
  const value = req.query[name];
  return typeof value === 'string' ? value : undefined;
}

/** A boolean query parameter as Grape reads it (`true`/`1`). */
export function boolParam(req: Request, name: string): boolean {
  const value = stringParam(req, name);
  return value === 'true' || value === '1';
}

/** An array query parameter given as `name[]=a&name[]=b`, `name=a,b` or `name=a`. */
export function arrayParam(req: Request, name: string): string[] {
  const value = req.query[name] ?? req.query[`${name}[]`];
  if (Array.isArray(value)) {
    return value.map(String);
  }
  if (typeof value === 'string' && value !== '') {
    return value.split(',');
  }
  return [];
}
