import { MergeRequestState } from '@delivery-insights/plugin-gitlab-delivery-common';
import { Knex } from 'knex';
import { MERGE_REQUESTS, ProjectRef, whereProjects } from './projects';
import { inWindow, TimeWindow } from './window';

/** How many MRs of one author are in one state, and the oldest one's creation time. @internal */
export interface StateCount {
  author: string;
  state: MergeRequestState;
  draft: boolean;
  count: number;
  oldestCreatedAt: number;
}

/**
 * Whether an MR counts in the state mix beyond the merged ones: open, draft and
 * locked as they are now, closed when closed in the window. Merged MRs are
 * counted by merge time instead.
 * @internal
 */
export function countsInStateMix(
  mr: {
    state: MergeRequestState;
    mergedAt: number | null;
    closedAt: number | null;
  },
  window: TimeWindow,
): boolean {
  if (mr.mergedAt !== null) return false;
  if (mr.state === 'opened' || mr.state === 'locked') return true;
  return mr.state === 'closed' && inWindow(mr.closedAt, window);
}

/** A row of {@link stateCountsQuery}. @internal */
export interface StateCountRow {
  author: string;
  state: MergeRequestState;
  draft: boolean | number;
  count: string | number;
  oldest: string | number;
}

/** The state count of a row of {@link stateCountsQuery}; PostgreSQL returns counts and bigints as strings. @internal */
export function toStateCount(row: StateCountRow): StateCount {
  return {
    author: row.author,
    state: row.state,
    draft: Boolean(row.draft),
    count: Number(row.count),
    oldestCreatedAt: Number(row.oldest),
  };
}

/**
 * The state mix beyond merged MRs, counted in the database per author (so
 * that bots can be left out) and state: open, draft and locked now, closed in
 * the window. Such MRs have no merged_at, which lets the
 * (host, project_id, merged_at) index find them without reading merged ones.
 * @internal
 */
export function stateCountsQuery(
  db: Knex,
  projects: readonly ProjectRef[],
  window: TimeWindow,
): Knex.QueryBuilder {
  return whereProjects(
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
}
