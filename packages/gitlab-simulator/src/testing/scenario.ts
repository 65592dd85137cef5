import type { Dataset } from '../dataset/types';
import {
  startSimulator,
  type GitlabSimulator,
  type SimulatorOptions,
} from '../server';
import { call, graphql, type TestResponse } from './client';

/** The time scenario simulators start at. */
export const START = '2026-06-01T10:00:00.000Z';

/** A small team: alice authors, bob and carol review, all Developers of `platform/app`. */
export function scenarioDataset(): Dataset {
  return {
    users: [
      { id: 2, username: 'alice', name: 'Alice' },
      { id: 3, username: 'bob', name: 'Bob' },
      { id: 4, username: 'carol', name: 'Carol' },
      { id: 5, username: 'reader', name: 'Reader' },
    ],
    tokens: [
      {
        token: 'glpat-reader',
        name: 'reader',
        userId: 5,
        scopes: ['read_api'],
      },
    ],
    projects: [
      {
        id: 1,
        path: 'platform/app',
        members: [
          { userId: 2, accessLevel: 30 },
          { userId: 3, accessLevel: 30 },
          { userId: 4, accessLevel: 40 },
          { userId: 5, accessLevel: 20 },
        ],
        mergeRequests: [],
      },
    ],
  };
}

/** A simulator with a frozen clock at START serving the scenario dataset. */
export function startScenario(
  options: SimulatorOptions = {},
): Promise<GitlabSimulator> {
  return startSimulator({ dataset: scenarioDataset(), now: START, ...options });
}

/** REST as the reader sees it. */
export function rest(
  sim: GitlabSimulator,
  path: string,
): Promise<TestResponse> {
  return call(sim, `/api/v4${path}`, { token: 'glpat-reader' });
}

/** One merge request over GraphQL, as the reader sees it. */
export async function graphqlMergeRequest(
  sim: GitlabSimulator,
  iid: number,
  fields: string,
  fullPath = 'platform/app',
): Promise<any> {
  const res = await graphql(
    sim,
    `query($p: ID!, $iid: String!) { project(fullPath: $p) { mergeRequest(iid: $iid) { ${fields} } } }`,
    { p: fullPath, iid: String(iid) },
    'glpat-reader',
  );
  if (res.body.errors) throw new Error(JSON.stringify(res.body.errors));
  return res.body.data.project?.mergeRequest ?? null;
}

/** Opens a merge request by alice and returns its iid. */
export function openMergeRequest(
  sim: GitlabSimulator,
  title = 'feat: a change',
): number {
  const mr = sim.act({
    action: 'create',
    project: 'platform/app',
    author: 'alice',
    title,
  });
  return mr.iid as number;
}
