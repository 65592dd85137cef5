import { RelatedTicket } from '@delivery-insights/plugin-gitlab-delivery-common';
import { changeKind } from '../services/metrics/calc/changeKind';
import {
  approvedWithoutComment,
  timeToApproveMillis,
  timeToFirstCommentMillis,
  timeToMergeMillis,
} from '../services/metrics/calc/durations';
import { linesChanged } from '../services/metrics/calc/sizeBucket';
import {
  closesIssue,
  ticketIdentity,
} from '../services/metrics/calc/ticketTally';
import { MergeRequestRow, MergeRequestTicketRow } from './tables';
import { MergeRequestRecord, TicketReference } from './types';
import { fromMillis, toMillis } from './time';

/** A merge request as a table row, with the figures the metrics read. @internal */
export function toMergeRequestRow(record: MergeRequestRecord): MergeRequestRow {
  const times = {
    createdAt: toMillis(record.createdAt)!,
    mergedAt: toMillis(record.mergedAt),
    firstCommentAt: toMillis(record.firstCommentAt),
    firstApprovedAt: toMillis(record.firstApprovedAt),
  };
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
    time_to_merge_ms: timeToMergeMillis(times),
    time_to_first_comment_ms: timeToFirstCommentMillis(times),
    time_to_approve_ms: timeToApproveMillis(times),
    approved_without_comment: approvedWithoutComment(times),
    lines_changed: linesChanged(record.linesAdded, record.linesDeleted),
    change_kind: changeKind(record),
  };
}

/** The related tickets of a merge request as rows, each ticket once. @internal */
export function toTicketRows(
  record: MergeRequestRecord,
): MergeRequestTicketRow[] {
  const rows = new Map<string, MergeRequestTicketRow>();
  for (const ticket of record.relatedTickets) {
    const identity = ticketIdentity(record, ticket);
    if (rows.has(identity)) continue;
    rows.set(identity, {
      host: record.host,
      project_id: record.projectId,
      iid: record.iid,
      ticket: identity,
      kind: ticket.kind,
      key: ticket.key,
      title: ticket.title ?? null,
      url: ticket.url ?? null,
      relation: ticket.relation ?? null,
      closes: closesIssue(ticket),
      merged_at: toMillis(record.mergedAt),
      author: record.author,
    });
  }
  return [...rows.values()];
}

/** A ticket row as the reference it stores. @internal */
export function fromTicketRow(
  row: Pick<
    MergeRequestTicketRow,
    'ticket' | 'kind' | 'key' | 'title' | 'url' | 'relation'
  >,
): TicketReference {
  return {
    identity: row.ticket,
    ticket: {
      kind: row.kind as RelatedTicket['kind'],
      key: row.key,
      ...(row.title !== null && { title: row.title }),
      ...(row.url !== null && { url: row.url }),
      ...(row.relation !== null && {
        relation: row.relation as RelatedTicket['relation'],
      }),
    },
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
