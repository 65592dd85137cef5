import { Router } from 'express';
import { mergeRequestId, notesOf, stateEventsOf } from '../dataset/derive';
import { ACCESS, accessLevel, findUser } from '../dataset/access';
import type { DatasetProject, DatasetUser } from '../dataset/types';
import { paginate } from '../http/pagination';
import { sendJson } from '../http/respond';
import type { SimulatorState } from '../state';
import { isoOrNull, toMillis } from '../time';
import { hasFeature } from '../version';
import { requireMergeRequest } from './guards';
import { issueJson, noteJson, stateEventJson, userBasicJson } from './json';
import { stringParam } from './projects';

/** Internal notes need Reporter or higher (`read_internal_note`). */
export function notesOptions(
  state: SimulatorState,
  project: DatasetProject,
  user: DatasetUser | undefined,
) {
  return {
    version: state.version,
    includeInternal:
      accessLevel(state.data, project, user?.id, state.now()) >=
      ACCESS.reporter,
  };
}

/** Notes, approvals, linked issues and state events of a merge request. */
export function mergeRequestDetailRoutes(state: SimulatorState): Router {
  const router = Router();

  router.get('/projects/:id/merge_requests/:iid/notes', (req, res) => {
    const found = requireMergeRequest(state, req, res);
    if (!found) {
      return;
    }
    const { project, mr, user } = found;
    const sort = stringParam(req, 'sort') ?? 'desc';
    const orderBy = stringParam(req, 'order_by') ?? 'created_at';
    if (sort !== 'asc' && sort !== 'desc') {
      sendJson(res, 400, { error: 'sort does not have a valid value' });
      return;
    }
    if (orderBy !== 'created_at' && orderBy !== 'updated_at') {
      sendJson(res, 400, { error: 'order_by does not have a valid value' });
      return;
    }
    const direction = sort === 'asc' ? 1 : -1;
    const field = orderBy === 'updated_at' ? 'updatedAt' : 'createdAt';
    const notes = notesOf(project, mr, notesOptions(state, project, user)).sort(
      (a, b) =>
        (toMillis(a[field]) - toMillis(b[field]) || a.id - b.id) * direction,
    );
    const page = paginate(req, res, notes, state.baseUrl);
    if (page) {
      sendJson(
        res,
        200,
        page.map(note => noteJson(state, project, mr, note)),
      );
    }
  });

  router.get('/projects/:id/merge_requests/:iid/notes/:noteId', (req, res) => {
    const found = requireMergeRequest(state, req, res);
    if (!found) {
      return;
    }
    const { project, mr, user } = found;
    const note = notesOf(project, mr, notesOptions(state, project, user)).find(
      n => n.id === Number(req.params.noteId),
    );
    if (!note) {
      sendJson(res, 404, { message: '404 Not found' });
      return;
    }
    sendJson(res, 200, noteJson(state, project, mr, note));
  });

  router.get('/projects/:id/merge_requests/:iid/approvals', (req, res) => {
    const found = requireMergeRequest(state, req, res);
    if (!found) {
      return;
    }
    const { project, mr, user } = found;
    const withApprovedAt = hasFeature(state.version, 'approvedAt');
    const required = mr.approvalsRequired ?? 0;
    const left = Math.max(required - mr.approvals.length, 0);
    sendJson(res, 200, {
      id: mergeRequestId(project, mr),
      iid: mr.iid,
      project_id: project.id,
      title: mr.title,
      description: mr.description ?? '',
      state: mr.state,
      created_at: isoOrNull(mr.createdAt),
      updated_at: isoOrNull(mr.updatedAt),
      merge_status: mr.state === 'opened' ? 'can_be_merged' : 'unchecked',
      approved: left === 0,
      approvals_required: required,
      approvals_left: left,
      require_password_to_approve: false,
      approved_by: mr.approvals.map(approval => {
        const entry: Record<string, unknown> = {
          user: userBasicJson(state, findUser(state.data, approval.userId)),
        };
        if (withApprovedAt) {
          entry.approved_at = isoOrNull(approval.approvedAt);
        }
        return entry;
      }),
      suggested_approvers: [],
      approvers: [],
      approver_groups: [],
      user_has_approved: Boolean(
        user && mr.approvals.some(a => a.userId === user.id),
      ),
      user_can_approve: Boolean(
        user && user.id !== mr.authorId && mr.state === 'opened',
      ),
      approval_rules_left: [],
      has_approval_rules: required > 0,
      merge_request_approvers_available: false,
      multiple_approval_rules_available: false,
      invalid_approvers_rules: [],
    });
  });

  for (const kind of ['closes_issues', 'related_issues'] as const) {
    router.get(`/projects/:id/merge_requests/:iid/${kind}`, (req, res) => {
      const found = requireMergeRequest(state, req, res);
      if (!found) {
        return;
      }
      const { project, mr } = found;
      const issues =
        kind === 'closes_issues' ? mr.closesIssues : mr.relatedIssues ?? [];
      const page = paginate(req, res, issues, state.baseUrl);
      if (page) {
        sendJson(
          res,
          200,
          page.map(issue =>
            issueJson(state, project, mr, issue, kind === 'closes_issues'),
          ),
        );
      }
    });
  }

  router.get(
    '/projects/:id/merge_requests/:iid/resource_state_events',
    (req, res) => {
      const found = requireMergeRequest(state, req, res);
      if (!found) {
        return;
      }
      const { project, mr } = found;
      const page = paginate(
        req,
        res,
        stateEventsOf(project, mr),
        state.baseUrl,
      );
      if (page) {
        sendJson(
          res,
          200,
          page.map(event => stateEventJson(state, project, mr, event)),
        );
      }
    },
  );

  return router;
}
