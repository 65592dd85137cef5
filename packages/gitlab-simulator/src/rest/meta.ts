import { Router } from 'express';
import { READ_USER_SCOPES } from '../auth/authenticate';
import { findUser } from '../dataset/access';
import { sendJson, sendMessage } from '../http/respond';
import type { SimulatorState } from '../state';
import { dateOrNull, isExpired, isoOrNull } from '../time';
import { hasFeature, revisionFor } from '../version';
import { requireCaller } from './guards';
import { currentUserJson, userBasicJson } from './json';

/** `/version`, `/metadata`, `/user`, `/users/:id` and `/personal_access_tokens/self`. */
export function metaRoutes(state: SimulatorState): Router {
  const router = Router();

  const versionBody = () => ({
    version: state.version,
    revision: revisionFor(state.version),
    kas: {
      enabled: false,
      externalUrl: null,
      externalK8sProxyUrl: null,
      version: null,
    },
    enterprise: false,
  });

  router.get('/version', (_req, res) => {
    if (requireCaller(res, { scopes: READ_USER_SCOPES })) {
      const { version, revision } = versionBody();
      sendJson(res, 200, { version, revision });
    }
  });

  router.get('/metadata', (_req, res) => {
    if (!hasFeature(state.version, 'metadataEndpoint')) {
      sendMessage(res, 404, '404 Not Found');
      return;
    }
    if (requireCaller(res, { scopes: READ_USER_SCOPES })) {
      sendJson(res, 200, versionBody());
    }
  });

  router.get('/user', (_req, res) => {
    const caller = requireCaller(res, { scopes: READ_USER_SCOPES });
    if (caller && caller.user) {
      sendJson(res, 200, currentUserJson(state, caller.user));
    }
  });

  router.get('/users/:userId', (req, res) => {
    const caller = requireCaller(res, {
      scopes: READ_USER_SCOPES,
      anonymous: true,
    });
    if (!caller) {
      return;
    }
    const user = findUser(state.data, Number(req.params.userId));
    if (!user) {
      sendMessage(res, 404, '404 User Not Found');
      return;
    }
    sendJson(res, 200, {
      ...userBasicJson(state, user),
      bot: user.bot ?? false,
    });
  });

  router.get('/personal_access_tokens/self', (_req, res) => {
    if (!hasFeature(state.version, 'personalAccessTokensSelf')) {
      sendMessage(res, 404, '404 Not Found');
      return;
    }
    // Any token may describe itself, whatever its scopes.
    const caller = requireCaller(res, { anyScope: true });
    if (!caller) {
      return;
    }
    const token = caller.identity?.personalToken;
    if (!token) {
      sendMessage(
        res,
        400,
        '400 Bad request - This endpoint requires token type to be a personal access token',
      );
      return;
    }
    sendJson(res, 200, {
      id: token.id,
      name: token.name,
      revoked: token.revoked ?? false,
      created_at: isoOrNull(token.createdAt),
      description: null,
      scopes: token.scopes,
      user_id: token.userId,
      last_used_at: isoOrNull(token.lastUsedAt),
      active: !token.revoked && !isExpired(token.expiresAt, state.now()),
      expires_at: dateOrNull(token.expiresAt),
    });
  });

  return router;
}
