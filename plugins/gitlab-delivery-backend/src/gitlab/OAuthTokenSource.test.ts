import {
  FIXTURES,
  GitlabSimulator,
  startSimulator,
} from '@delivery-insights/gitlab-simulator';
import { captureLogger } from './__testUtils__/captureLogger';
import { GitlabClient } from './GitlabClient';

jest.setTimeout(30_000);

/** The saved refresh token, shared like the database the replicas share. */
function sharedStore() {
  let saved: string | undefined;
  const loads: Array<string | undefined> = [];
  return {
    loads,
    saved: () => saved,
    hooks: {
      loadRefreshToken: async () => {
        loads.push(saved);
        return saved;
      },
      onRefreshTokenRotated: async (token: string) => {
        saved = token;
      },
    },
  };
}

describe('OAuthTokenSource', () => {
  let sim: GitlabSimulator;
  const clients: GitlabClient[] = [];

  beforeEach(async () => {
    sim = await startSimulator({ generate: { seed: 3, projects: 1 } });
  });
  afterEach(async () => {
    await Promise.all(clients.splice(0).map(c => c.close()));
    await sim.close();
  });

  function client(store: ReturnType<typeof sharedStore>) {
    const { logger, lines } = captureLogger();
    const created = new GitlabClient({
      instance: {
        host: new URL(sim.url).host,
        apiBaseUrl: `${sim.url}/api/v4`,
        baseUrl: sim.url,
        requestsPerMinute: 1_000_000,
        oauth: {
          clientId: FIXTURES.oauthClientId,
          clientSecret: FIXTURES.oauthClientSecret,
          refreshToken: FIXTURES.oauthRefreshToken,
        },
      },
      logger,
      requestTimeoutMs: 2_000,
      retry: { maxRetries: 3, baseDelayMs: 1, delayScale: 0.001 },
      ...store.hooks,
    });
    clients.push(created);
    return { client: created, lines };
  }

  const tokenRequests = () =>
    sim.requests.filter(r => r.kind === 'oauth').map(r => r.status);
  const currentToken = () =>
    sim.data.oauthApplications![0].refreshTokens[0].token;

  it('reads back the saved token after a lost reply before it asks again', async () => {
    const store = sharedStore();
    const { client: gitlab } = client(store);
    sim.injectFault({ type: 'reset', match: /^\/oauth\/token/ });

    expect((await gitlab.inspect('user')).status).toBe(200);
    // The reset grant is not resent by the transport: one read-back, then one request.
    expect(tokenRequests()).toEqual([0, 200]);
    expect(store.loads).toHaveLength(2);
    expect(store.saved()).toBe(currentToken());
  });

  it('takes the token another replica rotated while the reply was lost, without resending the old one', async () => {
    const store = sharedStore();
    const one = client(store).client;
    const other = client(store).client;
    expect((await one.inspect('user')).status).toBe(200);
    expect((await other.inspect('user')).status).toBe(200);
    // `other` rotated the token `one` holds; `one` must renew and its reply is lost.
    sim.clearRequests();
    sim.injectFault({ type: 'status', status: 401, match: /^\/api\/v4\/user/ });
    sim.injectFault({ type: 'timeout', match: /^\/oauth\/token/ });

    expect((await one.inspect('user')).status).toBe(200);
    // A blind resend would have sent the used token again and been refused (400).
    expect(tokenRequests()).toEqual([0, 200]);
    expect(store.saved()).toBe(currentToken());
  });

  it('fails with a plain message when GitLab answers no grant twice', async () => {
    const store = sharedStore();
    const { client: gitlab, lines } = client(store);
    sim.injectFault({
      type: 'status',
      status: 503,
      times: 2,
      match: /^\/oauth\/token/,
    });
    await expect(gitlab.inspect('user')).rejects.toThrow(
      'did not complete the OAuth token request',
    );
    expect(tokenRequests()).toEqual([503, 503]);
    expect(lines.join('\n')).not.toContain(FIXTURES.oauthRefreshToken);
    expect(lines.join('\n')).not.toContain(FIXTURES.oauthClientSecret);
  });
});
