import { GitlabError } from './GitlabError';

/** What the messages of a failed request need to know. @internal */
export interface FailureContext {
  host: string;
  /** The request, without its query, e.g. `GET /api/v4/projects/12`. */
  what: string;
  authKind: 'token' | 'oauth';
}

const TLS_CODES = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'CERT_UNTRUSTED',
  'CERT_REJECTED',
  'CERT_SIGNATURE_FAILURE',
  'ERR_TLS_CERT_ALTNAME_INVALID',
  'ERR_SSL_WRONG_VERSION_NUMBER',
  'EPROTO',
]);

/** Connection failures worth another attempt. */
const TRANSIENT_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'EPIPE',
  'ETIMEDOUT',
  'EAI_AGAIN',
  'UND_ERR_SOCKET',
  'UND_ERR_CLOSED',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
]);

function tokenFix(context: FailureContext): string {
  return context.authKind === 'oauth'
    ? 'the OAuth access token of gitlabDelivery.instances[].oauth was rejected; authorize the application again and configure its new refresh token'
    : 'the token in integrations.gitlab[].token is invalid, expired, revoked or lacks the read_api scope; create a new one with the read_api scope';
}

/** The error for an HTTP status GitLab answered with. @internal */
export function statusFailure(
  context: FailureContext,
  status: number,
  body: string,
): GitlabError {
  const { host, what } = context;
  const make = (code: GitlabError['code'], message: string) =>
    new GitlabError({ code, host, status, message });
  if (status === 401) {
    return make(
      'unauthorized',
      `GitLab at ${host} rejected the token (401) for ${what}: ${tokenFix(
        context,
      )}`,
    );
  }
  if (status === 403) {
    if (/insufficient_scope/.test(body)) {
      return make(
        'insufficient_scope',
        `GitLab at ${host} refused ${what} (403 insufficient_scope): the token lacks the read_api scope; create a token with read_api and set it in integrations.gitlab[].token`,
      );
    }
    return make(
      'forbidden',
      `GitLab at ${host} refused ${what} (403): the token's user may not read this; give the user the Reporter role or higher on the project, and check that merge requests are enabled for it`,
    );
  }
  if (status === 404) {
    return make(
      'not_found',
      `GitLab at ${host} answered 404 Not Found for ${what}: check the path or id, and that the token's user is a member of the project with the Reporter role or higher`,
    );
  }
  if (status === 429) {
    return make(
      'rate_limited',
      `GitLab at ${host} kept answering 429 Too Many Requests for ${what}: lower gitlabDelivery.instances[].requestsPerMinute for ${host}, or ask its administrator to raise the rate limit`,
    );
  }
  if (status >= 500) {
    return make(
      'server_error',
      `GitLab at ${host} failed with ${status} for ${what} several times in a row: the server may be down or overloaded; check its status page and try again later`,
    );
  }
  if (status >= 300 && status < 400) {
    return make(
      'invalid_response',
      `GitLab at ${host} redirected ${what} (${status}) instead of answering: set integrations.gitlab[].apiBaseUrl to the address the API really answers on, for example https://${host}/api/v4`,
    );
  }
  return make(
    'invalid_response',
    `GitLab at ${host} answered ${status} for ${what}: the request is not supported there; check that integrations.gitlab[].apiBaseUrl points at the GitLab API, for example https://${host}/api/v4`,
  );
}

/** The error for a body that is not the JSON GitLab should send. @internal */
export function invalidResponse(
  context: FailureContext,
  status: number,
  body: string,
): GitlabError {
  const looksHtml = /^\s*</.test(body);
  return new GitlabError({
    code: 'invalid_response',
    host: context.host,
    status,
    message: `GitLab at ${context.host} answered ${context.what} with ${
      looksHtml ? 'an HTML page' : 'malformed JSON'
    } instead of JSON: check that integrations.gitlab[].apiBaseUrl points at the GitLab API (for example https://${
      context.host
    }/api/v4) and that no proxy or sign-in page stands in between`,
  });
}

function errorCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current; depth += 1) {
    const value = current as {
      code?: unknown;
      cause?: unknown;
      errors?: unknown[];
    };
    if (typeof value.code === 'string') return value.code;
    if (Array.isArray(value.errors) && value.errors.length > 0) {
      current = value.errors[0];
    } else {
      current = value.cause;
    }
  }
  return undefined;
}

function isTimeout(error: unknown): boolean {
  const name = (error as { name?: string })?.name;
  return name === 'TimeoutError' || name === 'AbortError';
}

/**
 * The error for a request that got no answer, and whether another attempt
 * may help.
 * @internal
 */
export function connectionFailure(
  context: FailureContext,
  error: unknown,
  timeoutMs: number,
): { error: GitlabError; transient: boolean } {
  const { host, what } = context;
  const code = errorCode(error);
  if (
    isTimeout(error) ||
    code === 'UND_ERR_HEADERS_TIMEOUT' ||
    code === 'UND_ERR_BODY_TIMEOUT' ||
    code === 'UND_ERR_CONNECT_TIMEOUT' ||
    code === 'ETIMEDOUT'
  ) {
    return {
      transient: true,
      error: new GitlabError({
        code: 'timeout',
        host,
        message: `GitLab at ${host} did not answer ${what} within ${Math.round(
          timeoutMs / 1000,
        )}s: check the network path to ${host}, or raise gitlabDelivery.requestTimeoutSeconds if the server is slow`,
      }),
    };
  }
  if (code && (code.startsWith('ERR_OSSL') || code.startsWith('ERR_SSL_'))) {
    if (!TLS_CODES.has(code)) {
      return {
        transient: false,
        error: new GitlabError({
          code: 'tls',
          host,
          message: `Cannot connect securely to GitLab at ${host} (${code}): check that gitlabDelivery.instances[].caFile for ${host} holds PEM certificates, and the scheme and port in integrations.gitlab[].apiBaseUrl`,
        }),
      };
    }
  }
  if (code && TLS_CODES.has(code)) {
    let reason = `its TLS certificate is not trusted (${code})`;
    let fix = `add the CA that signed it as a PEM file in gitlabDelivery.instances[].caFile for ${host}`;
    if (code === 'CERT_HAS_EXPIRED' || code === 'CERT_NOT_YET_VALID') {
      reason = `its TLS certificate is ${
        code === 'CERT_HAS_EXPIRED' ? 'expired' : 'not yet valid'
      } (${code})`;
      fix = `renew the certificate on the GitLab server`;
    } else if (code === 'ERR_TLS_CERT_ALTNAME_INVALID') {
      reason = `its TLS certificate does not name ${host} (${code})`;
      fix = `use the host name the certificate is issued for in integrations.gitlab[].apiBaseUrl, or reissue the certificate`;
    } else if (code === 'ERR_SSL_WRONG_VERSION_NUMBER' || code === 'EPROTO') {
      reason = `it does not speak TLS on that port (${code})`;
      fix = `check the scheme (http or https) and port in integrations.gitlab[].apiBaseUrl`;
    }
    return {
      transient: false,
      error: new GitlabError({
        code: 'tls',
        host,
        message: `Cannot connect securely to GitLab at ${host}: ${reason}; ${fix}`,
      }),
    };
  }
  const transient = code !== undefined && TRANSIENT_CODES.has(code);
  let detail = 'the connection failed';
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') {
    detail = `the host name does not resolve (${code})`;
  } else if (code === 'ECONNREFUSED') {
    detail = `the connection was refused (${code})`;
  } else if (
    code === 'ECONNRESET' ||
    code === 'UND_ERR_SOCKET' ||
    code === 'UND_ERR_CLOSED' ||
    code === 'EPIPE'
  ) {
    detail = `the connection was reset before GitLab answered (${code})`;
  } else if (code) {
    detail = `the connection failed (${code})`;
  }
  return {
    transient,
    error: new GitlabError({
      code: 'network',
      host,
      message: `Cannot reach GitLab at ${host} for ${what}: ${detail}; check integrations.gitlab[].host and apiBaseUrl, DNS, and any proxy or firewall between Backstage and GitLab`,
    }),
  };
}
