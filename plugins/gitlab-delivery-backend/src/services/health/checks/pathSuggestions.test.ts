import {
  GitlabSimulator,
  loadDataset,
  startSimulator,
} from '@delivery-insights/gitlab-simulator';
import { Stores } from '../../../database/createStores';
import { testDatabases } from '../../../__testUtils__/databases';
import {
  checkOf,
  createHealthStore,
  instanceOf,
  runChecks,
} from '../__testUtils__/healthFixtures';
import { closestMemberPath } from './pathSuggestions';

const databases = testDatabases();
const TOKEN = 'glpat-narrow-member-token';

/**
 * A token user who is a member of a few projects and of no group: the
 * groups the paths imply exist (GitLab has them) but the token cannot list
 * their projects, so only its own projects hint at the right path.
 */
const dataset = loadDataset({
  users: [{ id: 1, username: 'ci-reader', name: 'CI reader' }],
  tokens: [{ token: TOKEN, name: 'narrow', userId: 1, scopes: ['read_api'] }],
  projects: [
    {
      id: 1,
      path: 'platform/client-frontend',
      members: [{ userId: 1, accessLevel: 20 }],
      mergeRequests: [],
    },
    {
      id: 2,
      path: 'platform/web/client-dashboard',
      members: [{ userId: 1, accessLevel: 20 }],
      mergeRequests: [],
    },
    {
      id: 3,
      path: 'platform/billing-service',
      redirectPaths: ['platform/invoicing'],
      members: [{ userId: 1, accessLevel: 20 }],
      mergeRequests: [],
    },
  ],
});

describe('closestMemberPath', () => {
  const paths = ['platform/client-frontend', 'platform/web/client-dashboard'];
  it.each([
    ['another case', 'Platform/Client-Frontend', 'platform/client-frontend'],
    [
      'a missing subgroup',
      'platform/client-dashboard',
      'platform/web/client-dashboard',
    ],
    [
      'an extra subgroup',
      'platform/web/client-frontend',
      'platform/client-frontend',
    ],
    ['a typo', 'platform/client-frontend-typo', 'platform/client-frontend'],
    ['nothing close', 'data/ml/model-store', undefined],
  ])('names the path for %s', (_case, wanted, expected) => {
    expect(closestMemberPath(wanted, paths)).toBe(expected);
  });
});

describe.each(databases.eachSupportedId())(
  'the 404 diagnosis from the token user’s projects on %p',
  databaseId => {
    let store: Stores;
    let sim: GitlabSimulator;
    beforeAll(async () => {
      store = await createHealthStore(databases, databaseId);
      sim = await startSimulator({ dataset });
    });
    afterAll(() => sim.close());

    async function resolves(...keys: string[]) {
      const run = await runChecks(store, instanceOf(sim.url, TOKEN), {
        projects: keys,
      });
      return keys.map(key =>
        checkOf(run.projects.get(key)!, 'project.resolves'),
      );
    }

    it('suggests a member project a typo away, where the group cannot be listed', async () => {
      const [check] = await resolves('platform/client-frontend-typo');
      expect(check).toMatchObject({
        status: 'error',
        cause: 'wrong_path',
        suggestedPath: 'platform/client-frontend',
        message: expect.stringContaining(
          '@ci-reader is a member of platform/client-frontend, which is the closest path',
        ),
      });
    });

    it('suggests the member project with the missing subgroup', async () => {
      const [check] = await resolves('platform/client-dashboard');
      expect(check).toMatchObject({
        cause: 'wrong_path',
        suggestedPath: 'platform/web/client-dashboard',
      });
    });

    it('suggests the member project without the extra subgroup', async () => {
      const [check] = await resolves('platform/web/client-frontend');
      expect(check).toMatchObject({
        cause: 'wrong_path',
        suggestedPath: 'platform/client-frontend',
      });
    });

    it('finds a renamed project through its old path (REST follows redirect routes) and suggests the new one', async () => {
      const [check] = await resolves('platform/invoicing');
      expect(check).toMatchObject({
        status: 'warning',
        suggestedPath: 'platform/billing-service',
      });
    });

    it('reads the token user’s projects once per health run', async () => {
      sim.clearRequests();
      await resolves(
        'platform/client-frontend-typo',
        'platform/nothing-like-it',
      );
      const listings = sim.requests.filter(
        r => r.path === '/api/v4/projects' && r.query.membership === 'true',
      );
      expect(listings).toHaveLength(1);
    });
  },
);
