import {
  EXCLUDE_AUTHORS,
  EXPECTED,
  FROM,
  JIRA,
  NOW,
  PROJECT_C,
  RECORDS,
  TO,
} from '../__testdata__/dataset';
import { metricsOfRecords } from '../__testUtils__/metricsOfRecords';

const entityRecords = RECORDS.filter(r => r.projectId !== PROJECT_C.projectId);
const options = {
  from: FROM,
  to: TO,
  now: NOW,
  excludeAuthors: EXCLUDE_AUTHORS,
  jiraBaseUrl: JIRA,
};

describe('metric definitions on the hand-built dataset', () => {
  const metrics = metricsOfRecords(entityRecords, options);

  it.each([
    'window',
    'timeToMerge',
    'timeToFirstComment',
    'timeToApprove',
    'throughput',
    'size',
    'stateMix',
    'summary',
    'previous',
  ] as const)('computes %s', part => {
    expect(metrics[part]).toEqual(EXPECTED[part]);
  });

  it('does not depend on the order of the MRs', () => {
    expect(metricsOfRecords([...entityRecords].reverse(), options)).toEqual(
      EXPECTED,
    );
  });

  it('counts bots when nobody is excluded', () => {
    const all = metricsOfRecords(entityRecords, {
      ...options,
      excludeAuthors: [],
    });
    // Bot MR 10 merged in the window (1h): 6 merged, and bot MR 11 (open since
    // 2026-08-01, 116 days before `to`) becomes the oldest open MR.
    expect(all.throughput.total).toBe(6);
    expect(all.stateMix.open).toBe(3);
    expect(all.stateMix.oldestOpenAgeSeconds).toBe(116 * 86400);
    // Bot MR 21 merged in the previous window.
    expect(all.previous.throughput.total).toBe(4);
  });

  it('takes the oldest open age at now when now is before to', () => {
    const early = metricsOfRecords(entityRecords, {
      ...options,
      now: '2026-11-20T00:00:00Z',
    });
    // 2026-09-01 to 2026-11-20: 30 + 31 + 19 = 80 days
    expect(early.stateMix.oldestOpenAgeSeconds).toBe(80 * 86400);
  });

  it('leaves Jira keys without URLs when no base URL is set', () => {
    const plain = metricsOfRecords(entityRecords, {
      ...options,
      jiraBaseUrl: undefined,
    });
    expect(plain.summary.topTickets[1]).toEqual({ kind: 'jira', key: 'PAY-1' });
  });

  it('reports an empty window with nulls, zeros and every week', () => {
    const empty = metricsOfRecords([], options);
    expect(empty.timeToMerge).toEqual({
      count: 0,
      median: null,
      p75: null,
      p90: null,
      mean: null,
      weekly: ['2026-W45', '2026-W46', '2026-W47', '2026-W48'].map(week => ({
        week,
        count: 0,
        median: null,
        p90: null,
      })),
    });
    expect(empty.timeToFirstComment.withoutComment).toBe(0);
    expect(empty.throughput.weekly.map(w => w.merged)).toEqual([0, 0, 0, 0]);
    expect(empty.size).toEqual({
      filesChanged: { median: null, p90: null },
      linesChanged: { median: null, p90: null },
      distribution: { XS: 0, S: 0, M: 0, L: 0, XL: 0 },
    });
    expect(empty.stateMix.oldestOpenAgeSeconds).toBeNull();
    expect(empty.summary.sentence).toBe('No MRs merged');
    expect(empty.summary.medianSize).toBeNull();
  });

  it('leaves MRs without diff stats out of the size figures only', () => {
    const [first] = entityRecords;
    const unknown = {
      ...first,
      linesAdded: null,
      linesDeleted: null,
      filesChanged: null,
    };
    const sizeless = metricsOfRecords([unknown], options);
    expect(sizeless.timeToMerge.count).toBe(1);
    expect(sizeless.size.linesChanged.median).toBeNull();
    expect(sizeless.size.distribution).toEqual({
      XS: 0,
      S: 0,
      M: 0,
      L: 0,
      XL: 0,
    });
    expect(sizeless.summary.sentence).toBe(
      '1 MR merged; a fix; 1 closed issue',
    );
  });
});
