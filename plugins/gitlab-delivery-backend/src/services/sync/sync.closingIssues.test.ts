import {
  GitlabSimulator,
  startSimulator,
} from '@delivery-insights/gitlab-simulator';
import { testDatabases } from '../../__testUtils__/databases';
import { captureLogger } from '../../gitlab/__testUtils__/captureLogger';
import { GitlabClient } from '../../gitlab/GitlabClient';
import {
  createStore,
  simulatorClient,
  storedRecords,
  syncService,
} from './__testUtils__/syncFixtures';

jest.setTimeout(60_000);

const databases = testDatabases();
const GENERATE = {
  seed: 5,
  projects: 1,
  mrsPerProject: 40,
  now: '2025-06-02T00:00:00.000Z',
};

// A self-managed GitLab can set its own issue closing pattern
// (gitlab.yml `issue_closing_pattern`, read by
// lib/gitlab/closing_issue_extractor.rb); REST `closes_issues` applies it,
// the default pattern the sync reads from descriptions does not.
describe.each(databases.eachSupportedId())(
  'closing issues under a custom closing pattern on %p',
  databaseId => {
    let sim: GitlabSimulator;
    let client: GitlabClient;

    beforeEach(async () => {
      sim = await startSimulator({ generate: GENERATE });
      client = simulatorClient(sim, captureLogger().logger);
      // The instance's pattern is "Delivers #12", not "Closes #12".
      for (const mr of sim.data.projects[0].mergeRequests) {
        mr.description = (mr.description ?? '').replace(
          /Closes #/g,
          'Delivers #',
        );
      }
    });

    afterEach(async () => {
      await client?.close();
      await sim?.close();
    });

    async function syncedCloses(customClosingPattern: boolean) {
      const store = await createStore(databases, databaseId);
      const project = sim.data.projects[0];
      await store.projects.replaceEntity(
        'component:default/shop',
        [{ host: client.host, key: project.path }],
        [],
      );
      const summary = await syncService(store, client, {
        customClosingPattern,
      }).syncProjects(await store.projects.listProjects(), 'schedule');
      expect(summary.failedProjects).toBe(0);
      const records = await storedRecords(store, client.host, [project]);
      return new Map(
        records.map(r => [
          r.iid,
          r.relatedTickets
            .filter(t => t.kind === 'gitlab_issue' && t.relation === 'closes')
            .map(t => ({ key: t.key, title: t.title }))
            .sort((a, b) => a.key.localeCompare(b.key)),
        ]),
      );
    }

    it('asks GitLab which issues each MR closes, with their titles', async () => {
      const closes = await syncedCloses(true);
      const project = sim.data.projects[0];
      const expected = new Map(
        project.mergeRequests.map(mr => [
          mr.iid,
          mr.closesIssues
            .map(i => ({ key: `${project.path}#${i.iid}`, title: i.title }))
            .sort((a, b) => a.key.localeCompare(b.key)),
        ]),
      );
      expect([...expected.values()].some(issues => issues.length > 0)).toBe(
        true,
      );
      expect(closes).toEqual(expected);
      const asked = sim.requests.filter(r => r.path.endsWith('/closes_issues'));
      expect(asked).toHaveLength(project.mergeRequests.length);
      // Closing issues' titles come with the REST answer: the title query
      // asks only for issues the descriptions mention.
      const closing = new Set(
        project.mergeRequests.flatMap(mr =>
          mr.closesIssues.map(i => `${i.iid}`),
        ),
      );
      const titled = sim.requests
        .filter(r => r.operationName === 'DeliveryIssueTitles')
        .flatMap(r =>
          Object.entries(r.graphqlVariables ?? {})
            .filter(([name]) => name.startsWith('iids'))
            .flatMap(([, iids]) => iids as string[]),
        );
      expect(titled.filter(iid => closing.has(iid))).toEqual([]);
    });

    it('reads the default pattern from descriptions unless told otherwise', async () => {
      const closes = await syncedCloses(false);
      expect([...closes.values()].every(issues => issues.length === 0)).toBe(
        true,
      );
      expect(sim.requests.some(r => r.path.endsWith('/closes_issues'))).toBe(
        false,
      );
    });
  },
);
