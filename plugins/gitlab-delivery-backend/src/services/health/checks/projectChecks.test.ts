import {
  GitlabSimulator,
  startSimulator,
} from '@delivery-insights/gitlab-simulator';
import { ProjectAllowList } from '../../../config/ProjectAllowList';
import { Stores } from '../../../database/createStores';
import { testDatabases } from '../../../__testUtils__/databases';
import {
  checkOf,
  createHealthStore,
  healthDataset,
  instanceOf,
  runChecks,
  TOKENS,
} from '../__testUtils__/healthFixtures';

const databases = testDatabases();

describe.each(databases.eachSupportedId())(
  'project checks on %p',
  databaseId => {
    let store: Stores;
    let sim: GitlabSimulator;
    beforeAll(async () => {
      store = await createHealthStore(databases, databaseId);
      sim = await startSimulator({ dataset: healthDataset() });
    });
    afterAll(() => sim.close());

    async function projectChecks(token: string, key: string) {
      const run = await runChecks(store, instanceOf(sim.url, token), {
        projects: [key],
      });
      return run.projects.get(key)!;
    }

    it('passes a project the token user may read, looked up by its path URL-encoded once', async () => {
      sim.clearRequests();
      const checks = await projectChecks(TOKENS.ok, 'platform/payments/api');
      expect(checks.map(c => [c.id, c.status])).toEqual([
        ['project.access', 'ok'],
        ['project.merge_requests', 'ok'],
        ['project.resolves', 'ok'],
      ]);
      expect(checkOf(checks, 'project.access').message).toBe(
        '@backstage-bot has the Reporter role on platform/payments/api.',
      );
      const paths = sim.requests.map(r => r.path);
      expect(paths).toContain('/api/v4/projects/platform%2Fpayments%2Fapi');
      expect(paths.join()).not.toContain('%25');
      // The instance, then three requests for the project.
      expect(paths.slice(-3)).toEqual([
        '/api/v4/projects/platform%2Fpayments%2Fapi',
        '/api/v4/projects/44/members/all/1',
        '/api/v4/projects/44/merge_requests',
      ]);
    });

    it('looks a project up by id', async () => {
      const checks = await projectChecks(TOKENS.ok, '#42');
      expect(checkOf(checks, 'project.resolves')).toMatchObject({
        status: 'ok',
        message: 'gitlab.com/project-id 42 is the project team/service.',
      });
      const missing = await projectChecks(TOKENS.ok, '#999');
      expect(checkOf(missing, 'project.resolves')).toMatchObject({
        status: 'error',
        cause: 'unknown',
        remediation: expect.stringContaining(
          'Check the id in gitlab.com/project-id',
        ),
      });
    });

    it('finds a project named in another case, as GitLab does (app/models/concerns/routable.rb), and suggests the exact path', async () => {
      const checks = await projectChecks(TOKENS.ok, 'Team/Service');
      expect(checkOf(checks, 'project.resolves')).toMatchObject({
        status: 'warning',
        suggestedPath: 'team/service',
        message: expect.stringContaining(
          'says Team/Service, and GitLab finds the project at team/service',
        ),
      });
      expect(checkOf(checks, 'project.access').status).toBe('ok');
    });

    it('suggests the full path of a project named without its subgroup', async () => {
      const checks = await projectChecks(TOKENS.ok, 'platform/api');
      expect(checkOf(checks, 'project.resolves')).toMatchObject({
        status: 'error',
        cause: 'wrong_path',
        suggestedPath: 'platform/payments/api',
      });
    });

    it('never requests nor suggests a project outside the allow-list', async () => {
      const allowList = new ProjectAllowList(
        new Map([
          [
            new URL(sim.url).host,
            { patterns: ['platform/api', 'team/**'], ids: [] },
          ],
        ]),
      );
      sim.clearRequests();
      const run = await runChecks(store, instanceOf(sim.url, TOKENS.ok), {
        projects: ['platform/api', 'platform/payments/api'],
        allowList,
      });
      const checks = run.projects.get('platform/api')!;
      expect(checkOf(checks, 'project.resolves').suggestedPath).toBeUndefined();
      expect(JSON.stringify(checks)).not.toContain('platform/payments/api');
      expect(sim.requests.map(r => r.path)).not.toContain(
        '/api/v4/projects/platform%2Fpayments%2Fapi',
      );
    });

    it('calls a path wrong when the token user is Reporter of its group and no such project exists', async () => {
      const checks = await projectChecks(TOKENS.ok, 'team/nothing-here');
      const resolves = checkOf(checks, 'project.resolves');
      expect(resolves).toMatchObject({
        status: 'error',
        cause: 'wrong_path',
        message: expect.stringContaining(
          '@backstage-bot is Reporter of the group team, which gives access to every project in it, and still no project is at team/nothing-here',
        ),
      });
      expect(resolves.suggestedPath).toBeUndefined();
    });

    it('tells that the token user is not a member', async () => {
      const checks = await projectChecks(
        TOKENS.outsider,
        'platform/payments/api',
      );
      const expected = {
        status: 'error',
        cause: 'not_member',
        remediation:
          'Give @outsider the Reporter role or higher on platform/payments/api or the group platform/payments (in GitLab: Manage > Members).',
      };
      expect(checkOf(checks, 'project.resolves')).toMatchObject(expected);
      expect(checkOf(checks, 'project.access')).toMatchObject({
        ...expected,
        message:
          '@outsider is not a member of platform/payments/api nor of the groups above it that the token can see (platform).',
      });
    });

    it('says what to verify when the token can see neither the project nor its groups', async () => {
      const checks = await projectChecks(TOKENS.outsider, 'secret/vault');
      expect(checkOf(checks, 'project.access')).toMatchObject({
        status: 'error',
        cause: 'unknown',
        remediation: expect.stringContaining(
          '(2) that @outsider is a member of the project or of a group above it with the Reporter role or higher; (3) that this membership has not expired.',
        ),
      });
    });

    it('tells that a Guest may see the project but not its merge requests', async () => {
      const checks = await projectChecks(TOKENS.guest, 'team/service');
      expect(checkOf(checks, 'project.resolves').status).toBe('ok');
      expect(checkOf(checks, 'project.access')).toMatchObject({
        status: 'error',
        cause: 'role_too_low',
        message:
          '@gary.guest has only the Guest role on team/service; reading its merge requests needs Reporter or higher.',
        remediation:
          'Give @gary.guest the Reporter role or higher on team/service (in GitLab: Manage > Members).',
      });
      expect(checkOf(checks, 'project.merge_requests')).toMatchObject({
        status: 'error',
        cause: 'role_too_low',
      });
    });

    it('tells that a Minimal Access member cannot see the project', async () => {
      const checks = await projectChecks(
        TOKENS.minimal,
        'platform/payments/api',
      );
      expect(checkOf(checks, 'project.access')).toMatchObject({
        status: 'error',
        cause: 'role_too_low',
        message: expect.stringContaining(
          '@minimal.member has only the Minimal Access role on the group platform',
        ),
      });
    });

    it('tells that the membership expired', async () => {
      const checks = await projectChecks(
        TOKENS.former,
        'platform/payments/api',
      );
      expect(checkOf(checks, 'project.access')).toMatchObject({
        status: 'error',
        cause: 'membership_expired',
        message:
          'The membership of @former.member in the group platform (Developer) expired on 2025-06-01, so GitLab hides platform/payments/api from it.',
        remediation: expect.stringContaining(
          'Ask an Owner of platform to renew the membership of @former.member',
        ),
      });
    });

    it('tells that the token lacks read_api', async () => {
      const checks = await projectChecks(TOKENS.noScope, 'team/service');
      expect(checkOf(checks, 'project.access')).toMatchObject({
        status: 'error',
        cause: 'missing_scope',
        remediation: expect.stringContaining('with the read_api scope'),
      });
    });

    it('reports merge requests turned off', async () => {
      const checks = await projectChecks(TOKENS.ok, 'team/archive');
      expect(checkOf(checks, 'project.merge_requests')).toMatchObject({
        status: 'error',
        message:
          'Merge requests are turned off for team/archive, so it has none to read.',
        remediation: expect.stringContaining('Turn merge requests on'),
      });
    });

    it('warns when the membership ends within two weeks', async () => {
      const checks = await projectChecks(TOKENS.ok, 'team/expiring');
      expect(checkOf(checks, 'project.access')).toMatchObject({
        status: 'warning',
        message: expect.stringMatching(
          /^@backstage-bot has the Developer role on team\/expiring until \d{4}-\d\d-\d\d, in 3 days/,
        ),
        remediation: expect.stringContaining('extend the membership'),
      });
    });

    it('skips the projects of an instance whose token GitLab rejects', async () => {
      const checks = await projectChecks(TOKENS.revoked, 'team/service');
      expect(checks.map(c => c.status)).toEqual([
        'skipped',
        'skipped',
        'skipped',
      ]);
      expect(checkOf(checks, 'project.resolves').message).toContain(
        'see token.valid',
      );
    });
  },
);
