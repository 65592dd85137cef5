import { LoggerService } from '@backstage/backend-plugin-api';

/** The answer to a request for a run: started, or when to ask again. @internal */
export type RunRequest = { started: true } | { retryAfterSeconds: number };

/**
 * Starts live health check runs on request, at most one per scope (an entity
 * ref, or everything) per interval, and never two at once for a scope. The
 * limit holds per backend replica.
 * @internal
 */
export class HealthRuns {
  private readonly startedAt = new Map<string, number>();
  private readonly running = new Map<string, Promise<void>>();
  private readonly intervalMs: number;
  private readonly now: () => number;

  constructor(
    private readonly options: {
      logger: LoggerService;
      /** Default 30 seconds. */
      intervalMs?: number;
      now?: () => number;
    },
  ) {
    this.intervalMs = options.intervalMs ?? 30_000;
    this.now = options.now ?? Date.now;
  }

  /** The shortest time between two runs of a scope, in seconds. */
  get intervalSeconds(): number {
    return Math.round(this.intervalMs / 1000);
  }

  /** Starts `run` in the background unless the scope ran too recently or still runs. */
  start(scope: string, run: () => Promise<void>): RunRequest {
    const now = this.now();
    const last = this.startedAt.get(scope);
    const wait = last === undefined ? 0 : last + this.intervalMs - now;
    if (this.running.has(scope) || wait > 0) {
      return {
        retryAfterSeconds: Math.max(1, Math.ceil(Math.max(wait, 0) / 1000)),
      };
    }
    this.startedAt.set(scope, now);
    const running = run()
      .catch(error =>
        this.options.logger.error(`Health check run failed: ${error}`),
      )
      .finally(() => this.running.delete(scope));
    this.running.set(scope, running);
    return { started: true };
  }

  /** Waits for the runs in progress. */
  async idle(): Promise<void> {
    await Promise.all(this.running.values());
  }
}
