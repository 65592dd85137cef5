import { randomBytes } from 'node:crypto';
import { Router, type Request } from 'express';
import { sendJson } from '../http/respond';
import type { SimulatorState } from '../state';
import { extractToken } from './authenticate';

/** Lifetime of issued access tokens, as GitLab configures Doorkeeper. */
export const ACCESS_TOKEN_TTL_SECONDS = 7200;

const INVALID_CLIENT =
  'Client authentication failed due to unknown client, no client authentication included, or unsupported authentication method.';
const INVALID_GRANT =
  'The provided authorization grant is invalid, expired, revoked, does not match the redirection URI used in the authorization request, or was issued to another client.';

/** `POST /oauth/token` (refresh_token grant) and `GET /oauth/token/info`. */
export function oauthRoutes(state: SimulatorState): Router {
  const router = Router();

  router.post('/oauth/token', (req, res) => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    const grantType = str(body.grant_type) ?? str(req.query.grant_type);
    const { clientId, clientSecret } = clientCredentials(req, body);
    if (grantType !== 'refresh_token') {
      sendJson(res, 400, {
        error: 'unsupported_grant_type',
        error_description:
          'The authorization grant type is not supported by the authorization server.',
      });
      return;
    }
    const app = (state.data.oauthApplications ?? []).find(
      a => a.clientId === clientId && a.clientSecret === clientSecret,
    );
    if (!app) {
      sendJson(res, 401, {
        error: 'invalid_client',
        error_description: INVALID_CLIENT,
      });
      return;
    }
    const refreshToken =
      str(body.refresh_token) ?? str(req.query.refresh_token);
    const grant = app.refreshTokens.find(t => t.token === refreshToken);
    if (!grant) {
      sendJson(res, 400, {
        error: 'invalid_grant',
        error_description: INVALID_GRANT,
      });
      return;
    }
    const nowMs = state.now();
    const accessToken = randomBytes(32).toString('hex');
    const nextRefresh = randomBytes(32).toString('hex');
    // Refresh tokens rotate: the presented one stops working.
    grant.token = nextRefresh;
    state.accessTokens.set(accessToken, {
      token: accessToken,
      userId: grant.userId,
      scopes: grant.scopes,
      applicationName: app.name ?? app.clientId,
      clientId: app.clientId,
      createdAtMs: nowMs,
      expiresAtMs: nowMs + ACCESS_TOKEN_TTL_SECONDS * 1000,
    });
    sendJson(res, 200, {
      access_token: accessToken,
      token_type: 'Bearer',
      expires_in: ACCESS_TOKEN_TTL_SECONDS,
      refresh_token: nextRefresh,
      scope: grant.scopes.join(' '),
      created_at: Math.floor(nowMs / 1000),
    });
  });

  router.get('/oauth/token/info', (req, res) => {
    const token = extractToken(req);
    const issued = token ? state.accessTokens.get(token) : undefined;
    if (!issued || issued.expiresAtMs <= state.now()) {
      sendJson(res, 401, {
        error: 'invalid_token',
        error_description: 'The access token is invalid',
        state: 'unauthorized',
      });
      return;
    }
    sendJson(res, 200, {
      resource_owner_id: issued.userId,
      scope: issued.scopes,
      expires_in: Math.floor((issued.expiresAtMs - state.now()) / 1000),
      application: { uid: issued.clientId },
      created_at: Math.floor(issued.createdAtMs / 1000),
      scopes: issued.scopes,
      expires_in_seconds: Math.floor((issued.expiresAtMs - state.now()) / 1000),
    });
  });

  return router;
}

function clientCredentials(req: Request, body: Record<string, unknown>) {
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
    clientId: str(body.client_id),
    clientSecret: str(body.client_secret),
  };
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}
