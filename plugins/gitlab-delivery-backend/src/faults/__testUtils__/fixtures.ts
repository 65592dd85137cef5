import { Entity } from '@backstage/catalog-model';
import { JsonObject } from '@backstage/types';
import type {
  DatasetProject,
  GitlabSimulator,
  RequestLogEntry,
} from '@delivery-insights/gitlab-simulator';
import { Knex } from 'knex';
import { SharedDatabase } from '../../__testUtils__/sharedDatabase';
import { Stores } from '../../database/createStores';
import {
  DEMO_TOKEN,
  EXCLUDE_AUTHORS,
  expectedRecords,
  storedRecords,
} from '../../services/sync/__testUtils__/syncFixtures';

/** The static token scripts call a backend process's API with. */
export const API_TOKEN = 'fault-tests-static-token';

/** The end of the generated history: old enough that no MR is still settling. */
export function anHourAgo(): string {
  return new Date(Date.now() - 3_600_000).toISOString();
}

/** The generated projects that have merge requests. */
export function projectsOf(sim: GitlabSimulator): DatasetProject[] {
  return sim.data.projects.filter(p => p.mergeRequests.length > 0);
}

/** One component per project, named after it. */
export function componentsOf(sim: GitlabSimulator): Entity[] {
  return projectsOf(sim).map(project => ({
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name: componentName(project),
      namespace: 'default',
      annotations: { 'gitlab.com/project-slug': project.path },
    },
    spec: { type: 'service', owner: 'team', lifecycle: 'production' },
  }));
}

export function componentName(project: DatasetProject): string {
  return project.path.replace(/\//g, '-');
}

/**
 * The app config of a backend process syncing the simulator into the
 * database, with a schedule short enough for runs to follow each other in
 * seconds.
 */
export function backendConfig(
  sim: GitlabSimulator,
  database: SharedDatabase,
  gitlabDelivery: JsonObject = {},
): JsonObject {
  const host = new URL(sim.url).host;
  return {
    backend: {
      database: database.config,
      auth: {
        externalAccess: [
          {
            type: 'static',
            options: { token: API_TOKEN, subject: 'fault-tests' },
          },
        ],
      },
    },
    integrations: {
      gitlab: [{ host, apiBaseUrl: `${sim.url}/api/v4`, token: DEMO_TOKEN }],
    },
    gitlabDelivery: {
      schedule: {
        frequency: { seconds: 2 },
        timeout: { seconds: 15 },
        initialDelay: { seconds: 1 },
      },
      backfillDays: 3650,
      excludeAuthors: EXCLUDE_AUTHORS,
      instances: [{ host, requestsPerMinute: 60_000 }],
      ...gitlabDelivery,
    },
  };
}

/** The simulator's answered listings of one project's MRs (every page), in order. */
export function listings(
  sim: GitlabSimulator,
  fullPath?: string,
): RequestLogEntry[] {
  return sim.requests.filter(
    r =>
      r.operationName === 'DeliveryMergeRequests' &&
      (fullPath === undefined || variables(r).fullPath === fullPath),
  );
}

/**
 * The store holds GitLab's data, nothing lost and nothing twice: the same
 * MRs (compared first, for a short message), then the same records.
 */
export async function expectStoreEqualsGitlab(
  store: Stores,
  sim: GitlabSimulator,
): Promise<void> {
  const projects = projectsOf(sim);
  const stored = await storedRecords(store, new URL(sim.url).host, projects);
  const expected = expectedRecords(sim, projects);
  const ids = (records: typeof stored) =>
    records.map(r => `${r.projectId}!${r.iid}`);
  expect(ids(stored)).toEqual(ids(expected));
  expect(stored).toEqual(expected);
}

/** The GraphQL variables of a logged request. */
export function variables(request: RequestLogEntry): Record<string, any> {
  return (request.graphqlVariables ?? {}) as Record<string, any>;
}

/** Polls until `condition` holds; fails naming `what`, with `details()` when given. */
export async function waitFor(
  what: string,
  condition: () => boolean | Promise<boolean>,
  options: {
    timeoutMs?: number;
    intervalMs?: number;
    details?: () => string;
  } = {},
): Promise<void> {
  const deadline = Date.now() + (options.timeoutMs ?? 45_000);
  while (!(await condition())) {
    if (Date.now() > deadline) {
      throw new Error(
        `Timed out waiting for ${what}${
          options.details ? `\n${options.details()}` : ''
        }`,
      );
    }
    await new Promise(resolve => setTimeout(resolve, options.intervalMs ?? 50));
  }
}

/** The scheduler's row of the sync task (Backstage's backstage_backend_tasks__tasks). */
export async function syncTaskRow(knex: Knex): Promise<{
  current_run_ticket: string | null;
  expired: boolean;
}> {
  const row = await knex('backstage_backend_tasks__tasks')
    .where({ id: 'gitlab-delivery-sync' })
    .select(
      'current_run_ticket',
      knex.raw(
        'CASE WHEN current_run_expires_at < ? THEN 1 ELSE 0 END as expired',
        [knex.fn.now()],
      ),
    )
    .first();
  return { ...row, expired: Number(row?.expired) === 1 };
}
