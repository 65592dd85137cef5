import { RelatedTicket } from '@delivery-insights/plugin-gitlab-delivery-common';
import { Knex } from 'knex';
import { testDatabases } from '../../__testUtils__/databases';
import { MergeRequestRecord } from '../../database/types';
import { storeRecords } from './__testdata__/seed';
import { metricsOfRecords } from './__testUtils__/metricsOfRecords';
import { computeMetrics } from './computeMetrics';

const databases = testDatabases();

// [2026-11-02, 2026-11-16): ISO weeks W45 and W46, both whole.
const FROM = '2026-11-02T00:00:00.000Z';
const TO = '2026-11-16T00:00:00.000Z';
const NOW = '2026-11-20T00:00:00.000Z';
const PROJECT = { host: 'gitlab.example.com', projectId: 5 };

/** An MR created at `created`, merged `mergeSeconds` later (none when null). */
function mr(
  iid: number,
  created: string,
  mergeSeconds: number | null,
  fields: Partial<MergeRequestRecord> = {},
): MergeRequestRecord {
  const createdAt = Date.parse(created);
  const mergedAt =
    mergeSeconds === null
      ? null
      : new Date(createdAt + mergeSeconds * 1000).toISOString();
  return {
    ...PROJECT,
    projectPath: 'team/service',
    id: 500 + iid,
    iid,
    title: `Change ${iid}`,
    description: null,
    state: mergedAt ? 'merged' : 'opened',
    draft: false,
    createdAt: created,
    updatedAt: mergedAt ?? created,
    mergedAt,
    closedAt: null,
    firstApprovedAt: null,
    firstCommentAt: null,
    author: 'alice',
    mergeUser: null,
    sourceBranch: `change-${iid}`,
    targetBranch: 'main',
    labels: [],
    filesChanged: iid,
    linesAdded: 10 * iid,
    linesDeleted: 0,
    relatedTickets: [],
    webUrl: `https://gitlab.example.com/team/service/-/merge_requests/${iid}`,
    ...fields,
  };
}

/**
 * On PostgreSQL, gives the ticket columns a linguistic collation, as a
 * database created with one would, which sorts "alpha" before "Zeta".
 */
async function linguisticTickets(knex: Knex): Promise<void> {
  if (knex.client.dialect !== 'postgresql') return;
  const icu = await knex('pg_collation').where('collname', 'en-x-icu').first();
  if (!icu) return;
  await knex.raw(
    `ALTER TABLE gitlab_delivery_merge_request_tickets
       ALTER COLUMN "key" TYPE text COLLATE "en-x-icu",
       ALTER COLUMN ticket TYPE text COLLATE "en-x-icu"`,
  );
}

const options = {
  from: FROM,
  to: TO,
  now: NOW,
  excludeAuthors: ['*[bot]'],
  jiraBaseUrl: 'https://jira.example.com',
};

describe.each(databases.eachSupportedId())(
  'exact figures from the store on %p',
  databaseId => {
    async function metricsOf(
      records: MergeRequestRecord[],
      prepare?: (knex: Knex) => Promise<void>,
    ) {
      const knex = await databases.init(databaseId);
      const store = await storeRecords(knex, records);
      await prepare?.(knex);
      const metrics = await computeMetrics(store, {
        ...options,
        projects: [PROJECT],
      });
      expect(metrics).toEqual(metricsOfRecords(records, options));
      return metrics;
    }

    it('gives every statistic of tied values as that value', async () => {
      const metrics = await metricsOf(
        [1, 2, 3, 4].map(i => mr(i, `2026-11-0${2 + i}T00:00:00.000Z`, 3600)),
      );
      expect(metrics.timeToMerge).toMatchObject({
        count: 4,
        median: 3600,
        p75: 3600,
        p90: 3600,
        mean: 3600,
      });
    });

    it('interpolates between the two middle values of an even count', async () => {
      const metrics = await metricsOf([
        mr(1, '2026-11-03T00:00:00.000Z', 60),
        mr(2, '2026-11-04T00:00:00.000Z', 120),
      ]);
      // Ranks 0.5, 0.75 and 0.9 between 60 and 120.
      expect(metrics.timeToMerge).toMatchObject({
        median: 90,
        p75: 105,
        p90: 114,
        mean: 90,
      });
    });

    it('takes the middle value of an odd count', async () => {
      const metrics = await metricsOf([
        mr(1, '2026-11-03T00:00:00.000Z', 300),
        mr(2, '2026-11-04T00:00:00.000Z', 60),
        mr(3, '2026-11-05T00:00:00.000Z', 120),
      ]);
      // Sorted 60, 120, 300: p75 rank 1.5 -> 210; p90 rank 1.8 -> 264.
      expect(metrics.timeToMerge).toMatchObject({
        median: 120,
        p75: 210,
        p90: 264,
        mean: 160,
      });
    });

    it('gives a single value and a week with one MR as that value', async () => {
      const metrics = await metricsOf([
        mr(1, '2026-11-10T00:00:00.000Z', 7200, {
          firstCommentAt: '2026-11-09T23:00:00.000Z',
        }),
      ]);
      expect(metrics.timeToMerge.weekly).toEqual([
        { week: '2026-W45', count: 0, median: null, p90: null },
        { week: '2026-W46', count: 1, median: 7200, p90: 7200 },
      ]);
      expect(metrics.size.linesChanged).toEqual({ median: 10, p90: 10 });
      // A comment stamped before the creation counts as instant.
      expect(metrics.timeToFirstComment).toMatchObject({
        count: 1,
        median: 0,
        mean: 0,
      });
    });

    it('reports an empty window with nulls and every week', async () => {
      const metrics = await metricsOf([
        mr(1, '2026-10-01T00:00:00.000Z', 3600),
        mr(2, '2026-12-01T00:00:00.000Z', 3600),
      ]);
      expect(metrics.timeToMerge.count).toBe(0);
      expect(metrics.timeToMerge.median).toBeNull();
      expect(metrics.throughput.weekly.map(w => w.merged)).toEqual([0, 0]);
      expect(metrics.summary.sentence).toBe('No MRs merged');
    });

    it('leaves out every MR of excluded authors', async () => {
      const metrics = await metricsOf([
        mr(1, '2026-11-03T00:00:00.000Z', 60, { author: 'renovate[bot]' }),
        mr(2, '2026-11-04T00:00:00.000Z', null, { author: 'renovate[bot]' }),
        mr(3, '2026-11-05T00:00:00.000Z', 120, {
          author: 'dependabot[bot]',
          relatedTickets: [{ kind: 'jira', key: 'PAY-1' }],
        }),
      ]);
      expect(metrics.throughput.total).toBe(0);
      expect(metrics.timeToFirstComment.withoutComment).toBe(0);
      expect(metrics.stateMix.open).toBe(0);
      expect(metrics.summary.topTickets).toEqual([]);
    });

    it('ranks tickets by MRs, then by key as code units', async () => {
      // Six tickets: the last place goes to "team/Zeta#1" before "team/alpha#1".
      const issue = (key: string, relation?: 'mentions'): RelatedTicket => ({
        kind: 'gitlab_issue',
        key,
        url: `https://gitlab.example.com/${key.replace('#', '/-/issues/')}`,
        ...(relation && { relation }),
      });
      const records = [
        mr(1, '2026-11-03T00:00:00.000Z', 60, {
          relatedTickets: [
            issue('team/Zeta#1'),
            { kind: 'jira', key: 'PAY-2' },
          ],
        }),
        mr(2, '2026-11-03T01:00:00.000Z', 60, {
          relatedTickets: [
            issue('team/alpha#1'),
            issue('team/Beta#2', 'mentions'),
            { kind: 'jira', key: 'PAY-11' },
          ],
        }),
        mr(3, '2026-11-03T02:00:00.000Z', 60, {
          relatedTickets: [
            { kind: 'jira', key: 'PAY-10' },
            { kind: 'jira', key: 'PAY-2' },
            issue('team/Beta#2'),
          ],
        }),
      ];
      const metrics = await metricsOf(records, linguisticTickets);
      expect(metrics.summary.topTickets.map(t => t.key)).toEqual([
        'PAY-2',
        'team/Beta#2',
        'PAY-10',
        'PAY-11',
        'team/Zeta#1',
      ]);
      // Beta#2 is mentioned by one MR and closed by another: closed.
      expect(metrics.summary.closedIssues).toBe(3);
    });
  },
);
