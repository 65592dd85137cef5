import { mockServices } from '@backstage/backend-test-utils';
import {
  GitlabSimulator,
  loadDataset,
  startSimulator,
} from '@delivery-insights/gitlab-simulator';
import { simulatorClient } from '../../services/sync/__testUtils__/syncFixtures';
import { MemberProjectReader } from './MemberProjectReader';

const dataset = () =>
  loadDataset({
    users: [{ id: 5, username: 'backstage', name: 'Backstage' }],
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
        path: 'team/service',
        members: [{ userId: 5, accessLevel: 30 }],
        mergeRequests: [],
      },
      {
        id: 2,
        path: 'team/guest',
        members: [{ userId: 5, accessLevel: 10 }],
        mergeRequestsEnabled: false,
        mergeRequests: [],
      },
    ],
  });

async function read(version: string) {
  const sim: GitlabSimulator = await startSimulator({
    dataset: dataset(),
    version,
  });
  const client = simulatorClient(sim, mockServices.logger.mock(), {
    token: 'glpat-reader',
  });
  try {
    const reader = new MemberProjectReader(client);
    const first = await reader.page({ first: 1 });
    const second = await reader.page({ first: 1, after: first.endCursor });
    return { first, second, features: client.features, sim };
  } finally {
    await client.close();
    await sim.close();
  }
}

// Project.maxAccessLevel: app/graphql/types/project_type.rb, GitLab 16.9.
describe('MemberProjectReader', () => {
  it('reads the user’s role with maxAccessLevel where GitLab has it, page by page', async () => {
    const { first, second, features } = await read('17.5.0');
    expect(first).toEqual({
      projects: [
        {
          id: 2,
          fullPath: 'team/guest',
          webUrl: expect.stringMatching(/\/team\/guest$/),
          mergeRequestsEnabled: false,
          canReadMergeRequests: false,
          accessLevel: 10,
        },
      ],
      endCursor: expect.any(String),
    });
    expect(second.projects.map(p => [p.fullPath, p.accessLevel])).toEqual([
      ['team/service', 30],
    ]);
    expect(second.endCursor).toBeUndefined();
    expect(features.maxAccessLevel).toBe(true);
  });

  it('falls back to userPermissions on GitLab before 16.9, and remembers it', async () => {
    const { first, second, features } = await read('15.4.0');
    expect(features.maxAccessLevel).toBe(false);
    expect(first.projects[0]).toMatchObject({
      fullPath: 'team/guest',
      accessLevel: null,
      canReadMergeRequests: false,
    });
    expect(second.projects[0]).toMatchObject({
      fullPath: 'team/service',
      accessLevel: null,
      canReadMergeRequests: true,
    });
  });
});
