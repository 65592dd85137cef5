import { Router } from 'express';
import { mergeRequestId } from '../dataset/derive';
import type { DatasetMergeRequest, DatasetProject } from '../dataset/types';
import { paginate } from '../http/pagination';
import { sendJson, sendText } from '../http/respond';
import type { SimulatorState } from '../state';
import { isoOrNull } from '../time';
import {
  requireCaller,
  requireMergeRequest,
  requireMergeRequestAccess,
  requireProject,
} from './guards';
import { fakeSha, mergeRequestJson } from './json';

/**
 * Matches every request path that reads code or diffs. The metadata sync must never call these;
 * tests run it over the request log.
 */
export const DIFF_ENDPOINT_PATTERN =
  /\/(?:diffs|changes|raw_diffs|versions|raw)(?:\/|$)|\/repository\//;

/** Matches GraphQL fields that read code (`diffStats`, not `diffStatsSummary`); run it on logged queries. */
export const GRAPHQL_DIFF_FIELD_PATTERN = /\bdiffStats\b/;

/** Plausible diff and repository endpoints, present so that calling them shows up in the log. */
export function codeRoutes(state: SimulatorState): Router {
  const router = Router();

  router.get('/projects/:id/merge_requests/:iid/diffs', (req, res) => {
    const found = requireMergeRequest(state, req, res);
    if (!found) {
      return;
    }
    const page = paginate(
      req,
      res,
      fakeDiffs(found.project, found.mr),
      state.baseUrl,
    );
    if (page) {
      sendJson(res, 200, page);
    }
  });

  router.get('/projects/:id/merge_requests/:iid/changes', (req, res) => {
    const found = requireMergeRequest(state, req, res);
    if (found) {
      sendJson(res, 200, {
        ...mergeRequestJson(state, found.project, found.mr, { single: true }),
        changes: fakeDiffs(found.project, found.mr),
        overflow: false,
      });
    }
  });

  router.get('/projects/:id/merge_requests/:iid/raw_diffs', (req, res) => {
    const found = requireMergeRequest(state, req, res);
    if (found) {
      const text = fakeDiffs(found.project, found.mr)
        .map(d => `diff --git a/${d.old_path} b/${d.new_path}\n${d.diff}`)
        .join('');
      sendText(res, 200, text);
    }
  });

  router.get('/projects/:id/merge_requests/:iid/versions', (req, res) => {
    const found = requireMergeRequest(state, req, res);
    if (found) {
      const id = mergeRequestId(found.project, found.mr);
      sendJson(res, 200, [
        {
          id,
          head_commit_sha: fakeSha(`mr-head:${id}`),
          base_commit_sha: fakeSha(`mr-base:${id}`),
          start_commit_sha: fakeSha(`mr-base:${id}`),
          created_at: isoOrNull(found.mr.updatedAt),
          merge_request_id: id,
          state: 'collected',
          real_size: String(found.mr.fileCount),
          patch_id_sha: fakeSha(`mr-patch:${id}`),
        },
      ]);
    }
  });

  router.get(/^\/projects\/([^/]+)\/repository\/(.*)$/, (req, res) => {
    const caller = requireCaller(res, { anonymous: true });
    if (!caller) {
      return;
    }
    req.params.id = (req.params as any)[0];
    const project = requireProject(state, req, res, caller.user);
    if (
      !project ||
      !requireMergeRequestAccess(state, res, project, caller.user)
    ) {
      return;
    }
    const rest: string = (req.params as any)[1];
    if (/\/raw$/.test(rest) || rest.startsWith('blobs/')) {
      sendText(res, 200, '# README\n');
      return;
    }
    sendJson(res, 200, []);
  });

  return router;
}

function fakeDiffs(project: DatasetProject, mr: DatasetMergeRequest) {
  const files = Math.min(mr.fileCount, 100);
  return Array.from({ length: files }, (_, index) => {
    const path = `src/${project.path.split('/').pop()}/file_${index + 1}.ts`;
    return {
      old_path: path,
      new_path: path,
      a_mode: '100644',
      b_mode: '100644',
      diff: '@@ -1 +1 @@\n-const value = 1;\n+const value = 2;\n',
      new_file: false,
      renamed_file: false,
      deleted_file: false,
      generated_file: false,
    };
  });
}
