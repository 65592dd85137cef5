import { DateTime } from 'luxon';

/** "3 hours ago" for an ISO time; "never" when absent. @internal */
export function formatRelativeTime(iso: string | null | undefined): string {
  if (!iso) return 'never';
  const time = DateTime.fromISO(iso);
  return time.isValid ? time.toRelative() ?? iso : iso;
}

/** A full local date and time for an ISO time, for tooltips and titles. @internal */
export function formatAbsoluteTime(iso: string | null | undefined): string {
  if (!iso) return '';
  const time = DateTime.fromISO(iso);
  return time.isValid ? time.toLocaleString(DateTime.DATETIME_MED) : iso;
}

/** A local date for an ISO time ("Mar 4, 2025"). @internal */
export function formatDate(iso: string | null | undefined): string {
  if (!iso) return '–';
  const time = DateTime.fromISO(iso);
  return time.isValid ? time.toLocaleString(DateTime.DATE_MED) : iso;
}

/** Seconds from an ISO time to now; null when absent. @internal */
export function secondsSince(iso: string | null | undefined): number | null {
  if (!iso) return null;
  const time = DateTime.fromISO(iso);
  return time.isValid ? Math.max(0, -time.diffNow('seconds').seconds) : null;
}
