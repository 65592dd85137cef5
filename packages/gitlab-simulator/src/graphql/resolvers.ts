import { GraphQLError, GraphQLScalarType, Kind } from 'graphql';
import {
  canReadMergeRequests,
  canSeeProject,
  findUser,
} from '../dataset/access';
import {
  mergeRequestId,
  notesOf,
  userNotesCount,
  type DerivedNote,
} from '../dataset/derive';
import type {
  DatasetMergeRequest,
  DatasetProject,
  DatasetUser,
} from '../dataset/types';
import { fakeSha, lastActivityAt, nameWithNamespace } from '../rest/json';
import type { SimulatorState } from '../state';
import { toMillis } from '../time';
import { revisionFor } from '../version';
import {
  keysetConnection,
  positionColumns,
  type ConnectionArgs,
  type KeysetColumn,
} from './connection';

/** Per-request GraphQL context. */
export interface GraphqlContext {
  state: SimulatorState;
  /** The caller, when authenticated with an API scope. */
  user?: DatasetUser;
}

interface ProjectNode {
  project: DatasetProject;
}
interface MergeRequestNode {
  project: DatasetProject;
  mr: DatasetMergeRequest;
}
interface NoteNode extends MergeRequestNode {
  note: DerivedNote;
}
interface LabelNode {
  project: DatasetProject;
  title: string;
}

/** Formats times like GitLab's Types::TimeType: ISO 8601 without fractional seconds. */
export function graphqlTime(value: string | null | undefined): string | null {
  const ms = toMillis(value);
  return Number.isNaN(ms)
    ? null
    : new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

const TimeScalar = new GraphQLScalarType({
  name: 'Time',
  description: 'Time represented in ISO 8601.',
  serialize: value => graphqlTime(String(value)),
  parseValue: value => parseTime(value),
  parseLiteral: ast => {
    if (ast.kind !== Kind.STRING) {
      throw new GraphQLError('Time must be a string');
    }
    return parseTime(ast.value);
  },
});

function parseTime(value: unknown): number {
  const ms = typeof value === 'string' ? Date.parse(value) : NaN;
  if (Number.isNaN(ms)) {
    throw new GraphQLError(
      `${JSON.stringify(value)} is not a valid ISO 8601 time`,
    );
  }
  return ms;
}

const NoteIdScalar = new GraphQLScalarType({
  name: 'NoteID',
  serialize: value => String(value),
  parseValue: value => String(value),
  parseLiteral: ast => (ast.kind === Kind.STRING ? ast.value : undefined),
});

function webBase(state: SimulatorState): string {
  return state.baseUrl.replace(/\/$/, '');
}

function gid(type: string, id: number | string): string {
  return `gid://gitlab/${type}/${id}`;
}

/** Formats a keyset time like GitLab cursors: `2024-01-31 12:00:00.000000000 +0000`. */
function cursorTime(value: number | string): string {
  const iso = new Date(Number(value)).toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 23)}000000 +0000`;
}

function parseCursorTime(text: string): number {
  const match = /^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2})(\.\d+)? \+0000$/.exec(
    text,
  );
  if (!match) {
    return NaN;
  }
  return Date.parse(`${match[1]}T${match[2]}${(match[3] ?? '').slice(0, 4)}Z`);
}

function timeColumn(
  name: string,
  value: (node: MergeRequestNode) => string | null | undefined,
  descending: boolean,
): KeysetColumn<MergeRequestNode> {
  return {
    name,
    value: node => {
      const ms = toMillis(value(node));
      return Number.isNaN(ms) ? null : ms;
    },
    format: cursorTime,
    parse: parseCursorTime,
    descending,
  };
}

function sortColumns(sort: string): KeysetColumn<MergeRequestNode>[] {
  const normalized = sort.toUpperCase();
  const descending = normalized.endsWith('_DESC');
  const id: KeysetColumn<MergeRequestNode> = {
    name: 'id',
    value: node => mergeRequestId(node.project, node.mr),
    descending,
  };
  if (normalized.startsWith('UPDATED')) {
    return [timeColumn('updated_at', n => n.mr.updatedAt, descending), id];
  }
  if (normalized.startsWith('MERGED_AT')) {
    return [
      timeColumn(
        'merged_at',
        n => (n.mr.state === 'merged' ? n.mr.mergedAt : null),
        descending,
      ),
      id,
    ];
  }
  if (normalized.startsWith('CREATED')) {
    return [timeColumn('created_at', n => n.mr.createdAt, descending), id];
  }
  // Priority and milestone sorts have no data here; they fall back to newest first.
  return [
    timeColumn('created_at', n => n.mr.createdAt, true),
    { ...id, descending: true },
  ];
}

interface MergeRequestsArgs extends ConnectionArgs {
  iids?: string[] | null;
  sourceBranches?: string[] | null;
  targetBranches?: string[] | null;
  state?: string | null;
  labels?: string[] | null;
  mergedAfter?: number | null;
  mergedBefore?: number | null;
  milestoneTitle?: string | null;
  sort?: string | null;
  assigneeUsername?: string | null;
  authorUsername?: string | null;
  reviewerUsername?: string | null;
  updatedAfter?: number | null;
  updatedBefore?: number | null;
}

function filterMergeRequests(
  ctx: GraphqlContext,
  project: DatasetProject,
  args: MergeRequestsArgs,
): MergeRequestNode[] {
  const iids = args.iids?.map(Number);
  return project.mergeRequests
    .filter(mr => {
      if (iids && !iids.includes(mr.iid)) return false;
      if (args.sourceBranches && !args.sourceBranches.includes(mr.sourceBranch))
        return false;
      if (args.targetBranches && !args.targetBranches.includes(mr.targetBranch))
        return false;
      if (args.state && args.state !== 'all' && mr.state !== args.state)
        return false;
      if (args.labels && !args.labels.every(l => (mr.labels ?? []).includes(l)))
        return false;
      const merged = mr.state === 'merged' ? toMillis(mr.mergedAt) : NaN;
      if (isSet(args.mergedAfter) && !(merged >= args.mergedAfter))
        return false;
      if (isSet(args.mergedBefore) && !(merged <= args.mergedBefore))
        return false;
      const updated = toMillis(mr.updatedAt);
      // Like GitLab's finder, updatedAfter / updatedBefore are inclusive.
      if (isSet(args.updatedAfter) && !(updated >= args.updatedAfter))
        return false;
      if (isSet(args.updatedBefore) && !(updated <= args.updatedBefore))
        return false;
      if (args.milestoneTitle || args.assigneeUsername || args.reviewerUsername)
        return false;
      if (args.authorUsername) {
        if (
          findUser(ctx.state.data, mr.authorId)?.username !==
          args.authorUsername
        )
          return false;
      }
      return true;
    })
    .map(mr => ({ project, mr }));
}

function isSet<T>(value: T | null | undefined): value is T {
  return value !== null && value !== undefined;
}

function emptyConnection() {
  return keysetConnection<never>([], [], {});
}

function userById(
  ctx: GraphqlContext,
  id: number | null | undefined,
): DatasetUser | null {
  return findUser(ctx.state.data, id) ?? null;
}

/** Resolvers for the SDL in sdl.ts. */
export function createResolvers() {
  return {
    Time: TimeScalar,
    NoteID: NoteIdScalar,
    Query: {
      currentUser: (_: unknown, __: unknown, ctx: GraphqlContext) =>
        ctx.user ?? null,
      metadata: (_: unknown, __: unknown, ctx: GraphqlContext) => ({
        version: ctx.state.version,
        revision: revisionFor(ctx.state.version),
        kas: { enabled: false, externalUrl: null, version: null },
      }),
      project: (
        _: unknown,
        args: { fullPath: string },
        ctx: GraphqlContext,
      ): ProjectNode | null => {
        const project = ctx.state.data.projects.find(
          p => p.path === args.fullPath,
        );
        if (
          !project ||
          !canSeeProject(ctx.state.data, project, ctx.user, ctx.state.now())
        ) {
          return null;
        }
        return { project };
      },
    },
    Project: {
      archived: () => false,
      createdAt: ({ project }: ProjectNode) => project.createdAt ?? null,
      description: ({ project }: ProjectNode) => project.description ?? '',
      fullPath: ({ project }: ProjectNode) => project.path,
      id: ({ project }: ProjectNode) => gid('Project', project.id),
      lastActivityAt: ({ project }: ProjectNode) => lastActivityAt(project),
      name: ({ project }: ProjectNode) =>
        project.name ?? project.path.split('/').pop(),
      nameWithNamespace: (
        { project }: ProjectNode,
        _: unknown,
        ctx: GraphqlContext,
      ) => nameWithNamespace(ctx.state, project),
      path: ({ project }: ProjectNode) => project.path.split('/').pop(),
      visibility: ({ project }: ProjectNode) => project.visibility ?? 'private',
      webUrl: ({ project }: ProjectNode, _: unknown, ctx: GraphqlContext) =>
        `${webBase(ctx.state)}/${project.path}`,
      mergeRequestsEnabled: ({ project }: ProjectNode) =>
        project.mergeRequestsEnabled !== false,
      mergeRequest: (
        { project }: ProjectNode,
        args: { iid: string },
        ctx: GraphqlContext,
      ): MergeRequestNode | null => {
        if (
          !canReadMergeRequests(
            ctx.state.data,
            project,
            ctx.user,
            ctx.state.now(),
          )
        ) {
          return null;
        }
        const mr = project.mergeRequests.find(m => String(m.iid) === args.iid);
        return mr ? { project, mr } : null;
      },
      mergeRequests: (
        { project }: ProjectNode,
        args: MergeRequestsArgs,
        ctx: GraphqlContext,
      ) => {
        // Guests of private projects and disabled merge requests give an empty list, not an error.
        if (
          !canReadMergeRequests(
            ctx.state.data,
            project,
            ctx.user,
            ctx.state.now(),
          )
        ) {
          return emptyConnection();
        }
        const nodes = filterMergeRequests(ctx, project, args);
        return keysetConnection(
          nodes,
          sortColumns(args.sort ?? 'created_desc'),
          args,
        );
      },
    },
    MergeRequest: {
      approvalsLeft: ({ mr }: MergeRequestNode) =>
        Math.max((mr.approvalsRequired ?? 0) - mr.approvals.length, 0),
      approvalsRequired: ({ mr }: MergeRequestNode) =>
        mr.approvalsRequired ?? 0,
      approved: ({ mr }: MergeRequestNode) =>
        (mr.approvalsRequired ?? 0) <= mr.approvals.length,
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
        mr.state === 'merged'
          ? userById(ctx, mr.mergeUserId ?? mr.authorId)
          : null,
      mergedAt: ({ mr }: MergeRequestNode) =>
        mr.state === 'merged' ? mr.mergedAt ?? null : null,
      notes: ({ project, mr }: MergeRequestNode, args: ConnectionArgs) => {
        const notes: NoteNode[] = notesOf(project, mr).map(note => ({
          project,
          mr,
          note,
        }));
        return keysetConnection(
          notes,
          [
            timeColumn(
              'created_at',
              n => (n as NoteNode).note.createdAt,
              false,
            ) as KeysetColumn<NoteNode>,
            { name: 'id', value: n => n.note.id },
          ],
          args,
        );
      },
      project: ({ project }: MergeRequestNode): ProjectNode => ({ project }),
      projectId: ({ project }: MergeRequestNode) => project.id,
      reference: (
        { project, mr }: MergeRequestNode,
        args: { full?: boolean },
      ) => (args.full ? `${project.path}!${mr.iid}` : `!${mr.iid}`),
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
    },
    Note: {
      author: ({ note }: NoteNode, _: unknown, ctx: GraphqlContext) =>
        userById(ctx, note.authorId),
      body: ({ note }: NoteNode) => note.body,
      confidential: () => false,
      createdAt: ({ note }: NoteNode) => note.createdAt,
      id: ({ note }: NoteNode) => gid('Note', note.id),
      resolvable: () => false,
      resolved: () => false,
      system: ({ note }: NoteNode) => note.system,
      systemNoteIconName: ({ note }: NoteNode) => note.systemNoteIconName,
      updatedAt: ({ note }: NoteNode) => note.updatedAt,
      url: ({ project, mr, note }: NoteNode, _: unknown, ctx: GraphqlContext) =>
        `${webBase(ctx.state)}/${project.path}/-/merge_requests/${
          mr.iid
        }#note_${note.id}`,
    },
    Label: {
      color: ({ title }: LabelNode) =>
        `#${fakeSha(`label:${title}`).slice(0, 6)}`,
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
    },
    UserCore: {
      avatarUrl: (user: DatasetUser) =>
        `https://www.gravatar.com/avatar/${fakeSha(user.username).slice(
          0,
          32,
        )}?s=80&d=identicon`,
      bot: (user: DatasetUser) => user.bot ?? false,
      id: (user: DatasetUser) => gid('User', user.id),
      name: (user: DatasetUser) => user.name,
      publicEmail: () => null,
      state: (user: DatasetUser) => user.state ?? 'active',
      username: (user: DatasetUser) => user.username,
      webPath: (user: DatasetUser) => `/${user.username}`,
      webUrl: (user: DatasetUser, _: unknown, ctx: GraphqlContext) =>
        `${webBase(ctx.state)}/${user.username}`,
    },
  };
}
