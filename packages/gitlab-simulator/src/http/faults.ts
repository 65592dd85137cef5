/**
 * Which requests a fault hits: `match` tests the request path; for GraphQL,
 * `operation` the operation name and `variables` values the request's
 * variables must have (for example `{ fullPath: 'team/app' }`).
 */
export interface FaultTarget {
  times?: number;
  match?: RegExp;
  operation?: string;
  variables?: Record<string, unknown>;
}

/** A failure to inject into upcoming requests; `times` defaults to 1. */
export type Fault =
  | (FaultTarget & {
      type: 'status';
      status: number;
      body?: unknown;
      retryAfterSeconds?: number;
    })
  | (FaultTarget & { type: 'timeout' })
  | (FaultTarget & { type: 'malformed' })
  | (FaultTarget & { type: 'html' })
  | (FaultTarget & { type: 'reset' });

/** What a fault is matched against. */
export interface FaultedRequest {
  path: string;
  operation?: string;
  variables?: unknown;
}

function hits(fault: Fault, request: FaultedRequest): boolean {
  if (fault.match) {
    fault.match.lastIndex = 0;
    if (!fault.match.test(request.path)) return false;
  }
  if (fault.operation && fault.operation !== request.operation) return false;
  if (fault.variables) {
    const given = (request.variables ?? {}) as Record<string, unknown>;
    return Object.entries(fault.variables).every(
      ([name, value]) => JSON.stringify(given[name]) === JSON.stringify(value),
    );
  }
  return true;
}

/** Queued faults, consumed in order by matching requests. */
export class FaultQueue {
  private queue: Array<{ fault: Fault; remaining: number }> = [];

  /** Queues a fault. */
  add(fault: Fault): void {
    this.queue.push({ fault, remaining: fault.times ?? 1 });
  }

  /** Drops all queued faults. */
  clear(): void {
    this.queue = [];
  }

  /** Takes the first fault matching the request, if any. */
  take(request: FaultedRequest): Fault | undefined {
    const index = this.queue.findIndex(entry => hits(entry.fault, request));
    if (index === -1) {
      return undefined;
    }
    const entry = this.queue[index];
    entry.remaining--;
    if (entry.remaining <= 0) {
      this.queue.splice(index, 1);
    }
    return entry.fault;
  }
}

/** A login page like the one an SSO proxy puts in front of GitLab. */
export const LOGIN_PAGE = `<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>Sign in · GitLab</title></head>
<body>
<form action="/users/sign_in" method="post">
<label for="user_login">Username or primary email</label><input id="user_login" name="user[login]">
<label for="user_password">Password</label><input id="user_password" name="user[password]" type="password">
<button type="submit">Sign in</button>
</form>
</body>
</html>
`;

/** A JSON body cut off in the middle. */
export const MALFORMED_JSON =
  '[{"id":1,"iid":1,"project_id":1,"title":"Update the payment provi';

/** Default body for an injected status. */
export function defaultStatusBody(status: number): unknown {
  const messages: Record<number, string> = {
    400: '400 Bad request',
    401: '401 Unauthorized',
    403: '403 Forbidden',
    404: '404 Not Found',
    409: '409 Conflict',
    422: '422 Unprocessable Entity',
    500: '500 Internal Server Error',
    502: '502 Bad Gateway',
    503: '503 Service Unavailable',
    504: '504 Gateway Timeout',
  };
  return { message: messages[status] ?? `${status} Error` };
}
