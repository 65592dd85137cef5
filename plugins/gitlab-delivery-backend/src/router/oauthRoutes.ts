import { gitlabDeliveryConnectionManagePermission } from '@delivery-insights/plugin-gitlab-delivery-common';
import { Request, Router } from 'express';
import PromiseRouter from 'express-promise-router';
import { ConnectionService } from '../services/connection/types';
import { PermissionChecks } from './permissionChecks';
import { callbackQuery, hostParams, noQuery, parseInput } from './validation';

/** The cookie that binds a Connect GitLab flow to the admin's browser. */
const NONCE_COOKIE = 'gitlab-delivery-oauth';
/** Where the browser sends the cookie: the callback only needs it. */
const COOKIE_PATH = '/api/gitlab-delivery/oauth';

function cookieOf(req: Request, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [key, ...value] = part.trim().split('=');
    if (key === name) return decodeURIComponent(value.join('='));
  }
  return undefined;
}

/**
 * Connect GitLab with an OAuth application: `POST /oauth/:host/connect`
 * (permission gitlab-delivery.connection.manage) answers GitLab's consent
 * page address; GitLab sends the browser to `GET /oauth/callback`, which
 * answers with a redirect to the admin page, never with a token; `DELETE
 * /oauth/:host` disconnects.
 * @internal
 */
export function oauthRoutes(options: {
  connections: ConnectionService;
  authorize: PermissionChecks['authorize'];
  /** The admin page, where the callback sends the browser back. */
  adminPageUrl: string;
  /** Called once an instance is connected, before the browser is sent back. */
  onConnected?: (host: string) => Promise<unknown>;
}): Router {
  const { connections, authorize, adminPageUrl } = options;
  const router = PromiseRouter();

  router.post('/oauth/:host/connect', async (req, res) => {
    const { host } = parseInput(hostParams, req.params);
    parseInput(noQuery, req.query);
    // Who connected is recorded, so only a user may.
    const credentials = await authorize(
      req,
      gitlabDeliveryConnectionManagePermission,
      ['user'],
    );
    const { authorizeUrl, browserNonce } = await connections.startConnect({
      host,
      credentials,
    });
    res.cookie(NONCE_COOKIE, browserNonce, {
      httpOnly: true,
      sameSite: 'lax',
      secure: req.secure,
      path: COOKIE_PATH,
      maxAge: 10 * 60_000,
    });
    res.json({ authorizeUrl });
  });

  router.get('/oauth/callback', async (req, res) => {
    const query = callbackQuery.safeParse(req.query);
    const outcome = await connections.completeConnect({
      ...(query.success ? query.data : {}),
      browserNonce: cookieOf(req, NONCE_COOKIE),
    });
    res.clearCookie(NONCE_COOKIE, { path: COOKIE_PATH });
    res.set('Cache-Control', 'no-store');
    res.set('Referrer-Policy', 'no-referrer');
    const target = new URL(adminPageUrl);
    if (outcome.connected) {
      target.searchParams.set('connected', outcome.host);
      // Its checks still describe the instance without this token. A
      // refused check (one within its cooldown) leaves that to the admin.
      await options.onConnected?.(outcome.host).catch(() => undefined);
    } else target.searchParams.set('oauthError', outcome.reason);
    res.redirect(302, target.toString());
  });

  router.delete('/oauth/:host', async (req, res) => {
    const { host } = parseInput(hostParams, req.params);
    parseInput(noQuery, req.query);
    const credentials = await authorize(
      req,
      gitlabDeliveryConnectionManagePermission,
    );
    res.json(await connections.disconnect({ host, credentials }));
  });

  return router;
}
