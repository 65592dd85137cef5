import { sleep, Sleep } from '../lib/sleep';

/** How long the budget waits at most for one pause GitLab asks for. */
const MAX_PAUSE_MS = 120_000;

/**
 * The request budget of one GitLab host: a token bucket of
 * `requestsPerMinute`, slowed down further by GitLab's `RateLimit-*` headers
 * and paused by a `Retry-After`.
 * @internal
 */
export class RateBudget {
  private readonly perMs: number;
  private readonly capacity: number;
  private readonly delayScale: number;
  private readonly now: () => number;
  private readonly sleep: Sleep;
  private tokens: number;
  private refilledAt: number;
  private pausedUntil = 0;

  /**
   * @param options.requestsPerMinute - the most requests sent in a minute
   * @param options.delayScale - multiplies the pauses GitLab asks for (tests use a small value)
   */
  constructor(options: {
    requestsPerMinute: number;
    delayScale?: number;
    now?: () => number;
    sleep?: Sleep;
  }) {
    const perMinute = Math.max(1, options.requestsPerMinute);
    this.perMs = perMinute / 60_000;
    // A burst of a tenth of the minute's budget keeps the start of a sync fast
    // without front-loading the whole minute.
    this.capacity = Math.max(1, Math.ceil(perMinute / 10));
    this.delayScale = options.delayScale ?? 1;
    this.now = options.now ?? Date.now;
    this.sleep = options.sleep ?? sleep;
    this.tokens = this.capacity;
    this.refilledAt = this.now();
  }

  /**
   * Waits until a request may be sent, and takes one token; rejects as soon
   * as the signal aborts, so a long pause never holds a run past its budget.
   */
  async acquire(signal?: AbortSignal): Promise<void> {
    for (;;) {
      signal?.throwIfAborted();
      const now = this.now();
      this.tokens = Math.min(
        this.capacity,
        this.tokens + (now - this.refilledAt) * this.perMs,
      );
      this.refilledAt = now;
      const paused = this.pausedUntil - now;
      if (paused <= 0 && this.tokens >= 1) {
        this.tokens -= 1;
        return;
      }
      const refill = this.tokens >= 1 ? 0 : (1 - this.tokens) / this.perMs;
      await this.sleep(
        Math.max(1, Math.ceil(Math.max(paused, refill))),
        signal,
      );
    }
  }

  /** Reads GitLab's `RateLimit-Remaining` and `RateLimit-Reset` and paces the next requests. */
  observe(headers: Headers): void {
    const remaining = Number(headers.get('ratelimit-remaining') ?? NaN);
    const reset = Number(headers.get('ratelimit-reset') ?? NaN);
    const limit = Number(headers.get('ratelimit-limit') ?? NaN);
    if (!Number.isFinite(remaining) || !Number.isFinite(reset)) return;
    const threshold = Math.max(2, Number.isFinite(limit) ? limit * 0.05 : 0);
    if (remaining > threshold) return;
    const untilReset = reset * 1000 - this.now();
    if (untilReset <= 0) return;
    // Spread what is left of the window evenly instead of hitting 429.
    this.pause(remaining <= 0 ? untilReset : untilReset / (remaining + 1));
  }

  /** Holds every request of the host for a while, e.g. after a 429 with Retry-After. */
  pause(ms: number): void {
    const scaled = Math.min(MAX_PAUSE_MS, Math.max(0, ms)) * this.delayScale;
    this.pausedUntil = Math.max(this.pausedUntil, this.now() + scaled);
  }
}
