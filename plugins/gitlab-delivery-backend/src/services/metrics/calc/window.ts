import { InputError } from '@backstage/errors';
import { DateTime, Duration } from 'luxon';
import { TimeWindow } from '../../../database/types';


/** The window the metrics use when the request names none. @internal */
export const DEFAULT_WINDOW = Duration.fromObject({ days: 30 });

/** The longest window the metrics accept. @internal */
export const MAX_WINDOW = Duration.fromObject({ days: 365 });

/** ISO 8601 to epoch milliseconds; an InputError names the field when it is not a time. @internal */
export function parseTime(field: string, value: string): number {
  const time = DateTime.fromISO(value, { zone: 'utc' });
  if (!time.isValid) {
    throw new InputError(`${field} must be an ISO 8601 time, got "${value}"`);
  }
  return time.toMillis();
}

/** Epoch milliseconds as ISO 8601 UTC. @internal */
export function isoTime(millis: number): string {
  return DateTime.fromMillis(millis, { zone: 'utc' }).toISO()!;
}

/**
 * The window of a metrics request: `to` defaults to now and `from` to 30 days
 * before `to`; `from` must come before `to`, at most 365 days apart.
 * Mistakes throw an InputError naming the field.
 * @internal
 */
export function resolveWindow(
  query: { from?: string; to?: string },
  now: string | number = Date.now(),
): TimeWindow {
  const clock = typeof now === 'number' ? now : parseTime('now', now);
  const to = query.to !== undefined ? parseTime('to', query.to) : clock;
  const from =
    query.from !== undefined
      ? parseTime('from', query.from)
      : to - DEFAULT_WINDOW.toMillis();
  if (from >= to) throw new InputError('from must be before to');
  if (to - from > MAX_WINDOW.toMillis()) {
    throw new InputError('from must be at most 365 days before to');
  }
  return { from, to };
}

/** The window of equal length that ends where this one starts. @internal */
export function previousWindow(window: TimeWindow): TimeWindow {
  return { from: window.from - (window.to - window.from), to: window.from };
}

/** Whether a time falls in the window [from, to). @internal */
export function inWindow(millis: number | null, window: TimeWindow): boolean {
  return millis !== null && millis >= window.from && millis < window.to;
}
