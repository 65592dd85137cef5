import { ACCESS, accessLevel, findUser } from '../../dataset/access';
import { mergeRequestId, notesOf, userNotesCount } from '../../dataset/derive';
import type { DatasetUser } from '../../dataset/types';
import { fakeSha } from '../../rest/json';
import {
  keysetConnection,
  positionColumns,
  type ConnectionArgs,
} from '../connection';
import {
  gid,
  webBase,
  type GraphqlContext,
  type LabelNode,
  type MergeRequestNode,
  type NoteNode,
  type ProjectNode,
} from './context';
import { timeColumn } from './mergeRequestList';

function userById(
  ctx: GraphqlContext,
  id: number | null | undefined,
): DatasetUser | null {
  return findUser(ctx.state.data, id) ?? null;
}

/** Resolvers of `MergeRequest`. */
export const mergeRequestResolvers = {
  approvalsLeft: ({ mr }: MergeRequestNode) =>
    Math.max((mr.approvalsRequired ?? 0) - mr.approvals.length, 0),
  approvalsRequired: ({ mr }: MergeRequestNode) => mr.approvalsRequired ?? 0,
  approved: ({ mr }: MergeRequestNode) =>
    (mr.approvalsRequired ?? 0) <= mr.approvals.length,
  // Current approvers only: unapproving removes the approval (RemoveApprovalService).
  approvedBy: (
    { mr }: MergeRequestNode,
    args: ConnectionArgs,
    ctx: GraphqlContext,
  ) => {
    const users = mr.approvals
      .map(a => userById(ctx, a.userId))
      .filter((u): u is DatasetUser => u !== null);
    return keysetConnection(users, positionColumns(users), args);
  },
  author: ({ mr }: MergeRequestNode, _: unknown, ctx: GraphqlContext) =>
    userById(ctx, mr.authorId),
  closedAt: ({ mr }: MergeRequestNode) =>
    mr.state === 'closed' ? mr.closedAt ?? null : null,
  commitCount: ({ mr }: MergeRequestNode) =>
    Math.max(1, Math.round(mr.fileCount / 2)),
  conflicts: () => false,
  createdAt: ({ mr }: MergeRequestNode) => mr.createdAt,
  description: ({ mr }: MergeRequestNode) => mr.description ?? '',
  diffStats: (
    { project, mr }: MergeRequestNode,
    args: { path?: string | null },
  ) => {
    const stats = Array.from(
      { length: Math.min(mr.fileCount, 100) },
      (_, index) => ({
        path: `src/${project.path.split('/').pop()}/file_${index + 1}.ts`,
        additions: Math.floor(mr.additions / Math.max(mr.fileCount, 1)),
        deletions: Math.floor(mr.deletions / Math.max(mr.fileCount, 1)),
      }),
    );
    return args.path ? stats.filter(s => s.path === args.path) : stats;
  },
  diffStatsSummary: ({ mr }: MergeRequestNode) => ({
    additions: mr.additions,
    deletions: mr.deletions,
    changes: mr.additions + mr.deletions,
    fileCount: mr.fileCount,
  }),
  downvotes: () => 0,
  draft: ({ mr }: MergeRequestNode) => mr.draft ?? false,
  id: ({ project, mr }: MergeRequestNode) =>
    gid('MergeRequest', mergeRequestId(project, mr)),
  iid: ({ mr }: MergeRequestNode) => String(mr.iid),
  labels: ({ project, mr }: MergeRequestNode, args: ConnectionArgs) => {
    const labels: LabelNode[] = [...(mr.labels ?? [])]
      .sort((a, b) => a.localeCompare(b))
      .map(title => ({ project, title }));
    return keysetConnection(
      labels,
      [{ name: 'title', value: l => l.title, parse: t => t }],
      args,
    );
  },
  mergeStatus: ({ mr }: MergeRequestNode) =>
    mr.state === 'opened' ? 'can_be_merged' : 'unchecked',
  mergeUser: ({ mr }: MergeRequestNode, _: unknown, ctx: GraphqlContext) =>
    mr.state === 'merged' ? userById(ctx, mr.mergeUserId ?? mr.authorId) : null,
  mergedAt: ({ mr }: MergeRequestNode) =>
    mr.state === 'merged' ? mr.mergedAt ?? null : null,
  notes: (
    { project, mr }: MergeRequestNode,
    args: ConnectionArgs,
    ctx: GraphqlContext,
  ) => {
    const includeInternal =
      accessLevel(ctx.state.data, project, ctx.user?.id, ctx.state.now()) >=
      ACCESS.reporter;
    const notes: NoteNode[] = notesOf(project, mr, {
      version: ctx.state.version,
      includeInternal,
    }).map(note => ({ project, mr, note }));
    return keysetConnection(
      notes,
      [
        timeColumn<NoteNode>('created_at', n => n.note.createdAt, false),
        { name: 'id', value: n => n.note.id },
      ],
      args,
    );
  },
  project: ({ project }: MergeRequestNode): ProjectNode => ({ project }),
  projectId: ({ project }: MergeRequestNode) => project.id,
  reference: ({ project, mr }: MergeRequestNode, args: { full?: boolean }) =>
    args.full ? `${project.path}!${mr.iid}` : `!${mr.iid}`,
  sourceBranch: ({ mr }: MergeRequestNode) => mr.sourceBranch,
  sourceProjectId: ({ project }: MergeRequestNode) => project.id,
  state: ({ mr }: MergeRequestNode) => mr.state,
  targetBranch: ({ mr }: MergeRequestNode) => mr.targetBranch,
  targetProjectId: ({ project }: MergeRequestNode) => project.id,
  title: ({ mr }: MergeRequestNode) => mr.title,
  updatedAt: ({ mr }: MergeRequestNode) => mr.updatedAt,
  upvotes: () => 0,
  userDiscussionsCount: ({ mr }: MergeRequestNode) => userNotesCount(mr),
  userNotesCount: ({ mr }: MergeRequestNode) => userNotesCount(mr),
  webUrl: (
    { project, mr }: MergeRequestNode,
    _: unknown,
    ctx: GraphqlContext,
  ) => `${webBase(ctx.state)}/${project.path}/-/merge_requests/${mr.iid}`,
  workInProgress: ({ mr }: MergeRequestNode) => mr.draft ?? false,
};

/** Resolvers of `Label`. */
export const labelResolvers = {
  color: ({ title }: LabelNode) => `#${fakeSha(`label:${title}`).slice(0, 6)}`,
  createdAt: ({ project }: LabelNode) =>
    project.createdAt ?? '2020-01-01T00:00:00Z',
  description: () => null,
  id: ({ title }: LabelNode) =>
    gid(
      'ProjectLabel',
      Number.parseInt(fakeSha(`label-id:${title}`).slice(0, 6), 16),
    ),
  textColor: () => '#FFFFFF',
  title: ({ title }: LabelNode) => title,
  updatedAt: ({ project }: LabelNode) =>
    project.createdAt ?? '2020-01-01T00:00:00Z',
};
