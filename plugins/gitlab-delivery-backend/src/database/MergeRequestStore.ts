import { MergeRequestStateFilter } from '@delivery-insights/plugin-gitlab-delivery-common';
import { Knex } from 'knex';
import { deleteTickets, replaceTickets } from './mergeRequestTickets';
import {
  createdFigures,
  mergedFigures,
  projectAuthors,
  stateCounts,
  ticketFigures,
  timesToMerge,
} from './metricQueries';
import { fromMergeRequestRow, parseTickets, toMergeRequestRow } from './rows';
import {
  CursorRow,
  CURSORS,
  MERGE_REQUESTS,
  MergeRequestRow,
  PROJECTS,
} from './tables';
import { fromMillis, toMillis } from './time';
import {
  CreatedFigures,
  MergedFigures,
  MergeRequestListQuery,
  MergeRequestReader,
  MergeRequestRecord,
  MergeRequestWrite,
  MergeRequestWriter,
  MetricQuery,
  ProjectCursor,
  StoredListing,
  PageKey,
  ProjectRef,
  StateCount,
  TicketFigures,
  TimeWindow,
} from './types';

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

function toCursor(row: CursorRow): ProjectCursor {
  return {
    host: row.host,
    projectId: Number(row.project_id),
    updatedAt: fromMillis(row.updated_at),
    readAt: fromMillis(row.read_at),
    reconciledAt: fromMillis(row.reconciled_at),
    backfill:
      row.backfill_total === null || row.backfill_started_at === null
        ? null
        : {
            total: Number(row.backfill_total),
            startedAt: fromMillis(row.backfill_started_at)!,
          },
  };
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

  async getCursors(
    host: string,
    projectIds: number[],
  ): Promise<Map<number, ProjectCursor>> {
    const result = new Map<number, ProjectCursor>();
    for (let i = 0; i < projectIds.length; i += 500) {
      const rows: CursorRow[] = await this.db(CURSORS)
        .where({ host })
        .whereIn('project_id', projectIds.slice(i, i + 500));
      for (const row of rows) {
        result.set(Number(row.project_id), toCursor(row));
      }
    }
    return result;
  }

  async listings(
    host: string,
    projectId: number,
    iids: number[],
  ): Promise<Map<number, StoredListing>> {
    const result = new Map<number, StoredListing>();
    for (let i = 0; i < iids.length; i += 500) {
      const rows = await this.db(MERGE_REQUESTS)
        .where({ host, project_id: projectId })
        .whereIn('iid', iids.slice(i, i + 500))
        .select(
          'iid',
          'updated_at',
          'list_digest',
          'recheck',
          'description',
          'related_tickets',
        );
      for (const row of rows) {
        result.set(Number(row.iid), {
          updatedAt: fromMillis(row.updated_at)!,
          digest: row.list_digest ?? null,
          recheck: Boolean(row.recheck),
          description: row.description ?? null,
          relatedTickets: parseTickets(row.related_tickets),
        });
      }
    }
    return result;
  }

  async recheckIids(
    host: string,
    projectIds: number[],
  ): Promise<Map<number, number[]>> {
    const result = new Map<number, number[]>();
    if (projectIds.length === 0) return result;
    for (let i = 0; i < projectIds.length; i += 500) {
      const rows = await this.db(MERGE_REQUESTS)
        .where({ host, recheck: true })
        .whereIn('project_id', projectIds.slice(i, i + 500))
        .select('project_id', 'iid');
      for (const row of rows) {
        const id = Number(row.project_id);
        result.set(id, [...(result.get(id) ?? []), Number(row.iid)]);
      }
    }
    return result;
  }

  async storedIids(
    host: string,
    projectId: number,
  ): Promise<Map<number, string>> {
    const rows = await this.db(MERGE_REQUESTS)
      .where({ host, project_id: projectId })
      .select('iid', 'updated_at');
    return new Map(
      rows.map(row => [Number(row.iid), fromMillis(row.updated_at)!]),
    );
  }

  async writePage(page: {
    host: string;
    projectId: number;
    writes: MergeRequestWrite[];
    settled: number[];
    cursor: string | null;
    readAt: string;
  }): Promise<number> {
    const { host, projectId } = page;
    return this.db.transaction(async tx => {
      let written = 0;
      for (let i = 0; i < page.writes.length; i += 100) {
        const writes = page.writes.slice(i, i + 100);
        const rows = writes.map(write => ({
          ...toMergeRequestRow(write.record),
          list_digest: write.digest,
          recheck: write.recheck,
        }));
        // A late or concurrent writer never replaces a newer row.
        const upserted: Array<{ iid: number }> = await tx(MERGE_REQUESTS)
          .insert(rows)
          .onConflict(['host', 'project_id', 'iid'])
          .merge()
          .where(
            `${MERGE_REQUESTS}.updated_at`,
            '<=',
            tx.raw('excluded.updated_at'),
          )
          .returning('iid');
        written += upserted.length;
        const iids = new Set(upserted.map(row => Number(row.iid)));
        await replaceTickets(
          tx,
          host,
          projectId,
          writes.map(write => write.record).filter(r => iids.has(r.iid)),
        );
      }
      if (page.settled.length > 0) {
        await tx(MERGE_REQUESTS)
          .where({ host, project_id: projectId })
          .whereIn('iid', page.settled)
          .update({ recheck: false });
      }
      const next = toMillis(page.cursor);
      const existing: CursorRow | undefined = await tx(CURSORS)
        .where({ host, project_id: projectId })
        .first();
      if (!existing) {
        await tx(CURSORS).insert({
          host,
          project_id: projectId,
          updated_at: next,
        });
      } else if (
        next !== null &&
        (existing.updated_at === null || Number(existing.updated_at) < next)
      ) {
        await tx(CURSORS)
          .where({ host, project_id: projectId })
          .update({ updated_at: next });
      }
      await this.countMergeRequests(tx, host, projectId);
      return written;
    });
  }

  async startBackfill(
    host: string,
    projectId: number,
    total: number,
    at: string,
  ): Promise<void> {
    await this.db(CURSORS)
      .insert({
        host,
        project_id: projectId,
        backfill_total: total,
        backfill_started_at: toMillis(at),
      })
      .onConflict(['host', 'project_id'])
      .merge(['backfill_total', 'backfill_started_at']);
  }

  async finishRead(host: string, projectId: number, at: string): Promise<void> {
    await this.db(CURSORS)
      .insert({ host, project_id: projectId, read_at: toMillis(at) })
      .onConflict(['host', 'project_id'])
      .merge({
        read_at: toMillis(at),
        backfill_total: null,
        backfill_started_at: null,
      });
  }

  async reconcile(
    host: string,
    projectId: number,
    deleted: number[],
    at: string,
  ): Promise<void> {
    await this.db.transaction(async tx => {
      for (let i = 0; i < deleted.length; i += 500) {
        await tx(MERGE_REQUESTS)
          .where({ host, project_id: projectId })
          .whereIn('iid', deleted.slice(i, i + 500))
          .delete();
      }
      await deleteTickets(tx, host, projectId, deleted);
      await tx(CURSORS)
        .where({ host, project_id: projectId })
        .update({ reconciled_at: toMillis(at) });
      await this.countMergeRequests(tx, host, projectId);
    });
  }

  /** Records the project's MR count on every key that names it. */
  private async countMergeRequests(
    tx: Knex.Transaction,
    host: string,
    projectId: number,
  ): Promise<void> {
    const [{ count }] = await tx(MERGE_REQUESTS)
      .where({ host, project_id: projectId })
      .count({ count: '*' });
    await tx(PROJECTS)
      .where({ host, project_id: projectId })
      .update({ merge_request_count: Number(count) });
  }

  authors(projects: ProjectRef[]): Promise<string[]> {
    return projectAuthors(this.db, projects);
  }

  mergedFigures(query: MetricQuery): Promise<MergedFigures> {
    return mergedFigures(this.db, query);
  }

  timesToMerge(query: MetricQuery): Promise<number[]> {
    return timesToMerge(this.db, query);
  }

  createdFigures(query: MetricQuery): Promise<CreatedFigures> {
    return createdFigures(this.db, query);
  }

  ticketFigures(query: MetricQuery, limit: number): Promise<TicketFigures> {
    return ticketFigures(this.db, query, limit);
  }

  stateCounts(
    projects: ProjectRef[],
    window: TimeWindow,
  ): Promise<StateCount[]> {
    return stateCounts(this.db, projects, window);
  }

  async countCreatedSince(
    host: string,
    projectIds: number[],
    since: string,
  ): Promise<Map<number, number>> {
    const counts = new Map<number, number>();
    if (projectIds.length === 0) return counts;
    const rows: Array<{ project_id: number; count: number | string }> =
      await this.db(MERGE_REQUESTS)
        .where({ host })
        .whereIn('project_id', projectIds)
        .where('created_at', '>=', toMillis(since)!)
        .groupBy('project_id')
        .select('project_id')
        .count({ count: '*' });
    for (const row of rows) {
      counts.set(Number(row.project_id), Number(row.count));
    }
    return counts;
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
  async readAll(
    host: string,
    projectId: number,
  ): Promise<MergeRequestRecord[]> {
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
}
