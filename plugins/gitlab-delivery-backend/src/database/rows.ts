import { RelatedTicket } from '@delivery-insights/plugin-gitlab-delivery-common';
import { MergeRequestRow } from './tables';
import { MergeRequestRecord } from './types';
import { fromMillis, toMillis } from './time';

/** A merge request as a table row. @internal */
export function toMergeRequestRow(record: MergeRequestRecord): MergeRequestRow {
  return {
    host: record.host,
    project_id: record.projectId,
    iid: record.iid,
    id: record.id,
    project_path: record.projectPath,
    title: record.title,
    description: record.description,
    state: record.state,
    draft: record.draft,
    created_at: toMillis(record.createdAt)!,
    updated_at: toMillis(record.updatedAt)!,
    merged_at: toMillis(record.mergedAt),
    closed_at: toMillis(record.closedAt),
    first_approved_at: toMillis(record.firstApprovedAt),
    first_comment_at: toMillis(record.firstCommentAt),
    author: record.author,
    merge_user: record.mergeUser,
    source_branch: record.sourceBranch,
    target_branch: record.targetBranch,
    labels: JSON.stringify(record.labels),
    files_changed: record.filesChanged,
    lines_added: record.linesAdded,
    lines_deleted: record.linesDeleted,
    related_tickets: JSON.stringify(record.relatedTickets),
    web_url: record.webUrl,
  };
}

function numberOrNull(value: unknown): number | null {
  return value === null || value === undefined ? null : Number(value);
}

/** A table row as a merge request. @internal */
export function fromMergeRequestRow(row: MergeRequestRow): MergeRequestRecord {
  return {
    host: row.host,
    projectId: Number(row.project_id),
    projectPath: row.project_path,
    id: Number(row.id),
    iid: Number(row.iid),
    title: row.title,
    description: row.description ?? null,
    state: row.state as MergeRequestRecord['state'],
    draft: Boolean(row.draft),
    createdAt: fromMillis(row.created_at)!,
    updatedAt: fromMillis(row.updated_at)!,
    mergedAt: fromMillis(row.merged_at),
    closedAt: fromMillis(row.closed_at),
    firstApprovedAt: fromMillis(row.first_approved_at),
    firstCommentAt: fromMillis(row.first_comment_at),
    author: row.author,
    mergeUser: row.merge_user ?? null,
    sourceBranch: row.source_branch,
    targetBranch: row.target_branch,
    labels: parseLabels(row.labels),
    filesChanged: numberOrNull(row.files_changed),
    linesAdded: numberOrNull(row.lines_added),
    linesDeleted: numberOrNull(row.lines_deleted),
    relatedTickets: parseTickets(row.related_tickets),
    webUrl: row.web_url,
  };
}

/** The related tickets stored as JSON text; anything unreadable reads as none. @internal */
export function parseTickets(json: string | null | undefined): RelatedTicket[] {
  if (!json || json === '[]') return [];
  try {
    const value = JSON.parse(json);
    return Array.isArray(value) ? value : [];
  } catch {
    return [];
  }
}

/** The labels stored as JSON text; anything unreadable reads as none. @internal */
export function parseLabels(json: string | null | undefined): string[] {
  if (!json || json === '[]') return [];
  try {
    const value = JSON.parse(json);
    return Array.isArray(value) ? value.map(String) : [];
  } catch {
    return [];
  }
}

