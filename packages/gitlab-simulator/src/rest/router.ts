import { Router } from 'express';
import { authenticate, extractToken } from '../auth/authenticate';
import { sendMessage } from '../http/respond';
import type { SimulatorState } from '../state';
import { isoTime } from '../time';
import { codeRoutes } from './code';
import { groupRoutes } from './groups';
import { sendUnauthorized } from './guards';
import { mergeRequestDetailRoutes } from './mergeRequestDetails';
import { mergeRequestRoutes } from './mergeRequests';
import { metaRoutes } from './meta';
import { projectRoutes } from './projects';

/** The REST v4 API, to mount at `/api/v4`. */
export function restRouter(state: SimulatorState): Router {
  const router = Router();

  // GitLab rejects a bad token on every endpoint, even those open to anonymous callers.
  router.use((req, res, next) => {
    const auth = authenticate(state, extractToken(req));
    res.locals.auth = auth;
    if (auth.kind === 'invalid') {
      sendUnauthorized(res, auth.reason);
      return;
    }
    if (auth.kind === 'blocked') {
      sendMessage(res, 403, '403 Forbidden - Your account has been blocked.');
      return;
    }
    if (auth.kind === 'ok' && auth.identity.personalToken) {
      auth.identity.personalToken.lastUsedAt = isoTime(state.now());
    }
    next();
  });

  router.use(metaRoutes(state));
  router.use(projectRoutes(state));
  router.use(groupRoutes(state));
  router.use(codeRoutes(state));
  router.use(mergeRequestRoutes(state));
  router.use(mergeRequestDetailRoutes(state));

  router.use((_req, res) => sendMessage(res, 404, '404 Not Found'));
  return router;
}
