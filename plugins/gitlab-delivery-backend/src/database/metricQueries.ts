import { ChangeKind } from '@delivery-insights/plugin-gitlab-delivery-common';
import { Knex } from 'knex';
import { fromTicketRow } from './rows';
import { MERGE_REQUEST_TICKETS, MERGE_REQUESTS, Millis } from './tables';
import {
  CreatedFigures,
  MergedFigures,
  MetricQuery,
  ProjectRef,
  StateCount,
  TicketFigures,
  TimeWindow,
} from './types';

/*
 * The metrics read a few numbers of each MR in a window. Each query walks one
 * covering index and returns one row: every figure comes as one
 * comma-separated text rather than a row per MR, because building a row
 * object per MR is most of what a long window would cost.
 */

function isPostgres(db: Knex): boolean {
  return db.client.dialect === 'postgresql';
}

/** The values of a column over the rows, NULLs left out, comma-separated. */
function joined(db: Knex, column: string): Knex.Raw {
  return isPostgres(db)
    ? db.raw(`string_agg(CAST(?? AS TEXT), ',')`, [column])
    : db.raw('group_concat(??)', [column]);
}

function numbers(text: string | null): number[] {
  // JSON.parse reads a long list of numbers several times faster than split and Number.
  return text ? JSON.parse(`[${text}]`) : [];
}

// PostgreSQL compares text by the database's collation; the ranking compares code units, as SQLite does.
function bytewise(db: Knex, column: string): string {
  return isPostgres(db) ? `"${column}" COLLATE "C"` : `"${column}"`;
}

/**
 * Narrows a query to the MRs of the projects, as `host = ? AND project_id IN (…)`
 * per host so that the (host, project_id, …) indexes apply.
 */
function whereProjects(
  query: Knex.QueryBuilder,
  projects: readonly ProjectRef[],
): Knex.QueryBuilder {
  if (projects.length === 0) return query.whereRaw('1 = 0');
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

/** The rows of a table whose `column` is in the window, of the authors kept. */
function inWindow(
  db: Knex,
  table: string,
  column: string,
  query: MetricQuery,
): Knex.QueryBuilder {
  const rows = whereProjects(db(table), query.projects)
    .where(column, '>=', query.window.from)
    .where(column, '<', query.window.to);
  return withoutAuthors(rows, query.excludedAuthors);
}

/**
 * Leaves the authors out. A few `author <> ?` cost SQLite less per row than
 * `NOT IN`, which probes a temporary index.
 */
function withoutAuthors(
  rows: Knex.QueryBuilder,
  authors: readonly string[],
): Knex.QueryBuilder {
  if (authors.length > 8) return rows.whereNotIn('author', authors);
  for (const author of authors) rows.whereNot('author', author);
  return rows;
}

/**
 * Every author of the projects' MRs. Walks the (host, project_id, author)
 * index from one author to the next, so the cost grows with the authors, not
 * the MRs.
 * @internal
 */
export async function projectAuthors(
  db: Knex,
  projects: readonly ProjectRef[],
): Promise<string[]> {
  const unique = [
    ...new Map(projects.map(p => [`${p.host} ${p.projectId}`, p])).values(),
  ];
  // SQLite allows 500 terms in a compound SELECT.
  const chunks: ProjectRef[][] = [];
  for (let i = 0; i < unique.length; i += 100) {
    chunks.push(unique.slice(i, i + 100));
  }
  const authors = await Promise.all(chunks.map(chunk => authorsOf(db, chunk)));
  return [...new Set(authors.flat())];
}

async function authorsOf(
  db: Knex,
  projects: readonly ProjectRef[],
): Promise<string[]> {
  const bindings: Knex.RawBinding[] = [];
  const walks = projects.map(({ host, projectId }, i) => {
    bindings.push(MERGE_REQUESTS, host, projectId);
    bindings.push(MERGE_REQUESTS, host, projectId);
    return `a${i}(author) AS (
      SELECT MIN(author) FROM ?? WHERE host = ? AND project_id = ?
      UNION ALL
      SELECT (SELECT MIN(author) FROM ?? WHERE host = ? AND project_id = ? AND author > a${i}.author)
      FROM a${i} WHERE a${i}.author IS NOT NULL)`;
  });
  const authors = projects.map(
    (_, i) => `SELECT author FROM a${i} WHERE author IS NOT NULL`,
  );
  const result = await db.raw(
    `WITH RECURSIVE ${walks.join(', ')} ${authors.join(' UNION ')}`,
    bindings,
  );
  const rows: Array<{ author: string }> = isPostgres(db) ? result.rows : result;
  return rows.map(row => row.author);
}

/** @internal */
export async function mergedFigures(
  db: Knex,
  query: MetricQuery,
): Promise<MergedFigures> {
  // The aggregates of one query see the rows in one order, so mergedAt and timesToMerge pair up.
  const [row] = await inWindow(db, MERGE_REQUESTS, 'merged_at', query).select({
    merged_at: joined(db, 'merged_at'),
    times_to_merge: joined(db, 'time_to_merge_ms'),
    files_changed: joined(db, 'files_changed'),
    lines_changed: joined(db, 'lines_changed'),
    change_kinds: joined(db, 'change_kind'),
  });
  const changeKinds: Partial<Record<ChangeKind, number>> = {};
  const kinds: ChangeKind[] = row.change_kinds?.split(',') ?? [];
  for (const kind of kinds) changeKinds[kind] = (changeKinds[kind] ?? 0) + 1;
  return {
    mergedAt: numbers(row.merged_at),
    timesToMerge: numbers(row.times_to_merge),
    filesChanged: numbers(row.files_changed),
    linesChanged: numbers(row.lines_changed),
    changeKinds,
  };
}

/** @internal */
export async function timesToMerge(
  db: Knex,
  query: MetricQuery,
): Promise<number[]> {
  const [row] = await inWindow(db, MERGE_REQUESTS, 'merged_at', query).select({
    times_to_merge: joined(db, 'time_to_merge_ms'),
  });
  return numbers(row.times_to_merge);
}

/** @internal */
export async function createdFigures(
  db: Knex,
  query: MetricQuery,
): Promise<CreatedFigures> {
  const [row] = await inWindow(db, MERGE_REQUESTS, 'created_at', query).select({
    count: db.raw('COUNT(*)'),
    times_to_first_comment: joined(db, 'time_to_first_comment_ms'),
    times_to_approve: joined(db, 'time_to_approve_ms'),
    approved_without_comment: db.raw(
      'SUM(CASE WHEN approved_without_comment THEN 1 ELSE 0 END)',
    ),
  });
  return {
    count: Number(row.count),
    timesToFirstComment: numbers(row.times_to_first_comment),
    timesToApprove: numbers(row.times_to_approve),
    approvedWithoutComment: Number(row.approved_without_comment ?? 0),
  };
}

/**
 * Counts the MRs per ticket in SQL, over the (host, project_id, merged_at,
 * author, ticket, key) index, and reads back only the references to the top
 * tickets; closed issues are counted over the index of closing references.
 * @internal
 */
export async function ticketFigures(
  db: Knex,
  query: MetricQuery,
  limit: number,
): Promise<TicketFigures> {
  const tickets = () => inWindow(db, MERGE_REQUEST_TICKETS, 'merged_at', query);
  const top = tickets()
    .select('ticket')
    .groupBy('ticket')
    .orderByRaw(
      `COUNT(*) DESC, MIN(${bytewise(db, 'key')}), ${bytewise(db, 'ticket')}`,
    )
    .limit(limit);
  // `+merged_at` keeps SQLite, which has no statistics, from walking the
  // window on the counting index instead of looking the few tickets up.
  const references = whereProjects(db(MERGE_REQUEST_TICKETS), query.projects)
    .whereIn('ticket', top)
    .whereRaw('+merged_at >= ? AND +merged_at < ?', [
      query.window.from,
      query.window.to,
    ])
    .modify(rows => withoutAuthors(rows, query.excludedAuthors))
    .select('ticket', 'kind', 'key', 'title', 'url', 'relation')
    .orderBy(['merged_at', 'host', 'project_id', 'iid']);
  const [rows, [closed]] = await Promise.all([
    references,
    tickets().whereRaw('closes').countDistinct({ count: 'ticket' }),
  ]);
  return {
    closedIssues: Number(closed.count),
    topReferences: rows.map(fromTicketRow),
  };
}

/**
 * Counted per author (so that bots can be left out) and state. Such MRs
 * have no merged_at: the partial index of unmerged MRs holds every column
 * read, and none of the merged ones.
 * @internal
 */
export async function stateCounts(
  db: Knex,
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
  }> = await whereProjects(
    db(MERGE_REQUESTS)
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
