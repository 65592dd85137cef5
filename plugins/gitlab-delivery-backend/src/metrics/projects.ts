import { Knex } from 'knex';

/** A GitLab project whose MRs count for an entity. @internal */
export interface ProjectRef {
  host: string;
  projectId: number;
}

/** The table the sync writes MRs to. @internal */
export const MERGE_REQUESTS = 'gitlab_delivery_merge_requests';

/**
 * Narrows a query to the MRs of the projects, as `host = ? AND project_id IN (…)`
 * per host so that the (host, project_id, …) indexes apply.
 * @internal
 */
export function whereProjects(
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
