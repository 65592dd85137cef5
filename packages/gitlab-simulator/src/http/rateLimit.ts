/** Requests per minute advertised when no limit is configured (gitlab.com's authenticated API limit). */
export const ADVERTISED_LIMIT = 2000;
const WINDOW_MS = 60_000;

/** The rate limit state of one request. */
export interface RateLimitDecision {
  limited: boolean;
  headers: Record<string, string>;
}

/** Fixed one-minute windows per token (or per client address without a token), like Rack::Attack throttles. */
export class RateLimiter {
  private readonly windows = new Map<
    string,
    { start: number; count: number }
  >();

  constructor(
    private readonly requestsPerMinute: number | undefined,
    private readonly now: () => number,
  ) {}

  /** Counts one request for `key` and returns the headers to send. */
  hit(key: string, authenticated: boolean): RateLimitDecision {
    const nowMs = this.now();
    const start = Math.floor(nowMs / WINDOW_MS) * WINDOW_MS;
    let window = this.windows.get(key);
    if (!window || window.start !== start) {
      window = { start, count: 0 };
      this.windows.set(key, window);
    }
    window.count++;
    const limit = this.requestsPerMinute ?? ADVERTISED_LIMIT;
    const limited =
      this.requestsPerMinute !== undefined && window.count > limit;
    const resetMs = start + WINDOW_MS;
    const headers: Record<string, string> = {
      'RateLimit-Name': authenticated
        ? 'throttle_authenticated_api'
        : 'throttle_unauthenticated_api',
      'RateLimit-Limit': String(limit),
      'RateLimit-Observed': String(window.count),
      'RateLimit-Remaining': String(Math.max(limit - window.count, 0)),
      'RateLimit-Reset': String(Math.ceil(resetMs / 1000)),
    };
    if (limited) {
      headers['RateLimit-ResetTime'] = new Date(resetMs).toUTCString();
      headers['Retry-After'] = String(
        Math.max(Math.ceil((resetMs - nowMs) / 1000), 1),
      );
    }
    return { limited, headers };
  }

  /** Forgets all counters. */
  reset(): void {
    this.windows.clear();
  }
}
