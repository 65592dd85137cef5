import { Knex } from 'knex';
import { MetricRow } from './metricRow';
import { MERGE_REQUESTS, ProjectRef, whereProjects } from './projects';
import { parseLabels, parseTickets } from './relatedTickets';
import { previousWindow, TimeWindow } from './window';

/** What every MR in the windows is read for: the duration metrics. */
const TIMES = [
  'author',
  'created_at',
  'merged_at',
  'first_approved_at',
  'first_comment_at',
];

/** What only the MRs merged in the window are read for: size and the change summary. */
const DETAILS = [
  'files_changed',
  'lines_added',
  'lines_deleted',
  'host',
  'project_path',
  'title',
  'source_branch',
  'labels',
  'related_tickets',
];

type Millis = string | number | null;

/** A row of {@link windowRows}; the text columns only of MRs merged in the window. @internal */
export interface WindowRow {
  author: string;
  created_at: string | number;
  merged_at: Millis;
  first_approved_at: Millis;
  first_comment_at: Millis;
  files_changed?: number | null;
  lines_added?: number | null;
  lines_deleted?: number | null;
  host?: string;
  project_path?: string;
  title?: string;
  source_branch?: string;
  labels?: string;
  related_tickets?: string;
}

// PostgreSQL returns bigint columns as strings.
function millis(value: Millis): number | null {
  return value === null ? null : Number(value);
}

/** The metric view of a row of {@link windowRows}. @internal */
export function toMetricRow(row: WindowRow): MetricRow {
  return {
    author: row.author,
    createdAt: Number(row.created_at),
    mergedAt: millis(row.merged_at),
    firstApprovedAt: millis(row.first_approved_at),
    firstCommentAt: millis(row.first_comment_at),
    filesChanged: row.files_changed ?? null,
    linesAdded: row.lines_added ?? null,
    linesDeleted: row.lines_deleted ?? null,
    host: row.host ?? '',
    projectPath: row.project_path ?? '',
    title: row.title ?? '',
    sourceBranch: row.source_branch ?? '',
    labels: parseLabels(row.labels),
    relatedTickets: parseTickets(row.related_tickets),
  };
}

/**
 * The MRs created or merged in the window or the previous one, each once, as
 * three disjoint selects that each walk an index: (host, project_id, merged_at)
 * or (host, project_id, created_at). Only the MRs merged in the window bring
 * their text columns; the others feed the durations alone, and strings are
 * most of the cost of reading a row. Separate queries rather than one UNION
 * ALL: PostgreSQL plans the union as a parallel append, whose worker start-up
 * costs more than these small index scans.
 * @internal
 */
export function windowRows(
  db: Knex,
  projects: readonly ProjectRef[],
  window: TimeWindow,
): Array<Knex.QueryBuilder> {
  const previous = previousWindow(window);
  const span = { from: previous.from, to: window.to };
  const select = (columns: string[]) =>
    whereProjects(db(MERGE_REQUESTS).select(columns), projects);
  return [
    select([...TIMES, ...DETAILS])
      .where('merged_at', '>=', window.from)
      .where('merged_at', '<', window.to),
    select(TIMES)
      .where('created_at', '>=', span.from)
      .where('created_at', '<', span.to)
      .where(notMerged =>
        notMerged
          .whereNull('merged_at')
          .orWhere('merged_at', '<', window.from)
          .orWhere('merged_at', '>=', window.to),
      ),
    select(TIMES)
      .where('merged_at', '>=', previous.from)
      .where('merged_at', '<', previous.to)
      .where(createdOutside =>
        createdOutside
          .where('created_at', '<', span.from)
          .orWhere('created_at', '>=', span.to),
      ),
  ];
}
