import { Router } from 'express';
import {
  ACCESS,
  accessLevel,
  canSeeProject,
  directMembers,
  effectiveMembers,
} from '../dataset/access';
import type { DatasetProject } from '../dataset/types';
import { paginate } from '../http/pagination';
import { sendJson } from '../http/respond';
import type { SimulatorState } from '../state';
import { toMillis } from '../time';
import { requireCaller, requireProject } from './guards';
import { projectJson, projectSimpleJson } from './json';
import { listMembers, oneMember, type SourceLoader } from './members';
import { boolParam, stringParam } from './params';

export { arrayParam, boolParam, stringParam } from './params';

const PROJECT_ORDER = [
  'id',
  'name',
  'path',
  'created_at',
  'updated_at',
  'last_activity_at',
  'similarity',
];

/** `/projects`, `/projects/:id` and the project members endpoints. */
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

  const loadMembers =
    (inherited: boolean): SourceLoader =>
    (req, res, user) => {
      const project = requireProject(state, req, res, user);
      if (!project) {
        return undefined;
      }
      return inherited
        ? effectiveMembers(state.data, project, state.now())
        : directMembers(project, 'project');
    };

  router.get(
    '/projects/:id/members/all',
    listMembers(state, loadMembers(true)),
  );
  router.get(
    '/projects/:id/members/all/:userId',
    oneMember(state, loadMembers(true)),
  );
  router.get('/projects/:id/members', listMembers(state, loadMembers(false)));
  router.get(
    '/projects/:id/members/:userId',
    oneMember(state, loadMembers(false)),
  );

  return router;
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
