import {
  FIXTURES,
  GitlabSimulator,
  startSimulator,
} from '@delivery-insights/gitlab-simulator';
import { DateTime } from 'luxon';
import { Stores } from '../database/createStores';
import {
  createStore,
  simulatorInstance,
} from '../services/sync/__testUtils__/syncFixtures';
import { testDatabases } from '../__testUtils__/databases';
import { captureLogger } from './__testUtils__/captureLogger';
import { createGitlabClients } from './createGitlabClients';
import { GitlabClient } from './GitlabClient';

jest.setTimeout(60_000);

const databases = testDatabases();

describe.each(databases.eachSupportedId())(
  'a token connected from the admin page on %p',
  databaseId => {
    let sim: GitlabSimulator;
    let store: Stores;
    let host: string;
    const opened: GitlabClient[] = [];
    const { logger, lines } = captureLogger();
    const app = () => sim.data.oauthApplications![0];
    const grants = () =>
      sim.requests.filter(r => r.path === '/oauth/token').map(r => r.status);

    /** One replica's client of the host, with an OAuth application and no token. */
    function replica(): GitlabClient {
      const clients = createGitlabClients({
        config: {
          instances: [
            simulatorInstance(sim, {
              token: undefined,
              oauth: {
                clientId: FIXTURES.oauthClientId,
                clientSecret: FIXTURES.oauthClientSecret,
              },
            }),
          ],
          requestTimeoutMs: 5_000,
        },
        logger,
        connections: store.connections,
      });
      opened.push(...clients.values());
      return clients.get(host)!;
    }

    /** Stores tokens of backstage-bot as a connection, as the callback does. */
    async function connect(expiresInSeconds = 7200) {
      const res = await fetch(`${sim.url}/oauth/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          grant_type: 'refresh_token',
          refresh_token: app().refreshTokens[0].token,
          client_id: FIXTURES.oauthClientId,
          client_secret: FIXTURES.oauthClientSecret,
        }),
      });
      const tokens = await res.json();
      await store.connections.saveConnection({
        host,
        accessToken: tokens.access_token,
        refreshToken: tokens.refresh_token,
        expiresAt: DateTime.utc().plus({ seconds: expiresInSeconds }).toISO()!,
        scopes: tokens.scope.split(' '),
        connectedBy: 'user:default/admin',
        connectedAt: DateTime.utc().toISO()!,
      });
      sim.clearRequests();
    }

    async function username(client: GitlabClient) {
      const answer = await client.inspect('user');
      return answer.status === 200
        ? (answer.body as { username: string }).username
        : answer.status;
    }

    beforeAll(async () => {
      sim = await startSimulator({
        generate: { seed: 12, projects: 1, mrsPerProject: 2 },
      });
      host = new URL(sim.url).host;
      store = await createStore(databases, databaseId);
    });

    afterAll(async () => {
      await Promise.all(opened.map(c => c.close()));
      await sim?.close();
    });

    it('uses the stored access token while it is valid', async () => {
      await connect();
      const client = replica();
      expect(await username(client)).toBe(FIXTURES.botUsername);
      expect(await username(replica())).toBe(FIXTURES.botUsername);
      expect(grants()).toEqual([]);
    });

    it('renews it before it expires and stores the rotated tokens', async () => {
      await connect(30);
      const before = (await store.connections.getConnection(host))!;
      expect(await username(replica())).toBe(FIXTURES.botUsername);
      expect(grants()).toEqual([200]);
      const after = (await store.connections.getConnection(host))!;
      expect(after.refreshToken).not.toBe(before.refreshToken);
      expect(after.accessToken).not.toBe(before.accessToken);
      expect(app().refreshTokens.map(t => t.token)).toContain(
        after.refreshToken,
      );
      expect(
        DateTime.fromISO(after.expiresAt) > DateTime.utc().plus({ hours: 1 }),
      ).toBe(true);
      expect(after.connectedAt).toBe(before.connectedAt);
    });

    it('renews safely when two replicas find it expired at once', async () => {
      await connect(0);
      const [one, other] = [replica(), replica()];
      expect(await Promise.all([username(one), username(other)])).toEqual([
        FIXTURES.botUsername,
        FIXTURES.botUsername,
      ]);
      // One grant wins; the other replica is refused, then takes the saved
      // tokens (or renews once from them): never a failure.
      expect(grants().filter(status => status === 200).length).toBeGreaterThan(
        0,
      );
      // Whatever is stored is GitLab's newest, and serves a third replica
      // without a grant of its own.
      const saved = (await store.connections.getConnection(host))!;
      expect(app().refreshTokens.map(t => t.token)).toContain(
        saved.refreshToken,
      );
      sim.clearRequests();
      expect(await username(replica())).toBe(FIXTURES.botUsername);
      expect(await Promise.all([username(one), username(other)])).toEqual([
        FIXTURES.botUsername,
        FIXTURES.botUsername,
      ]);
      expect(grants()).toEqual([]);
    });

    it('falls back to the configured credentials once disconnected', async () => {
      const client = replica();
      expect(await username(client)).toBe(FIXTURES.botUsername);
      await store.connections.deleteConnection(host);
      client.forgetConnection();
      // No token is configured: GitLab answers as for an anonymous user.
      expect(await username(client)).toBe(401);
    });

    it('never logs a token', () => {
      const text = lines.join('\n');
      for (const { token } of app().refreshTokens) {
        expect(text).not.toContain(token);
      }
      expect(text).not.toContain(FIXTURES.oauthClientSecret);
    });
  },
);
