import { Duration } from 'luxon';

/**
 * Formats seconds as a short human duration with its two largest units:
 * "2d 4h", "3h 10m", "45m"; "<1m" below a minute; "–" for no value.
 * @internal
 */
export function formatDuration(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds)) {
    return '–';
  }
  const minutes = Math.round(Math.max(0, seconds) / 60);
  if (minutes < 1) {
    return '<1m';
  }
  const {
    days,
    hours,
    minutes: mins,
  } = Duration.fromObject({ minutes })
    .shiftTo('days', 'hours', 'minutes')
    .toObject();
  const parts: Array<[number, string]> = [
    [days ?? 0, 'd'],
    [hours ?? 0, 'h'],
    [mins ?? 0, 'm'],
  ];
  const first = parts.findIndex(([value]) => value > 0);
  return parts
    .slice(first, first + 2)
    .filter(([value]) => value > 0)
    .map(([value, unit]) => `${value}${unit}`)
    .join(' ');
}
