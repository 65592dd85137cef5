import { MergeRequestStateFilter } from '@delivery-insights/plugin-gitlab-delivery-common';
import { Knex } from 'knex';
import { fromMergeRequestRow, parseLabels, parseTickets, toMergeRequestRow } from './rows';
import { Millis, MERGE_REQUESTS, MergeRequestRow, PROJECTS } from './tables';
import { fromMillis, toMillis } from './time';
import {
  MergeRequestListQuery,
  MergeRequestReader,
  MergeRequestRecord,
  MergeRequestWriter,
  MetricRow,
  PageKey,
  ProjectKey,
  ProjectRef,
  StateCount,
  TimeWindow,
} from './types';

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

/** Every column the MR list serves, the description aside. */
const LIST_COLUMNS = [
  'host',
  'project_id',
  'iid',
  'id',
  'project_path',
  'title',
  'state',
  'draft',
  'created_at',
  'updated_at',
  'merged_at',
  'closed_at',
  'first_approved_at',
  'first_comment_at',
  'author',
  'merge_user',
  'source_branch',
  'target_branch',
  'labels',
  'files_changed',
  'lines_added',
  'lines_deleted',
  'related_tickets',
  'web_url',
];

type WindowRow = Pick<MergeRequestRow, 'author' | 'created_at' | 'merged_at' | 'first_approved_at' | 'first_comment_at'> &
  Partial<MergeRequestRow>;

function millis(value: Millis | null | undefined): number | null {
  return value === null || value === undefined ? null : Number(value);
}

function toMetricRow(row: WindowRow): MetricRow {
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

function previousWindow(window: TimeWindow): TimeWindow {
  return { from: window.from - (window.to - window.from), to: window.from };
}

function whereState(query: Knex.QueryBuilder, state: MergeRequestStateFilter) {
  if (state === 'all') return query;
  if (state === 'opened') return query.where({ state: 'opened', draft: false });
  if (state === 'draft') return query.where({ state: 'opened', draft: true });
  return query.where({ state });
}

function compareText(a: string, b: string): number {
  if (a < b) return -1;
  return a > b ? 1 : 0;
}

/** Whether the project's MRs sort after the key's project at equal creation time. */
function projectOrder(key: PageKey, project: ProjectRef): number {
  return (
    compareText(key.host, project.host) || key.projectId - project.projectId
  );
}

function pageKey(row: MergeRequestRow): PageKey {
  return {
    createdAt: Number(row.created_at),
    host: String(row.host),
    projectId: Number(row.project_id),
    iid: Number(row.iid),
  };
}

/** The knex store of merge request rows: what the sync writes and the metrics read. @internal */
export class DatabaseMergeRequestStore
  implements MergeRequestWriter, MergeRequestReader
{
  constructor(private readonly db: Knex) {}

  async getUpdatedAt(
    host: string,
    projectId: number,
    iids: number[],
  ): Promise<Map<number, string>> {
    const result = new Map<number, string>();
    for (let i = 0; i < iids.length; i += 500) {
      const rows = await this.db(MERGE_REQUESTS)
        .where({ host, project_id: projectId })
        .whereIn('iid', iids.slice(i, i + 500))
        .select('iid', 'updated_at');
      for (const row of rows) {
        result.set(Number(row.iid), fromMillis(row.updated_at)!);
      }
    }
    return result;
  }

  async writeMergeRequests(
    project: ProjectKey,
    records: MergeRequestRecord[],
    cursor: string | null,
  ): Promise<void> {
    const where = { host: project.host, project_key: project.key };
    await this.db.transaction(async tx => {
      for (let i = 0; i < records.length; i += 100) {
        await tx(MERGE_REQUESTS)
          .insert(records.slice(i, i + 100).map(toMergeRequestRow))
          .onConflict(['host', 'project_id', 'iid'])
          .merge();
      }
      const row = await tx(PROJECTS).where(where).first();
      const update: Record<string, unknown> = {};
      const next = toMillis(cursor);
      if (
        next !== null &&
        (row?.cursor === null || Number(row?.cursor) < next)
      ) {
        update.cursor = next;
      }
      if (row?.project_id !== null && row?.project_id !== undefined) {
        const [{ count }] = await tx(MERGE_REQUESTS)
          .where({ host: project.host, project_id: row.project_id })
          .count({ count: '*' });
        update.merge_request_count = Number(count);
      }
      if (Object.keys(update).length > 0) {
        await tx(PROJECTS).where(where).update(update);
      }
    });
  }

  /**
   * Three disjoint selects that each walk an index: (host, project_id,
   * merged_at) or (host, project_id, created_at). Only the MRs merged in the
   * window bring their text columns; strings are most of the cost of a row.
   * Separate queries rather than one UNION ALL: PostgreSQL plans the union as
   * a parallel append, whose worker start-up costs more than these scans.
   */
  async windowRows(
    projects: ProjectRef[],
    window: TimeWindow,
  ): Promise<MetricRow[]> {
    if (projects.length === 0) return [];
    const previous = previousWindow(window);
    const span = { from: previous.from, to: window.to };
    const select = (columns: string[]) =>
      this.whereProjects(this.db(MERGE_REQUESTS).select(columns), projects);
    const parts: WindowRow[][] = await Promise.all([
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
    ]);
    return parts.flat().map(toMetricRow);
  }

  /**
   * Counted per author (so that bots can be left out) and state. Such MRs
   * have no merged_at, which lets the (host, project_id, merged_at) index
   * find them without reading merged ones.
   */
  async stateCounts(
    projects: ProjectRef[],
    window: TimeWindow,
  ): Promise<StateCount[]> {
    if (projects.length === 0) return [];
    const rows: Array<{
      author: string;
      state: StateCount['state'];
      draft: boolean | number;
      count: string | number;
      oldest: Millis;
    }> = await this.whereProjects(
      this.db(MERGE_REQUESTS)
        .select('author', 'state', 'draft')
        .count({ count: '*' })
        .min({ oldest: 'created_at' }),
      projects,
    )
      .whereNull('merged_at')
      .where(states =>
        states
          .whereIn('state', ['opened', 'locked'])
          .orWhere(closed =>
            closed
              .where('state', 'closed')
              .where('closed_at', '>=', window.from)
              .where('closed_at', '<', window.to),
          ),
      )
      .groupBy('author', 'state', 'draft');
    return rows.map(row => ({
      author: row.author,
      state: row.state,
      draft: Boolean(row.draft),
      count: Number(row.count),
      oldestCreatedAt: Number(row.oldest),
    }));
  }

  /**
   * Per project, the sort key after (host, project_id) is (created_at, iid),
   * which the (host, project_id, created_at) index serves.
   */
  async listPage(
    projects: ProjectRef[],
    query: MergeRequestListQuery,
  ): Promise<Array<{ key: PageKey; record: MergeRequestRecord }>> {
    const pages = await Promise.all(
      projects.map(project => this.projectPage(project, query)),
    );
    return pages
      .flat()
      .map(row => ({ key: pageKey(row), record: fromMergeRequestRow(row) }));
  }

  /** Reads a project's stored MRs back in full, for tests and checks of what the sync wrote. */
  async readAll(host: string, projectId: number): Promise<MergeRequestRecord[]> {
    const rows = await this.db(MERGE_REQUESTS)
      .where({ host, project_id: projectId })
      .orderBy('iid');
    return rows.map(fromMergeRequestRow);
  }

  private projectPage(
    project: ProjectRef,
    query: MergeRequestListQuery,
  ): Promise<MergeRequestRow[]> {
    const rows = this.db(MERGE_REQUESTS)
      .select(
        query.includeDescription
          ? [...LIST_COLUMNS, 'description']
          : LIST_COLUMNS,
      )
      .where({ host: project.host, project_id: project.projectId });
    whereState(rows, query.state);
    const after = query.after;
    if (after) {
      const order = projectOrder(after, project);
      if (order === 0) {
        rows.where(q =>
          q
            .where('created_at', '<', after.createdAt)
            .orWhere(same =>
              same
                .where('created_at', after.createdAt)
                .where('iid', '<', after.iid),
            ),
        );
      } else if (order > 0) {
        // The project sorts after the cursor's: its MRs at the cursor's time come next.
        rows.where('created_at', '<=', after.createdAt);
      } else {
        rows.where('created_at', '<', after.createdAt);
      }
    }
    return rows
      .orderBy([
        { column: 'created_at', order: 'desc' },
        { column: 'iid', order: 'desc' },
      ])
      .limit(query.limit);
  }

  /**
   * Narrows a query to the MRs of the projects, as `host = ? AND project_id IN (…)`
   * per host so that the (host, project_id, …) indexes apply.
   */
  private whereProjects(
    query: Knex.QueryBuilder,
    projects: readonly ProjectRef[],
  ): Knex.QueryBuilder {
    const byHost = new Map<string, Set<number>>();
    for (const { host, projectId } of projects) {
      const ids = byHost.get(host) ?? new Set<number>();
      ids.add(projectId);
      byHost.set(host, ids);
    }
    return query.where(outer => {
      for (const [host, ids] of byHost) {
        outer.orWhere(inner =>
          inner.where('host', host).whereIn('project_id', [...ids]),
        );
      }
    });
  }
}
