import { createHash, randomBytes } from 'node:crypto';
import type { Request, Response } from 'express';
import type {
  DatasetOAuthApplication,
  DatasetRefreshToken,
} from '../dataset/types';
import type { SimulatorState } from '../state';

/** Lifetime of issued access tokens: GitLab's Doorkeeper `access_token_expires_in 7200`. */
export const ACCESS_TOKEN_TTL_SECONDS = 7200;
/** Doorkeeper's default `authorization_code_expires_in`, which GitLab keeps. */
export const AUTHORIZATION_CODE_TTL_MS = 10 * 60_000;

/** Doorkeeper's error descriptions (config/locales/en.yml). */
export const DESCRIPTIONS = {
  invalid_client:
    'Client authentication failed due to unknown client, no client authentication included, or unsupported authentication method.',
  invalid_grant:
    'The provided authorization grant is invalid, expired, revoked, does not match the redirection URI used in the authorization request, or was issued to another client.',
  unsupported_grant_type:
    'The authorization grant type is not supported by the authorization server.',
  invalid_redirect_uri:
    "The requested redirect URI is malformed or doesn't match the client redirect URI.",
  unsupported_response_type:
    'The authorization server does not support this response type.',
  invalid_scope: 'The requested scope is invalid, unknown, or malformed.',
  access_denied:
    'The resource owner or authorization server denied the request.',
  invalid_code_challenge_method:
    'The code_challenge_method must be one of plain, S256.',
  revoke_unauthorized: 'You are not authorized to revoke this token',
} as const;

/** `Missing required parameter: x.` (Doorkeeper invalid_request missing_param). */
export function missingParam(name: string): string {
  return `Missing required parameter: ${name}.`;
}

/** A string parameter from the form body or the query string. */
export function param(req: Request, name: string): string | undefined {
  const body = (req.body ?? {}) as Record<string, unknown>;
  const value = body[name] ?? req.query[name];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** Client credentials from HTTP Basic or the body (Doorkeeper `client_credentials :from_basic, :from_params`). */
export function clientCredentials(req: Request): {
  clientId?: string;
  clientSecret?: string;
} {
  const authorization = req.header('authorization');
  const basic = authorization && /^basic\s+(.+)$/i.exec(authorization);
  if (basic) {
    const decoded = Buffer.from(basic[1], 'base64').toString('utf8');
    const separator = decoded.indexOf(':');
    return {
      clientId: decodeURIComponent(decoded.slice(0, separator)),
      clientSecret: decodeURIComponent(decoded.slice(separator + 1)),
    };
  }
  return {
    clientId: param(req, 'client_id'),
    clientSecret: param(req, 'client_secret'),
  };
}

/** The application the credentials authenticate; a non-confidential one needs no secret. */
export function authenticateClient(
  state: SimulatorState,
  req: Request,
): DatasetOAuthApplication | undefined {
  const { clientId, clientSecret } = clientCredentials(req);
  const app = (state.data.oauthApplications ?? []).find(
    a => a.clientId === clientId,
  );
  if (!app) return undefined;
  if (app.confidential === false && clientSecret === undefined) return app;
  return app.clientSecret === clientSecret ? app : undefined;
}

/** Sends a Doorkeeper error body with its no-store headers. */
export function sendOAuthError(
  res: Response,
  status: number,
  error: string,
  description: string,
  extraHeaders: Record<string, string> = {},
): void {
  res.status(status);
  res.setHeader('Cache-Control', 'no-store, no-cache');
  for (const [name, value] of Object.entries(extraHeaders))
    res.setHeader(name, value);
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  res.end(JSON.stringify({ error, error_description: description }));
}

/** The redirect URIs an application registered, one per line as GitLab stores them. */
export function redirectUris(app: DatasetOAuthApplication): string[] {
  return (app.redirectUri ?? '')
    .split(/\s+/)
    .map(u => u.trim())
    .filter(Boolean);
}

/** PKCE (RFC 7636 §4.6): S256 is BASE64URL(SHA256(verifier)) without padding. */
export function verifierMatches(
  challenge: string,
  method: 'S256' | 'plain',
  verifier: string,
): boolean {
  if (method === 'plain') return challenge === verifier;
  return (
    createHash('sha256').update(verifier).digest('base64url') === challenge
  );
}

/**
 * Issues an access token and a refresh token; answers Doorkeeper's TokenResponse body. With
 * `rotating`, that refresh token is replaced (it stops working) instead of adding one.
 */
export function issueTokens(
  state: SimulatorState,
  app: DatasetOAuthApplication,
  userId: number,
  scopes: string[],
  rotating?: DatasetRefreshToken,
): Record<string, unknown> {
  const nowMs = state.now();
  const accessToken = randomBytes(32).toString('hex');
  const refreshToken = randomBytes(32).toString('hex');
  if (rotating) rotating.token = refreshToken;
  else app.refreshTokens.push({ token: refreshToken, userId, scopes });
  state.accessTokens.set(accessToken, {
    token: accessToken,
    userId,
    scopes,
    applicationName: app.name ?? app.clientId,
    clientId: app.clientId,
    createdAtMs: nowMs,
    expiresAtMs: nowMs + ACCESS_TOKEN_TTL_SECONDS * 1000,
    refreshToken,
  });
  return {
    access_token: accessToken,
    token_type: 'Bearer',
    expires_in: ACCESS_TOKEN_TTL_SECONDS,
    refresh_token: refreshToken,
    scope: scopes.join(' '),
    created_at: Math.floor(nowMs / 1000),
  };
}
