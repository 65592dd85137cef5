import {
  ACCESS,
  accessLevel,
  canReadMergeRequests,
  canSeeProject,
} from '../../dataset/access';
import { findProject } from '../../dataset/routes';
import type { DatasetProject } from '../../dataset/types';
import { lastActivityAt, nameWithNamespace } from '../../rest/json';
import { keysetConnection, type ConnectionArgs } from '../connection';
import {
  gid,
  webBase,
  type GraphqlContext,
  type MergeRequestNode,
  type ProjectNode,
} from './context';
import {
  filterMergeRequests,
  sortColumns,
  type MergeRequestsArgs,
} from './mergeRequestList';
import { projectColumns } from './projectList';
import { projectIssues } from './issue';

/** Types::AccessLevelEnum names by Gitlab::Access value. */
const ACCESS_NAMES: Record<number, string> = {
  0: 'NO_ACCESS',
  5: 'MINIMAL_ACCESS',
  10: 'GUEST',
  20: 'REPORTER',
  30: 'DEVELOPER',
  40: 'MAINTAINER',
  50: 'OWNER',
};

export interface ProjectsArgs extends ConnectionArgs {
  membership?: boolean | null;
  search?: string | null;
  ids?: string[] | null;
  searchNamespaces?: boolean | null;
  sort?: string | null;
}

/**
 * `Query.projects` (Resolvers::ProjectsResolver → ProjectsFinder): projects the caller can see;
 * `membership` keeps those the caller is a member of (`non_public`); `search` matches name,
 * path or description (in part from 3 characters on, else whole), and the namespace with
 * `searchNamespaces`; ordered by id, newest first, unless `sort` says otherwise.
 */
function projects(_: unknown, args: ProjectsArgs, ctx: GraphqlContext) {
  const { data } = ctx.state;
  const nowMs = ctx.state.now();
  const ids = args.ids?.map(id => Number(/(\d+)$/.exec(id)?.[1] ?? NaN));
  const search = args.search?.toLowerCase();
  const nodes = data.projects
    .filter(p => canSeeProject(data, p, ctx.user, nowMs))
    .filter(
      p =>
        !args.membership ||
        accessLevel(data, p, ctx.user?.id, nowMs) >= ACCESS.guest,
    )
    .filter(p => !ids || ids.includes(p.id))
    .filter(p => {
      if (!search) return true;
      const fields = [
        p.name ?? '',
        p.path.split('/').pop() ?? '',
        p.description ?? '',
      ];
      if (args.searchNamespaces) fields.push(p.path);
      // Gitlab::SQL::Pattern (lib/gitlab/sql/pattern.rb): a term shorter than
      // MIN_CHARS_FOR_PARTIAL_MATCHING (3) matches a whole value only.
      return fields.some(f =>
        search.length < 3
          ? f.toLowerCase() === search
          : f.toLowerCase().includes(search),
      );
    })
    .map((project): ProjectNode => ({ project }));
  return keysetConnection(nodes, projectColumns(args.sort), args);
}

/** Query fields that return projects. */
export const projectQueries = {
  project: (
    _: unknown,
    args: { fullPath: string },
    ctx: GraphqlContext,
  ): ProjectNode | null => {
    // FullPathModelLoader: any case, and no redirects: an old path resolves to null.
    const project = findProject(ctx.state.data, args.fullPath);
    if (
      !project ||
      /^\d+$/.test(args.fullPath) ||
      !canSeeProject(ctx.state.data, project, ctx.user, ctx.state.now())
    ) {
      return null;
    }
    return { project };
  },
  projects,
};

function level(ctx: GraphqlContext, project: DatasetProject): number {
  return accessLevel(ctx.state.data, project, ctx.user?.id, ctx.state.now());
}

/** Whether the caller may read the project's merge requests. */
export function canRead(ctx: GraphqlContext, project: DatasetProject): boolean {
  return canReadMergeRequests(
    ctx.state.data,
    project,
    ctx.user,
    ctx.state.now(),
  );
}

/** Resolvers of `Project`. */
export const projectResolvers = {
  archived: () => false,
  createdAt: ({ project }: ProjectNode) => project.createdAt ?? null,
  description: ({ project }: ProjectNode) => project.description ?? '',
  fullPath: ({ project }: ProjectNode) => project.path,
  id: ({ project }: ProjectNode) => gid('Project', project.id),
  lastActivityAt: ({ project }: ProjectNode) => lastActivityAt(project),
  maxAccessLevel: (
    { project }: ProjectNode,
    _: unknown,
    ctx: GraphqlContext,
  ) => {
    const value = level(ctx, project);
    return {
      integerValue: value,
      stringValue: ACCESS_NAMES[value] ?? 'NO_ACCESS',
    };
  },
  name: ({ project }: ProjectNode) =>
    project.name ?? project.path.split('/').pop(),
  nameWithNamespace: (
    { project }: ProjectNode,
    _: unknown,
    ctx: GraphqlContext,
  ) => nameWithNamespace(ctx.state, project),
  path: ({ project }: ProjectNode) => project.path.split('/').pop(),
  userPermissions: (
    { project }: ProjectNode,
    _: unknown,
    ctx: GraphqlContext,
  ) => ({
    readProject: true,
    readMergeRequest: canRead(ctx, project),
    createMergeRequestIn:
      project.mergeRequestsEnabled !== false &&
      level(ctx, project) >= ACCESS.developer,
    readProjectMember: level(ctx, project) >= ACCESS.guest,
  }),
  visibility: ({ project }: ProjectNode) => project.visibility ?? 'private',
  webUrl: ({ project }: ProjectNode, _: unknown, ctx: GraphqlContext) =>
    `${webBase(ctx.state)}/${project.path}`,
  mergeRequestsEnabled: ({ project }: ProjectNode) =>
    project.mergeRequestsEnabled !== false,
  issues: projectIssues,
  mergeRequest: (
    { project }: ProjectNode,
    args: { iid: string },
    ctx: GraphqlContext,
  ): MergeRequestNode | null => {
    if (!canRead(ctx, project) || !/^\d+$/.test(args.iid)) {
      return null;
    }
    // A follow-up read may land on a replica that is behind.
    const mr = ctx.state.replica.read(project, Number(args.iid));
    return mr ? { project, mr } : null;
  },
  mergeRequests: (
    { project }: ProjectNode,
    args: MergeRequestsArgs,
    ctx: GraphqlContext,
  ) => {
    // Guests of private projects and disabled merge requests give an empty list, not an error.
    if (!canRead(ctx, project)) {
      return keysetConnection<never>([], [], {});
    }
    return keysetConnection(
      filterMergeRequests(ctx, project, args),
      sortColumns(args.sort ?? 'created_desc'),
      args,
    );
  },
};
