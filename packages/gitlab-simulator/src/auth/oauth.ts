import { Router, type Request, type Response } from 'express';
import type { SimulatorState } from '../state';
import { extractToken } from './authenticate';
import { authorizeEndpoints } from './oauthAuthorize';
import {
  authenticateClient,
  DESCRIPTIONS,
  param,
  sendOAuthError,
} from './oauthClient';
import { tokenEndpoint } from './oauthToken';

export { ACCESS_TOKEN_TTL_SECONDS } from './oauthClient';

const TOKEN_ERRORS = {
  revoked: 'The access token was revoked',
  expired: 'The access token expired',
  unknown: 'The access token is invalid',
} as const;

/**
 * `GET /oauth/token/info`: Oauth::TokenInfoController renders Doorkeeper's AccessToken#as_json
 * plus the old `scopes` and `expires_in_seconds` keys; a bad token gets InvalidTokenResponse.
 */
function tokenInfo(state: SimulatorState) {
  return (req: Request, res: Response) => {
    const token = extractToken(req);
    const issued = token ? state.accessTokens.get(token) : undefined;
    const nowMs = state.now();
    let reason: keyof typeof TOKEN_ERRORS | undefined;
    if (!issued) reason = 'unknown';
    else if (issued.revoked) reason = 'revoked';
    else if (issued.expiresAtMs <= nowMs) reason = 'expired';
    if (!issued || reason) {
      const description = TOKEN_ERRORS[reason ?? 'unknown'];
      res.status(401);
      res.setHeader('Cache-Control', 'no-store, no-cache');
      res.setHeader(
        'WWW-Authenticate',
        `Bearer realm="Doorkeeper", error="invalid_token", error_description="${description}"`,
      );
      res.setHeader('Content-Type', 'application/json; charset=utf-8');
      res.end(
        JSON.stringify({
          error: 'invalid_token',
          error_description: description,
          state: 'unauthorized',
        }),
      );
      return;
    }
    const expiresIn = Math.floor((issued.expiresAtMs - nowMs) / 1000);
    res.status(200).json({
      resource_owner_id: issued.userId,
      scope: issued.scopes,
      expires_in: expiresIn,
      application: { uid: issued.clientId },
      created_at: Math.floor(issued.createdAtMs / 1000),
      scopes: issued.scopes,
      expires_in_seconds: expiresIn,
    });
  };
}

/**
 * `POST /oauth/revoke` (RFC 7009, Doorkeeper::TokensController#revoke): the client must
 * authenticate; an unknown token is a 200; a token of another client is refused. Access and
 * refresh token are one record in Doorkeeper, so revoking either ends both.
 */
function revoke(state: SimulatorState) {
  return (req: Request, res: Response) => {
    const app = authenticateClient(state, req);
    if (!app) {
      sendOAuthError(
        res,
        403,
        'unauthorized_client',
        DESCRIPTIONS.revoke_unauthorized,
      );
      return;
    }
    const presented = param(req, 'token') ?? '';
    const byAccess = state.accessTokens.get(presented);
    const byRefresh = [...state.accessTokens.values()].find(
      t => t.refreshToken === presented,
    );
    const refreshOwner = (state.data.oauthApplications ?? []).find(a =>
      a.refreshTokens.some(t => t.token === presented),
    );
    const issued = byAccess ?? byRefresh;
    const ownerId = issued?.clientId ?? refreshOwner?.clientId;
    if (ownerId === undefined) {
      res.status(200).json({});
      return;
    }
    if (ownerId !== app.clientId) {
      sendOAuthError(
        res,
        403,
        'unauthorized_client',
        DESCRIPTIONS.revoke_unauthorized,
      );
      return;
    }
    if (issued) issued.revoked = true;
    const refreshToken = issued?.refreshToken ?? presented;
    app.refreshTokens = app.refreshTokens.filter(t => t.token !== refreshToken);
    res.status(200).json({});
  };
}

/** GitLab's OAuth endpoints (Doorkeeper). */
export function oauthRoutes(state: SimulatorState): Router {
  const router = Router();
  const authorize = authorizeEndpoints(state);
  router.get('/oauth/authorize', authorize.show);
  router.post('/oauth/authorize', authorize.decide);
  router.post('/oauth/token', tokenEndpoint(state));
  router.get('/oauth/token/info', tokenInfo(state));
  router.post('/oauth/revoke', revoke(state));
  return router;
}
