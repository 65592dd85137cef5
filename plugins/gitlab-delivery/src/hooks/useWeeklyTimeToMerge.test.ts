import { createMergeRequest } from '../__testUtils__/mergeRequests';
import { weeklyTimeToMerge } from './useWeeklyTimeToMerge';

describe('weeklyTimeToMerge', () => {
  const window = {
    from: '2025-01-01T00:00:00.000Z',
    to: '2025-01-31T00:00:00.000Z',
  };

  it('groups merged MRs by the ISO week they merged in, with the median', () => {
    const items = [
      createMergeRequest({
        iid: 1,
        mergedAt: '2025-01-07T10:00:00Z',
        timeToMergeSeconds: 100,
      }),
      createMergeRequest({
        iid: 2,
        mergedAt: '2025-01-08T10:00:00Z',
        timeToMergeSeconds: 300,
      }),
      createMergeRequest({
        iid: 3,
        mergedAt: '2025-01-12T23:00:00Z',
        timeToMergeSeconds: 200,
      }),
      createMergeRequest({
        iid: 4,
        mergedAt: '2025-01-14T10:00:00Z',
        timeToMergeSeconds: 50,
      }),
      createMergeRequest({
        iid: 5,
        mergedAt: '2025-01-15T10:00:00Z',
        timeToMergeSeconds: 150,
      }),
    ];
    expect(weeklyTimeToMerge(items, window)).toEqual([
      { week: '2025-W02', count: 3, medianSeconds: 200 },
      { week: '2025-W03', count: 2, medianSeconds: 100 },
    ]);
  });

  it('leaves out MRs merged outside the window or without a time to merge', () => {
    const items = [
      createMergeRequest({ iid: 1, mergedAt: '2024-12-20T10:00:00Z' }),
      createMergeRequest({
        iid: 2,
        mergedAt: null,
        state: 'opened',
        timeToMergeSeconds: null,
      }),
      createMergeRequest({
        iid: 3,
        mergedAt: '2025-01-20T10:00:00Z',
        timeToMergeSeconds: 60,
      }),
    ];
    expect(weeklyTimeToMerge(items, window)).toEqual([
      { week: '2025-W04', count: 1, medianSeconds: 60 },
    ]);
  });
});
