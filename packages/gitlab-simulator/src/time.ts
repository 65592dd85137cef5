/** Parses an ISO date or date-time; returns NaN when invalid. */
export function toMillis(value: string | null | undefined): number {
  if (!value) {
    return NaN;
  }
  return Date.parse(
    /^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T00:00:00Z` : value,
  );
}

/** Formats milliseconds as GitLab does in JSON: `2024-01-31T12:00:00.000Z`. */
export function isoTime(ms: number): string {
  return new Date(ms).toISOString();
}

/** Normalizes a timestamp string to GitLab's format, or null. */
export function isoOrNull(value: string | null | undefined): string | null {
  const ms = toMillis(value);
  return Number.isNaN(ms) ? null : isoTime(ms);
}

/** Formats a `YYYY-MM-DD` date, or null. */
export function dateOrNull(value: string | null | undefined): string | null {
  const ms = toMillis(value);
  return Number.isNaN(ms) ? null : isoTime(ms).slice(0, 10);
}

/** True when a date-valued expiry (`YYYY-MM-DD`) has been reached at `nowMs`. */
export function isExpired(
  expiresAt: string | null | undefined,
  nowMs: number,
): boolean {
  const ms = toMillis(expiresAt);
  return !Number.isNaN(ms) && ms <= nowMs;
}
