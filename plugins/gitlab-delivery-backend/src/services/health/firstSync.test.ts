import { DateTime } from 'luxon';
import { firstSyncProgress } from './firstSync';

const cursor = (total: number | null) => ({
  host: 'gitlab.example.com',
  projectId: 7,
  updatedAt: null,
  readAt: null,
  reconciledAt: null,
  backfill:
    total === null ? null : { total, startedAt: '2026-11-30T10:00:00.000Z' },
});
const at = (seconds: number) =>
  DateTime.fromISO('2026-11-30T10:00:00.000Z').plus({ seconds });

describe('firstSyncProgress', () => {
  it('estimates the time left from the pace so far', () => {
    // 2,000 of 10,000 in 60 s: 8,000 more take 240 s.
    expect(firstSyncProgress(cursor(10_000), 2_000, 300, at(60))).toEqual({
      stored: 2_000,
      total: 10_000,
      startedAt: '2026-11-30T10:00:00.000Z',
      estimatedSecondsLeft: 240,
    });
  });

  it('estimates from the request budget before the first page is stored', () => {
    // 300 requests a minute of 100 MRs each: 500 MRs a second.
    expect(
      firstSyncProgress(cursor(10_000), 0, 300, at(1))?.estimatedSecondsLeft,
    ).toBe(20);
  });

  it('is absent once the first sync is over', () => {
    expect(
      firstSyncProgress(cursor(null), 10_000, 300, at(600)),
    ).toBeUndefined();
    expect(firstSyncProgress(undefined, 0, 300, at(0))).toBeUndefined();
  });
});
