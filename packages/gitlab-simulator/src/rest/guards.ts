import type { Request, Response } from 'express';
import {
  READ_API_SCOPES,
  hasAnyScope,
  type AuthResult,
  type Identity,
} from '../auth/authenticate';
import {
  canReadMergeRequests,
  canSeeProject,
  findProject,
} from '../dataset/access';
import type {
  DatasetMergeRequest,
  DatasetProject,
  DatasetUser,
} from '../dataset/types';
import { sendJson, sendMessage } from '../http/respond';
import type { SimulatorState } from '../state';

const INSUFFICIENT_SCOPE =
  'The request requires higher privileges than provided by the access token.';

/** The authentication result the REST middleware stored for this request. */
export function authOf(res: Response): AuthResult {
  return (res.locals.auth as AuthResult | undefined) ?? { kind: 'anonymous' };
}

/** Descriptions GitLab's API guard gives for expired and revoked tokens. */
export const TOKEN_ERROR_DESCRIPTIONS = {
  expired:
    'Token is expired. You can either do re-authorization or token refresh.',
  revoked: 'Token was revoked. You have to re-authorize from the user.',
} as const;

/**
 * Sends GitLab's 401. A missing or unknown token gets `{"message":"401 Unauthorized"}`; an expired
 * or revoked one goes through Rack::OAuth2 (API::APIGuard) and gets an OAuth error body and a
 * `WWW-Authenticate` header with rack-oauth2's default realm.
 */
export function sendUnauthorized(
  res: Response,
  reason?: 'unknown' | 'expired' | 'revoked',
): void {
  if (reason === 'expired' || reason === 'revoked') {
    const description = TOKEN_ERROR_DESCRIPTIONS[reason];
    sendJson(
      res,
      401,
      { error: 'invalid_token', error_description: description },
      {
        'WWW-Authenticate': `Bearer realm="Protected by OAuth 2.0", error="invalid_token", error_description="${description}"`,
      },
    );
    return;
  }
  sendJson(res, 401, { message: '401 Unauthorized' });
}

/**
 * Sends GitLab's 403 for a token lacking the scopes of the endpoint. Like GitLab (a known FIXME in
 * API::APIGuard), there is no `WWW-Authenticate` header on this response.
 */
export function sendInsufficientScope(
  res: Response,
  scopes: readonly string[],
): void {
  sendJson(res, 403, {
    error: 'insufficient_scope',
    error_description: INSUFFICIENT_SCOPE,
    scope: [...scopes].sort().join(' '),
  });
}

/** Options of {@link requireCaller}. */
export interface CallerOptions {
  scopes?: readonly string[];
  /** Whether anonymous callers may use the endpoint (public projects). */
  anonymous?: boolean;
  /** Whether a token with any scope is enough. */
  anyScope?: boolean;
}

/** The caller of a request after the scope check; `false` when a response was already sent. */
export type Caller = { identity?: Identity; user?: DatasetUser } | false;

/** Checks that the caller may use an endpoint: authenticated unless `anonymous`, with one of the scopes. */
export function requireCaller(
  res: Response,
  options: CallerOptions = {},
): Caller {
  const auth = authOf(res);
  const scopes = options.scopes ?? READ_API_SCOPES;
  if (auth.kind === 'anonymous') {
    if (options.anonymous) {
      return {};
    }
    sendUnauthorized(res);
    return false;
  }
  if (auth.kind !== 'ok') {
    // Invalid and blocked tokens are answered by the middleware already.
    sendUnauthorized(res);
    return false;
  }
  if (!options.anyScope && !hasAnyScope(auth.identity, scopes)) {
    sendInsufficientScope(res, scopes);
    return false;
  }
  return { identity: auth.identity, user: auth.identity.user };
}

/**
 * Loads the project of `:id` visible to the caller, or sends 404. A path matches in any case
 * and an old path of a moved project still finds it (lib/api/helpers.rb `find_project`).
 */
export function requireProject(
  state: SimulatorState,
  req: Request,
  res: Response,
  user: DatasetUser | undefined,
): DatasetProject | undefined {
  const project = findProject(state.data, req.params.id, {
    followRedirects: true,
  });
  if (!project || !canSeeProject(state.data, project, user, state.now())) {
    sendMessage(res, 404, '404 Project Not Found');
    return undefined;
  }
  return project;
}

/** Checks the caller may read merge requests of the project, or sends 403. */
export function requireMergeRequestAccess(
  state: SimulatorState,
  res: Response,
  project: DatasetProject,
  user: DatasetUser | undefined,
): boolean {
  if (!canReadMergeRequests(state.data, project, user, state.now())) {
    sendMessage(res, 403, '403 Forbidden');
    return false;
  }
  return true;
}

/** Loads project and merge request `:iid` with all checks; sends the error otherwise. */
export function requireMergeRequest(
  state: SimulatorState,
  req: Request,
  res: Response,
):
  | { project: DatasetProject; mr: DatasetMergeRequest; user?: DatasetUser }
  | undefined {
  const caller = requireCaller(res, { anonymous: true });
  if (!caller) {
    return undefined;
  }
  const project = requireProject(state, req, res, caller.user);
  if (
    !project ||
    !requireMergeRequestAccess(state, res, project, caller.user)
  ) {
    return undefined;
  }
  const iid = Number(req.params.iid);
  // A follow-up read may hit a replica that has not caught up yet.
  const mr = state.replica.read(project, iid);
  if (!mr) {
    sendMessage(res, 404, '404 Not found');
    return undefined;
  }
  return { project, mr, user: caller.user };
}
