import {
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  FIXTURES,
  GitlabSimulator,
  startSimulator,
} from '@delivery-insights/gitlab-simulator';
import request from 'supertest';
import { captureLogger } from './gitlab/__testUtils__/captureLogger';
import { fingerprint } from './gitlab/RefreshTokenStore';
import { gitlabDeliveryPlugin } from './plugin';
import { testDatabases } from './__testUtils__/databases';

jest.setTimeout(60_000);

const databases = testDatabases();
const API = '/api/gitlab-delivery';
const TOKEN = 'glpat-demo-token';
const ENCRYPTION_KEY = 'a passphrase only this test knows, 2026';

function component(name: string, host: string, path: string): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name,
      namespace: 'default',
      annotations: {
        'gitlab.com/project-slug': path,
        'gitlab.com/instance': host,
      },
    },
    spec: { owner: 'team' },
  };
}

describe.each(databases.eachSupportedId())(
  'secrets on %p: what a failing sync, an OAuth renewal and a health run leave in logs and responses',
  databaseId => {
    let oauthSim: GitlabSimulator;
    let tokenSim: GitlabSimulator;
    beforeAll(async () => {
      oauthSim = await startSimulator({
        generate: { seed: 5, projects: 1, mrsPerProject: 3 },
      });
      tokenSim = await startSimulator({
        generate: { seed: 6, projects: 1, mrsPerProject: 3 },
      });
    });
    afterAll(async () => {
      await oauthSim.close();
      await tokenSim.close();
    });

    it('never shows a token, a client secret, a refresh token or the encryption key', async () => {
      const oauthHost = new URL(oauthSim.url).host;
      const tokenHost = new URL(tokenSim.url).host;
      const knex = await databases.init(databaseId);
      const { logger, lines } = captureLogger();
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
          mockServices.permissions.factory(),
          mockServices.rootConfig.factory({
            data: {
              integrations: {
                gitlab: [
                  { host: oauthHost, apiBaseUrl: `${oauthSim.url}/api/v4` },
                  {
                    host: tokenHost,
                    apiBaseUrl: `${tokenSim.url}/api/v4`,
                    token: TOKEN,
                  },
                ],
              },
              gitlabDelivery: {
                encryptionKey: ENCRYPTION_KEY,
                requestTimeoutSeconds: 2,
                instances: [
                  {
                    host: oauthHost,
                    oauth: {
                      clientId: FIXTURES.oauthClientId,
                      clientSecret: FIXTURES.oauthClientSecret,
                      refreshToken: FIXTURES.oauthRefreshToken,
                    },
                  },
                ],
              },
            },
          }),
          catalogServiceMock.factory({
            entities: [
              component('renewed', oauthHost, oauthSim.data.projects[0].path),
              component('failing', tokenHost, tokenSim.data.projects[0].path),
            ],
          }),
        ],
      });

      // A proxy in front of one GitLab echoes the credentials it was sent,
      // in GraphQL errors (which the plugin reports) and in 502 pages.
      const echo = `upstream said PRIVATE-TOKEN: ${TOKEN}, {"refresh_token":"${FIXTURES.oauthRefreshToken}","client_secret":"${FIXTURES.oauthClientSecret}"} via https://oauth2:${TOKEN}@${tokenHost}/`;
      tokenSim.injectFault({
        type: 'status',
        status: 200,
        times: Infinity,
        match: /^\/api\/graphql/,
        body: JSON.stringify({ errors: [{ message: echo }] }),
      });
      tokenSim.injectFault({
        type: 'status',
        status: 502,
        times: Infinity,
        match: /^\/api\/v4/,
        body: `<html>${echo}</html>`,
      });
      // The other loses the reply of its first OAuth grant, and later
      // rejects an access token, so that the plugin renews it.
      oauthSim.injectFault({ type: 'reset', match: /^\/oauth\/token/ });
      oauthSim.injectFault({
        type: 'status',
        status: 401,
        match: /^\/api\/graphql/,
      });

      const user = mockCredentials.user.header();
      const bodies: string[] = [];
      const call = async (test: request.Test) => {
        const res = await test.set('Authorization', user);
        bodies.push(
          JSON.stringify({
            status: res.status,
            headers: res.headers,
            body: res.body,
            text: res.text,
          }),
        );
        return res;
      };

      expect(
        (await call(request(server).post(`${API}/sync`).send({}))).status,
      ).toBe(202);
      for (let i = 0; i < 200; i++) {
        const health = await call(request(server).get(`${API}/health`));
        const projects = health.body.projects as Array<{
          lastAttemptAt: string | null;
        }>;
        if (projects.length === 2 && projects.every(p => p.lastAttemptAt))
          break;
        await new Promise(resolve => setTimeout(resolve, 50));
      }
      expect(
        (await call(request(server).post(`${API}/health/check`).send({})))
          .status,
      ).toBe(202);
      for (let i = 0; i < 200; i++) {
        const health = await call(request(server).get(`${API}/health`));
        const instances = health.body.instances as Array<{ checks: unknown[] }>;
        if (instances.every(x => x.checks.length > 5)) break;
        await new Promise(resolve => setTimeout(resolve, 50));
      }
      for (const name of ['renewed', 'failing']) {
        for (const route of [
          'health',
          'metrics',
          'merge-requests?description=true',
        ]) {
          await call(
            request(server).get(
              `${API}/entities/component/default/${name}/${route}`,
            ),
          );
        }
      }
      await call(
        request(server)
          .post(`${API}/sync`)
          .send({ entityRef: 'component:default/failing' }),
      );
      await call(
        request(server)
          .post(`${API}/sync`)
          .send({ entityRef: 'component:default/failing' }),
      );

      const failing = (
        await call(
          request(server).get(
            `${API}/entities/component/default/failing/health`,
          ),
        )
      ).body;
      expect(failing.projects[0]).toMatchObject({
        lastErrorCode: 'graphql',
        lastErrorMessage: expect.stringContaining(
          'upstream said PRIVATE-TOKEN: [redacted]',
        ),
      });
      const renewed = (
        await call(
          request(server).get(
            `${API}/entities/component/default/renewed/health`,
          ),
        )
      ).body;
      expect(renewed.projects[0]).toMatchObject({
        lastErrorCode: null,
        lastSuccessAt: expect.any(String),
      });
      const grants = oauthSim.requests
        .filter(r => r.path === '/oauth/token')
        .map(r => r.status);
      expect(grants).toEqual([0, 200, 200]);

      const rotated = oauthSim.data.oauthApplications![0].refreshTokens.map(
        t => t.token,
      );
      const secrets = [
        TOKEN,
        FIXTURES.oauthClientSecret,
        FIXTURES.oauthRefreshToken,
        ENCRYPTION_KEY,
        ...rotated,
      ];
      expect(new Set(secrets).size).toBeGreaterThan(4);
      const stored = JSON.stringify(await knex('gitlab_delivery_oauth_tokens'));
      const everything = [...lines, ...bodies, stored].join('\n');
      expect(lines.length).toBeGreaterThan(10);
      expect(secrets.filter(secret => everything.includes(secret))).toEqual([]);
      // Access tokens are 64 hex digits; so is only the stored fingerprint
      // (a sha256) of the configured refresh token.
      expect(everything.match(/\b[0-9a-f]{64}\b/g) ?? []).toEqual([
        fingerprint(FIXTURES.oauthRefreshToken),
      ]);
      expect(lines.join('\n')).toContain('[redacted]');
    });
  },
);
