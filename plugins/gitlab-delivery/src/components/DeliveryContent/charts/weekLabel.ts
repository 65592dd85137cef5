import { DateTime } from 'luxon';

/** A short label for an ISO week ("2025-W10") or its first day: "Mar 3". @internal */
export function weekLabel(week: string): string {
  const date = DateTime.fromISO(week, { zone: 'utc' });
  return date.isValid ? date.toFormat('LLL d') : week;
}
