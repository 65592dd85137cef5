import { Router, type Request } from 'express';
import { accessLevel, findUser } from '../dataset/access';
import type { DatasetMergeRequest } from '../dataset/types';
import { mergeRequestId } from '../dataset/derive';
import { paginate } from '../http/pagination';
import { sendJson } from '../http/respond';
import type { SimulatorState } from '../state';
import { toMillis } from '../time';
import {
  requireCaller,
  requireMergeRequest,
  requireMergeRequestAccess,
  requireProject,
} from './guards';
import { mergeRequestJson } from './json';
import { arrayParam, boolParam, stringParam } from './projects';

const STATES = ['opened', 'closed', 'locked', 'merged', 'all'];
const ORDER_BY = ['created_at', 'updated_at', 'merged_at', 'title'];
const DATE_PARAMS = [
  'created_after',
  'created_before',
  'updated_after',
  'updated_before',
] as const;

/** `GET /projects/:id/merge_requests` and `GET /projects/:id/merge_requests/:iid`. */
export function mergeRequestRoutes(state: SimulatorState): Router {
  const router = Router();

  router.get('/projects/:id/merge_requests', (req, res) => {
    const caller = requireCaller(res, { anonymous: true });
    if (!caller) {
      return;
    }
    const project = requireProject(state, req, res, caller.user);
    if (
      !project ||
      !requireMergeRequestAccess(state, res, project, caller.user)
    ) {
      return;
    }
    const filter = readFilter(req);
    if ('error' in filter) {
      sendJson(res, 400, { error: filter.error });
      return;
    }
    const list = sortMergeRequests(
      project.mergeRequests.filter(mr => matches(state, mr, filter)),
      filter.orderBy,
      filter.sort,
      mr => mergeRequestId(project, mr),
    );
    const page = paginate(req, res, list, state.baseUrl);
    if (!page) {
      return;
    }
    const simple = stringParam(req, 'view') === 'simple';
    const labelDetails = boolParam(req, 'with_labels_details');
    sendJson(
      res,
      200,
      page.map(mr =>
        mergeRequestJson(state, project, mr, { simple, labelDetails }),
      ),
    );
  });

  router.get('/projects/:id/merge_requests/:iid', (req, res) => {
    const found = requireMergeRequest(state, req, res);
    if (!found) {
      return;
    }
    const { project, mr, user } = found;
    sendJson(
      res,
      200,
      mergeRequestJson(state, project, mr, {
        single: true,
        callerAccessLevel: accessLevel(
          state.data,
          project,
          user?.id,
          state.now(),
        ),
      }),
    );
  });

  return router;
}

interface Filter {
  state: string;
  orderBy: string;
  sort: 'asc' | 'desc';
  iids: number[];
  labels: string[];
  authorId?: number;
  authorUsername?: string;
  sourceBranch?: string;
  targetBranch?: string;
  draft?: boolean;
  search?: string;
  dates: Partial<Record<(typeof DATE_PARAMS)[number], number>>;
}

function readFilter(req: Request): Filter | { error: string } {
  const stateParam = stringParam(req, 'state') ?? 'all';
  if (!STATES.includes(stateParam)) {
    return { error: 'state does not have a valid value' };
  }
  const orderBy = stringParam(req, 'order_by') ?? 'created_at';
  if (!ORDER_BY.includes(orderBy)) {
    return { error: 'order_by does not have a valid value' };
  }
  const sort = stringParam(req, 'sort') ?? 'desc';
  if (sort !== 'asc' && sort !== 'desc') {
    return { error: 'sort does not have a valid value' };
  }
  const dates: Filter['dates'] = {};
  for (const name of DATE_PARAMS) {
    const value = stringParam(req, name);
    if (value !== undefined) {
      const ms = toMillis(value);
      if (Number.isNaN(ms)) {
        return { error: `${name} is invalid` };
      }
      dates[name] = ms;
    }
  }
  const iids = arrayParam(req, 'iids');
  if (iids.some(iid => !/^\d+$/.test(iid))) {
    return { error: 'iids is invalid' };
  }
  const wip = stringParam(req, 'wip') ?? stringParam(req, 'draft');
  return {
    state: stateParam,
    orderBy,
    sort,
    iids: iids.map(Number),
    labels: arrayParam(req, 'labels'),
    authorId: stringParam(req, 'author_id')
      ? Number(stringParam(req, 'author_id'))
      : undefined,
    authorUsername: stringParam(req, 'author_username'),
    sourceBranch: stringParam(req, 'source_branch'),
    targetBranch: stringParam(req, 'target_branch'),
    draft: wip === undefined ? undefined : wip === 'yes' || wip === 'true',
    search: stringParam(req, 'search')?.toLowerCase(),
    dates,
  };
}

function matches(
  state: SimulatorState,
  mr: DatasetMergeRequest,
  filter: Filter,
): boolean {
  if (filter.state !== 'all' && mr.state !== filter.state) return false;
  if (filter.iids.length && !filter.iids.includes(mr.iid)) return false;
  const created = toMillis(mr.createdAt);
  const updated = toMillis(mr.updatedAt);
  // GitLab's finder: *_after is >=, *_before is <=.
  const { dates } = filter;
  if (dates.created_after !== undefined && !(created >= dates.created_after))
    return false;
  if (dates.created_before !== undefined && !(created <= dates.created_before))
    return false;
  if (dates.updated_after !== undefined && !(updated >= dates.updated_after))
    return false;
  if (dates.updated_before !== undefined && !(updated <= dates.updated_before))
    return false;
  if (filter.labels.length) {
    const labels = mr.labels ?? [];
    const wanted = filter.labels.map(l => l.toLowerCase());
    if (wanted.length === 1 && wanted[0] === 'none') {
      if (labels.length) return false;
    } else if (wanted.length === 1 && wanted[0] === 'any') {
      if (!labels.length) return false;
    } else if (!wanted.every(l => labels.some(x => x.toLowerCase() === l))) {
      return false;
    }
  }
  if (filter.authorId !== undefined && mr.authorId !== filter.authorId)
    return false;
  if (filter.authorUsername !== undefined) {
    if (findUser(state.data, mr.authorId)?.username !== filter.authorUsername)
      return false;
  }
  if (
    filter.sourceBranch !== undefined &&
    mr.sourceBranch !== filter.sourceBranch
  )
    return false;
  if (
    filter.targetBranch !== undefined &&
    mr.targetBranch !== filter.targetBranch
  )
    return false;
  if (filter.draft !== undefined && Boolean(mr.draft) !== filter.draft)
    return false;
  if (filter.search) {
    const text = `${mr.title}\n${mr.description ?? ''}`.toLowerCase();
    if (!text.includes(filter.search)) return false;
  }
  return true;
}

/** Sorts merge requests by a column with the id as tiebreaker, in the same direction, as GitLab does. */
export function sortMergeRequests(
  list: DatasetMergeRequest[],
  orderBy: string,
  sort: 'asc' | 'desc',
  idOf: (mr: DatasetMergeRequest) => number,
): DatasetMergeRequest[] {
  const direction = sort === 'asc' ? 1 : -1;
  const key = (mr: DatasetMergeRequest): number | string => {
    switch (orderBy) {
      case 'updated_at':
        return toMillis(mr.updatedAt);
      case 'merged_at':
        // Unmerged merge requests sort last in both directions, like NULLS LAST.
        return mr.mergedAt
          ? toMillis(mr.mergedAt)
          : direction * Number.MAX_SAFE_INTEGER;
      case 'title':
        return mr.title.toLowerCase();
      default:
        return toMillis(mr.createdAt);
    }
  };
  const decorated = list.map(mr => ({ mr, key: key(mr), id: idOf(mr) }));
  decorated.sort((a, b) => {
    if (a.key < b.key) return -direction;
    if (a.key > b.key) return direction;
    return (a.id - b.id) * direction;
  });
  return decorated.map(d => d.mr);
}
