import {
  MergeRequestItem,
  MergeRequestStateFilter,
} from '@delivery-insights/plugin-gitlab-delivery-common';
import { testDatabases } from '../../__testUtils__/databases';
import {
  ENTITY_PROJECTS,
  JIRA,
  LIST_ORDER,
  PROJECT_A,
} from './__testdata__/dataset';
import { DatabaseMergeRequestStore } from '../../database/MergeRequestStore';
import { seedDataset } from './__testdata__/seed';
import { listMergeRequests } from './listMergeRequests';

const databases = testDatabases();

describe.each(databases.eachSupportedId())(
  'listMergeRequests on %p',
  databaseId => {
    async function seeded() {
      const knex = await databases.init(databaseId);
      await seedDataset(knex);
      return new DatabaseMergeRequestStore(knex);
    }

    it('pages newest first with a stable order across ties', async () => {
      const store = await seeded();
      // Pages of 2 cut through both ties: MRs 8 and 3 (same project, same time) and
      // MRs 23 and 9 (same time, projects 8 and 7).
      const iids: number[] = [];
      let cursor: string | undefined;
      let pages = 0;
      do {
        const page = await listMergeRequests(store, {
          projects: ENTITY_PROJECTS,
          limit: 2,
          cursor,
        });
        iids.push(...page.items.map(item => item.iid));
        cursor = page.nextCursor ?? undefined;
        pages += 1;
      } while (cursor);
      expect(iids).toEqual(LIST_ORDER);
      // 21 MRs in pages of 2: 11 pages, the last with one.
      expect(pages).toBe(11);
    });

    it('gives the first page of the default size with a cursor to the rest', async () => {
      const store = await seeded();
      const first = await listMergeRequests(store, {
        projects: ENTITY_PROJECTS,
        limit: 20,
      });
      expect(first.items.map(item => item.iid)).toEqual(
        LIST_ORDER.slice(0, 20),
      );
      const rest = await listMergeRequests(store, {
        projects: ENTITY_PROJECTS,
        limit: 20,
        cursor: first.nextCursor!,
      });
      expect(rest.items.map(item => item.iid)).toEqual([11]);
      expect(rest.nextCursor).toBeNull();

      const whole = await listMergeRequests(store, {
        projects: ENTITY_PROJECTS,
      });
      expect(whole.items).toHaveLength(21); // fewer than the default 25
      expect(whole.nextCursor).toBeNull();
    });

    it.each<[MergeRequestStateFilter, number[]]>([
      ['opened', [6, 9, 11]],
      ['draft', [7]],
      ['merged', [13, 14, 5, 4, 3, 10, 1, 2, 12, 21, 20, 22, 23]],
      ['closed', [8, 17, 18]],
      ['locked', [15]],
    ])('filters by state %p', async (state, expected) => {
      const store = await seeded();
      const page = await listMergeRequests(store, {
        projects: ENTITY_PROJECTS,
        state,
        limit: 100,
      });
      expect(page.items.map(item => item.iid)).toEqual(expected);
    });

    it('lists every stored field but the description, with size, time to merge and tickets', async () => {
      const store = await seeded();
      const page = await listMergeRequests(store, {
        projects: [{ host: PROJECT_A.host, projectId: PROJECT_A.projectId }],
        state: 'merged',
        limit: 100,
        jiraBaseUrl: JIRA,
      });
      const item = page.items.find(i => i.iid === 1)!;
      expect(item).toEqual<MergeRequestItem>({
        host: 'gitlab.example.com',
        projectId: 7,
        projectPath: 'team/service',
        id: 7001,
        iid: 1,
        title: 'Repair the login',
        state: 'merged',
        draft: false,
        createdAt: '2026-11-04T00:00:00.000Z',
        updatedAt: '2026-11-04T02:00:00.000Z',
        mergedAt: '2026-11-04T02:00:00.000Z',
        closedAt: null,
        firstApprovedAt: '2026-11-04T01:00:00.000Z',
        firstCommentAt: '2026-11-04T00:30:00.000Z',
        author: 'alice',
        mergeUser: 'bob',
        sourceBranch: 'change-1',
        targetBranch: 'main',
        labels: ['bug'],
        filesChanged: 1,
        linesAdded: 5,
        linesDeleted: 3,
        sizeBucket: 'XS', // 5 + 3 = 8
        timeToMergeSeconds: 7200, // 00:00 to 02:00
        relatedTickets: [
          {
            kind: 'gitlab_issue',
            key: '#10',
            title: 'Login fails',
            url: 'https://gitlab.example.com/team/service/-/issues/10',
          },
          {
            kind: 'jira',
            key: 'PAY-1',
            url: 'https://jira.example.com/browse/PAY-1',
          },
        ],
        webUrl: 'https://gitlab.example.com/team/service/-/merge_requests/1',
      });
      expect(page.items.map(i => i.iid)).toEqual([13, 14, 3, 10, 1, 2, 20, 22]);
      const open = await listMergeRequests(store, {
        projects: ENTITY_PROJECTS,
        state: 'opened',
      });
      expect(open.items[0].timeToMergeSeconds).toBeNull();
    });

    it('adds the description only when asked', async () => {
      const store = await seeded();
      const page = await listMergeRequests(store, {
        projects: ENTITY_PROJECTS,
        limit: 1,
        includeDescription: true,
      });
      expect(page.items[0].description).toBe('Description of 13');
      expect(page.items[0].relatedTickets).toEqual([]);
    });

    it('rejects a bad limit or cursor', async () => {
      const store = await seeded();
      await expect(
        listMergeRequests(store, { projects: ENTITY_PROJECTS, limit: 0 }),
      ).rejects.toThrow('limit must be an integer from 1 to 100');
      await expect(
        listMergeRequests(store, { projects: ENTITY_PROJECTS, limit: 101 }),
      ).rejects.toThrow('limit');
      await expect(
        listMergeRequests(store, { projects: ENTITY_PROJECTS, cursor: 'abc' }),
      ).rejects.toThrow('cursor');
    });

    it('lists nothing for no projects', async () => {
      const store = await seeded();
      expect(await listMergeRequests(store, { projects: [] })).toEqual({
        items: [],
        nextCursor: null,
      });
    });
  },
);
