import { GitlabMergeRequest, GitlabNote, GitlabProject } from '../types';

/** A GraphQL connection as GitLab returns it. @internal */
export interface Connection<T> {
  count?: number;
  pageInfo?: { hasNextPage: boolean; endCursor: string | null };
  nodes: Array<T | null> | null;
}

interface UserNode {
  username: string;
  bot?: boolean | null;
}

/** A note node, with the fields of either GitLab generation. @internal */
export interface NoteNode {
  system: boolean;
  internal?: boolean | null;
  createdAt: string;
  author: UserNode | null;
  systemNoteMetadata?: { action: string | null } | null;
  systemNoteIconName?: string | null;
}

/** A merge request node of the list queries. @internal */
export interface MergeRequestNode {
  id: string;
  iid: string;
  projectId?: number;
  title: string;
  description: string | null;
  state: string;
  draft: boolean;
  createdAt: string;
  updatedAt: string;
  mergedAt: string | null;
  closedAt?: string | null;
  webUrl: string | null;
  sourceBranch: string;
  targetBranch: string;
  author: UserNode | null;
  mergeUser: UserNode | null;
  labels: Connection<{ title: string }> | null;
  diffStatsSummary: {
    additions: number;
    deletions: number;
    fileCount: number;
  } | null;
  userNotesCount: number | null;
  approvedBy: Connection<UserNode> | null;
  notes: Connection<NoteNode>;
}

/** A project node. @internal */
export interface ProjectNode {
  id: string;
  fullPath: string;
  webUrl: string;
}

/**
 * The action of a system note on GitLab without `systemNoteMetadata`, from
 * its icon (`app/helpers/system_note_helper.rb`, ICON_NAMES_BY_ACTION: an
 * approval's icon was `approval`, later `check`; an unapproval's `unapproval`).
 */
const ACTION_BY_ICON: Record<string, string> = {
  approval: 'approved',
  check: 'approved',
  unapproval: 'unapproved',
};

// Deleted users show as null authors; GitLab calls them "ghost".
const GHOST = 'ghost';

/** The numeric id in a GitLab global id such as `gid://gitlab/Project/12`. @internal */
export function numericId(gid: string): number {
  const match = /(\d+)$/.exec(gid);
  return match ? Number(match[1]) : NaN;
}

/** The nodes of a connection, nulls (items the token may not see) left out. @internal */
export function nodesOf<T>(connection: Connection<T> | null | undefined): T[] {
  return (connection?.nodes ?? []).filter((n): n is T => n !== null);
}

/** The cursor of a connection's next page, or null on its last. @internal */
export function nextCursor(
  connection: Connection<unknown> | null,
): string | null {
  return connection?.pageInfo?.hasNextPage
    ? connection.pageInfo.endCursor
    : null;
}

/** @internal */
export function toProject(node: ProjectNode): GitlabProject {
  return {
    id: numericId(node.id),
    fullPath: node.fullPath,
    webUrl: node.webUrl,
  };
}

/** @internal */
export function toNote(node: NoteNode): GitlabNote {
  const action =
    node.systemNoteMetadata?.action ??
    (node.systemNoteIconName
      ? ACTION_BY_ICON[node.systemNoteIconName] ?? null
      : null);
  return {
    system: node.system,
    internal: Boolean(node.internal),
    createdAt: node.createdAt,
    author: node.author?.username ?? null,
    authorIsBot: Boolean(node.author?.bot),
    action: node.system ? action : null,
  };
}

/** @internal */
export function toMergeRequest(node: MergeRequestNode): GitlabMergeRequest {
  const stats = node.diffStatsSummary;
  const record: GitlabMergeRequest = {
    id: numericId(node.id),
    iid: Number(node.iid),
    title: node.title,
    description: node.description || null,
    state: node.state.toLowerCase() as GitlabMergeRequest['state'],
    draft: Boolean(node.draft),
    createdAt: node.createdAt,
    updatedAt: node.updatedAt,
    mergedAt: node.mergedAt ?? null,
    webUrl: node.webUrl ?? '',
    sourceBranch: node.sourceBranch,
    targetBranch: node.targetBranch,
    author: node.author?.username ?? GHOST,
    mergeUser: node.mergeUser?.username ?? null,
    labels: nodesOf(node.labels).map(label => label.title),
    additions: stats ? stats.additions : null,
    deletions: stats ? stats.deletions : null,
    fileCount: stats ? stats.fileCount : null,
    userNotesCount: node.userNotesCount ?? null,
    approvedBy: nodesOf(node.approvedBy).map(user => user.username),
    notes: nodesOf(node.notes).map(toNote),
    notesAfter: nextCursor(node.notes),
  };
  if (node.projectId !== undefined) record.projectId = Number(node.projectId);
  if (node.closedAt !== undefined) record.closedAt = node.closedAt;
  return record;
}
