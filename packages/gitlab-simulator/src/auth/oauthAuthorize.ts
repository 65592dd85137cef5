import { randomBytes } from 'node:crypto';
import type { Request, Response } from 'express';
import type { DatasetOAuthApplication, DatasetUser } from '../dataset/types';
import type { AuthorizationGrant, SimulatorState } from '../state';
import {
  AUTHORIZATION_CODE_TTL_MS,
  DESCRIPTIONS,
  missingParam,
  param,
  redirectUris,
} from './oauthClient';
import { consentPage, errorPage } from './oauthPages';

/** GitLab's default scope when the request names none (Doorkeeper `default_scopes`). */
const DEFAULT_SCOPE = 'api';

interface PreAuthorization {
  app: DatasetOAuthApplication;
  redirectUri: string;
  scopes: string[];
  state?: string;
  codeChallenge?: string;
  codeChallengeMethod?: 'S256' | 'plain';
}

function renderError(
  res: Response,
  status: number,
  error: string,
  description: string,
): void {
  res.status(status).type('html').send(errorPage(error, description));
}

/**
 * Doorkeeper::OAuth::PreAuthorization's checks, in its order. GitLab keeps Doorkeeper's default
 * `handle_auth_errors :render`, so failures are an error page, not a redirect.
 */
function preAuthorize(
  state: SimulatorState,
  req: Request,
  res: Response,
): PreAuthorization | undefined {
  const clientId = param(req, 'client_id');
  if (!clientId) {
    renderError(res, 400, 'invalid_request', missingParam('client_id'));
    return undefined;
  }
  const app = (state.data.oauthApplications ?? []).find(
    a => a.clientId === clientId,
  );
  if (!app) {
    renderError(res, 401, 'invalid_client', DESCRIPTIONS.invalid_client);
    return undefined;
  }
  const redirectUri = param(req, 'redirect_uri');
  if (!redirectUri || !redirectUris(app).includes(redirectUri)) {
    renderError(
      res,
      400,
      'invalid_redirect_uri',
      DESCRIPTIONS.invalid_redirect_uri,
    );
    return undefined;
  }
  const responseType = param(req, 'response_type');
  if (!responseType) {
    renderError(res, 400, 'invalid_request', missingParam('response_type'));
    return undefined;
  }
  if (responseType !== 'code') {
    renderError(
      res,
      400,
      'unsupported_response_type',
      DESCRIPTIONS.unsupported_response_type,
    );
    return undefined;
  }
  const scopes = (param(req, 'scope') ?? DEFAULT_SCOPE)
    .split(/[\s+]+/)
    .filter(Boolean);
  if (!scopes.every(s => (app.scopes ?? []).includes(s))) {
    renderError(res, 400, 'invalid_scope', DESCRIPTIONS.invalid_scope);
    return undefined;
  }
  const codeChallenge = param(req, 'code_challenge');
  const method =
    param(req, 'code_challenge_method') ??
    (codeChallenge ? 'plain' : undefined);
  if (codeChallenge && method !== 'S256' && method !== 'plain') {
    renderError(
      res,
      400,
      'invalid_code_challenge_method',
      DESCRIPTIONS.invalid_code_challenge_method,
    );
    return undefined;
  }
  return {
    app,
    redirectUri,
    scopes,
    state: param(req, 'state'),
    codeChallenge,
    codeChallengeMethod: codeChallenge
      ? (method as 'S256' | 'plain')
      : undefined,
  };
}

function redirectWith(
  res: Response,
  uri: string,
  params: Record<string, string | undefined>,
): void {
  const target = new URL(uri);
  for (const [name, value] of Object.entries(params)) {
    if (value !== undefined) target.searchParams.set(name, value);
  }
  res.redirect(302, target.toString());
}

function grantCode(
  state: SimulatorState,
  res: Response,
  pre: PreAuthorization,
  user: DatasetUser,
): void {
  const grant: AuthorizationGrant = {
    code: randomBytes(32).toString('hex'),
    clientId: pre.app.clientId,
    userId: user.id,
    scopes: pre.scopes,
    redirectUri: pre.redirectUri,
    codeChallenge: pre.codeChallenge,
    codeChallengeMethod: pre.codeChallengeMethod,
    expiresAtMs: state.now() + AUTHORIZATION_CODE_TTL_MS,
  };
  state.grants.set(grant.code, grant);
  redirectWith(res, pre.redirectUri, { code: grant.code, state: pre.state });
}

/** The users who can sign in; `login` picks one, otherwise the first. */
function signedInUser(
  state: SimulatorState,
  req: Request,
): DatasetUser | undefined {
  const active = state.data.users.filter(u => u.state !== 'blocked');
  const login = param(req, 'login');
  return login ? active.find(u => u.username === login) : active[0];
}

/**
 * `GET /oauth/authorize` shows the consent page (trusted applications skip it);
 * `POST /oauth/authorize` approves or denies and redirects to the client with `code` and
 * `state`, or with `error=access_denied`.
 */
export function authorizeEndpoints(state: SimulatorState) {
  return {
    show: (req: Request, res: Response) => {
      const pre = preAuthorize(state, req, res);
      if (!pre) return;
      const user = signedInUser(state, req);
      if (!user) {
        renderError(
          res,
          400,
          'invalid_request',
          `No user '${param(req, 'login')}' can sign in`,
        );
        return;
      }
      if (pre.app.trusted) {
        grantCode(state, res, pre, user);
        return;
      }
      const users = state.data.users.filter(u => u.state !== 'blocked');
      res
        .status(200)
        .type('html')
        .send(
          consentPage(
            pre.app,
            users,
            user,
            req.query as Record<string, string>,
          ),
        );
    },
    decide: (req: Request, res: Response) => {
      const pre = preAuthorize(state, req, res);
      if (!pre) return;
      if (param(req, 'decision') === 'deny') {
        redirectWith(res, pre.redirectUri, {
          error: 'access_denied',
          error_description: DESCRIPTIONS.access_denied,
          state: pre.state,
        });
        return;
      }
      const user = signedInUser(state, req);
      if (!user) {
        renderError(
          res,
          400,
          'invalid_request',
          `No user '${param(req, 'login')}' can sign in`,
        );
        return;
      }
      grantCode(state, res, pre, user);
    },
  };
}
