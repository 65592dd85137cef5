import {
  issueId,
  mergeRequestId,
  type DerivedNote,
  type DerivedStateEvent,
} from '../../dataset/derive';
import type {
  DatasetIssue,
  DatasetMergeRequest,
  DatasetProject,
} from '../../dataset/types';
import type { SimulatorState } from '../../state';
import { isoOrNull } from '../../time';
import { referencesJson, webBase, type Json } from './common';
import { userRefJson } from './users';
/** A note entity. */
export function noteJson(
  state: SimulatorState,
  project: DatasetProject,
  mr: DatasetMergeRequest,
  note: DerivedNote,
): Json {
  return {
    id: note.id,
    type: null,
    body: note.body,
    attachment: null,
    author: userRefJson(state, note.authorId),
    created_at: isoOrNull(note.createdAt),
    updated_at: isoOrNull(note.updatedAt),
    system: note.system,
    noteable_id: mergeRequestId(project, mr),
    noteable_type: 'MergeRequest',
    project_id: project.id,
    resolvable: false,
    confidential: note.internal,
    internal: note.internal,
    imported: false,
    imported_from: 'none',
    noteable_iid: mr.iid,
    commands_changes: {},
  };
}

/** An issue entity (closes_issues / related_issues). */
export function issueJson(
  state: SimulatorState,
  project: DatasetProject,
  mr: DatasetMergeRequest,
  issue: DatasetIssue,
  closedByMerge: boolean,
): Json {
  const closed = issue.state
    ? issue.state === 'closed'
    : closedByMerge && mr.state === 'merged';
  const webUrl = `${webBase(state)}/${project.path}/-/issues/${issue.iid}`;
  const api = `${webBase(state)}/api/v4/projects/${project.id}`;
  return {
    id: issueId(project, issue),
    iid: issue.iid,
    project_id: project.id,
    title: issue.title,
    description: '',
    state: closed ? 'closed' : 'opened',
    created_at: isoOrNull(mr.createdAt),
    updated_at: isoOrNull(closed && mr.mergedAt ? mr.mergedAt : mr.createdAt),
    closed_at: closed ? isoOrNull(mr.mergedAt ?? mr.updatedAt) : null,
    closed_by: closed
      ? userRefJson(state, mr.mergeUserId ?? mr.authorId)
      : null,
    labels: [],
    milestone: null,
    assignees: [],
    author: userRefJson(state, mr.authorId),
    type: 'ISSUE',
    assignee: null,
    user_notes_count: 0,
    merge_requests_count: 1,
    upvotes: 0,
    downvotes: 0,
    due_date: null,
    confidential: false,
    discussion_locked: null,
    issue_type: 'issue',
    web_url: webUrl,
    time_stats: {
      time_estimate: 0,
      total_time_spent: 0,
      human_time_estimate: null,
      human_total_time_spent: null,
    },
    task_completion_status: { count: 0, completed_count: 0 },
    has_tasks: false,
    _links: {
      self: `${api}/issues/${issue.iid}`,
      notes: `${api}/issues/${issue.iid}/notes`,
      award_emoji: `${api}/issues/${issue.iid}/award_emoji`,
      project: api,
      closed_as_duplicate_of: null,
    },
    references: referencesJson(project, '#', issue.iid),
    severity: 'UNKNOWN',
    moved_to_id: null,
    service_desk_reply_to: null,
  };
}

/** A resource state event entity. */
export function stateEventJson(
  state: SimulatorState,
  project: DatasetProject,
  mr: DatasetMergeRequest,
  event: DerivedStateEvent,
): Json {
  return {
    id: event.id,
    user: userRefJson(state, event.userId),
    created_at: isoOrNull(event.createdAt),
    resource_type: 'MergeRequest',
    resource_id: mergeRequestId(project, mr),
    state: event.state,
  };
}
