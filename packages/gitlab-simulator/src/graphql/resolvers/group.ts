import { canSeeGroup, canSeeProject } from '../../dataset/access';
import { findGroup } from '../../dataset/routes';
import type { DatasetGroup } from '../../dataset/types';
import { keysetConnection, type ConnectionArgs } from '../connection';
import { gid, type GraphqlContext, type ProjectNode } from './context';
import {
  filterMergeRequests,
  sortColumns,
  type MergeRequestsArgs,
} from './mergeRequestList';
import { projectColumns } from './projectList';
import { canRead } from './project';

export interface GroupNode {
  group: DatasetGroup;
}

function projectsOf(
  ctx: GraphqlContext,
  group: DatasetGroup,
  includeSubgroups: boolean | null | undefined,
) {
  const prefix = `${group.path.toLowerCase()}/`;
  return ctx.state.data.projects.filter(project => {
    const path = project.path.toLowerCase();
    if (!path.startsWith(prefix)) return false;
    if (!includeSubgroups && path.slice(prefix.length).includes('/')) {
      return false;
    }
    return canSeeProject(ctx.state.data, project, ctx.user, ctx.state.now());
  });
}

/** `Query.group(fullPath:)`: any case, no redirects, null when not visible. */
export const groupQueries = {
  group: (
    _: unknown,
    args: { fullPath: string },
    ctx: GraphqlContext,
  ): GroupNode | null => {
    const group = findGroup(ctx.state.data, args.fullPath);
    if (
      !group ||
      /^\d+$/.test(args.fullPath) ||
      !canSeeGroup(ctx.state.data, group, ctx.user, ctx.state.now())
    ) {
      return null;
    }
    return { group };
  },
};

/**
 * `Group`: its merge requests (MergeRequestsFinder with `group_id` and
 * `include_subgroups`), across the projects whose merge requests the caller
 * may read, and its projects.
 */
export const groupResolvers = {
  id: ({ group }: GroupNode) => gid('Group', group.id),
  fullPath: ({ group }: GroupNode) => group.path,
  mergeRequests: (
    { group }: GroupNode,
    args: MergeRequestsArgs & { includeSubgroups?: boolean | null },
    ctx: GraphqlContext,
  ) =>
    keysetConnection(
      projectsOf(ctx, group, args.includeSubgroups)
        .filter(project => canRead(ctx, project))
        .flatMap(project => filterMergeRequests(ctx, project, args)),
      sortColumns(args.sort ?? 'created_desc'),
      args,
    ),
  projects: (
    { group }: GroupNode,
    args: ConnectionArgs & { includeSubgroups?: boolean | null },
    ctx: GraphqlContext,
  ) =>
    keysetConnection<ProjectNode>(
      projectsOf(ctx, group, args.includeSubgroups).map(project => ({
        project,
      })),
      projectColumns(null),
      args,
    ),
};
