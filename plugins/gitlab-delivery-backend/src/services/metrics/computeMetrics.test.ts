import { testDatabases } from '../../__testUtils__/databases';
import {
  ENTITY_PROJECTS,
  EXCLUDE_AUTHORS,
  EXPECTED,
  FROM,
  JIRA,
  NOW,
  PROJECT_A,
  TO,
} from './__testdata__/dataset';
import { DatabaseMergeRequestStore } from '../../database/MergeRequestStore';
import { seedDataset } from './__testdata__/seed';
import { computeMetrics } from './computeMetrics';

const databases = testDatabases();

describe.each(databases.eachSupportedId())(
  'computeMetrics on %p',
  databaseId => {
    async function seeded() {
      const knex = await databases.init(databaseId);
      await seedDataset(knex);
      return new DatabaseMergeRequestStore(knex);
    }

    const options = {
      projects: ENTITY_PROJECTS,
      from: FROM,
      to: TO,
      now: NOW,
      excludeAuthors: EXCLUDE_AUTHORS,
      jiraBaseUrl: JIRA,
    };

    it('computes the hand-worked figures of the dataset', async () => {
      const store = await seeded();
      expect(await computeMetrics(store, options)).toEqual(EXPECTED);
    });

    it('counts bots when nobody is excluded', async () => {
      const store = await seeded();
      const metrics = await computeMetrics(store, {
        ...options,
        excludeAuthors: [],
      });
      // Bot MRs 10 (merged in the window), 11 (open) and 21 (merged before) now count.
      expect(metrics.throughput.total).toBe(6);
      expect(metrics.stateMix.open).toBe(3);
      expect(metrics.previous.throughput.total).toBe(4);
    });

    it('narrows to the given projects', async () => {
      const store = await seeded();
      const metrics = await computeMetrics(store, {
        ...options,
        projects: [{ host: PROJECT_A.host, projectId: PROJECT_A.projectId }],
      });
      // Project A merged MRs 1, 2 and 3 in the window (bot MR 10 excluded).
      expect(metrics.throughput.total).toBe(3);
      expect(metrics.throughput.weekly).toEqual([
        { week: '2026-W45', merged: 2 },
        { week: '2026-W46', merged: 1 },
        { week: '2026-W47', merged: 0 },
        { week: '2026-W48', merged: 0 },
      ]);
      // W45: 7200 and 172800 s; W46: MR 3 alone, 345600 s.
      expect(metrics.timeToMerge.weekly).toEqual([
        { week: '2026-W45', count: 2, median: 90000, p90: 156240 },
        { week: '2026-W46', count: 1, median: 345600, p90: 345600 },
        { week: '2026-W47', count: 0, median: null, p90: null },
        { week: '2026-W48', count: 0, median: null, p90: null },
      ]);
      // A's MRs 1, 2: fix, feature; MR 3: fix.
      expect(metrics.summary.sentence).toBe(
        '3 MRs merged; fixes (2) and features (1), median size S; 2 closed issues',
      );
    });

    it('reports an entity without projects as empty', async () => {
      const store = await seeded();
      const metrics = await computeMetrics(store, { ...options, projects: [] });
      expect(metrics.throughput.total).toBe(0);
      expect(metrics.summary.sentence).toBe('No MRs merged');
    });

    it('rejects a reversed window', async () => {
      const store = await seeded();
      await expect(
        computeMetrics(store, { ...options, from: TO, to: FROM }),
      ).rejects.toThrow('from must be before to');
    });
  },
);
