import {
  DIFF_ENDPOINT_PATTERN,
  FIXTURES,
  GRAPHQL_DIFF_FIELD_PATTERN,
  GitlabSimulator,
  startSimulator,
} from '@delivery-insights/gitlab-simulator';
import { DateTime } from 'luxon';
import { Stores } from '../../database/createStores';
import { ProjectKey } from '../../database/types';
import { GitlabClient } from '../../gitlab/GitlabClient';
import { testDatabases } from '../../__testUtils__/databases';
import { captureLogger } from '../../gitlab/__testUtils__/captureLogger';
import {
  createStore,
  EXCLUDE_AUTHORS,
  expectedRecords,
  simulatorClient,
  storedRecords,
} from './__testUtils__/syncFixtures';
import { SyncRunner } from './SyncRunner';

jest.setTimeout(60_000);

const databases = testDatabases();
const NOW = '2025-06-02T00:00:00.000Z';
const GENERATE = { seed: 3, projects: 3, mrsPerProject: 30, now: NOW };

const listQueries = (sim: GitlabSimulator) =>
  sim.requests.filter(r => r.operationName === 'DeliveryMergeRequests');
const notesQueries = (sim: GitlabSimulator) =>
  sim.requests.filter(r => r.operationName === 'DeliveryMergeRequestNotes');

function runner(
  store: Stores,
  client: GitlabClient,
  overrides: { backfillDays?: number } = {},
) {
  return new SyncRunner({
    projects: store.projects,

    mergeRequests: store.mergeRequests,
    clients: new Map([[client.host, client]]),
    config: {
      concurrency: 2,
      backfillDays: overrides.backfillDays ?? 3650,
      excludeAuthors: EXCLUDE_AUTHORS,
    },
    logger: captureLogger().logger,
    now: () => DateTime.fromISO(NOW, { zone: 'utc' }),
  });
}

async function registerProjects(
  store: Stores,
  host: string,
  keys: string[],
): Promise<ProjectKey[]> {
  const projects = keys.map(key => ({ host, key }));
  await store.projects.replaceEntity('component:default/shop', projects, []);
  return projects;
}

describe.each(databases.eachSupportedId())('SyncRunner on %p', databaseId => {
  describe.each(['17.5.0', '15.0.0'])('against GitLab %s', version => {
    let sim: GitlabSimulator;
    let client: GitlabClient;
    let store: Stores;

    beforeAll(async () => {
      sim = await startSimulator({ generate: GENERATE, version });
      client = simulatorClient(sim, captureLogger().logger);
      store = await createStore(databases, databaseId);
      await registerProjects(
        store,
        client.host,
        sim.data.projects.map(p => p.path),
      );
    });

    afterAll(async () => {
      await client?.close();
      await sim?.close();
    });

    it('stores exactly the simulator MRs on the first sync', async () => {
      const summary = await runner(store, client).syncProjects(
        await store.projects.listProjects(),
        'schedule',
      );
      expect(summary.failedProjects).toBe(0);
      expect(summary.projects).toBe(sim.data.projects.length);
      const expected = expectedRecords(sim, sim.data.projects);
      expect(expected.length).toBe(90);
      expect(summary.mergeRequestsWritten).toBe(expected.length);
      expect(summary.requests).toBe(sim.requests.length);
      expect(
        await storedRecords(store, client.host, sim.data.projects),
      ).toEqual(expected);
      // The data carries every case the derivations handle.
      expect(expected.some(r => r.firstCommentAt === null)).toBe(true);
      expect(expected.some(r => r.firstApprovedAt !== null)).toBe(true);
      expect(expected.some(r => r.closedAt !== null)).toBe(true);
      expect(
        expected.some(r => r.relatedTickets.some(t => t.kind === 'jira')),
      ).toBe(true);
      for (const relation of ['closes', 'mentions']) {
        expect(
          expected.some(r =>
            r.relatedTickets.some(
              t => t.kind === 'gitlab_issue' && t.relation === relation,
            ),
          ),
        ).toBe(true);
      }

      const projects = await store.projects.listProjects();
      for (const project of projects) {
        const dataset = sim.data.projects.find(p => p.path === project.key)!;
        expect(project).toMatchObject({
          projectId: dataset.id,
          path: dataset.path,
          webUrl: `${sim.url}/${dataset.path}`,
          mergeRequestCount: dataset.mergeRequests.length,
          lastErrorCode: null,
        });
        expect(project.lastSuccessAt).not.toBeNull();
      }
      const run = await store.projects.lastSyncRun();
      expect(run).toMatchObject({
        trigger: 'schedule',
        projects: projects.length,
        failedProjects: 0,
        mergeRequestsWritten: 90,
        requests: summary.requests,
      });
    });

    it('never asks for diffs, files or per-file stats', () => {
      expect(sim.requests.length).toBeGreaterThan(0);
      for (const request of sim.requests) {
        expect(request.path).not.toMatch(DIFF_ENDPOINT_PATTERN);
        expect(request.graphqlQuery ?? '').not.toMatch(/diffStats\s*[({]/);
        expect(request.graphqlQuery ?? '').not.toMatch(
          GRAPHQL_DIFF_FIELD_PATTERN,
        );
      }
    });

    it('makes one list request per project and writes nothing when nothing changed', async () => {
      sim.clearRequests();
      const write = jest.spyOn(store.mergeRequests, 'writeMergeRequests');
      const before = await storedRecords(store, client.host, sim.data.projects);
      const summary = await runner(store, client).syncProjects(
        await store.projects.listProjects(),
        'schedule',
      );
      expect(summary).toMatchObject({
        failedProjects: 0,
        mergeRequestsWritten: 0,
      });
      expect(sim.requests).toHaveLength(sim.data.projects.length);
      expect(listQueries(sim)).toHaveLength(sim.data.projects.length);
      expect(write).not.toHaveBeenCalled();
      expect(
        await storedRecords(store, client.host, sim.data.projects),
      ).toEqual(before);
      write.mockRestore();
    });

    it('re-fetches only the MRs that changed', async () => {
      sim.clearRequests();
      const [first, second] = sim.data.projects;
      const changed = [
        sim.updateMergeRequest(first.id, 3, { title: 'PAY-4242 Retitled' }),
        sim.updateMergeRequest(first.id, 7, { labels: ['bug', 'urgent'] }),
        sim.updateMergeRequest(second.id, 2, {
          state: 'closed',
          mergedAt: null,
          mergeUserId: null,
        }),
      ];
      const summary = await runner(store, client).syncProjects(
        await store.projects.listProjects(),
        'manual',
      );
      expect(summary).toMatchObject({
        failedProjects: 0,
        mergeRequestsWritten: 3,
      });
      expect(listQueries(sim)).toHaveLength(sim.data.projects.length);
      const detailIids = notesQueries(sim).flatMap(
        r => (r.graphqlVariables as { iids: string[] }).iids,
      );
      expect(detailIids.sort()).toEqual(['2', '3', '7']);
      const restIids = sim.requests
        .filter(r => r.kind === 'rest')
        .map(r => /merge_requests\/(\d+)\//.exec(r.path)?.[1]);
      expect(new Set(restIids)).toEqual(
        new Set(restIids.filter(iid => ['2', '3', '7'].includes(iid!))),
      );
      expect(restIids.length).toBeGreaterThanOrEqual(3);
      expect(changed.map(mr => mr.iid)).toEqual([3, 7, 2]);
      expect(
        await storedRecords(store, client.host, sim.data.projects),
      ).toEqual(expectedRecords(sim, sim.data.projects));
    });

    if (version === '15.0.0') {
      it('falls back to newest-first listing and close notes on old GitLab', () => {
        expect(client.features).toEqual({
          updatedAfter: false,
          closedAt: false,
          approvedAt: false,
        });
        for (const request of listQueries(sim)) {
          expect(request.graphqlQuery).toContain('UPDATED_DESC');
        }
      });
    }
  });

  describe('projects', () => {
    let sim: GitlabSimulator;
    let client: GitlabClient;
    let store: Stores;

    beforeAll(async () => {
      sim = await startSimulator({ generate: GENERATE });
      client = simulatorClient(sim, captureLogger().logger);
      store = await createStore(databases, databaseId);
    });

    afterAll(async () => {
      await client?.close();
      await sim?.close();
    });

    it('resolves a project named by id, and pulls only backfillDays of history first', async () => {
      const dataset = sim.data.projects[0];
      const [project] = await registerProjects(store, client.host, [
        `#${dataset.id}`,
      ]);
      const summary = await runner(store, client, {
        backfillDays: 30,
      }).syncProjects(await store.projects.listProjects(), 'schedule');
      expect(summary.failedProjects).toBe(0);
      const since = DateTime.fromISO(NOW).minus({ days: 30 });
      const recent = dataset.mergeRequests.filter(
        mr => DateTime.fromISO(mr.updatedAt) >= since,
      );
      expect(recent.length).toBeGreaterThan(0);
      expect(recent.length).toBeLessThan(dataset.mergeRequests.length);
      const stored = await store.mergeRequests.readAll(client.host, dataset.id);
      expect(stored.map(r => r.iid)).toEqual(
        recent.map(mr => mr.iid).sort((a, b) => a - b),
      );
      expect(await store.projects.getProject(project)).toMatchObject({
        projectId: dataset.id,
        path: dataset.path,
      });
      expect(
        (listQueries(sim)[0].graphqlVariables as { updatedAfter: string })
          .updatedAfter,
      ).toBe(since.toUTC().toISO());
    });

    it('follows a project that moved to another path', async () => {
      const dataset = sim.data.projects[2];
      const [project] = await registerProjects(store, client.host, [
        dataset.path,
      ]);
      await runner(store, client).syncProjects(
        await store.projects.listProjects(),
        'schedule',
      );
      const oldPath = dataset.path;
      dataset.path = `${oldPath}-renamed`;
      const changed = sim.updateMergeRequest(dataset.id, 1, {
        title: 'After the move',
      });
      const summary = await runner(store, client).syncProjects(
        await store.projects.listProjects(),
        'schedule',
      );
      expect(summary).toMatchObject({
        failedProjects: 0,
        mergeRequestsWritten: 1,
      });
      expect(await store.projects.getProject(project)).toMatchObject({
        key: oldPath,
        path: dataset.path,
        webUrl: `${sim.url}/${dataset.path}`,
      });
      const [stored] = await store.mergeRequests.readAll(
        client.host,
        dataset.id,
      );
      expect(stored).toMatchObject({
        iid: changed.iid,
        title: 'After the move',
        projectPath: dataset.path,
      });
    });

    it('syncs with an OAuth application instead of a token', async () => {
      const dataset = sim.data.projects[3] ?? sim.data.projects[0];
      const oauthClient = simulatorClient(sim, captureLogger().logger, {
        token: undefined,
        oauth: {
          clientId: FIXTURES.oauthClientId,
          clientSecret: FIXTURES.oauthClientSecret,
          refreshToken: FIXTURES.oauthRefreshToken,
        },
      });
      try {
        const oauthStore = await createStore(databases, databaseId);
        await registerProjects(oauthStore, oauthClient.host, [dataset.path]);
        sim.clearRequests();
        const summary = await runner(oauthStore, oauthClient).syncProjects(
          await oauthStore.projects.listProjects(),
          'manual',
        );
        expect(summary.failedProjects).toBe(0);
        expect(sim.requests.filter(r => r.kind === 'oauth')).toHaveLength(1);
        expect(
          sim.requests
            .filter(r => r.kind !== 'oauth')
            .every(r => r.tokenName?.startsWith('oauth:')),
        ).toBe(true);
      } finally {
        await oauthClient.close();
      }
    });

    it('skips projects with auto-sync off on scheduled runs only', async () => {
      const dataset = sim.data.projects[1];
      const [project] = await registerProjects(store, client.host, [
        dataset.path,
      ]);
      await store.projects.setAutoSync(project, false);
      const scheduled = await runner(store, client).syncProjects(
        await store.projects.listProjects(),
        'schedule',
      );
      expect(scheduled.projects).toBe(0);
      expect(scheduled.outcomes).toEqual([{ ...project, skipped: true }]);
      expect(
        await store.mergeRequests.readAll(client.host, dataset.id),
      ).toEqual([]);
      const manual = await runner(store, client).syncProjects(
        await store.projects.listProjects(),
        'manual',
      );
      expect(manual.projects).toBe(1);
      expect(
        await store.mergeRequests.readAll(client.host, dataset.id),
      ).toHaveLength(dataset.mergeRequests.length);
    });
  });
});
