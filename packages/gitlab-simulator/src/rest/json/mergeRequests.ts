import {
  closedById,
  mergeRequestId,
  userNotesCount,
} from '../../dataset/derive';
import type { DatasetMergeRequest, DatasetProject } from '../../dataset/types';
import type { SimulatorState } from '../../state';
import { isoOrNull } from '../../time';
import { fakeSha, referencesJson, webBase, type Json } from './common';
import { userRefJson } from './users';
/** Options for the merge request entity. */
export interface MergeRequestJsonOptions {
  /** Single merge request (`GET .../merge_requests/:iid`) with its extra fields. */
  single?: boolean;
  /** `view=simple`. */
  simple?: boolean;
  /** `with_labels_details=true`. */
  labelDetails?: boolean;
  /** Access level of the caller, for `user.can_merge`. */
  callerAccessLevel?: number;
}

/** GitLab's merge request entity (never with diffs). */
export function mergeRequestJson(
  state: SimulatorState,
  project: DatasetProject,
  mr: DatasetMergeRequest,
  options: MergeRequestJsonOptions = {},
): Json {
  const id = mergeRequestId(project, mr);
  const webUrl = `${webBase(state)}/${project.path}/-/merge_requests/${mr.iid}`;
  const base = {
    id,
    iid: mr.iid,
    project_id: project.id,
    title: mr.title,
    description: mr.description ?? '',
    state: mr.state,
    created_at: isoOrNull(mr.createdAt),
    updated_at: isoOrNull(mr.updatedAt),
  };
  if (options.simple) {
    return { ...base, web_url: webUrl };
  }
  const merged = mr.state === 'merged';
  const mergeUser = merged
    ? userRefJson(state, mr.mergeUserId ?? mr.authorId)
    : null;
  const closer = closedById(project, mr);
  const draft = mr.draft ?? false;
  const sha = fakeSha(`mr-head:${id}`);
  const labels = mr.labels ?? [];
  const json: Json = {
    ...base,
    merged_by: mergeUser,
    merge_user: mergeUser,
    merged_at: merged ? isoOrNull(mr.mergedAt) : null,
    merge_after: null,
    prepared_at: isoOrNull(mr.createdAt),
    closed_by: userRefJson(state, closer),
    closed_at: mr.state === 'closed' ? isoOrNull(mr.closedAt) : null,
    target_branch: mr.targetBranch,
    source_branch: mr.sourceBranch,
    user_notes_count: userNotesCount(mr),
    upvotes: 0,
    downvotes: 0,
    author: userRefJson(state, mr.authorId),
    assignees: [],
    assignee: null,
    reviewers: [],
    source_project_id: project.id,
    target_project_id: project.id,
    labels: options.labelDetails ? labels.map(name => labelJson(name)) : labels,
    draft,
    imported: false,
    imported_from: 'none',
    work_in_progress: draft,
    milestone: null,
    merge_when_pipeline_succeeds: false,
    merge_status: mr.state === 'opened' ? 'can_be_merged' : 'unchecked',
    detailed_merge_status: mergeStatus(mr),
    sha,
    merge_commit_sha: merged ? fakeSha(`mr-merge:${id}`) : null,
    squash_commit_sha: null,
    discussion_locked: null,
    should_remove_source_branch: null,
    force_remove_source_branch: true,
    reference: `!${mr.iid}`,
    references: referencesJson(project, '!', mr.iid),
    web_url: webUrl,
    time_stats: {
      time_estimate: 0,
      total_time_spent: 0,
      human_time_estimate: null,
      human_total_time_spent: null,
    },
    squash: false,
    squash_on_merge: false,
    task_completion_status: { count: 0, completed_count: 0 },
    has_conflicts: false,
    blocking_discussions_resolved: true,
    approvals_before_merge: null,
  };
  if (options.single) {
    Object.assign(json, {
      subscribed: false,
      // GitLab returns the number of changed files as a string, capped as "1000+".
      changes_count: mr.fileCount > 1000 ? '1000+' : String(mr.fileCount),
      latest_build_started_at: null,
      latest_build_finished_at: null,
      first_deployed_to_production_at: null,
      pipeline: null,
      head_pipeline: null,
      diff_refs: {
        base_sha: fakeSha(`mr-base:${id}`),
        head_sha: sha,
        start_sha: fakeSha(`mr-base:${id}`),
      },
      merge_error: null,
      first_contribution: false,
      user: {
        can_merge:
          (options.callerAccessLevel ?? 0) >= 30 && mr.state === 'opened',
      },
    });
  }
  return json;
}

function mergeStatus(mr: DatasetMergeRequest): string {
  if (mr.state !== 'opened') {
    return 'not_open';
  }
  if (mr.draft) {
    return 'draft_status';
  }
  if ((mr.approvalsRequired ?? 0) > mr.approvals.length) {
    return 'not_approved';
  }
  return 'mergeable';
}

/** A label entity for `with_labels_details=true`. */
export function labelJson(name: string): Json {
  const color = `#${fakeSha(`label:${name}`).slice(0, 6)}`;
  return {
    id: Number.parseInt(fakeSha(`label-id:${name}`).slice(0, 6), 16),
    name,
    color,
    description: null,
    description_html: '',
    text_color: '#FFFFFF',
  };
}
