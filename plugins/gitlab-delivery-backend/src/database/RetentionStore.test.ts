import { testDatabases } from '../__testUtils__/databases';
import { createStores } from './createStores';
import { MergeRequestRecord } from './types';

const databases = testDatabases();
const HOST = 'gitlab.example.com';
const DAY = 86_400_000;
const T0 = Date.parse('2026-11-01T00:00:00.000Z');
const at = (days: number) => new Date(T0 + days * DAY).toISOString();

function mergeRequest(projectId: number, iid: number): MergeRequestRecord {
  return {
    host: HOST,
    projectId,
    projectPath: `team/p${projectId}`,
    id: projectId * 1000 + iid,
    iid,
    title: `MR ${iid}`,
    description: null,
    state: 'opened',
    draft: false,
    createdAt: at(0),
    updatedAt: at(0),
    mergedAt: null,
    closedAt: null,
    firstApprovedAt: null,
    firstCommentAt: null,
    author: 'alice',
    mergeUser: null,
    sourceBranch: 'feature/x',
    targetBranch: 'main',
    labels: [],
    filesChanged: 1,
    linesAdded: 1,
    linesDeleted: 1,
    relatedTickets: [],
    webUrl: `https://${HOST}/team/p${projectId}/-/merge_requests/${iid}`,
  };
}

describe.each(databases.eachSupportedId())(
  'the retention store on %p',
  databaseId => {
    async function setup() {
      const knex = await databases.init(databaseId);
      const stores = await createStores({
        database: { getClient: async () => knex },
      });
      return { knex, stores };
    }

    async function mergeRequestCount(
      knex: Awaited<ReturnType<typeof setup>>['knex'],
    ) {
      const rows = await knex('gitlab_delivery_merge_requests').select(
        'project_id',
      );
      return rows.map(r => Number(r.project_id)).sort();
    }

    it('deletes the merge requests of projects no entity names once the retention has passed', async () => {
      const { knex, stores } = await setup();
      const { projects, mergeRequests, retention, health } = stores;
      const kept = { host: HOST, key: 'team/p1' };
      const dropped = { host: HOST, key: 'team/p2' };
      // The same project named by id elsewhere: its merge requests stay.
      const byPath = { host: HOST, key: 'team/p3' };
      const byId = { host: HOST, key: '#3' };
      await projects.replaceEntity(
        'component:default/a',
        [kept, dropped, byPath],
        [],
      );
      await projects.replaceEntity('component:default/b', [byId], []);
      for (const [key, id] of [
        [kept, 1],
        [dropped, 2],
        [byPath, 3],
        [byId, 3],
      ] as const) {
        await projects.resolveProject(key, {
          projectId: id,
          path: `team/p${id}`,
          webUrl: '',
        });
      }
      const write = (projectId: number, records: MergeRequestRecord[]) =>
        mergeRequests.writePage({
          host: HOST,
          projectId,
          writes: records.map(record => ({
            record,
            digest: '',
            recheck: false,
          })),
          settled: [],
          cursor: at(0),
          readAt: at(0),
        });
      await write(1, [mergeRequest(1, 1)]);
      await write(2, [mergeRequest(2, 1), mergeRequest(2, 2)]);
      await write(3, [mergeRequest(3, 1)]);
      await health.saveProjectChecks(dropped, [
        {
          id: 'project.resolves',
          status: 'ok',
          message: 'found',
          checkedAt: at(0),
        },
      ]);

      // Entity a stops naming p2 and p3 on day 1.
      await projects.replaceEntity('component:default/a', [kept], []);
      expect(await retention.pruneProjects(at(1), at(-29))).toEqual({
        projects: 0,
        mergeRequests: 0,
      });
      // 29 days later: not yet.
      expect(await retention.pruneProjects(at(30), at(0))).toEqual({
        projects: 0,
        mergeRequests: 0,
      });
      expect(await mergeRequestCount(knex)).toEqual([1, 2, 2, 3]);

      // 31 days after: p2 goes with its checks; p3's merge requests stay for #3.
      expect(await retention.pruneProjects(at(32), at(2))).toEqual({
        projects: 2,
        mergeRequests: 2,
      });
      expect(await mergeRequestCount(knex)).toEqual([1, 3]);
      expect(
        (await knex('gitlab_delivery_projects').select('project_key'))
          .map(r => r.project_key)
          .sort(),
      ).toEqual(['#3', 'team/p1']);
      expect(await health.listProjectChecks([dropped])).toEqual([]);
    });

    it('forgets the unreferenced mark of a project named again', async () => {
      const { knex, stores } = await setup();
      const { projects, retention } = stores;
      const project = { host: HOST, key: 'team/p1' };
      await projects.replaceEntity('component:default/a', [project], []);
      await projects.replaceEntity('component:default/a', [], []);
      await retention.pruneProjects(at(0), at(-30));
      await projects.replaceEntity('component:default/a', [project], []);
      await retention.pruneProjects(at(40), at(10));
      await projects.replaceEntity('component:default/a', [], []);
      expect(await retention.pruneProjects(at(41), at(11))).toEqual({
        projects: 0,
        mergeRequests: 0,
      });
      const [row] = await knex('gitlab_delivery_projects');
      expect(Number(row.unreferenced_at)).toBe(Date.parse(at(41)));
    });

    it('prunes old sync runs but the latest, the health of removed instances, and old requests', async () => {
      const { stores } = await setup();
      const { projects, retention, health } = stores;
      const ids = [];
      for (const day of [0, 1, 2])
        ids.push(await projects.startSyncRun('schedule', at(day)));
      expect(await retention.pruneSyncRuns(at(5))).toBe(2);
      expect((await projects.lastSyncRun())?.id).toBe(ids[2]);

      for (const host of [HOST, 'gitlab.gone.com']) {
        await health.saveInstanceHealth({
          host,
          version: null,
          tokenName: null,
          tokenScopes: [],
          tokenExpiresAt: null,
          tokenUserId: null,
          tokenUsername: null,
          rateLimit: null,
          checkedAt: at(0),
          checks: [
            {
              id: 'token.valid',
              status: 'ok',
              message: 'ok',
              checkedAt: at(0),
            },
          ],
        });
      }
      expect(await retention.pruneInstances([HOST])).toBe(1);
      expect((await health.listInstanceHealth()).map(i => i.host)).toEqual([
        HOST,
      ]);

      await health.requestCheck({ hosts: [], requestedAt: at(0) }, 30_000);
      expect(await retention.pruneRequests(at(1))).toBe(2);
      expect(await health.pendingCheckRequests()).toEqual([]);
    });
  },
);
