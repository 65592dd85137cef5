import { RelatedTicket } from '@delivery-insights/plugin-gitlab-delivery-common';
import { MergeRequestRecord } from '../database/types';
import { toMillis } from '../database/time';

/**
 * What the duration, throughput, size and summary metrics read of one MR;
 * times in epoch milliseconds. The summary fields (host to relatedTickets) are
 * only read of MRs merged in the window.
 * @internal
 */
export interface MetricRow {
  author: string;
  createdAt: number;
  mergedAt: number | null;
  firstApprovedAt: number | null;
  firstCommentAt: number | null;
  filesChanged: number | null;
  linesAdded: number | null;
  linesDeleted: number | null;
  host: string;
  projectPath: string;
  title: string;
  sourceBranch: string;
  labels: readonly string[];
  relatedTickets: readonly RelatedTicket[];
}

/** The metric view of a stored MR record. @internal */
export function metricRowFromRecord(record: MergeRequestRecord): MetricRow {
  return {
    author: record.author,
    createdAt: toMillis(record.createdAt)!,
    mergedAt: toMillis(record.mergedAt),
    firstApprovedAt: toMillis(record.firstApprovedAt),
    firstCommentAt: toMillis(record.firstCommentAt),
    filesChanged: record.filesChanged,
    linesAdded: record.linesAdded,
    linesDeleted: record.linesDeleted,
    host: record.host,
    projectPath: record.projectPath,
    title: record.title,
    sourceBranch: record.sourceBranch,
    labels: record.labels,
    relatedTickets: record.relatedTickets,
  };
}
