import type { Request, Response } from 'express';
import type { SimulatorState } from '../state';
import {
  authenticateClient,
  DESCRIPTIONS,
  issueTokens,
  missingParam,
  param,
  sendOAuthError,
  verifierMatches,
} from './oauthClient';

function sendTokens(res: Response, body: Record<string, unknown>): void {
  res.status(200);
  res.setHeader('Cache-Control', 'no-store, no-cache');
  res.setHeader('Pragma', 'no-cache');
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  res.end(JSON.stringify(body));
}

const invalidGrant = (res: Response) =>
  sendOAuthError(res, 400, 'invalid_grant', DESCRIPTIONS.invalid_grant);
const invalidClient = (res: Response) =>
  sendOAuthError(res, 401, 'invalid_client', DESCRIPTIONS.invalid_client);

/**
 * `grant_type=authorization_code`, validated in Doorkeeper's order
 * (Doorkeeper::OAuth::AuthorizationCodeRequest): parameters, client, grant, redirect URI,
 * PKCE verifier, then single use. Exchanging a code twice fails and revokes the tokens the
 * first exchange issued (RFC 6749 §10.5).
 */
function exchangeCode(
  state: SimulatorState,
  req: Request,
  res: Response,
): void {
  const grant = state.grants.get(param(req, 'code') ?? '');
  const redirectUri = param(req, 'redirect_uri');
  const verifier = param(req, 'code_verifier');
  if (grant?.codeChallenge && !verifier) {
    sendOAuthError(res, 400, 'invalid_request', missingParam('code_verifier'));
    return;
  }
  if (!redirectUri) {
    sendOAuthError(res, 400, 'invalid_request', missingParam('redirect_uri'));
    return;
  }
  const app = authenticateClient(state, req);
  if (!app) {
    invalidClient(res);
    return;
  }
  if (
    !grant ||
    grant.clientId !== app.clientId ||
    grant.redirectUri !== redirectUri
  ) {
    invalidGrant(res);
    return;
  }
  if (verifier !== undefined || grant.codeChallenge) {
    const ok =
      grant.codeChallenge !== undefined &&
      verifier !== undefined &&
      verifierMatches(
        grant.codeChallenge,
        grant.codeChallengeMethod ?? 'plain',
        verifier,
      );
    if (!ok) {
      invalidGrant(res);
      return;
    }
  }
  if (grant.usedFor) {
    const issued = state.accessTokens.get(grant.usedFor);
    if (issued) issued.revoked = true;
    app.refreshTokens = app.refreshTokens.filter(
      t => t.token !== issued?.refreshToken,
    );
    invalidGrant(res);
    return;
  }
  if (grant.expiresAtMs <= state.now()) {
    invalidGrant(res);
    return;
  }
  const body = issueTokens(state, app, grant.userId, grant.scopes);
  grant.usedFor = body.access_token as string;
  sendTokens(res, body);
}

/**
 * `grant_type=refresh_token` (Doorkeeper::OAuth::RefreshTokenRequest): the refresh token
 * first, then the client; the presented token rotates and stops working.
 */
function refresh(state: SimulatorState, req: Request, res: Response): void {
  const presented = param(req, 'refresh_token');
  if (!presented) {
    sendOAuthError(res, 400, 'invalid_request', missingParam('refresh_token'));
    return;
  }
  const owner = (state.data.oauthApplications ?? []).find(a =>
    a.refreshTokens.some(t => t.token === presented),
  );
  if (!owner) {
    invalidGrant(res);
    return;
  }
  const app = authenticateClient(state, req);
  if (!app) {
    invalidClient(res);
    return;
  }
  if (app !== owner) {
    invalidGrant(res);
    return;
  }
  const grant = app.refreshTokens.find(t => t.token === presented)!;
  sendTokens(res, issueTokens(state, app, grant.userId, grant.scopes, grant));
}

/** `POST /oauth/token`. */
export function tokenEndpoint(state: SimulatorState) {
  return (req: Request, res: Response) => {
    switch (param(req, 'grant_type')) {
      case 'authorization_code':
        exchangeCode(state, req, res);
        return;
      case 'refresh_token':
        refresh(state, req, res);
        return;
      default:
        sendOAuthError(
          res,
          400,
          'unsupported_grant_type',
          DESCRIPTIONS.unsupported_grant_type,
        );
    }
  };
}
