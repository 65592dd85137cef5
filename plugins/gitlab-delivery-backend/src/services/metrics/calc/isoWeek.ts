import { DateTime } from 'luxon';

const WEEK_MILLIS = 7 * 24 * 60 * 60 * 1000;
const FORMAT = "kkkk-'W'WW";

/** The ISO week (UTC) of a time in epoch milliseconds, as 'YYYY-Www', e.g. '2026-W45'. @internal */
export function isoWeek(millis: number): string {
  return DateTime.fromMillis(millis, { zone: 'utc' }).toFormat(FORMAT);
}

/**
 * Every ISO week (UTC) that overlaps the window [from, to), oldest first:
 * from the week holding `from` to the week holding the window's last millisecond.
 * @internal
 */
export function weeksOfWindow(fromMillis: number, toMillis: number): string[] {
  return weekSeries(fromMillis, toMillis).weeks;
}

/**
 * The ISO weeks of a window and a way to find a time's week among them.
 * UTC weeks are exactly seven days long, so a time's week is plain division.
 * @internal
 */
export function weekSeries(
  fromMillis: number,
  toMillis: number,
): { weeks: string[]; indexOf: (millis: number) => number } {
  const first = DateTime.fromMillis(fromMillis, { zone: 'utc' }).startOf(
    'week',
  );
  const start = first.toMillis();
  const weeks: string[] = [];
  if (toMillis <= fromMillis) return { weeks, indexOf: () => -1 };
  for (
    let week = first;
    week.toMillis() < toMillis;
    week = week.plus({ weeks: 1 })
  ) {
    weeks.push(week.toFormat(FORMAT));
  }
  return {
    weeks,
    indexOf: millis => Math.floor((millis - start) / WEEK_MILLIS),
  };
}
