import {
  closedPort,
  createTestCertificates,
  GitlabSimulator,
  startHangingServer,
  startSimulator,
} from '@delivery-insights/gitlab-simulator';
import { Stores } from '../../../database/createStores';
import { testDatabases } from '../../../__testUtils__/databases';
import {
  checkOf,
  createHealthStore,
  healthDataset,
  instanceOf,
  logLines,
  OAUTH,
  runChecks,
  TOKENS,
} from '../__testUtils__/healthFixtures';

const databases = testDatabases();
const certificates = createTestCertificates();

describe.each(databases.eachSupportedId())(
  'instance checks on %p',
  databaseId => {
    let store: Stores;
    let sim: GitlabSimulator;
    beforeAll(async () => {
      store = await createHealthStore(databases, databaseId);
      sim = await startSimulator({ dataset: healthDataset() });
    });
    afterAll(() => sim.close());
    beforeEach(() => sim.clearFaults());

    it('passes every check of a healthy instance with a few requests and stores its facts', async () => {
      sim.clearRequests();
      const { instance } = await runChecks(
        store,
        instanceOf(sim.url, TOKENS.ok),
      );
      expect(instance.checks.map(c => [c.id, c.status])).toEqual([
        ['instance.api', 'ok'],
        ['instance.reachable', 'ok'],
        ['instance.tls', 'skipped'],
        ['instance.version', 'ok'],
        ['token.expiry', 'ok'],
        ['token.scopes', 'ok'],
        ['token.user', 'ok'],
        ['token.valid', 'ok'],
      ]);
      expect(instance).toMatchObject({
        version: '17.5.0',
        tokenName: 'backstage-health',
        tokenScopes: ['read_api'],
        tokenExpiresAt: expect.stringMatching(/T00:00:00.000Z$/),
        tokenUsername: 'backstage-bot',
        rateLimit: { limit: 2000, remaining: expect.any(Number) },
      });
      expect(checkOf(instance.checks, 'token.user').message).toContain(
        '@backstage-bot',
      );
      // The anonymous probe, the token, the user, the version and GraphQL.
      expect(sim.requests.map(r => `${r.method} ${r.path}`)).toEqual([
        'GET /api/v4/version',
        'GET /api/v4/personal_access_tokens/self',
        'GET /api/v4/user',
        'GET /api/v4/version',
        'POST /api/graphql',
      ]);
    });

    it('reports a host name that does not resolve', async () => {
      const { instance } = await runChecks(
        store,
        instanceOf('http://gitlab.invalid', TOKENS.ok),
      );
      const reachable = checkOf(instance.checks, 'instance.reachable');
      expect(reachable).toMatchObject({
        status: 'error',
        message: expect.stringContaining('gitlab.invalid does not resolve'),
        remediation: expect.stringContaining('integrations.gitlab[].host'),
      });
      expect(checkOf(instance.checks, 'token.valid').status).toBe('skipped');
    });

    it('reports a refused connection', async () => {
      const port = await closedPort();
      const { instance } = await runChecks(
        store,
        instanceOf(`http://127.0.0.1:${port}`, TOKENS.ok),
      );
      expect(checkOf(instance.checks, 'instance.reachable')).toMatchObject({
        status: 'error',
        message: `127.0.0.1:${port} refused the connection (ECONNREFUSED): nothing listens on that port.`,
        remediation: expect.stringContaining(
          'Check the scheme and port in integrations.gitlab[].apiBaseUrl',
        ),
      });
    });

    it('reports a port that accepts connections and never answers, within the probe timeout', async () => {
      const hanging = await startHangingServer();
      try {
        const { instance } = await runChecks(
          store,
          instanceOf(hanging.url, TOKENS.ok),
          { timeoutMs: 200 },
        );
        expect(checkOf(instance.checks, 'instance.reachable')).toMatchObject({
          status: 'error',
          message: `127.0.0.1:${hanging.port} accepts connections but sent no answer within 1s.`,
          remediation: expect.stringContaining(
            'gitlabDelivery.requestTimeoutSeconds',
          ),
        });
        // Nothing else is sent to a host that does not answer.
        expect(hanging.connections).toBe(1);
      } finally {
        await hanging.close();
      }
    });

    it('reports an HTML page instead of JSON, like a sign-in page in front of the API', async () => {
      sim.injectFault({ type: 'html', times: Infinity, match: /^\/api\// });
      const { instance } = await runChecks(
        store,
        instanceOf(sim.url, TOKENS.ok),
      );
      expect(checkOf(instance.checks, 'instance.api')).toMatchObject({
        status: 'error',
        message: expect.stringContaining(
          'answered with an HTML page (200) instead of JSON',
        ),
        remediation: expect.stringContaining('which ends in /api/v4'),
      });
      expect(checkOf(instance.checks, 'token.valid').status).toBe('skipped');
    });

    it('reports an API blocked by a proxy', async () => {
      sim.injectFault({
        type: 'status',
        status: 403,
        body: 'Forbidden by policy\n',
        times: Infinity,
        match: /^\/api\//,
      });
      const { instance } = await runChecks(
        store,
        instanceOf(sim.url, TOKENS.ok),
      );
      expect(checkOf(instance.checks, 'instance.api')).toMatchObject({
        status: 'error',
        message: expect.stringContaining('the API is blocked for the backend'),
        remediation: expect.stringContaining('allow API access'),
      });
    });

    it('reports a base URL without /api/v4, where GitLab has no API', async () => {
      const { instance } = await runChecks(
        store,
        instanceOf(sim.url, TOKENS.ok, { apiBaseUrl: sim.url }),
      );
      expect(checkOf(instance.checks, 'instance.api')).toMatchObject({
        status: 'error',
        message: expect.stringContaining(
          '404 Not Found: there is no GitLab REST API',
        ),
        remediation: expect.stringContaining(
          'Set integrations.gitlab[].apiBaseUrl',
        ),
      });
    });

    it('reports a GraphQL API that does not answer', async () => {
      sim.injectFault({
        type: 'status',
        status: 404,
        times: Infinity,
        match: /graphql/,
      });
      const { instance } = await runChecks(
        store,
        instanceOf(sim.url, TOKENS.ok),
      );
      expect(checkOf(instance.checks, 'instance.api')).toMatchObject({
        status: 'error',
        message: expect.stringContaining('but GraphQL at'),
        remediation: expect.stringContaining('/api/graphql'),
      });
    });

    it.each([
      [TOKENS.expired, 'it has expired'],
      [TOKENS.revoked, 'it was revoked'],
      [TOKENS.unknown, 'GitLab does not know it'],
    ])('reports a rejected token (%#)', async (token, why) => {
      const { instance } = await runChecks(store, instanceOf(sim.url, token));
      expect(checkOf(instance.checks, 'token.valid')).toMatchObject({
        status: 'error',
        message: expect.stringContaining(`(401): ${why}`),
        remediation: expect.stringContaining(
          'with the read_api scope, for a user with the Reporter role',
        ),
      });
      expect(checkOf(instance.checks, 'token.expiry').status).toBe(
        token === TOKENS.expired ? 'error' : 'skipped',
      );
      expect(checkOf(instance.checks, 'instance.api').status).toBe('ok');
    });

    it('warns two weeks before the token expires', async () => {
      const { instance } = await runChecks(
        store,
        instanceOf(sim.url, TOKENS.expiresSoon),
      );
      expect(checkOf(instance.checks, 'token.expiry')).toMatchObject({
        status: 'warning',
        message: expect.stringMatching(
          /^The token "backstage-soon" expires on \d{4}-\d\d-\d\d, in 5 days; the sync stops then\.$/,
        ),
        remediation: expect.stringContaining('create a replacement token'),
      });
    });

    it('reports a token without read_api, and one with the broad api scope', async () => {
      const narrow = await runChecks(
        store,
        instanceOf(sim.url, TOKENS.noScope),
      );
      expect(checkOf(narrow.instance.checks, 'token.scopes')).toMatchObject({
        status: 'error',
        message:
          'The token "backstage-read-user" has the scopes read_user, without read_api: GitLab refuses the plugin\'s API reads.',
        remediation: expect.stringContaining('with the read_api scope'),
      });
      expect(checkOf(narrow.instance.checks, 'instance.api').status).toBe('ok');

      const broad = await runChecks(store, instanceOf(sim.url, TOKENS.api));
      expect(checkOf(broad.instance.checks, 'token.scopes')).toMatchObject({
        status: 'warning',
        message: expect.stringContaining('The api scope also allows changing'),
        remediation: expect.stringContaining(
          'For least privilege, create a token with only the read_api scope',
        ),
      });
    });

    it('reports a blocked token user', async () => {
      const { instance } = await runChecks(
        store,
        instanceOf(sim.url, TOKENS.blocked),
      );
      expect(checkOf(instance.checks, 'token.user')).toMatchObject({
        status: 'error',
        message: expect.stringContaining('is blocked in GitLab'),
        remediation: expect.stringContaining('unblock the user'),
      });
      expect(checkOf(instance.checks, 'token.valid').status).toBe('error');
    });

    it('reports a missing token', async () => {
      const { instance } = await runChecks(
        store,
        instanceOf(sim.url, undefined),
      );
      expect(checkOf(instance.checks, 'token.valid')).toMatchObject({
        status: 'error',
        remediation: expect.stringContaining('Set integrations.gitlab[].token'),
      });
    });

    it('checks an OAuth application instead of a token', async () => {
      const { instance } = await runChecks(
        store,
        instanceOf(sim.url, undefined, { oauth: { ...OAUTH } }),
      );
      expect(checkOf(instance.checks, 'token.valid')).toMatchObject({
        status: 'ok',
        message: expect.stringContaining(
          'accepts the OAuth access token of gitlabDelivery.instances[].oauth of @backstage-bot',
        ),
      });
      // Read through GET /oauth/token/info: the access token's two hours.
      expect(checkOf(instance.checks, 'token.expiry')).toMatchObject({
        status: 'ok',
        message: expect.stringContaining(
          'the plugin renews it before then from the refresh token',
        ),
      });
      expect(checkOf(instance.checks, 'token.scopes').status).toBe('ok');
      expect(instance.tokenScopes).toEqual(['read_api']);
      expect(instance.tokenExpiresAt).toEqual(expect.any(String));
    });

    it('asks for Connect GitLab when only an OAuth application is configured', async () => {
      const { instance } = await runChecks(
        store,
        instanceOf(sim.url, undefined, {
          oauth: { clientId: OAUTH.clientId, clientSecret: OAUTH.clientSecret },
        }),
      );
      expect(checkOf(instance.checks, 'token.valid')).toMatchObject({
        status: 'error',
        message: expect.stringContaining(
          'is not connected: press Connect GitLab',
        ),
      });
    });

    it('never stores or logs a token, not even part of one', async () => {
      const stored = JSON.stringify([
        await store.health.listInstanceHealth(),
        await store.health.listProjectChecks(),
      ]);
      const logged = logLines.join('\n');
      for (const token of [
        ...Object.values(TOKENS),
        OAUTH.clientSecret,
        OAUTH.refreshToken,
      ]) {
        expect(stored).not.toContain(token.slice(0, 12));
        expect(logged).not.toContain(token.slice(0, 12));
      }
    });
  },
);

describe('instance checks on an old GitLab', () => {
  const databaseId = databases.eachSupportedId()[0][0];

  it('warns about the features GitLab 15.4 lacks, and falls back to /user for the token', async () => {
    const store = await createHealthStore(databases, databaseId);
    const sim = await startSimulator({
      dataset: healthDataset(),
      version: '15.4.0',
    });
    try {
      const { instance } = await runChecks(
        store,
        instanceOf(sim.url, TOKENS.ok),
      );
      expect(checkOf(instance.checks, 'instance.version')).toMatchObject({
        status: 'warning',
        message: expect.stringContaining(
          'GET /personal_access_tokens/self (15.5)',
        ),
        remediation: expect.stringContaining('Upgrade GitLab to 16.0'),
      });
      expect(checkOf(instance.checks, 'token.expiry')).toMatchObject({
        status: 'skipped',
        message: expect.stringContaining(
          'GitLab 15.4.0 cannot tell when a token expires',
        ),
      });
      expect(checkOf(instance.checks, 'token.scopes')).toMatchObject({
        status: 'ok',
        message: expect.stringContaining('can read the API'),
      });
      expect(checkOf(instance.checks, 'token.valid').status).toBe('ok');
      expect(instance.tokenName).toBeNull();
    } finally {
      await sim.close();
    }
  });
});

const describeTls = certificates ? describe : describe.skip;

describeTls('instance checks over TLS', () => {
  const databaseId = databases.eachSupportedId()[0][0];
  const certs = certificates!;
  let store: Stores;
  beforeAll(async () => {
    store = await createHealthStore(databases, databaseId);
  });

  async function checkTls(
    tls: { key: string; cert: string },
    trustCa: boolean,
    host = '127.0.0.1',
  ) {
    const sim = await startSimulator({ dataset: healthDataset(), tls });
    try {
      const url = sim.url.replace('127.0.0.1', host);
      const { instance } = await runChecks(
        store,
        instanceOf(url, TOKENS.ok, trustCa ? { ca: certs.ca } : {}),
      );
      return instance.checks;
    } finally {
      await sim.close();
    }
  }

  it('trusts a certificate signed by the CA in caFile, warns that it expires soon, and checks the rest over HTTPS', async () => {
    const checks = await checkTls(certs.trusted, true);
    expect(checkOf(checks, 'instance.tls')).toMatchObject({
      status: 'warning',
      message: expect.stringContaining('is trusted but expires on'),
    });
    expect(checkOf(checks, 'token.valid').status).toBe('ok');
  });

  it('reports a self-signed certificate and suggests caFile', async () => {
    const checks = await checkTls(certs.selfSigned, false);
    expect(checkOf(checks, 'instance.tls')).toMatchObject({
      status: 'error',
      message:
        '127.0.0.1 presents a self-signed certificate (DEPTH_ZERO_SELF_SIGNED_CERT), which the backend does not trust.',
      remediation: expect.stringContaining(
        'set gitlabDelivery.instances[].caFile for 127.0.0.1:',
      ),
    });
    expect(checkOf(checks, 'instance.reachable').status).toBe('ok');
    expect(checkOf(checks, 'token.valid').status).toBe('skipped');
  });

  it('reports a certificate from an unknown CA and suggests caFile', async () => {
    const checks = await checkTls(certs.trusted, false);
    expect(checkOf(checks, 'instance.tls')).toMatchObject({
      status: 'error',
      message: expect.stringContaining(
        'is signed by "Simulator Test CA", which the backend does not trust',
      ),
      remediation: expect.stringContaining('gitlabDelivery.instances[].caFile'),
    });
  });

  it('reports an expired certificate', async () => {
    const checks = await checkTls(certs.expired, true);
    expect(checkOf(checks, 'instance.tls')).toMatchObject({
      status: 'error',
      message: expect.stringMatching(
        /^The certificate of 127\.0\.0\.1 expired on \d{4}-\d\d-\d\d \(CERT_HAS_EXPIRED\)\.$/,
      ),
      remediation: expect.stringContaining('Renew the certificate'),
    });
  });

  it('reports a certificate issued for another host name', async () => {
    const checks = await checkTls(certs.wrongHost, true);
    expect(checkOf(checks, 'instance.tls')).toMatchObject({
      status: 'error',
      message:
        'The certificate of 127.0.0.1 is issued for DNS:other.example, not for 127.0.0.1 (ERR_TLS_CERT_ALTNAME_INVALID).',
      remediation: expect.stringContaining('reissue the certificate'),
    });
  });

  it('reports https on a port that speaks plain HTTP', async () => {
    const sim = await startSimulator({ dataset: healthDataset() });
    try {
      const { instance } = await runChecks(
        store,
        instanceOf(sim.url.replace('http:', 'https:'), TOKENS.ok),
      );
      expect(checkOf(instance.checks, 'instance.tls')).toMatchObject({
        status: 'error',
        message: expect.stringContaining('it may not speak TLS on that port'),
        remediation: expect.stringContaining('Check the scheme and port'),
      });
    } finally {
      await sim.close();
    }
  });
});
