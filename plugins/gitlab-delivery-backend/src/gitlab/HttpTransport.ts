import { LoggerService } from '@backstage/backend-plugin-api';
import { Dispatcher, fetch } from 'undici';
import { Credentials } from './credentials';
import {
  connectionFailure,
  FailureContext,
  invalidResponse,
  statusFailure,
} from './failures';
import { GitlabError } from './GitlabError';
import { RateBudget } from './RateBudget';
import { SecretRedactor } from './SecretRedactor';
import { sleep, Sleep } from '../lib/sleep';

/** One request to GitLab. @internal */
export interface TransportRequest {
  method: 'GET' | 'POST';
  /** Absolute URL. */
  url: string;
  headers?: Record<string, string>;
  body?: string;
  /** Sends no credentials (the OAuth token request itself). */
  anonymous?: boolean;
  /** Hands 4xx answers back instead of throwing (the OAuth token request reads them). */
  acceptClientErrors?: boolean;
  /** Aborts the request and its retries: the sync task was stopped. */
  signal?: AbortSignal;
}

/** GitLab's answer. @internal */
export interface TransportResponse {
  status: number;
  headers: Headers;
  text: string;
}

/** Retry tuning; tests shrink the delays. @internal */
export interface RetryOptions {
  /** Attempts after the first one, for 429, 5xx, timeouts and dropped connections. */
  maxRetries?: number;
  /** The first backoff; it doubles on every retry, plus jitter. */
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** Multiplies every wait: backoff, Retry-After and rate-limit pauses. */
  delayScale?: number;
}

/** The largest answer read: a GitLab page of 100 MRs with their notes is well below it. */
export const MAX_RESPONSE_BYTES = 32 * 1024 * 1024;

function sizeText(bytes: number): string {
  return bytes >= 1024 * 1024
    ? `${Math.round(bytes / 1024 / 1024)} MB`
    : `${Math.round(bytes / 1024)} KB`;
}

/** Reads a body up to a limit; undefined when it is larger. */
async function readLimited(
  body: ReadableStream<Uint8Array> | null,
  limit: number,
): Promise<string | undefined> {
  if (!body) return '';
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel();
      return undefined;
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** The value of Retry-After in milliseconds: seconds, or an HTTP date. */
function retryAfterMs(value: string | null, now: number): number | undefined {
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/**
 * Sends the HTTP requests of one GitLab host: credentials, TLS dispatcher,
 * rate budget, per-request timeout, bounded retries with backoff, and
 * failures turned into {@link GitlabError}s without credentials in them.
 * @internal
 */
export class HttpTransport {
  private count = 0;
  private readonly maxRetries: number;
  private readonly baseDelayMs: number;
  private readonly maxDelayMs: number;
  private readonly delayScale: number;

  constructor(
    private readonly options: {
      host: string;
      credentials: Credentials;
      budget: RateBudget;
      redactor: SecretRedactor;
      logger: LoggerService;
      timeoutMs: number;
      dispatcher?: Dispatcher;
      retry?: RetryOptions;
      sleep?: Sleep;
      /** Default {@link MAX_RESPONSE_BYTES}. */
      maxResponseBytes?: number;
    },
  ) {
    this.maxRetries = options.retry?.maxRetries ?? 3;
    this.baseDelayMs = options.retry?.baseDelayMs ?? 500;
    this.maxDelayMs = options.retry?.maxDelayMs ?? 10_000;
    this.delayScale = options.retry?.delayScale ?? 1;
  }

  /** Requests sent so far, retries included. */
  get requestCount(): number {
    return this.count;
  }

  /** The credentials this transport sends. */
  get credentials(): Credentials {
    return this.options.credentials;
  }

  /** Sends a request, retrying what is worth retrying; throws a {@link GitlabError}. */
  async send(request: TransportRequest): Promise<TransportResponse> {
    const { host, credentials, budget, timeoutMs, dispatcher } = this.options;
    const url = new URL(request.url);
    const context: FailureContext = {
      host,
      what: `${request.method} ${url.pathname}`,
      authKind: credentials.kind,
    };
    let attempt = 0;
    let reauthorized = false;
    for (;;) {
      request.signal?.throwIfAborted();
      await budget.acquire(request.signal);
      this.count += 1;
      let response: TransportResponse;
      try {
        const headers: Record<string, string> = {
          accept: 'application/json',
          ...request.headers,
          ...(request.anonymous ? {} : await credentials.headers()),
        };
        const answer = await fetch(url, {
          method: request.method,
          headers,
          body: request.body,
          // A redirect could carry the token to another host; GitLab's API
          // never redirects, so a redirect means a wrong apiBaseUrl.
          redirect: 'manual',
          signal: request.signal
            ? AbortSignal.any([AbortSignal.timeout(timeoutMs), request.signal])
            : AbortSignal.timeout(timeoutMs),
          dispatcher,
        });
        const limit = this.options.maxResponseBytes ?? MAX_RESPONSE_BYTES;
        const text = await readLimited(
          answer.body as ReadableStream<Uint8Array> | null,
          limit,
        );
        if (text === undefined) {
          throw new GitlabError({
            code: 'invalid_response',
            host,
            status: answer.status,
            message: `GitLab at ${host} answered ${
              context.what
            } with more than ${sizeText(
              limit,
            )}, which the plugin refuses to read: check that integrations.gitlab[].apiBaseUrl points at GitLab's API and not at something else`,
          });
        }
        response = {
          status: answer.status,
          headers: answer.headers as unknown as Headers,
          text,
        };
      } catch (error) {
        if (error instanceof GitlabError) throw error;
        request.signal?.throwIfAborted();
        const failure = connectionFailure(context, error, timeoutMs);
        if (failure.transient && attempt < this.maxRetries) {
          this.warn(context, `${failure.error.code}, retrying`);
          await this.backoff(attempt, request.signal);
          attempt += 1;
          continue;
        }
        throw this.redacted(failure.error);
      }

      budget.observe(response.headers);
      const { status } = response;
      if (status < 300) return response;
      if (status === 401 && !request.anonymous && !reauthorized) {
        if (credentials.invalidate()) {
          reauthorized = true;
          continue;
        }
      }
      if (status === 429 && attempt < this.maxRetries) {
        const wait = retryAfterMs(
          response.headers.get('retry-after'),
          Date.now(),
        );
        this.warn(context, `429 Too Many Requests, retrying`);
        if (wait !== undefined) budget.pause(wait);
        else await this.backoff(attempt, request.signal);
        attempt += 1;
        continue;
      }
      if (status >= 500 && attempt < this.maxRetries) {
        // A 503 with Retry-After (maintenance, overload) is waited out like a 429.
        const wait = retryAfterMs(
          response.headers.get('retry-after'),
          Date.now(),
        );
        this.warn(context, `${status}, retrying`);
        if (wait !== undefined) budget.pause(wait);
        else await this.backoff(attempt, request.signal);
        attempt += 1;
        continue;
      }
      if (
        request.acceptClientErrors &&
        status >= 400 &&
        status < 500 &&
        status !== 429
      ) {
        return response;
      }
      throw this.redacted(statusFailure(context, status, response.text));
    }
  }

  /** Sends a request and parses its JSON body. */
  async json<T>(
    request: TransportRequest,
  ): Promise<{ body: T; response: TransportResponse }> {
    const response = await this.send(request);
    return { body: this.parse<T>(request, response), response };
  }

  /** Parses a JSON body, or throws `invalid_response`. */
  parse<T>(request: TransportRequest, response: TransportResponse): T {
    try {
      return JSON.parse(response.text) as T;
    } catch {
      throw this.redacted(
        invalidResponse(
          {
            host: this.options.host,
            what: `${request.method} ${new URL(request.url).pathname}`,
            authKind: this.options.credentials.kind,
          },
          response.status,
          response.text,
        ),
      );
    }
  }

  /** The error with every credential removed from its message. */
  redacted(error: GitlabError): GitlabError {
    const message = this.options.redactor.redact(error.message);
    return message === error.message ? error : error.withMessage(message);
  }

  private async backoff(attempt: number, signal?: AbortSignal): Promise<void> {
    const exponential = Math.min(
      this.maxDelayMs,
      this.baseDelayMs * 2 ** attempt,
    );
    const jittered = exponential / 2 + Math.random() * (exponential / 2);
    await (this.options.sleep ?? sleep)(jittered * this.delayScale, signal);
  }

  private warn(context: FailureContext, what: string): void {
    this.options.logger.warn(
      this.options.redactor.redact(
        `GitLab at ${context.host}: ${context.what} failed with ${what}`,
      ),
    );
  }
}
