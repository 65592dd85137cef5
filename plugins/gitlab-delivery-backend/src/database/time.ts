import { DateTime } from 'luxon';

/** ISO 8601 to epoch milliseconds, as the tables store times. @internal */
export function toMillis(iso: string | null | undefined): number | null {
  if (!iso) return null;
  const value = DateTime.fromISO(iso, { zone: 'utc' });
  if (!value.isValid) throw new Error(`Invalid time "${iso}"`);
  return value.toMillis();
}

/** Epoch milliseconds (a string from PostgreSQL's bigint) to ISO 8601 UTC. @internal */
export function fromMillis(
  value: string | number | null | undefined,
): string | null {
  if (value === null || value === undefined) return null;
  return DateTime.fromMillis(Number(value), { zone: 'utc' }).toISO();
}
