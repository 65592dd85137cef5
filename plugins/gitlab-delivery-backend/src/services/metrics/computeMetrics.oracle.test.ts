import { testDatabases } from '../../__testUtils__/databases';
import { DatabaseMergeRequestStore } from '../../database/MergeRequestStore';
import { MergeRequestRecord } from '../../database/types';
import {
  GENERATED_ENTITY,
  GENERATED_START,
  generatedRecords,
} from './__testUtils__/generated';
import { storeRecords } from './__testdata__/seed';
import { metricsOfRecords } from './__testUtils__/metricsOfRecords';
import { computeMetrics } from './computeMetrics';

const databases = testDatabases();

const RECORDS = generatedRecords(1600);
const NOW = '2027-03-20T00:00:00.000Z';
const DAY = 86_400_000;

/**
 * The entity's MRs in the order the store reads ticket references: by merge
 * time, then host, project and iid. Where MRs give one ticket different
 * details, the in-memory tally keeps the first it sees.
 */
function inMergeOrder(
  records: readonly MergeRequestRecord[],
): MergeRequestRecord[] {
  const merged = (r: MergeRequestRecord) =>
    r.mergedAt === null ? Infinity : Date.parse(r.mergedAt);
  return records
    .filter(r =>
      GENERATED_ENTITY.some(
        p => p.host === r.host && p.projectId === r.projectId,
      ),
    )
    .sort(
      (a, b) =>
        merged(a) - merged(b) ||
        (a.host < b.host ? -1 : Number(a.host > b.host)) ||
        a.projectId - b.projectId ||
        a.iid - b.iid,
    );
}

const ENTITY_RECORDS = inMergeOrder(RECORDS);

const day = (n: number) => new Date(GENERATED_START + n * DAY).toISOString();
const aMerge = RECORDS.map(r => r.mergedAt).find(
  merged => merged !== null && merged > day(500) && merged < day(600),
)!;

const WINDOWS: Array<[string, string, string]> = [
  ['the default 30 days', day(500), day(530)],
  ['90 days', day(400), day(490)],
  ['the longest window, 365 days', day(420), day(785)],
  [
    'a window of one hour',
    day(300),
    new Date(GENERATED_START + 300 * DAY + 3_600_000).toISOString(),
  ],
  ['a window that starts at a merge', aMerge, day(700)],
  [
    'a window before every MR',
    '2024-01-01T00:00:00.000Z',
    '2024-02-01T00:00:00.000Z',
  ],
  [
    'a window after every MR',
    '2028-01-01T00:00:00.000Z',
    '2028-12-01T00:00:00.000Z',
  ],
];

describe.each(databases.eachSupportedId())(
  'computeMetrics against the in-memory definitions on %p',
  databaseId => {
    let store: DatabaseMergeRequestStore;

    beforeAll(async () => {
      store = await storeRecords(await databases.init(databaseId), RECORDS);
    });

    it.each(WINDOWS)('gives the same figures over %s', async (_, from, to) => {
      const options = {
        from,
        to,
        now: NOW,
        excludeAuthors: ['*[bot]', '*-bot'],
        jiraBaseUrl: 'https://jira.example.com',
      };
      const metrics = await computeMetrics(store, {
        ...options,
        projects: GENERATED_ENTITY,
      });
      expect(metrics).toEqual(metricsOfRecords(ENTITY_RECORDS, options));
    });

    it('has figures worth comparing', async () => {
      const metrics = await computeMetrics(store, {
        from: day(420),
        to: day(785),
        now: NOW,
        excludeAuthors: ['*[bot]'],
        projects: GENERATED_ENTITY,
      });
      expect(metrics.throughput.total).toBeGreaterThan(150);
      expect(metrics.timeToFirstComment.withoutComment).toBeGreaterThan(50);
      expect(metrics.size.distribution.XL).toBeGreaterThan(10);
      expect(metrics.summary.closedIssues).toBeGreaterThan(5);
      expect(metrics.summary.topTickets).toHaveLength(5);
      expect(metrics.stateMix.open).toBeGreaterThan(10);
    });

    it.each([
      ['nobody excluded', []],
      ['one author excluded by name', ['alice']],
      ['patterns that match nobody', ['nobody-*']],
      // More than eight authors are left out with NOT IN rather than <>.
      ['every author', ['*']],
      [
        'nine names',
        ['a1', 'a2', 'a3', 'a4', 'a5', 'a6', 'scott', 'bob', 'release-bot'],
      ],
    ])('gives the same figures with %s', async (_, excludeAuthors) => {
      const options = {
        from: day(420),
        to: day(785),
        now: NOW,
        excludeAuthors,
      };
      const metrics = await computeMetrics(store, {
        ...options,
        projects: GENERATED_ENTITY,
      });
      expect(metrics).toEqual(metricsOfRecords(ENTITY_RECORDS, options));
    });

    it('reads only the projects asked for', async () => {
      const options = {
        from: day(420),
        to: day(785),
        now: NOW,
        excludeAuthors: ['*[bot]'],
      };
      const [other] = GENERATED_ENTITY.slice(2);
      const metrics = await computeMetrics(store, {
        ...options,
        projects: [other],
      });
      expect(metrics).toEqual(
        metricsOfRecords(
          ENTITY_RECORDS.filter(
            r => r.host === other.host && r.projectId === other.projectId,
          ),
          options,
        ),
      );
    });
  },
);
