/** What every implementation under test is given. */
export interface Target {
  /** The simulator's base URL. */
  url: string;
  token: string;
  projects: Array<{ id: number; path: string }>;
  backfillDays: number;
  /** Requests in flight at once (the baselines). */
  inFlight: number;
  /** The plugin's own request budget (ours). */
  requestsPerMinute?: number;
}

/** What one backfill, cycle or view did. */
export interface RunResult {
  /** MRs written (a sync) or shown (a page view). */
  mergeRequests: number;
  seconds: number;
  /** Requests the implementation counted itself, to check against the simulator's log. */
  requests: number;
  failures: number;
}

/**
 * The facts the metrics need of one MR, to show that every implementation
 * computes the same: times in whole seconds, closed issues by URL.
 */
export interface Fact {
  key: string;
  firstCommentAt: number | null;
  firstApprovedAt: number | null;
  closes: string[];
}

export interface Implementation {
  /** The first sync; for a live page, one view. `now` is GitLab's clock. */
  backfill(now: string): Promise<RunResult>;
  /** One scheduled cycle; for a live page, one view. */
  cycle(now: string): Promise<RunResult>;
  facts(): Promise<Fact[]>;
  close(): Promise<void>;
}

export function toSeconds(iso: string | null | undefined): number | null {
  return iso ? Math.floor(Date.parse(iso) / 1000) : null;
}
