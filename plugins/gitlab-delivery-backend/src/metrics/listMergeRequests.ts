import { InputError } from '@backstage/errors';
import {
  MergeRequestItem,
  MergeRequestStateFilter,
} from '@delivery-insights/plugin-gitlab-delivery-common';
import { Knex } from 'knex';
import { fromMergeRequestRow } from '../database/rows';
import { comparePageKeys, decodeCursor, encodeCursor, PageKey } from './cursor';
import { timeToMerge } from './durations';
import { MERGE_REQUESTS, ProjectRef } from './projects';
import { withTicketUrls } from './relatedTickets';
import { sizeBucket } from './sizeBucket';

/** What {@link listMergeRequests} needs to know. @internal */
export interface ListMergeRequestsOptions {
  projects: ProjectRef[];
  state?: MergeRequestStateFilter;
  /** 1..100; default 25. */
  limit?: number;
  /** The nextCursor of the previous page. */
  cursor?: string;
  includeDescription?: boolean;
  jiraBaseUrl?: string;
}

/** One page of MRs. @internal */
export interface MergeRequestPage {
  items: MergeRequestItem[];
  nextCursor: string | null;
}

const COLUMNS = [
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

/** The default page size of {@link listMergeRequests}. @internal */
export const DEFAULT_PAGE_SIZE = 25;

function pageSize(limit: number | undefined): number {
  if (limit === undefined) return DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(limit) || limit < 1 || limit > 100) {
    throw new InputError('limit must be an integer from 1 to 100');
  }
  return limit;
}

function whereState(query: Knex.QueryBuilder, state: MergeRequestStateFilter) {
  if (state === 'all') return query;
  if (state === 'opened') return query.where({ state: 'opened', draft: false });
  if (state === 'draft') return query.where({ state: 'opened', draft: true });
  return query.where({ state });
}

/**
 * The MRs of one project after the cursor, newest first. Per project, the sort
 * key after (host, project_id) is (created_at, iid), which the
 * (host, project_id, created_at) index serves; the projects are merged in JS.
 */
function projectPage(
  db: Knex,
  project: ProjectRef,
  options: {
    state: MergeRequestStateFilter;
    limit: number;
    includeDescription: boolean;
    after?: PageKey;
  },
): Knex.QueryBuilder {
  const query = db(MERGE_REQUESTS)
    .select(options.includeDescription ? [...COLUMNS, 'description'] : COLUMNS)
    .where({ host: project.host, project_id: project.projectId });
  whereState(query, options.state);
  const after = options.after;
  if (after) {
    const order = comparePageKeys(
      {
        createdAt: after.createdAt,
        host: project.host,
        projectId: project.projectId,
        iid: 0,
      },
      { ...after, iid: 0 },
    );
    if (order === 0) {
      query.where(q =>
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
      query.where('created_at', '<=', after.createdAt);
    } else {
      query.where('created_at', '<', after.createdAt);
    }
  }
  return query
    .orderBy([
      { column: 'created_at', order: 'desc' },
      { column: 'iid', order: 'desc' },
    ])
    .limit(options.limit);
}

function toItem(
  row: Record<string, unknown>,
  includeDescription: boolean,
  jiraBaseUrl: string | undefined,
): MergeRequestItem {
  const { description, ...record } = fromMergeRequestRow(row);
  const mergeTime = timeToMerge({
    createdAt: Number(row.created_at),
    mergedAt: row.merged_at === null ? null : Number(row.merged_at),
  });
  return {
    ...record,
    ...(includeDescription ? { description } : {}),
    sizeBucket: sizeBucket(record.linesAdded, record.linesDeleted),
    timeToMergeSeconds: mergeTime,
    relatedTickets: withTicketUrls(record.relatedTickets, jiraBaseUrl),
  };
}

function pageKey(row: Record<string, unknown>): PageKey {
  return {
    createdAt: Number(row.created_at),
    host: String(row.host),
    projectId: Number(row.project_id),
    iid: Number(row.iid),
  };
}

/**
 * A newest-first page of the projects' MRs (bots included: the list is the raw
 * data), with keyset paging by an opaque cursor over (created_at, host,
 * project_id, iid). Every stored field is returned except the description,
 * which comes only when asked for.
 * @internal
 */
export async function listMergeRequests(
  db: Knex,
  options: ListMergeRequestsOptions,
): Promise<MergeRequestPage> {
  const limit = pageSize(options.limit);
  const after = options.cursor ? decodeCursor(options.cursor) : undefined;
  const includeDescription = options.includeDescription ?? false;
  const seen = new Set<string>();
  const projects = options.projects.filter(project => {
    const key = `${project.host} ${project.projectId}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  const pages = await Promise.all(
    projects.map(project =>
      projectPage(db, project, {
        state: options.state ?? 'all',
        limit: limit + 1,
        includeDescription,
        after,
      }),
    ),
  );
  const rows = pages
    .flat()
    .map(row => ({ row, key: pageKey(row) }))
    .sort((a, b) => comparePageKeys(a.key, b.key));
  const page = rows.slice(0, limit);
  return {
    items: page.map(({ row }) =>
      toItem(row, includeDescription, options.jiraBaseUrl),
    ),
    nextCursor:
      rows.length > limit ? encodeCursor(page[page.length - 1].key) : null,
  };
}
