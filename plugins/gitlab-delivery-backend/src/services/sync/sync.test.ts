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
  expectedRecords,
  simulatorClient,
  storedRecords,
  syncService,
} from './__testUtils__/syncFixtures';

jest.setTimeout(60_000);

const databases = testDatabases();
const NOW = '2025-06-02T00:00:00.000Z';
const GENERATE = { seed: 3, projects: 3, mrsPerProject: 30, now: NOW };

const listQueries = (sim: GitlabSimulator) =>
  sim.requests.filter(r => r.operationName === 'DeliveryMergeRequests');
const probes = (sim: GitlabSimulator) =>
  sim.requests.filter(r => r.operationName === 'DeliveryProbe');
const pinned = () => DateTime.fromISO(NOW, { zone: 'utc' });

async function registerProjects(
  store: Stores,
  host: string,
  keys: string[],
): Promise<ProjectKey[]> {
  const projects = keys.map(key => ({ host, key }));
  await store.projects.replaceEntity('component:default/shop', projects, []);
  return projects;
}

describe.each(databases.eachSupportedId())('the sync on %p', databaseId => {
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
      const summary = await syncService(store, client, {
        now: pinned,
      }).syncProjects(await store.projects.listProjects(), 'schedule');
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

    it('costs one probe for every project when nothing changed, and writes nothing', async () => {
      sim.clearRequests();
      const write = jest.spyOn(store.mergeRequests, 'writePage');
      const before = await storedRecords(store, client.host, sim.data.projects);
      const summary = await syncService(store, client, {
        now: pinned,
      }).syncProjects(await store.projects.listProjects(), 'schedule');
      expect(summary).toMatchObject({
        failedProjects: 0,
        mergeRequestsWritten: 0,
      });
      expect(sim.requests).toHaveLength(1);
      expect(probes(sim)).toHaveLength(1);
      expect(write).not.toHaveBeenCalled();
      expect(
        await storedRecords(store, client.host, sim.data.projects),
      ).toEqual(before);
      write.mockRestore();
    });

    it('re-fetches only the MRs that changed', async () => {
      sim.clearRequests();
      const [first, second] = sim.data.projects;
      const open = second.mergeRequests.find(mr => mr.state === 'opened')!;
      const author = sim.data.users.find(u => u.id === open.authorId)!;
      sim.act({
        action: 'close',
        project: second.id,
        iid: open.iid,
        user: author.username,
      });
      const changed = [
        sim.updateMergeRequest(first.id, 3, { title: 'PAY-4242 Retitled' }),
        sim.updateMergeRequest(first.id, 7, { labels: ['bug', 'urgent'] }),
        open,
      ];
      const summary = await syncService(store, client, {
        now: pinned,
      }).syncProjects(await store.projects.listProjects(), 'manual');
      expect(summary).toMatchObject({
        failedProjects: 0,
        mergeRequestsWritten: 3,
      });
      // One probe, then one listing of their group where GitLab can list
      // groups by updatedAfter (15.8), else one of each project.
      expect(probes(sim)).toHaveLength(1);
      const operations = sim.requests
        .filter(r => r.kind === 'graphql')
        .map(r => r.operationName);
      expect(operations.sort()).toEqual(
        version === '15.0.0'
          ? ['DeliveryMergeRequests', 'DeliveryMergeRequests', 'DeliveryProbe']
          : ['DeliveryGroupMergeRequests', 'DeliveryProbe'],
      );
      // REST only for close times on GitLab without MergeRequest.closedAt.
      const rest = sim.requests.filter(r => r.kind === 'rest');
      expect(rest.map(r => r.path)).toEqual(
        version === '15.0.0'
          ? [
              `/api/v4/projects/${second.id}/merge_requests/${open.iid}/resource_state_events`,
            ]
          : [],
      );
      expect(changed.map(mr => mr.iid)).toEqual([3, 7, open.iid]);
      expect(
        await storedRecords(store, client.host, sim.data.projects),
      ).toEqual(expectedRecords(sim, sim.data.projects));
    });

    if (version === '17.5.0') {
      it('asks current GitLab for every newer field, with no query refused and resent', () => {
        expect(Object.values(client.features)).not.toContain(false);
        for (const request of listQueries(sim)) {
          expect(request.graphqlQuery).toMatch(
            /system internal createdAt .* systemNoteMetadata \{ action \}/,
          );
        }
      });
    }

    if (version === '15.0.0') {
      it('falls back to newest-first listing, note icons and state events on old GitLab', () => {
        expect(client.features).toEqual({
          updatedAfter: false,
          closedAt: false,
          noteMetadata: false,
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
      const summary = await syncService(store, client, {
        backfillDays: 30,
        now: pinned,
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
      await syncService(store, client, { now: pinned }).syncProjects(
        await store.projects.listProjects(),
        'schedule',
      );
      const oldPath = dataset.path;
      sim.act({
        action: 'move',
        project: dataset.id,
        to: `${oldPath}-renamed`,
      });
      const changed = sim.updateMergeRequest(dataset.id, 1, {
        title: 'After the move',
      });
      const summary = await syncService(store, client, {
        now: pinned,
      }).syncProjects(await store.projects.listProjects(), 'schedule');
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
        const summary = await syncService(oauthStore, oauthClient, {
          now: pinned,
        }).syncProjects(await oauthStore.projects.listProjects(), 'manual');
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
      const scheduled = await syncService(store, client, {
        now: pinned,
      }).syncProjects(await store.projects.listProjects(), 'schedule');
      expect(scheduled.projects).toBe(0);
      expect(scheduled.outcomes).toEqual([]);
      expect(
        await store.mergeRequests.readAll(client.host, dataset.id),
      ).toEqual([]);
      const manual = await syncService(store, client, {
        now: pinned,
      }).syncProjects(await store.projects.listProjects(), 'manual');
      expect(manual.projects).toBe(1);
      expect(
        await store.mergeRequests.readAll(client.host, dataset.id),
      ).toHaveLength(dataset.mergeRequests.length);
    });
  });
});
