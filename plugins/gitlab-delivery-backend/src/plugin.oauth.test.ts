import {
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  DatasetOAuthApplication,
  FIXTURES,
  GitlabSimulator,
  startSimulator,
} from '@delivery-insights/gitlab-simulator';
import { Knex } from 'knex';
import request from 'supertest';
import { captureLogger } from './gitlab/__testUtils__/captureLogger';
import { gitlabDeliveryPlugin } from './plugin';
import { testDatabases } from './__testUtils__/databases';

jest.setTimeout(60_000);

// GitLab's OAuth is Doorkeeper (config/initializers/doorkeeper.rb in
// gitlabhq): access tokens live 7200 s with a refresh token, a code is
// single-use and refused with invalid_grant, `/oauth/token/info` is
// Oauth::TokenInfoController. The simulator models each (its oauth.test.ts).

const databases = testDatabases();
const API = '/api/gitlab-delivery';
const ENCRYPTION_KEY = Buffer.alloc(32, 4).toString('base64');
const CLIENT_ID = 'delivery-insights';
const CLIENT_SECRET = 'oauth-application-SECRET';
const ENTITY = 'component:default/shop';
const user = mockCredentials.user.header();

type Server = Awaited<ReturnType<typeof startTestBackend>>['server'];

async function eventually<T>(
  read: () => Promise<T>,
  done: (value: T) => boolean,
): Promise<T> {
  let value = await read();
  for (let attempt = 0; attempt < 150 && !done(value); attempt++) {
    await new Promise(resolve => setTimeout(resolve, 100));
    value = await read();
  }
  return value;
}

const unescapeHtml = (text: string) =>
  text.replace(/&#(\d+);/g, (_, code) => String.fromCharCode(Number(code)));

describe.each(databases.eachSupportedId())(
  'Connect GitLab on %p',
  databaseId => {
    let sim: GitlabSimulator;
    let host: string;
    let knex: Knex;
    const { logger, lines } = captureLogger();
    const app = () =>
      sim.data.oauthApplications!.find(a => a.clientId === CLIENT_ID)!;

    beforeAll(async () => {
      sim = await startSimulator({
        generate: { seed: 21, projects: 1, mrsPerProject: 3 },
      });
      host = new URL(sim.url).host;
      // Admin → Applications in GitLab: the redirect URI is registered once
      // the backend says what it is (its first authorize URL).
      const application: DatasetOAuthApplication = {
        clientId: CLIENT_ID,
        clientSecret: CLIENT_SECRET,
        name: 'Delivery Insights',
        scopes: ['read_api', 'read_user'],
        refreshTokens: [],
      };
      sim.data.oauthApplications!.push(application);
      knex = await databases.init(databaseId);
    });
    afterAll(() => sim?.close());

    async function startBackend(
      options: {
        encryptionKey?: string;
        permission?: AuthorizeResult.ALLOW | AuthorizeResult.DENY;
      } = { encryptionKey: ENCRYPTION_KEY },
    ): Promise<Server> {
      const { server } = await startTestBackend({
        features: [
          gitlabDeliveryPlugin,
          createServiceFactory({
            service: coreServices.rootLogger,
            deps: {},
            factory: () => logger,
          }),
          mockServices.database.factory({ knex }),
          mockServices.scheduler.factory({ skipTaskRunOnStartup: true }),
          mockServices.permissions.factory({
            result: options.permission ?? AuthorizeResult.ALLOW,
          }),
          mockServices.rootConfig.factory({
            data: {
              app: { baseUrl: 'http://app.example' },
              integrations: {
                gitlab: [{ host, apiBaseUrl: `${sim.url}/api/v4` }],
              },
              gitlabDelivery: {
                encryptionKey: options.encryptionKey,
                syncCooldownSeconds: 0,
                instances: [
                  {
                    host,
                    oauth: { clientId: CLIENT_ID, clientSecret: CLIENT_SECRET },
                  },
                ],
              },
            },
          }),
          catalogServiceMock.factory({
            entities: [
              {
                apiVersion: 'backstage.io/v1alpha1',
                kind: 'Component',
                metadata: {
                  name: 'shop',
                  namespace: 'default',
                  annotations: {
                    'gitlab.com/project-slug': sim.data.projects[0].path,
                  },
                },
                spec: { owner: 'team' },
              },
            ],
          }),
        ],
      });
      return server;
    }

    /** Connect GitLab: the button's request, and the consent page approved as backstage-bot. */
    async function approve(server: Server) {
      const started = await request(server)
        .post(`${API}/oauth/${host}/connect`)
        .set('Authorization', user);
      expect(started.status).toBe(200);
      const setCookie = started.headers['set-cookie'] as unknown as string[];
      expect(setCookie[0]).toMatch(
        /^gitlab-delivery-oauth=[^;]+; Max-Age=600; Path=\/api\/gitlab-delivery\/oauth; Expires=[^;]+; HttpOnly; SameSite=Lax$/,
      );
      const cookie = setCookie[0].split(';')[0];
      const authorizeUrl = new URL(started.body.authorizeUrl);
      expect(Object.fromEntries(authorizeUrl.searchParams)).toMatchObject({
        client_id: CLIENT_ID,
        response_type: 'code',
        scope: 'read_api read_user',
        code_challenge_method: 'S256',
        redirect_uri: expect.stringMatching(
          /\/api\/gitlab-delivery\/oauth\/callback$/,
        ),
      });
      app().redirectUri = authorizeUrl.searchParams.get('redirect_uri')!;

      const page = await fetch(authorizeUrl);
      expect(page.status).toBe(200);
      const html = await page.text();
      expect(html).toContain('Authorize Delivery Insights');
      const fields = Object.fromEntries(
        [
          ...html.matchAll(
            /<input type="hidden" name="([^"]+)" value="([^"]*)">/g,
          ),
        ].map(([, name, value]) => [name, unescapeHtml(value)]),
      );
      const approved = await fetch(`${sim.url}/oauth/authorize`, {
        method: 'POST',
        redirect: 'manual',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          ...fields,
          login: FIXTURES.botUsername,
          decision: 'authorize',
        }),
      });
      expect(approved.status).toBe(302);
      const callback = new URL(approved.headers.get('location')!);
      return { cookie, callback: `${callback.pathname}${callback.search}` };
    }

    /** The browser follows GitLab's redirect to the callback; where it lands. */
    async function land(server: Server, callback: string, cookie?: string) {
      const req = request(server).get(callback);
      const res = await (cookie ? req.set('Cookie', cookie) : req);
      expect(res.status).toBe(302);
      const target = new URL(res.headers.location);
      expect(`${target.origin}${target.pathname}`).toBe(
        'http://app.example/gitlab-delivery/health',
      );
      return Object.fromEntries(target.searchParams);
    }

    async function instanceHealth(server: Server) {
      const res = await request(server)
        .get(`${API}/health`)
        .set('Authorization', user);
      return res.body.instances.find((i: { host: string }) => i.host === host);
    }

    /** Runs the live checks of a scope (each scope once per 30 seconds). */
    async function checkNow(server: Server, body: object) {
      const before = await instanceHealth(server);
      const started = await request(server)
        .post(`${API}/health/check`)
        .set('Authorization', user)
        .send(body);
      expect(started.status).toBe(202);
      return eventually(
        () => instanceHealth(server),
        i =>
          i.checks.find((c: { id: string }) => c.id === 'token.valid')
            ?.checkedAt !==
          before.checks.find((c: { id: string }) => c.id === 'token.valid')
            ?.checkedAt,
      );
    }

    const checkOf = (instance: any, id: string) =>
      instance.checks.find((c: { id: string }) => c.id === id);

    it('refuses to connect without an encryption key, naming it', async () => {
      const server = await startBackend({});
      const res = await request(server)
        .post(`${API}/oauth/${host}/connect`)
        .set('Authorization', user);
      expect(res.status).toBe(409);
      expect(res.body.error.message).toContain('gitlabDelivery.encryptionKey');
      expect(
        checkOf(await instanceHealth(server), 'token.storage'),
      ).toMatchObject({
        status: 'error',
        message: expect.stringContaining(
          'gitlabDelivery.encryptionKey is not set',
        ),
      });
    });

    it('refuses to connect without the permission', async () => {
      const server = await startBackend({
        encryptionKey: ENCRYPTION_KEY,
        permission: AuthorizeResult.DENY,
      });
      const res = await request(server)
        .post(`${API}/oauth/${host}/connect`)
        .set('Authorization', user);
      expect(res.status).toBe(403);
      expect(res.body.error.message).toContain(
        'gitlab-delivery.connection.manage',
      );
    });

    it('connects: consent, callback, a healthy instance and a sync with the connected token', async () => {
      const server = await startBackend();
      const unconnected = await checkNow(server, {});
      expect(unconnected.credential).toEqual({
        source: 'none',
        oauthApplication: true,
      });
      expect(checkOf(unconnected, 'token.valid')).toMatchObject({
        status: 'error',
        message: expect.stringContaining(
          'is not connected: press Connect GitLab',
        ),
      });

      const { cookie, callback } = await approve(server);
      expect(await land(server, callback, cookie)).toEqual({
        connected: host,
      });

      // The callback queued a check of the instance: no one presses Run
      // health check, yet its token checks describe the connected token.
      const connected = await eventually(
        () => instanceHealth(server),
        i => checkOf(i, 'token.valid')?.status === 'ok',
      );
      expect(connected.credential).toEqual({
        source: 'connected',
        oauthApplication: true,
        connectedBy: 'user:default/mock',
        connectedAt: expect.any(String),
      });
      expect(checkOf(connected, 'token.valid')).toMatchObject({
        status: 'ok',
        message: expect.stringContaining(
          `the OAuth token connected from the admin page of @${FIXTURES.botUsername}`,
        ),
      });
      // Read through GET /oauth/token/info.
      expect(connected.tokenScopes).toEqual(['read_api', 'read_user']);
      expect(connected.tokenExpiresAt).toEqual(expect.any(String));
      expect(checkOf(connected, 'token.scopes').status).toBe('ok');
      expect(checkOf(connected, 'token.expiry').status).toBe('ok');

      const synced = await request(server)
        .post(`${API}/sync`)
        .set('Authorization', user)
        .send({ entityRef: ENTITY });
      expect(synced.status).toBe(202);
      const health = await eventually(
        async () =>
          (
            await request(server)
              .get(`${API}/entities/component/default/shop/health`)
              .set('Authorization', user)
          ).body,
        body => Boolean(body.projects?.[0]?.lastSuccessAt),
      );
      expect(health.projects[0].lastErrorCode).toBeNull();
      expect(health.projects[0].mergeRequestCount).toBeGreaterThan(0);

      // The browser's callback again: the state was used.
      expect(await land(server, callback, cookie)).toEqual({
        oauthError: 'state_invalid',
      });
    });

    it('sends a bad state, another browser and a reused code back with a reason', async () => {
      const server = await startBackend();
      expect(
        await land(server, `${API}/oauth/callback?state=forged&code=x`),
      ).toEqual({ oauthError: 'state_invalid' });
      expect(await land(server, `${API}/oauth/callback`)).toEqual({
        oauthError: 'state_invalid',
      });

      const first = await approve(server);
      expect(await land(server, first.callback)).toEqual({
        oauthError: 'browser_mismatch',
      });

      // A fresh state, with the code GitLab issued for an earlier one.
      const second = await approve(server);
      const code = new URLSearchParams(first.callback.split('?')[1]).get(
        'code',
      )!;
      const state = new URLSearchParams(second.callback.split('?')[1]).get(
        'state',
      )!;
      expect(
        await land(
          server,
          `${API}/oauth/callback?${new URLSearchParams({ code, state })}`,
          second.cookie,
        ),
      ).toEqual({ oauthError: 'code_refused' });

      const denied = await request(server)
        .post(`${API}/oauth/${host}/connect`)
        .set('Authorization', user);
      const deniedState = new URL(denied.body.authorizeUrl).searchParams.get(
        'state',
      )!;
      expect(
        await land(
          server,
          `${API}/oauth/callback?${new URLSearchParams({
            error: 'access_denied',
            state: deniedState,
          })}`,
          (denied.headers['set-cookie'] as unknown as string[])[0].split(
            ';',
          )[0],
        ),
      ).toEqual({ oauthError: 'access_denied' });
    });

    it('disconnects: revokes the token at GitLab and deletes it', async () => {
      const server = await startBackend();
      const { cookie, callback } = await approve(server);
      expect(await land(server, callback, cookie)).toEqual({
        connected: host,
      });
      const [row] = await knex('gitlab_delivery_oauth_connections');
      expect(row.connected_by).toBe('user:default/mock');
      const issued = app().refreshTokens.map(t => t.token);
      expect(issued).toHaveLength(1);

      const res = await request(server)
        .delete(`${API}/oauth/${host}`)
        .set('Authorization', user);
      expect(res.status).toBe(200);
      expect(res.body).toEqual({
        revoked: true,
        message: expect.stringContaining('revoked the token'),
      });
      expect(app().refreshTokens).toEqual([]);
      expect(
        sim.requests.filter(r => r.path === '/oauth/revoke').map(r => r.status),
      ).toContain(200);
      expect(await knex('gitlab_delivery_oauth_connections')).toEqual([]);
      expect((await instanceHealth(server)).credential).toEqual({
        source: 'none',
        oauthApplication: true,
      });

      const again = await request(server)
        .delete(`${API}/oauth/${host}`)
        .set('Authorization', user);
      expect(again.status).toBe(404);
    });

    it('deletes the token and says so when GitLab cannot revoke it', async () => {
      const server = await startBackend();
      const { cookie, callback } = await approve(server);
      expect(await land(server, callback, cookie)).toEqual({
        connected: host,
      });
      sim.injectFault({
        type: 'status',
        status: 500,
        match: /^\/oauth\/revoke/,
      });
      const res = await request(server)
        .delete(`${API}/oauth/${host}`)
        .set('Authorization', user);
      expect(res.status).toBe(200);
      expect(res.body).toEqual({
        revoked: false,
        message: expect.stringContaining(
          `The token is deleted here, but GitLab at ${host} did not revoke it`,
        ),
      });
      expect(await knex('gitlab_delivery_oauth_connections')).toEqual([]);
    });

    it('never shows a token or the client secret in logs or responses', () => {
      const text = lines.join('\n');
      expect(text).not.toContain(CLIENT_SECRET);
      expect(text).not.toContain(ENCRYPTION_KEY);
      for (const { token } of app().refreshTokens) {
        expect(text).not.toContain(token);
      }
      expect(text).not.toMatch(/access_token=(?!\[redacted\])/);
    });
  },
);
