import { testDatabases } from '../__testUtils__/databases';
import { storeRecords } from '../services/metrics/__testdata__/seed';
import { createStores } from './createStores';
import { MergeRequestRecord } from './types';

const databases = testDatabases();

const WINDOW = {
  from: Date.parse('2026-10-01T00:00:00.000Z'),
  to: Date.parse('2026-11-01T00:00:00.000Z'),
};

function mergeRequest(
  iid: number,
  overrides: Partial<MergeRequestRecord> = {},
): MergeRequestRecord {
  return {
    host: 'gitlab.example.com',
    projectId: 7,
    projectPath: 'team/service',
    id: 1000 + iid,
    iid,
    title: 'fix: retry',
    description: null,
    state: 'merged',
    draft: false,
    createdAt: '2026-10-01T10:00:00.000Z',
    updatedAt: '2026-10-02T12:00:00.000Z',
    mergedAt: `2026-10-0${iid}T11:00:00.000Z`,
    closedAt: null,
    firstApprovedAt: '2026-10-01T09:00:00.000Z',
    firstCommentAt: '2026-10-01T10:30:00.000Z',
    author: 'alice',
    mergeUser: 'bob',
    sourceBranch: 'feature/PAY-1',
    targetBranch: 'main',
    labels: [],
    filesChanged: 3,
    linesAdded: 40,
    linesDeleted: 2,
    relatedTickets: [{ kind: 'jira', key: 'PAY-1' }],
    webUrl: `https://gitlab.example.com/team/service/-/merge_requests/${iid}`,
    ...overrides,
  };
}

const PROJECT = { host: 'gitlab.example.com', projectId: 7 };
const query = { projects: [PROJECT], window: WINDOW, excludedAuthors: [] };

describe.each(databases.eachSupportedId())(
  'the metric queries on %p',
  databaseId => {
    it('store the figures each MR is measured by', async () => {
      const store = await storeRecords(await databases.init(databaseId), [
        mergeRequest(2),
        mergeRequest(3, {
          linesAdded: null,
          linesDeleted: null,
          firstApprovedAt: null,
          firstCommentAt: null,
        }),
        mergeRequest(4, { state: 'opened', mergedAt: null }),
      ]);

      const merged = await store.mergedFigures(query);
      const pairs = merged.mergedAt.map((at, i) => [
        new Date(at).toISOString(),
        merged.timesToMerge[i],
      ]);
      expect(pairs.sort()).toEqual([
        ['2026-10-02T11:00:00.000Z', 25 * 3_600_000],
        ['2026-10-03T11:00:00.000Z', 49 * 3_600_000],
      ]);
      expect(merged.filesChanged).toEqual([3, 3]);
      expect(merged.linesChanged).toEqual([42]);
      // The title "fix: retry" before the branch "feature/".
      expect(merged.changeKinds).toEqual({ fix: 2 });

      const created = await store.createdFigures(query);
      // The approval came before the creation: clock skew, an instant.
      expect(created).toEqual({
        count: 3,
        timesToFirstComment: [1_800_000, 1_800_000],
        timesToApprove: [0, 0],
        approvedWithoutComment: 2,
      });
      expect(
        await store.timesToMerge({ ...query, excludedAuthors: ['alice'] }),
      ).toEqual([]);
    });

    it('leaves out many authors as it does a few', async () => {
      const store = await storeRecords(await databases.init(databaseId), [
        mergeRequest(2, { author: 'bob' }),
        mergeRequest(3, { author: 'alice' }),
      ]);
      // More than eight names are left out with NOT IN rather than <>.
      const many = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'bob'];
      const figures = async (excludedAuthors: string[]) => ({
        merged: await store.mergedFigures({ ...query, excludedAuthors }),
        created: await store.createdFigures({ ...query, excludedAuthors }),
        tickets: await store.ticketFigures({ ...query, excludedAuthors }, 5),
      });
      const fewer = await figures(['bob']);
      expect(fewer.merged.timesToMerge).toEqual([49 * 3_600_000]);
      expect(await figures(many)).toEqual(fewer);
    });

    it('reads nothing of no projects', async () => {
      const store = await storeRecords(await databases.init(databaseId), [
        mergeRequest(2),
      ]);
      const none = { ...query, projects: [] };
      expect((await store.mergedFigures(none)).timesToMerge).toEqual([]);
      expect((await store.createdFigures(none)).count).toBe(0);
      expect(await store.timesToMerge(none)).toEqual([]);
      expect((await store.ticketFigures(none, 5)).topReferences).toEqual([]);
      expect(await store.stateCounts([], WINDOW)).toEqual([]);
    });

    it('lists the authors of the projects once each', async () => {
      const store = await storeRecords(await databases.init(databaseId), [
        mergeRequest(1, { author: 'renovate[bot]' }),
        mergeRequest(2, { author: 'alice' }),
        mergeRequest(3, { author: 'alice' }),
        mergeRequest(1, {
          projectId: 8,
          projectPath: 'team/web',
          author: 'bob',
        }),
        mergeRequest(1, { host: 'gitlab.other.com', author: 'carol' }),
      ]);
      const authors = await store.authors([
        PROJECT,
        { host: 'gitlab.other.com', projectId: 7 },
      ]);
      expect(authors.sort()).toEqual(['alice', 'carol', 'renovate[bot]']);
      expect(await store.authors([])).toEqual([]);
    });

    it('lists the authors of many projects', async () => {
      const projects = Array.from({ length: 130 }, (_, i) => ({
        host: 'gitlab.example.com',
        projectId: 100 + i,
      }));
      const store = await storeRecords(
        await databases.init(databaseId),
        projects.map(({ projectId }) =>
          mergeRequest(1, {
            projectId,
            projectPath: `team/p${projectId}`,
            author: `dev${projectId % 7}`,
          }),
        ),
      );
      const authors = await store.authors(projects);
      expect(authors.sort()).toEqual([
        'dev0',
        'dev1',
        'dev2',
        'dev3',
        'dev4',
        'dev5',
        'dev6',
      ]);
    });

    it('replaces the tickets of an MR when it is written again', async () => {
      const knex = await databases.init(databaseId);
      await storeRecords(knex, [
        mergeRequest(2, {
          relatedTickets: [
            { kind: 'jira', key: 'PAY-1' },
            { kind: 'gitlab_issue', key: '#3', relation: 'closes' },
            { kind: 'jira', key: 'pay-1' },
          ],
        }),
      ]);
      const store = await storeRecords(knex, [
        mergeRequest(2, {
          author: 'bob',
          mergedAt: '2026-10-05T00:00:00.000Z',
          relatedTickets: [{ kind: 'jira', key: 'PAY-2', title: 'Retry' }],
        }),
      ]);

      expect(await store.ticketFigures(query, 5)).toEqual({
        closedIssues: 0,
        topReferences: [
          {
            identity: 'jira PAY-2',
            ticket: { kind: 'jira', key: 'PAY-2', title: 'Retry' },
          },
        ],
      });
      const excluded = { ...query, excludedAuthors: ['bob'] };
      expect(await store.ticketFigures(excluded, 5)).toEqual({
        closedIssues: 0,
        topReferences: [],
      });
      expect(
        await knex('gitlab_delivery_merge_request_tickets').select(
          'ticket',
          'merged_at',
          'author',
        ),
      ).toEqual([
        {
          ticket: 'jira PAY-2',
          merged_at: expect.anything(),
          author: 'bob',
        },
      ]);
    });

    it('keeps the tickets of MRs that are not written, and drops those of deleted ones', async () => {
      const knex = await databases.init(databaseId);
      const store = await storeRecords(knex, [
        mergeRequest(2, {
          updatedAt: '2026-10-03T00:00:00.000Z',
          relatedTickets: [{ kind: 'jira', key: 'PAY-2' }],
        }),
        mergeRequest(3, { relatedTickets: [{ kind: 'jira', key: 'PAY-3' }] }),
      ]);
      const tickets = async () =>
        (await knex('gitlab_delivery_merge_request_tickets').select('ticket'))
          .map(row => row.ticket)
          .sort();

      // A late write of an older version of MR 2 changes nothing.
      await store.writePage({
        ...PROJECT,
        writes: [
          {
            record: mergeRequest(2, {
              updatedAt: '2026-10-02T00:00:00.000Z',
              relatedTickets: [{ kind: 'jira', key: 'PAY-9' }],
            }),
            digest: '',
            recheck: false,
          },
        ],
        settled: [],
        cursor: null,
        readAt: '2026-10-04T00:00:00.000Z',
      });
      expect(await tickets()).toEqual(['jira PAY-2', 'jira PAY-3']);

      await store.reconcile(
        PROJECT.host,
        PROJECT.projectId,
        [3],
        '2026-10-05T00:00:00.000Z',
      );
      expect(await tickets()).toEqual(['jira PAY-2']);
    });

    it('drops the tickets with the MRs of projects no entity names', async () => {
      const knex = await databases.init(databaseId);
      await storeRecords(knex, [
        mergeRequest(2, { relatedTickets: [{ kind: 'jira', key: 'PAY-2' }] }),
      ]);
      const { projects, retention } = await createStores({
        database: { getClient: async () => knex },
      });
      await projects.retainEntities([]);
      await retention.pruneProjects(
        '2026-11-01T00:00:00.000Z',
        '2026-11-01T00:00:00.000Z',
      );
      await retention.pruneProjects(
        '2026-12-15T00:00:00.000Z',
        '2026-12-01T00:00:00.000Z',
      );
      expect(await knex('gitlab_delivery_merge_requests')).toEqual([]);
      expect(await knex('gitlab_delivery_merge_request_tickets')).toEqual([]);
    });
  },
);
