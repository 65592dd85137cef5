import { DateTime } from 'luxon';

/** The time windows the metrics can be shown for, in days. @public */
export type DeliveryWindowDays = 7 | 30 | 90;

/** The selectable windows, shortest first. @internal */
export const DELIVERY_WINDOWS: DeliveryWindowDays[] = [7, 30, 90];

/** The window ending now, as ISO times rounded down to the minute. @internal */
export function windowEndingNow(days: number): { from: string; to: string } {
  const to = DateTime.utc().startOf('minute');
  return {
    from: to.minus({ days }).toISO() ?? '',
    to: to.toISO() ?? '',
  };
}
