import {
  DurationStats,
  MetricsResponse,
} from '@delivery-insights/plugin-gitlab-delivery-common';

const HOUR = 3600;
const DAY = 24 * HOUR;

export function stats(
  median: number | null,
  p90: number | null,
  count: number,
): DurationStats {
  return { count, median, p75: p90, p90, mean: median };
}

export function createMetrics(
  overrides: Partial<MetricsResponse> = {},
): MetricsResponse {
  return {
    entityRef: 'component:default/shop',
    window: {
      from: '2025-01-01T00:00:00.000Z',
      to: '2025-01-31T00:00:00.000Z',
    },
    projects: [
      {
        host: 'gitlab.com',
        path: 'acme/shop',
        webUrl: 'https://gitlab.com/acme/shop',
      },
    ],
    timeToMerge: {
      ...stats(2 * DAY + 4 * HOUR, 5 * DAY, 42),
      weekly: [
        { week: '2025-W01', count: 0, median: null, p90: null },
        { week: '2025-W02', count: 9, median: 3 * DAY, p90: 6 * DAY },
        { week: '2025-W03', count: 12, median: 2 * DAY, p90: 5 * DAY },
        {
          week: '2025-W04',
          count: 11,
          median: 2 * DAY + 4 * HOUR,
          p90: 4 * DAY,
        },
        {
          week: '2025-W05',
          count: 10,
          median: 1 * DAY + 6 * HOUR,
          p90: 3 * DAY,
        },
      ],
    },
    timeToFirstComment: {
      ...stats(3 * HOUR + 600, 20 * HOUR, 40),
      withoutComment: 2,
    },
    timeToApprove: {
      ...stats(45 * 60, 6 * HOUR, 38),
      approvedWithoutComment: 1,
    },
    throughput: {
      total: 42,
      weekly: [
        { week: '2025-W01', merged: 0 },
        { week: '2025-W02', merged: 9 },
        { week: '2025-W03', merged: 12 },
        { week: '2025-W04', merged: 11 },
        { week: '2025-W05', merged: 10 },
      ],
    },
    size: {
      filesChanged: { median: 4, p90: 20 },
      linesChanged: { median: 120, p90: 900 },
      distribution: { XS: 5, S: 15, M: 12, L: 7, XL: 3 },
    },
    stateMix: {
      open: 6,
      draft: 2,
      merged: 42,
      closed: 3,
      locked: 0,
      oldestOpenAgeSeconds: 9 * DAY,
    },
    summary: {
      sentence:
        'Merged 42 merge requests: 20 features, 15 fixes and 7 dependency updates, mostly small.',
      merged: 42,
      byKind: {
        feature: 20,
        fix: 15,
        refactor: 0,
        docs: 0,
        deps: 7,
        chore: 0,
        other: 0,
      },
      medianSize: 'S',
      closedIssues: 11,
      topTickets: [
        {
          kind: 'jira',
          key: 'SHOP-12',
          url: 'https://jira.example.com/browse/SHOP-12',
        },
      ],
    },
    previous: {
      window: {
        from: '2024-12-02T00:00:00.000Z',
        to: '2025-01-01T00:00:00.000Z',
      },
      // Slower before: today's durations are an improvement.
      timeToMerge: stats(3 * DAY, 6 * DAY, 30),
      timeToFirstComment: stats(6 * HOUR, 30 * HOUR, 28),
      timeToApprove: stats(60 * 60, 8 * HOUR, 25),
      throughput: { total: 30 },
    },
    ...overrides,
  };
}

export function createEmptyMetrics(): MetricsResponse {
  const metrics = createMetrics();
  return {
    ...metrics,
    timeToMerge: { ...stats(null, null, 0), weekly: [] },
    timeToFirstComment: { ...stats(null, null, 0), withoutComment: 0 },
    timeToApprove: { ...stats(null, null, 0), approvedWithoutComment: 0 },
    throughput: { total: 0, weekly: [] },
    size: {
      filesChanged: { median: null, p90: null },
      linesChanged: { median: null, p90: null },
      distribution: { XS: 0, S: 0, M: 0, L: 0, XL: 0 },
    },
    stateMix: {
      open: 0,
      draft: 0,
      merged: 0,
      closed: 0,
      locked: 0,
      oldestOpenAgeSeconds: null,
    },
  };
}
