import type { Dataset } from '../dataset/types';
import { startSimulator, type GitlabSimulator } from '../server';
import { graphql } from '../testing/client';
import { scenarioDataset } from '../testing/scenario';

function dataset(): Dataset {
  const data = scenarioDataset();
  data.projects.push(
    {
      id: 2,
      path: 'platform/docs',
      members: [{ userId: 5, accessLevel: 10 }],
      mergeRequests: [],
    },
    { id: 3, path: 'platform/secret', members: [], mergeRequests: [] },
    {
      id: 4,
      path: 'community/handbook',
      visibility: 'public',
      description: 'The team handbook',
      members: [],
      mergeRequests: [],
    },
    {
      id: 5,
      path: 'platform/archive',
      mergeRequestsEnabled: false,
      members: [{ userId: 5, accessLevel: 50 }],
      mergeRequests: [],
    },
  );
  return data;
}

const PROJECTS = `
  query Projects($membership: Boolean, $search: String, $after: String, $first: Int) {
    projects(membership: $membership, search: $search, after: $after, first: $first) {
      pageInfo { hasNextPage endCursor }
      nodes { id fullPath webUrl mergeRequestsEnabled maxAccessLevel { integerValue stringValue } }
    }
  }`;

describe('GraphQL Query.projects (resolvers/projects_resolver.rb)', () => {
  let sim: GitlabSimulator;
  beforeAll(async () => {
    sim = await startSimulator({ dataset: dataset() });
  });
  afterAll(() => sim.close());

  const run = async (
    variables: Record<string, unknown>,
    token: string | null = 'glpat-reader',
  ) => {
    const res = await graphql(sim, PROJECTS, variables, token);
    expect(res.body.errors).toBeUndefined();
    return res.body.data.projects;
  };

  it('lists the caller’s memberships, newest id first, with the caller’s access level (Project.maxAccessLevel)', async () => {
    const mine = await run({ membership: true });
    expect(mine.nodes).toEqual([
      {
        id: 'gid://gitlab/Project/5',
        fullPath: 'platform/archive',
        webUrl: `${sim.url}/platform/archive`,
        mergeRequestsEnabled: false,
        maxAccessLevel: { integerValue: 50, stringValue: 'OWNER' },
      },
      expect.objectContaining({
        fullPath: 'platform/docs',
        maxAccessLevel: { integerValue: 10, stringValue: 'GUEST' },
      }),
      expect.objectContaining({
        fullPath: 'platform/app',
        maxAccessLevel: { integerValue: 20, stringValue: 'REPORTER' },
      }),
    ]);
  });

  it('lists every visible project without membership, and searches name, path and description', async () => {
    const all = await run({});
    expect(all.nodes.map((n: any) => n.fullPath)).toEqual([
      'platform/archive',
      'community/handbook',
      'platform/docs',
      'platform/app',
    ]);
    expect(all.nodes[1].maxAccessLevel).toEqual({
      integerValue: 0,
      stringValue: 'NO_ACCESS',
    });
    const found = await run({ search: 'HANDBOOK' });
    expect(found.nodes.map((n: any) => n.fullPath)).toEqual([
      'community/handbook',
    ]);
    expect((await run({ search: 'team handbook' })).nodes).toHaveLength(1);
    // Under three characters, lib/gitlab/sql/pattern.rb matches whole values only.
    expect((await run({ search: 'ap' })).nodes).toEqual([]);
    expect(
      (await run({ search: 'app' })).nodes.map((n: any) => n.fullPath),
    ).toEqual(['platform/app']);
    const anonymous = await run({}, null);
    expect(anonymous.nodes.map((n: any) => n.fullPath)).toEqual([
      'community/handbook',
    ]);
  });

  it('pages with keyset cursors', async () => {
    const first = await run({ membership: true, first: 2 });
    expect(first.nodes.map((n: any) => n.fullPath)).toEqual([
      'platform/archive',
      'platform/docs',
    ]);
    expect(first.pageInfo.hasNextPage).toBe(true);
    const second = await run({
      membership: true,
      first: 2,
      after: first.pageInfo.endCursor,
    });
    expect(second.nodes.map((n: any) => n.fullPath)).toEqual(['platform/app']);
    expect(second.pageInfo.hasNextPage).toBe(false);
  });
});

describe('GraphQL projects on GitLab 15.4', () => {
  it('has no maxAccessLevel (added by gitlab-org/gitlab!141969) but userPermissions, as in the 2022 schema', async () => {
    const sim = await startSimulator({ dataset: dataset(), version: '15.4.0' });
    try {
      const old = await graphql(
        sim,
        PROJECTS,
        { membership: true },
        'glpat-reader',
      );
      expect(old.body.errors[0].message).toBe(
        "Field 'maxAccessLevel' doesn't exist on type 'Project'",
      );
      const res = await graphql(
        sim,
        `
          {
            projects(membership: true) {
              nodes {
                fullPath
                userPermissions {
                  readMergeRequest
                }
              }
            }
          }
        `,
        {},
        'glpat-reader',
      );
      expect(res.body.data.projects.nodes).toEqual([
        {
          fullPath: 'platform/archive',
          userPermissions: { readMergeRequest: false },
        },
        {
          fullPath: 'platform/docs',
          userPermissions: { readMergeRequest: false },
        },
        {
          fullPath: 'platform/app',
          userPermissions: { readMergeRequest: true },
        },
      ]);
    } finally {
      await sim.close();
    }
  });
});
