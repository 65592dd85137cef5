import tls from 'node:tls';
import { LoggerService } from '@backstage/backend-plugin-api';
import { Gitlab } from '@gitbeaker/rest';
import { Agent } from 'undici';
import { GitlabInstanceConfig } from '../config/readDeliveryConfig';
import { ConnectionStore } from '../database/types';
import { ConnectedCredentials } from './ConnectedCredentials';
import {
  AnonymousCredentials,
  Credentials,
  TokenCredentials,
} from './credentials';
import { GitlabError, isGitlabError } from './GitlabError';
import { HostFeatures } from './HostFeatures';
import {
  HttpTransport,
  RetryOptions,
  TransportResponse,
} from './HttpTransport';
import { OAuthTokenSource, sendOnce } from './OAuthTokenSource';
import { RateBudget } from './RateBudget';
import { createRestRequester } from './rest/restRequester';
import { SecretRedactor } from './SecretRedactor';

/** One error of a GraphQL answer. @internal */
export interface GraphqlProblem {
  message: string;
  /** GitLab's `extensions.code`, e.g. `argumentNotAccepted` or `undefinedField`. */
  code?: string;
  /** The field or argument it is about, from `extensions`. */
  name?: string;
}

/** A GraphQL answer with errors; `problems` lets callers spot missing schema features. @internal */
export class GraphqlError extends GitlabError {
  readonly problems: GraphqlProblem[];

  constructor(host: string, problems: GraphqlProblem[], message: string) {
    super({ code: 'graphql', host, message });
    this.problems = problems;
  }
}

/** One REST answer as the health checks read it: any status below 500, with its headers. @internal */
export interface RestAnswer {
  status: number;
  headers: Headers;
  /** The parsed JSON body; undefined when the body is not JSON (an HTML page, say). */
  body: unknown;
  contentType: string;
}

/** Options of {@link GitlabClient}. @internal */
export interface GitlabClientOptions {
  instance: GitlabInstanceConfig;
  logger: LoggerService;
  /** Timeout of one HTTP request. */
  requestTimeoutMs: number;
  /** Retry tuning; the defaults fit production. */
  retry?: RetryOptions;
  /** Called with each refresh token GitLab rotates in, so it can be persisted. */
  onRefreshTokenRotated?: (refreshToken: string) => void | Promise<void>;
  /** The newest saved refresh token, read before the first grant and after a refused one; must not throw. */
  loadRefreshToken?: () => Promise<string | undefined>;
  /** The largest answer read; default 32 MB. */
  maxResponseBytes?: number;
  /** Where a host with an OAuth application finds its connected token. */
  connections?: Pick<ConnectionStore, 'getConnection' | 'saveTokens'>;
}

/** The web root of a GitLab instance (where `/api/graphql` and `/oauth` live), from its REST base. */
function webRoot(instance: GitlabInstanceConfig): string {
  const api = instance.apiBaseUrl.replace(/\/+$/, '');
  if (/\/api\/v4$/.test(api)) return api.replace(/\/api\/v4$/, '');
  return instance.baseUrl.replace(/\/+$/, '');
}

/**
 * The connection to one GitLab host: GraphQL over `fetch`, REST through
 * gitbeaker (`rest`), both on one transport with the host's credentials, CA,
 * rate budget, retries and request count.
 * @internal
 */
export class GitlabClient {
  readonly host: string;
  readonly apiBaseUrl: string;
  readonly graphqlUrl: string;
  /** Where GitLab's OAuth endpoints live, e.g. https://gitlab.com/oauth. */
  readonly oauthUrl: string;
  /** Gitbeaker's REST API of this host. Responses keep GitLab's snake_case. */
  readonly rest: Gitlab;
  readonly features: HostFeatures = {};
  /** A query in flight that is finding out {@link HostFeatures}; others wait for it. */
  featureProbe?: Promise<unknown>;
  private readonly transport: HttpTransport;
  private readonly credentials: Credentials;
  private readonly dispatcher: Agent;
  private readonly redactor = new SecretRedactor();
  private readonly logger: LoggerService;
  private readonly connected?: ConnectedCredentials;

  constructor(options: GitlabClientOptions) {
    const { instance } = options;
    this.host = instance.host;
    this.logger = options.logger;
    this.apiBaseUrl = instance.apiBaseUrl.replace(/\/+$/, '');
    const root = webRoot(instance);
    this.graphqlUrl = `${root}/api/graphql`;
    this.oauthUrl = `${root}/oauth`;

    let credentials: Credentials;
    let oauth: OAuthTokenSource | undefined;
    if (instance.token) {
      this.redactor.add(instance.token);
      credentials = new TokenCredentials(instance.token);
    } else if (instance.oauth?.refreshToken) {
      oauth = new OAuthTokenSource({
        host: instance.host,
        tokenUrl: `${this.oauthUrl}/token`,
        clientId: instance.oauth.clientId,
        clientSecret: instance.oauth.clientSecret,
        refreshToken: instance.oauth.refreshToken,
        redactor: this.redactor,
        onRefreshTokenRotated: options.onRefreshTokenRotated,
        loadRefreshToken: options.loadRefreshToken,
      });
      credentials = oauth;
    } else {
      credentials = new AnonymousCredentials();
    }
    if (instance.oauth && options.connections) {
      this.redactor.add(instance.oauth.clientSecret);
      this.connected = new ConnectedCredentials({
        host: instance.host,
        tokenUrl: `${this.oauthUrl}/token`,
        clientId: instance.oauth.clientId,
        clientSecret: instance.oauth.clientSecret,
        connections: options.connections,
        fallback: credentials,
        redactor: this.redactor,
        logger: options.logger,
      });
      credentials = this.connected;
    }

    this.credentials = credentials;
    this.dispatcher = new Agent({
      connect: instance.ca
        ? // `ca` replaces Node's trust store; keep the public roots too.
          { ca: [...tls.rootCertificates, instance.ca] }
        : {},
    });
    this.transport = new HttpTransport({
      host: instance.host,
      credentials,
      budget: new RateBudget({
        requestsPerMinute: instance.requestsPerMinute,
        delayScale: options.retry?.delayScale,
      }),
      redactor: this.redactor,
      logger: options.logger,
      timeoutMs: options.requestTimeoutMs,
      dispatcher: this.dispatcher,
      retry: options.retry,
      maxResponseBytes: options.maxResponseBytes,
    });
    oauth?.useTransport(this.transport);
    this.connected?.useTransport(this.transport);
    this.rest = new Gitlab({
      host: root,
      requesterFn: createRestRequester(this.transport, this.apiBaseUrl),
      queryTimeout: null,
      rateLimits: {},
    });
  }

  /**
   * Whether requests carry a credential: false for an instance with no token
   * whose OAuth application is not connected yet, whose requests GitLab
   * answers as an anonymous visitor's.
   */
  async hasCredentials(): Promise<boolean> {
    return Object.keys(await this.credentials.headers()).length > 0;
  }

  /** HTTP requests sent to this host so far, retries and token renewals included. */
  get requestCount(): number {
    return this.transport.requestCount;
  }

  /** Removes every credential of this host from a text, for logs and messages. */
  redact(text: string): string {
    return this.redactor.redact(text);
  }

  /**
   * Runs a GraphQL query. An answer with `errors` throws a {@link GraphqlError};
   * `purpose` names the query in messages.
   */
  async graphql<T>(
    query: string,
    variables: Record<string, unknown>,
    purpose: string,
    signal?: AbortSignal,
  ): Promise<T> {
    const request = {
      method: 'POST' as const,
      url: this.graphqlUrl,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query, variables }),
      signal,
    };
    let body;
    try {
      ({ body } = await this.transport.json<{
        data?: T | null;
        errors?: Array<{
          message?: string;
          extensions?: Record<string, unknown>;
        }>;
      }>(request));
    } catch (error) {
      // GitLab answers GraphQL for missing projects with null, never 404:
      // a 404 means there is no GraphQL API at that address.
      if (isGitlabError(error, 'not_found')) {
        throw error.withMessage(
          `GitLab at ${this.host} has no GraphQL API at ${this.graphqlUrl} (404): check integrations.gitlab[].apiBaseUrl; the plugin expects GraphQL at /api/graphql next to /api/v4`,
        );
      }
      throw error;
    }
    if (body === null || typeof body !== 'object') {
      throw this.transport.redacted(
        new GitlabError({
          code: 'invalid_response',
          host: this.host,
          message: `GitLab at ${this.host} answered the GraphQL query for ${purpose} with something that is not a GraphQL response: check that integrations.gitlab[].apiBaseUrl points at the GitLab API`,
        }),
      );
    }
    if (body.errors && body.errors.length > 0) {
      const problems = body.errors.map(error => {
        const extensions = error.extensions ?? {};
        const name =
          extensions.argumentName ?? extensions.fieldName ?? extensions.name;
        return {
          message: this.redact(String(error.message ?? 'unknown error')),
          code:
            typeof extensions.code === 'string' ? extensions.code : undefined,
          name: typeof name === 'string' ? name : undefined,
        };
      });
      throw new GraphqlError(
        this.host,
        problems,
        `GitLab at ${
          this.host
        } rejected the GraphQL query for ${purpose}: ${problems
          .map(p => p.message)
          .join('; ')}`,
      );
    }
    if (!body.data) {
      throw new GitlabError({
        code: 'invalid_response',
        host: this.host,
        message: `GitLab at ${this.host} answered the GraphQL query for ${purpose} without data: check that integrations.gitlab[].apiBaseUrl points at the GitLab API`,
      });
    }
    return body.data;
  }

  /**
   * Sends one GET to the REST API and hands back the answer as it is, 4xx
   * included, for the health checks to read. `path` is relative to
   * `apiBaseUrl` and already URL-encoded. Throws a {@link GitlabError} for
   * what the transport cannot get an answer to (network, TLS, timeouts, 5xx
   * and 429 after retries, redirects).
   */
  async inspect(
    path: string,
    query: Record<string, string> = {},
    signal?: AbortSignal,
  ): Promise<RestAnswer> {
    const search = new URLSearchParams(query).toString();
    const response = await this.transport.send({
      method: 'GET',
      url: `${this.apiBaseUrl}/${path.replace(/^\/+/, '')}${
        search ? `?${search}` : ''
      }`,
      acceptClientErrors: true,
      signal,
    });
    return this.answerOf(response);
  }

  private answerOf(response: TransportResponse): RestAnswer {
    let body: unknown;
    try {
      body = response.text === '' ? undefined : JSON.parse(response.text);
    } catch {
      body = undefined;
    }
    return {
      status: response.status,
      headers: response.headers,
      body,
      contentType: response.headers.get('content-type') ?? '',
    };
  }

  /**
   * `GET /oauth/token/info` with the access token in use: its scopes and
   * expiry (Doorkeeper's token info). 4xx answers are handed back.
   */
  async oauthTokenInfo(): Promise<RestAnswer> {
    return this.answerOf(
      await this.transport.send({
        method: 'GET',
        url: `${this.oauthUrl}/token/info`,
        acceptClientErrors: true,
      }),
    );
  }

  /**
   * Posts a form to one of GitLab's OAuth endpoints (`token`, `revoke`)
   * without the host's credentials, once: an authorization code or a token
   * GitLab may have used is never sent again. Secrets in `form` are
   * registered with the redactor. 4xx answers are handed back.
   */
  async oauthPost(
    endpoint: 'token' | 'revoke',
    form: Record<string, string>,
  ): Promise<RestAnswer> {
    for (const name of ['code', 'code_verifier', 'client_secret', 'token']) {
      this.redactor.add(form[name]);
    }
    const response = await this.transport.send(
      sendOnce(
        {
          method: 'POST',
          url: `${this.oauthUrl}/${endpoint}`,
          anonymous: true,
          acceptClientErrors: true,
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams(form).toString(),
        },
        this.host,
      ),
    );
    const answer = this.answerOf(response);
    const body = answer.body as Record<string, unknown> | undefined;
    for (const name of ['access_token', 'refresh_token']) {
      if (typeof body?.[name] === 'string') this.redactor.add(body[name]);
    }
    return answer;
  }

  /** Reads the connected token again on the next request (after a connect or disconnect here). */
  forgetConnection(): void {
    this.connected?.forget();
  }

  /** Logs a warning about this host, without credentials. */
  warn(message: string): void {
    this.logger.warn(this.redact(message));
  }

  /** Closes the host's connections. */
  async close(): Promise<void> {
    await this.dispatcher.close();
  }
}
