import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import { AddressInfo } from 'node:net';
import path from 'node:path';
import { GitlabInstanceConfig } from '../config/readDeliveryConfig';
import { captureLogger } from './__testUtils__/captureLogger';
import { GitlabClient } from './GitlabClient';
import { GitlabError } from './GitlabError';

const TOKEN = 'glpat-SECRETsecretSECRET12345';
const fixtures = path.join(__dirname, '__fixtures__');
const fixture = (name: string) =>
  fs.readFileSync(path.join(fixtures, name), 'utf8');

type Handler = (
  req: http.IncomingMessage,
  res: http.ServerResponse,
  body: string,
) => void;

interface Seen {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

async function serve(
  handler: Handler,
  tls?: { cert: string; key: string },
): Promise<{ url: string; seen: Seen[]; close(): Promise<void> }> {
  const seen: Seen[] = [];
  const listener = (req: http.IncomingMessage, res: http.ServerResponse) => {
    let body = '';
    req.on('data', chunk => {
      body += chunk;
    });
    req.on('end', () => {
      seen.push({
        method: req.method!,
        url: req.url!,
        headers: req.headers,
        body,
      });
      handler(req, res, body);
    });
  };
  const server = tls
    ? https.createServer({ cert: tls.cert, key: tls.key }, listener)
    : http.createServer(listener);
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `${tls ? 'https' : 'http'}://127.0.0.1:${port}`,
    seen,
    close: () =>
      new Promise(resolve => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

async function failure(promise: Promise<unknown>): Promise<GitlabError> {
  try {
    await promise;
  } catch (error) {
    return error as GitlabError;
  }
  throw new Error('expected a failure');
}

function json(
  res: http.ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
) {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}

function instance(
  url: string,
  overrides: Partial<GitlabInstanceConfig> = {},
): GitlabInstanceConfig {
  return {
    host: new URL(url).host,
    apiBaseUrl: `${url}/api/v4`,
    baseUrl: url,
    token: TOKEN,
    requestsPerMinute: 100_000,
    ...overrides,
  };
}

describe('GitlabClient', () => {
  const servers: Array<{ close(): Promise<void> }> = [];
  const clients: GitlabClient[] = [];
  const { logger, lines } = captureLogger();

  function client(config: GitlabInstanceConfig, timeoutMs = 2000) {
    const created = new GitlabClient({
      instance: config,
      logger,
      requestTimeoutMs: timeoutMs,
      retry: { maxRetries: 3, baseDelayMs: 1, delayScale: 0.001 },
    });
    clients.push(created);
    return created;
  }

  async function server(handler: Handler, tls?: { cert: string; key: string }) {
    const started = await serve(handler, tls);
    servers.push(started);
    return started;
  }

  afterEach(async () => {
    await Promise.all(clients.splice(0).map(c => c.close()));
    await Promise.all(servers.splice(0).map(s => s.close()));
  });

  it('sends GraphQL and REST (under a path prefix) with PRIVATE-TOKEN, and counts requests', async () => {
    const gitlab = await server((req, res) => {
      if (req.url === '/gitlab/api/graphql') {
        json(res, 200, { data: { project: { id: 'gid://gitlab/Project/7' } } });
      } else {
        json(res, 200, {
          id: 7,
          path_with_namespace: 'shop/web',
          web_url: 'x',
        });
      }
    });
    const gl = client(instance(`${gitlab.url}/gitlab`));
    await expect(
      gl.graphql('query { project(fullPath: "shop/web") { id } }', {}, 'test'),
    ).resolves.toEqual({ project: { id: 'gid://gitlab/Project/7' } });
    await expect(gl.rest.Projects.show('shop/web')).resolves.toMatchObject({
      id: 7,
    });
    expect(gitlab.seen.map(s => `${s.method} ${s.url}`)).toEqual([
      'POST /gitlab/api/graphql',
      'GET /gitlab/api/v4/projects/shop%2Fweb',
    ]);
    for (const request of gitlab.seen) {
      expect(request.headers['private-token']).toBe(TOKEN);
      expect(request.headers.authorization).toBeUndefined();
    }
    expect(gl.requestCount).toBe(2);
  });

  it('renews OAuth access tokens, rotates the refresh token and sends Bearer', async () => {
    let grants = 0;
    const granted: string[] = [];
    let rejectNext = false;
    const gitlab = await server((req, res, body) => {
      if (req.url === '/oauth/token') {
        grants += 1;
        const params = new URLSearchParams(body);
        granted.push(
          `${params.get('grant_type')} ${params.get('refresh_token')}`,
        );
        json(res, 200, {
          access_token: `access-SECRET-${grants}`,
          refresh_token: `refresh-SECRET-rotated-${grants}`,
          token_type: 'Bearer',
          expires_in: 7200,
        });
        return;
      }
      if (rejectNext) {
        rejectNext = false;
        json(res, 401, { message: '401 Unauthorized' });
        return;
      }
      json(res, 200, { data: { ok: req.headers.authorization } });
    });
    const rotated: string[] = [];
    const gl = new GitlabClient({
      instance: instance(gitlab.url, {
        token: undefined,
        oauth: {
          clientId: 'app',
          clientSecret: 'client-SECRET',
          refreshToken: 'refresh-SECRET-1',
        },
      }),
      logger,
      requestTimeoutMs: 2000,
      onRefreshTokenRotated: token => {
        rotated.push(token);
      },
    });
    clients.push(gl);
    await expect(gl.graphql('{ ok }', {}, 'test')).resolves.toEqual({
      ok: 'Bearer access-SECRET-1',
    });
    await expect(gl.graphql('{ ok }', {}, 'test')).resolves.toEqual({
      ok: 'Bearer access-SECRET-1',
    });
    expect(grants).toBe(1);
    rejectNext = true;
    await expect(gl.graphql('{ ok }', {}, 'test')).resolves.toEqual({
      ok: 'Bearer access-SECRET-2',
    });
    expect(grants).toBe(2);
    expect(rotated).toEqual([
      'refresh-SECRET-rotated-1',
      'refresh-SECRET-rotated-2',
    ]);
    expect(granted).toEqual([
      'refresh_token refresh-SECRET-1',
      'refresh_token refresh-SECRET-rotated-1',
    ]);
    expect(
      gitlab.seen.every(s => s.headers['private-token'] === undefined),
    ).toBe(true);
  });

  it('starts from the saved refresh token and reads it again after invalid_grant', async () => {
    let valid = 'refresh-SECRET-saved-1';
    const granted: string[] = [];
    const rejected = new Set(['Bearer access-SECRET-1']);
    const gitlab = await server((req, res, body) => {
      if (req.url === '/oauth/token') {
        const presented = new URLSearchParams(body).get('refresh_token')!;
        granted.push(presented);
        if (presented !== valid) {
          json(res, 400, { error: 'invalid_grant' });
          return;
        }
        valid = `refresh-SECRET-next-${granted.length}`;
        json(res, 200, {
          access_token: `access-SECRET-${granted.length}`,
          refresh_token: valid,
          expires_in: 7200,
        });
        return;
      }
      if (rejected.has(req.headers.authorization!)) {
        json(res, 401, { message: '401 Unauthorized' });
        return;
      }
      json(res, 200, { data: { ok: req.headers.authorization } });
    });
    let saved = 'refresh-SECRET-saved-1';
    let otherReplica = true;
    const loads: string[] = [];
    const gl = new GitlabClient({
      instance: instance(gitlab.url, {
        token: undefined,
        oauth: {
          clientId: 'app',
          clientSecret: 'client-SECRET',
          refreshToken: 'refresh-SECRET-configured',
        },
      }),
      logger,
      requestTimeoutMs: 2000,
      loadRefreshToken: async () => {
        loads.push(saved);
        return saved;
      },
      onRefreshTokenRotated: token => {
        saved = token;
        if (otherReplica) {
          // Another replica renews right after and saves its token.
          otherReplica = false;
          valid = 'refresh-SECRET-other-replica';
          saved = valid;
        }
      },
    });
    clients.push(gl);
    // The first access token is rejected; renewing with the refresh token in
    // memory is refused, with the one the other replica saved it works.
    await expect(gl.graphql('{ ok }', {}, 'test')).resolves.toEqual({
      ok: 'Bearer access-SECRET-3',
    });
    expect(granted).toEqual([
      'refresh-SECRET-saved-1',
      'refresh-SECRET-next-1',
      'refresh-SECRET-other-replica',
    ]);
    expect(loads).toEqual([
      'refresh-SECRET-saved-1',
      'refresh-SECRET-other-replica',
    ]);

    // When the saved token is the one refused, there is no second grant: the
    // client looks for another replica's save four times, 250 ms apart.
    rejected.add('Bearer access-SECRET-3');
    valid = 'refresh-SECRET-nobody-has';
    const error = await failure(gl.graphql('{ ok }', {}, 'test'));
    expect(error.code).toBe('unauthorized');
    expect(error.message).not.toContain('SECRET');
    expect(granted).toHaveLength(4);
    expect(loads).toHaveLength(6);
  });

  it('explains a refused OAuth grant without any secret', async () => {
    const gitlab = await server((_req, res) =>
      json(res, 400, {
        error: 'invalid_grant',
        error_description: 'refresh-SECRET-1 is revoked',
      }),
    );
    const gl = client(
      instance(gitlab.url, {
        token: undefined,
        oauth: {
          clientId: 'app',
          clientSecret: 'client-SECRET',
          refreshToken: 'refresh-SECRET-1',
        },
      }),
    );
    const error: GitlabError = await failure(gl.graphql('{ ok }', {}, 'test'));
    expect(error.code).toBe('unauthorized');
    expect(error.message).toContain('gitlabDelivery.instances[].oauth');
    expect(error.message).not.toContain('SECRET');
  });

  it.each([
    [
      401,
      'unauthorized',
      'integrations.gitlab[].token',
      { message: '401 Unauthorized' },
    ],
    [
      403,
      'insufficient_scope',
      'read_api',
      {
        error: 'insufficient_scope',
        error_description:
          'The request requires higher privileges than provided by the access token.',
        scope: 'api read_api',
      },
    ],
    [403, 'forbidden', 'Reporter', { message: '403 Forbidden' }],
    [404, 'not_found', 'member', { message: '404 Project Not Found' }],
    [429, 'rate_limited', 'requestsPerMinute', { message: 'Retry later' }],
    [
      503,
      'server_error',
      'try again later',
      { message: '503 Service Unavailable' },
    ],
    [302, 'invalid_response', 'apiBaseUrl', {}],
  ])(
    'turns %s into %s with a message naming the fix',
    async (status, code, fix, body) => {
      const gitlab = await server((_req, res) =>
        json(
          res,
          status,
          body,
          status === 302
            ? { location: 'https://elsewhere.example/sign_in' }
            : {},
        ),
      );
      const gl = client(instance(gitlab.url));
      const error: GitlabError = await failure(gl.rest.Projects.show(1));
      expect(error).toBeInstanceOf(GitlabError);
      expect(error.code).toBe(code);
      expect(error.message).toContain(`GitLab at ${gl.host}`);
      expect(error.message).toContain(fix);
      expect(error.message).not.toContain(TOKEN);
      // 429 and 5xx are retried three times; the rest are final.
      expect(gitlab.seen).toHaveLength(status === 429 || status >= 500 ? 4 : 1);
      expect(gl.requestCount).toBe(gitlab.seen.length);
    },
  );

  it('waits for Retry-After on 429 and then succeeds', async () => {
    let calls = 0;
    const gitlab = await server((_req, res) => {
      calls += 1;
      if (calls === 1)
        json(res, 429, { message: 'Retry later' }, { 'retry-after': '2' });
      else json(res, 200, { id: 1, path_with_namespace: 'a/b', web_url: 'x' });
    });
    const gl = client(instance(gitlab.url));
    await expect(gl.rest.Projects.show(1)).resolves.toMatchObject({ id: 1 });
    expect(calls).toBe(2);
  });

  it('waits out a 503 with Retry-After as a 429, through the rate budget', async () => {
    let calls = 0;
    const gitlab = await server((_req, res) => {
      calls += 1;
      if (calls === 1)
        json(
          res,
          503,
          { message: '503 Service Unavailable' },
          { 'retry-after': '7' },
        );
      else json(res, 200, { data: { ok: true } });
    });
    const gl = client(instance(gitlab.url));
    const pauses: number[] = [];
    const budget = (
      gl as unknown as {
        transport: { options: { budget: { pause(ms: number): void } } };
      }
    ).transport.options.budget;
    const pause = budget.pause.bind(budget);
    budget.pause = (ms: number) => {
      pauses.push(ms);
      pause(ms);
    };
    await expect(gl.graphql('{ ok }', {}, 'test')).resolves.toEqual({
      ok: true,
    });
    expect(calls).toBe(2);
    expect(pauses).toEqual([7000]);
  });

  it('refuses an answer over the size limit with a clear error, reading no more of it', async () => {
    const gitlab = await server((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write(`{"data":{"junk":"${'x'.repeat(1024 * 1024)}`);
      res.end('"}}');
    });
    const gl = new GitlabClient({
      instance: instance(gitlab.url),
      logger,
      requestTimeoutMs: 2000,
      retry: { maxRetries: 0 },
      maxResponseBytes: 64 * 1024,
    });
    clients.push(gl);
    const error: GitlabError = await failure(
      gl.graphql('{ junk }', {}, 'test'),
    );
    expect(error.code).toBe('invalid_response');
    expect(error.message).toContain('more than 64 KB');
    expect(error.message).toContain('apiBaseUrl');
  });

  it('stops a request in flight, and its retries, when the sync is aborted', async () => {
    const gitlab = await server(() => {
      // a GitLab that hangs
    });
    const gl = client(instance(gitlab.url), 60_000);
    const controller = new AbortController();
    const call = gl.graphql('{ ok }', {}, 'test', controller.signal);
    await new Promise(resolve => setTimeout(resolve, 50));
    controller.abort();
    await expect(call).rejects.toThrow();
    expect(gitlab.seen).toHaveLength(1);
  });

  it('retries a 500 and a dropped connection', async () => {
    let calls = 0;
    const gitlab = await server((req, res) => {
      calls += 1;
      if (calls === 1) json(res, 500, { message: '500 Internal Server Error' });
      else if (calls === 2) req.socket.destroy();
      else json(res, 200, { data: { ok: true } });
    });
    const gl = client(instance(gitlab.url));
    await expect(gl.graphql('{ ok }', {}, 'test')).resolves.toEqual({
      ok: true,
    });
    expect(calls).toBe(3);
  });

  it.each([
    [
      'malformed JSON',
      (res: http.ServerResponse) => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end('[{"id":1,"title":"cut off');
      },
      'malformed JSON',
    ],
    [
      'an HTML sign-in page',
      (res: http.ServerResponse) => {
        res.writeHead(200, { 'content-type': 'text/html' });
        res.end('<!DOCTYPE html><html><body>Sign in</body></html>');
      },
      'an HTML page',
    ],
  ])('reports %s as invalid_response', async (_name, reply, words) => {
    const gitlab = await server((_req, res) => reply(res));
    const gl = client(instance(gitlab.url));
    for (const call of [
      () => gl.graphql('{ ok }', {}, 'test'),
      () => gl.rest.Projects.show(1),
    ]) {
      const error: GitlabError = await failure(call());
      expect(error.code).toBe('invalid_response');
      expect(error.message).toContain(words);
      expect(error.message).toContain('apiBaseUrl');
    }
  });

  it('reports GraphQL errors, without credentials echoed back', async () => {
    const gitlab = await server((_req, res) =>
      json(res, 200, {
        errors: [
          {
            message: `Token ${TOKEN} cannot do that`,
            extensions: { code: 'custom' },
          },
        ],
      }),
    );
    const gl = client(instance(gitlab.url));
    const error: GitlabError = await failure(
      gl.graphql('{ ok }', {}, 'the test'),
    );
    expect(error.code).toBe('graphql');
    expect(error.message).toContain('the test');
    expect(error.message).not.toContain(TOKEN);
    expect(error.message).not.toContain('SECRET');
  });

  it('times out a request that gets no answer, after retrying it', async () => {
    const gitlab = await server(() => {
      // never answers
    });
    const gl = client(instance(gitlab.url), 100);
    const error: GitlabError = await failure(gl.graphql('{ ok }', {}, 'test'));
    expect(error.code).toBe('timeout');
    expect(error.message).toContain('requestTimeoutSeconds');
    expect(gitlab.seen).toHaveLength(4);
  });

  it('reports connection failures as network errors', async () => {
    const gitlab = await server(req => req.socket.destroy());
    const gl = client(instance(gitlab.url));
    const reset: GitlabError = await failure(gl.graphql('{ ok }', {}, 'test'));
    expect(reset.code).toBe('network');
    expect(gitlab.seen).toHaveLength(4);

    const closed = await server(() => {});
    const url = closed.url;
    await closed.close();
    const refused: GitlabError = await failure(
      client(instance(url)).graphql('{ ok }', {}, 'test'),
    );
    expect(refused.code).toBe('network');
    expect(refused.message).toContain('refused');
    expect(refused.message).toContain('apiBaseUrl');
  });

  it('trusts a self-hosted CA given as PEM, and names TLS problems', async () => {
    const gitlab = await server(
      (_req, res) => json(res, 200, { data: { ok: true } }),
      {
        cert: fixture('server.pem'),
        key: fixture('server-key.pem'),
      },
    );
    const untrusted: GitlabError = await failure(
      client(instance(gitlab.url)).graphql('{ ok }', {}, 'test'),
    );
    expect(untrusted.code).toBe('tls');
    expect(untrusted.message).toContain('caFile');

    await expect(
      client(instance(gitlab.url, { ca: fixture('ca.pem') })).graphql(
        '{ ok }',
        {},
        'test',
      ),
    ).resolves.toEqual({ ok: true });

    const wrongHost = await server(
      (_req, res) => json(res, 200, { data: { ok: true } }),
      {
        cert: fixture('wrong-host.pem'),
        key: fixture('wrong-host-key.pem'),
      },
    );
    const mismatch: GitlabError = await failure(
      client(instance(wrongHost.url, { ca: fixture('ca.pem') })).graphql(
        '{ ok }',
        {},
        'test',
      ),
    );
    expect(mismatch.code).toBe('tls');
    expect(mismatch.message).toContain('does not name');

    const garbage = await failure(
      client(instance(gitlab.url, { ca: 'not a certificate' })).graphql(
        '{ ok }',
        {},
        'test',
      ),
    );
    expect(garbage.code).toBe('tls');
    expect(garbage.message).toContain('caFile');
  });

  it('wrote no credential to any log line in the tests above', () => {
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.join('\n')).not.toContain('SECRET');
  });
});
