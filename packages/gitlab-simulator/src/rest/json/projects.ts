import { ancestorGroups, namespaceOf } from '../../dataset/access';
import type {
  DatasetGroup,
  DatasetProject,
  DatasetUser,
} from '../../dataset/types';
import type { SimulatorState } from '../../state';
import { isExpired, isoOrNull, isoTime, toMillis } from '../../time';
import { fakeSha, webBase, type Json } from './common';

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
