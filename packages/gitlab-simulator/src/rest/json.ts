import {
  ancestorGroups,
  effectiveMembers,
  findUser,
  namespaceOf,
} from '../dataset/access';
import {
  closedById,
  issueId,
  mergeRequestId,
  userNotesCount,
  type DerivedNote,
  type DerivedStateEvent,
} from '../dataset/derive';
import type {
  DatasetGroup,
  DatasetIssue,
  DatasetMergeRequest,
  DatasetProject,
  DatasetUser,
} from '../dataset/types';
import type { SimulatorState } from '../state';
import { dateOrNull, isExpired, isoOrNull, isoTime, toMillis } from '../time';

type Json = Record<string, unknown>;

/** A deterministic fake SHA-1 for a seed string. */
export function fakeSha(seed: string): string {
  let out = '';
  let hash = 2166136261;
  for (let round = 0; out.length < 40; round++) {
    for (const char of `${seed}:${round}`) {
      hash = Math.imul(hash ^ char.charCodeAt(0), 16777619) >>> 0;
    }
    out += hash.toString(16).padStart(8, '0');
  }
  return out.slice(0, 40);
}

function webBase(state: SimulatorState): string {
  return state.baseUrl.replace(/\/$/, '');
}

const GHOST: DatasetUser = {
  id: 1,
  username: 'ghost',
  name: 'Ghost User',
  state: 'active',
};

/** GitLab's UserBasic entity (authors, approvers, members). */
export function userBasicJson(
  state: SimulatorState,
  user: DatasetUser | undefined,
): Json {
  const u = user ?? GHOST;
  return {
    id: u.id,
    username: u.username,
    name: u.name,
    state: u.state ?? 'active',
    locked: false,
    avatar_url: `https://www.gravatar.com/avatar/${fakeSha(u.username).slice(
      0,
      32,
    )}?s=80&d=identicon`,
    web_url: `${webBase(state)}/${u.username}`,
  };
}

/** A user by id in the UserBasic shape, or null when the id is empty. */
export function userRefJson(
  state: SimulatorState,
  id: number | null | undefined,
): Json | null {
  if (id === null || id === undefined) {
    return null;
  }
  return userBasicJson(state, findUser(state.data, id));
}

/** The `GET /user` entity. */
export function currentUserJson(
  state: SimulatorState,
  user: DatasetUser,
): Json {
  return {
    ...userBasicJson(state, user),
    created_at: isoOrNull(user.createdAt) ?? '2020-01-01T00:00:00.000Z',
    bio: '',
    location: '',
    public_email: null,
    linkedin: '',
    twitter: '',
    discord: '',
    website_url: '',
    organization: '',
    job_title: '',
    pronouns: null,
    bot: user.bot ?? false,
    work_information: null,
    local_time: null,
    last_sign_in_at: null,
    confirmed_at: isoOrNull(user.createdAt) ?? '2020-01-01T00:00:00.000Z',
    last_activity_on: null,
    email: `${user.username.replace(/[^a-zA-Z0-9._-]/g, '')}@example.com`,
    theme_id: 1,
    color_scheme_id: 1,
    projects_limit: 100000,
    current_sign_in_at: null,
    identities: [],
    can_create_group: !user.bot,
    can_create_project: !user.bot,
    two_factor_enabled: false,
    external: false,
    private_profile: false,
    commit_email: null,
  };
}

function namespaceJson(state: SimulatorState, project: DatasetProject): Json {
  const fullPath = namespaceOf(project.path);
  const group = (state.data.groups ?? []).find(g => g.path === fullPath);
  const owner = group
    ? undefined
    : state.data.users.find(u => u.username === fullPath);
  const parentPath = namespaceOf(fullPath);
  const parent = (state.data.groups ?? []).find(g => g.path === parentPath);
  return {
    id:
      group?.id ??
      (owner ? owner.id : Number.parseInt(fakeSha(fullPath).slice(0, 6), 16)),
    name: group?.name ?? owner?.name ?? fullPath.split('/').pop(),
    path: fullPath.split('/').pop(),
    kind: owner ? 'user' : 'group',
    full_path: fullPath,
    parent_id: owner ? null : parent?.id ?? null,
    avatar_url: null,
    web_url: owner
      ? `${webBase(state)}/${fullPath}`
      : `${webBase(state)}/groups/${fullPath}`,
  };
}

/** GitLab's Group entity, as `GET /groups/:id` answers without projects. */
export function groupJson(state: SimulatorState, group: DatasetGroup): Json {
  const parentPath = namespaceOf(group.path);
  const parent = (state.data.groups ?? []).find(g => g.path === parentPath);
  const names = group.path.split('/').map((segment, index, segments) => {
    const path = segments.slice(0, index + 1).join('/');
    return (
      (state.data.groups ?? []).find(g => g.path === path)?.name ?? segment
    );
  });
  return {
    id: group.id,
    web_url: `${webBase(state)}/groups/${group.path}`,
    name: group.name ?? group.path.split('/').pop(),
    path: group.path.split('/').pop(),
    description: '',
    visibility: group.visibility ?? 'private',
    full_name: names.join(' / '),
    full_path: group.path,
    parent_id: parent?.id ?? null,
    created_at: '2020-01-01T00:00:00.000Z',
    avatar_url: null,
  };
}

/** Human-readable path: `Platform / Payments / payments-api`. */
export function nameWithNamespace(
  state: SimulatorState,
  project: DatasetProject,
): string {
  const segments = project.path.split('/');
  const names = segments.slice(0, -1).map((_, index) => {
    const path = segments.slice(0, index + 1).join('/');
    return (
      (state.data.groups ?? []).find(g => g.path === path)?.name ??
      segments[index]
    );
  });
  return [...names, project.name ?? segments[segments.length - 1]].join(' / ');
}

/** Latest merge request activity of the project. */
export function lastActivityAt(project: DatasetProject): string {
  let latest = toMillis(project.createdAt);
  for (const mr of project.mergeRequests) {
    const updated = toMillis(mr.updatedAt);
    if (!(updated <= latest)) {
      latest = updated;
    }
  }
  return Number.isNaN(latest) ? '2020-01-01T00:00:00.000Z' : isoTime(latest);
}

/** GitLab's BasicProjectDetails entity (`simple=true`). */
export function projectSimpleJson(
  state: SimulatorState,
  project: DatasetProject,
): Json {
  const webUrl = `${webBase(state)}/${project.path}`;
  const host = new URL(state.baseUrl).host;
  return {
    id: project.id,
    description: project.description ?? '',
    name: project.name,
    name_with_namespace: nameWithNamespace(state, project),
    path: project.path.split('/').pop(),
    path_with_namespace: project.path,
    created_at: isoOrNull(project.createdAt),
    default_branch: project.defaultBranch ?? 'main',
    tag_list: [],
    topics: [],
    ssh_url_to_repo: `git@${host.split(':')[0]}:${project.path}.git`,
    http_url_to_repo: `${webUrl}.git`,
    web_url: webUrl,
    readme_url: `${webUrl}/-/blob/${project.defaultBranch ?? 'main'}/README.md`,
    forks_count: 0,
    avatar_url: null,
    star_count: 0,
    last_activity_at: lastActivityAt(project),
    namespace: namespaceJson(state, project),
  };
}

/** GitLab's full project entity, with the caller's permissions. */
export function projectJson(
  state: SimulatorState,
  project: DatasetProject,
  user: DatasetUser | undefined,
): Json {
  const nowMs = state.now();
  const enabled = project.mergeRequestsEnabled !== false;
  const direct = user
    ? project.members.find(
        m => m.userId === user.id && !isExpired(m.expiresAt, nowMs),
      )
    : undefined;
  const groupMembers = user
    ? ancestorGroups(state.data, project).flatMap(g =>
        g.members.filter(m => m.userId === user.id),
      )
    : [];
  const liveGroupLevels = groupMembers
    .filter(m => !isExpired(m.expiresAt, nowMs))
    .map(m => m.accessLevel);
  const groupLevel = liveGroupLevels.length
    ? Math.max(...liveGroupLevels)
    : undefined;
  const webUrl = `${webBase(state)}/${project.path}`;
  const api = `${webBase(state)}/api/v4/projects/${project.id}`;
  return {
    ...projectSimpleJson(state, project),
    _links: {
      self: api,
      issues: `${api}/issues`,
      merge_requests: `${api}/merge_requests`,
      repo_branches: `${api}/repository/branches`,
      labels: `${api}/labels`,
      events: `${api}/events`,
      members: `${api}/members`,
      cluster_agents: `${api}/cluster_agents`,
    },
    packages_enabled: true,
    empty_repo: false,
    archived: false,
    visibility: project.visibility ?? 'private',
    resolve_outdated_diff_discussions: false,
    container_registry_enabled: true,
    container_registry_access_level: 'enabled',
    issues_enabled: true,
    merge_requests_enabled: enabled,
    wiki_enabled: true,
    jobs_enabled: true,
    snippets_enabled: true,
    service_desk_enabled: false,
    can_create_merge_request_in:
      enabled && (direct?.accessLevel ?? groupLevel ?? 0) >= 30,
    issues_access_level: 'enabled',
    repository_access_level: 'enabled',
    merge_requests_access_level: enabled ? 'enabled' : 'disabled',
    forking_access_level: 'enabled',
    wiki_access_level: 'enabled',
    builds_access_level: 'enabled',
    snippets_access_level: 'enabled',
    pages_access_level: 'private',
    analytics_access_level: 'enabled',
    security_and_compliance_access_level: 'private',
    emails_disabled: false,
    emails_enabled: true,
    shared_runners_enabled: true,
    lfs_enabled: true,
    creator_id: project.members[0]?.userId ?? 1,
    import_status: 'none',
    open_issues_count: 0,
    description_html: '',
    updated_at: lastActivityAt(project),
    public_jobs: true,
    shared_with_groups: [],
    only_allow_merge_if_pipeline_succeeds: false,
    allow_merge_on_skipped_pipeline: null,
    request_access_enabled: true,
    only_allow_merge_if_all_discussions_are_resolved: false,
    remove_source_branch_after_merge: true,
    printing_merge_request_link_enabled: true,
    merge_method: 'merge',
    squash_option: 'default_off',
    enforce_auth_checks_on_uploads: true,
    suggestion_commit_message: null,
    merge_commit_template: null,
    squash_commit_template: null,
    issue_branch_template: null,
    autoclose_referenced_issues: true,
    web_url: webUrl,
    permissions: {
      project_access: direct
        ? { access_level: direct.accessLevel, notification_level: 3 }
        : null,
      group_access:
        groupLevel !== undefined
          ? { access_level: groupLevel, notification_level: 3 }
          : null,
    },
  };
}

/** A member entry of `/members/all`. */
export function memberJson(
  state: SimulatorState,
  member: ReturnType<typeof effectiveMembers>[number],
): Json {
  const user = findUser(state.data, member.userId);
  return {
    ...userBasicJson(state, user),
    created_at: isoOrNull(user?.createdAt) ?? '2020-01-01T00:00:00.000Z',
    created_by: null,
    expires_at: dateOrNull(member.expiresAt),
    access_level: member.accessLevel,
    group_saml_identity: null,
    membership_state: 'active',
    member_role: null,
  };
}

/** References of a merge request or issue: `!12`, `group/project!12`. */
function referencesJson(
  project: DatasetProject,
  sigil: string,
  iid: number,
): Json {
  return {
    short: `${sigil}${iid}`,
    relative: `${sigil}${iid}`,
    full: `${project.path}${sigil}${iid}`,
  };
}

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
