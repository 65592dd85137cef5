import { findUser } from '../../dataset/access';
import { mergeRequestId } from '../../dataset/derive';
import type { DatasetMergeRequest, DatasetProject } from '../../dataset/types';
import { toMillis } from '../../time';
import type { ConnectionArgs, KeysetColumn } from '../connection';
import type { GraphqlContext, MergeRequestNode } from './context';

/** Formats a keyset time like GitLab cursors: `2024-01-31 12:00:00.000000000 +0000`. */
export function cursorTime(value: number | string): string {
  const iso = new Date(Number(value)).toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 23)}000000 +0000`;
}

export function parseCursorTime(text: string): number {
  const match = /^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2})(\.\d+)? \+0000$/.exec(
    text,
  );
  if (!match) {
    return NaN;
  }
  return Date.parse(`${match[1]}T${match[2]}${(match[3] ?? '').slice(0, 4)}Z`);
}

export function timeColumn<T = MergeRequestNode>(
  name: string,
  value: (node: T) => string | null | undefined,
  descending: boolean,
): KeysetColumn<T> {
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

export function sortColumns(sort: string): KeysetColumn<MergeRequestNode>[] {
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

export interface MergeRequestsArgs extends ConnectionArgs {
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

export function filterMergeRequests(
  ctx: GraphqlContext,
  project: DatasetProject,
  args: MergeRequestsArgs,
): MergeRequestNode[] {
  const iids = args.iids?.map(Number);
  // Asking by iid is a follow-up read; it may land on a replica that is behind.
  const source = iids
    ? [...new Set(iids)]
        .map(iid => ctx.state.replica.read(project, iid))
        .filter((mr): mr is DatasetMergeRequest => mr !== undefined)
    : project.mergeRequests;
  return source
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
