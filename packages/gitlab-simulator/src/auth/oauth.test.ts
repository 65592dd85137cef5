import { createHash } from 'node:crypto';
import type { GitlabSimulator } from '../server';
import { startSimulator } from '../server';
import { call } from '../testing/client';
import { scenarioDataset, START } from '../testing/scenario';

const REDIRECT = 'http://localhost:7007/callback';

function dataset() {
  return {
    ...scenarioDataset(),
    oauthApplications: [
      {
        clientId: 'app',
        clientSecret: 'secret',
        name: 'Delivery Insights',
        redirectUri: `${REDIRECT}\nhttp://127.0.0.1:7007/callback`,
        scopes: ['api', 'read_api', 'read_user'],
        refreshTokens: [],
      },
      {
        clientId: 'other',
        clientSecret: 'other-secret',
        redirectUri: REDIRECT,
        refreshTokens: [],
      },
      {
        clientId: 'trusted',
        clientSecret: 's',
        redirectUri: REDIRECT,
        trusted: true,
        refreshTokens: [],
      },
    ],
  };
}

async function form(
  sim: GitlabSimulator,
  path: string,
  fields: Record<string, string>,
  headers = {},
) {
  const res = await fetch(`${sim.url}${path}`, {
    method: 'POST',
    redirect: 'manual',
    headers: {
      'Content-Type': 'application/x-www-form-urlencoded',
      ...headers,
    },
    body: new URLSearchParams(fields).toString(),
  });
  const text = await res.text();
  let body: any;
  try {
    body = JSON.parse(text);
  } catch {
    body = undefined;
  }
  return { status: res.status, headers: res.headers, text, body };
}

const S256 = (verifier: string) =>
  createHash('sha256').update(verifier).digest('base64url');

function authorizeQuery(extra: Record<string, string> = {}) {
  return new URLSearchParams({
    client_id: 'app',
    redirect_uri: REDIRECT,
    response_type: 'code',
    state: 'xyz',
    scope: 'read_api read_user',
    ...extra,
  });
}

async function authorize(
  sim: GitlabSimulator,
  extra: Record<string, string> = {},
): Promise<string> {
  const res = await form(sim, '/oauth/authorize', {
    ...Object.fromEntries(authorizeQuery(extra)),
    login: 'bob',
    decision: 'authorize',
  });
  expect(res.status).toBe(302);
  const location = new URL(res.headers.get('location')!);
  expect(`${location.origin}${location.pathname}`).toBe(REDIRECT);
  expect(location.searchParams.get('state')).toBe('xyz');
  return location.searchParams.get('code')!;
}

const exchange = (
  sim: GitlabSimulator,
  code: string,
  extra: Record<string, string> = {},
) =>
  form(sim, '/oauth/token', {
    grant_type: 'authorization_code',
    code,
    redirect_uri: REDIRECT,
    client_id: 'app',
    client_secret: 'secret',
    ...extra,
  });

describe('OAuth authorization code flow (Doorkeeper, as GitLab configures it)', () => {
  let sim: GitlabSimulator;
  beforeEach(async () => {
    sim = await startSimulator({ dataset: dataset(), now: START });
  });
  afterEach(() => sim.close());

  it('shows a consent page whose Authorize button redirects with code and state; the code is single-use (authorization_code_request.rb)', async () => {
    const page = await call(sim, `/oauth/authorize?${authorizeQuery()}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain(
      '<form method="post" action="/oauth/authorize">',
    );
    expect(page.text).toContain('value="authorize">Authorize</button>');
    expect(page.text).toContain('name="state" value="xyz"');

    const verifier = 'a'.repeat(50);
    const code = await authorize(sim, {
      code_challenge: S256(verifier),
      code_challenge_method: 'S256',
    });
    const tokens = await exchange(sim, code, { code_verifier: verifier });
    expect(tokens.status).toBe(200);
    expect(tokens.body).toMatchObject({
      token_type: 'Bearer',
      expires_in: 7200,
      scope: 'read_api read_user',
      created_at: Math.floor(Date.parse(START) / 1000),
    });
    const me = await call(sim, '/api/v4/user', {
      bearer: tokens.body.access_token,
    });
    expect(me.body.username).toBe('bob');

    const again = await exchange(sim, code, { code_verifier: verifier });
    expect(again.status).toBe(400);
    expect(again.body.error).toBe('invalid_grant');
    // A replayed code revokes what the first exchange issued (RFC 6749 §10.5).
    expect(
      (await call(sim, '/api/v4/user', { bearer: tokens.body.access_token }))
        .status,
    ).toBe(401);
  });

  it('verifies PKCE, S256 and plain (RFC 7636)', async () => {
    const plain = await authorize(sim, {
      code_challenge: 'plain-verifier-value',
      code_challenge_method: 'plain',
    });
    expect(
      (await exchange(sim, plain, { code_verifier: 'plain-verifier-value' }))
        .status,
    ).toBe(200);

    const wrong = await authorize(sim, {
      code_challenge: S256('right'),
      code_challenge_method: 'S256',
    });
    expect(
      (await exchange(sim, wrong, { code_verifier: 'wrong' })).body,
    ).toMatchObject({ error: 'invalid_grant' });

    const missing = await authorize(sim, {
      code_challenge: S256('right'),
      code_challenge_method: 'S256',
    });
    expect((await exchange(sim, missing)).body).toEqual({
      error: 'invalid_request',
      error_description: 'Missing required parameter: code_verifier.',
    });
    const bad = await call(
      sim,
      `/oauth/authorize?${authorizeQuery({
        code_challenge: 'x',
        code_challenge_method: 'S512',
      })}`,
    );
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('invalid_code_challenge_method');
  });

  it('refuses other clients, other redirect URIs and expired codes with invalid_grant, bad secrets with invalid_client', async () => {
    const code = await authorize(sim);
    expect((await exchange(sim, code, { client_secret: 'nope' })).status).toBe(
      401,
    );
    expect(
      (
        await exchange(sim, code, {
          client_id: 'other',
          client_secret: 'other-secret',
        })
      ).body.error,
    ).toBe('invalid_grant');
    expect(
      (
        await exchange(sim, code, {
          redirect_uri: 'http://127.0.0.1:7007/callback',
        })
      ).body.error,
    ).toBe('invalid_grant');
    sim.advance(10 * 60_000);
    expect((await exchange(sim, code)).body.error).toBe('invalid_grant');
  });

  it('renders errors for unknown clients, unregistered redirect URIs and scopes, and redirects a denial', async () => {
    const unknown = await call(
      sim,
      `/oauth/authorize?${authorizeQuery({ client_id: 'nobody' })}`,
    );
    expect(unknown.status).toBe(401);
    expect(unknown.text).toContain('Client authentication failed');
    const elsewhere = await call(
      sim,
      `/oauth/authorize?${authorizeQuery({
        redirect_uri: 'http://evil.example/cb',
      })}`,
    );
    expect(elsewhere.status).toBe(400);
    expect(elsewhere.text).toContain('invalid_redirect_uri');
    const scope = await call(
      sim,
      `/oauth/authorize?${authorizeQuery({ scope: 'sudo' })}`,
    );
    expect(scope.status).toBe(400);
    expect(scope.text).toContain('invalid_scope');
    const denied = await form(sim, '/oauth/authorize', {
      ...Object.fromEntries(authorizeQuery()),
      decision: 'deny',
    });
    const location = new URL(denied.headers.get('location')!);
    expect(location.searchParams.get('error')).toBe('access_denied');
    expect(location.searchParams.get('state')).toBe('xyz');
  });

  it('skips the consent page for trusted applications', async () => {
    const res = await fetch(
      `${sim.url}/oauth/authorize?${authorizeQuery({
        client_id: 'trusted',
        scope: 'api',
        login: 'carol',
      })}`,
      { redirect: 'manual' },
    );
    expect(res.status).toBe(302);
    expect(
      new URL(res.headers.get('location')!).searchParams.get('code'),
    ).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe('OAuth token info, refresh and revocation', () => {
  let sim: GitlabSimulator;
  let tokens: any;
  beforeEach(async () => {
    sim = await startSimulator({ dataset: dataset(), now: START });
    tokens = (await exchange(sim, await authorize(sim))).body;
  });
  afterEach(() => sim.close());

  it('describes a token as Doorkeeper does (token_info_controller.rb, access_token_mixin.rb as_json)', async () => {
    sim.advance(60_000);
    const info = await call(sim, '/oauth/token/info', {
      bearer: tokens.access_token,
    });
    expect(info.body).toEqual({
      resource_owner_id: 3,
      scope: ['read_api', 'read_user'],
      expires_in: 7140,
      application: { uid: 'app' },
      created_at: Math.floor(Date.parse(START) / 1000),
      scopes: ['read_api', 'read_user'],
      expires_in_seconds: 7140,
    });
    const unknown = await call(sim, '/oauth/token/info', { bearer: 'nope' });
    expect(unknown.status).toBe(401);
    expect(unknown.body).toEqual({
      error: 'invalid_token',
      error_description: 'The access token is invalid',
      state: 'unauthorized',
    });
  });

  it('rotates refresh tokens', async () => {
    const refreshed = await form(sim, '/oauth/token', {
      grant_type: 'refresh_token',
      refresh_token: tokens.refresh_token,
      client_id: 'app',
      client_secret: 'secret',
    });
    expect(refreshed.status).toBe(200);
    expect(refreshed.body.refresh_token).not.toBe(tokens.refresh_token);
    const reused = await form(sim, '/oauth/token', {
      grant_type: 'refresh_token',
      refresh_token: tokens.refresh_token,
      client_id: 'app',
      client_secret: 'secret',
    });
    expect(reused.body.error).toBe('invalid_grant');
  });

  it('revokes access or refresh tokens for their own client only (RFC 7009, tokens_controller.rb)', async () => {
    const basic = (id: string, secret: string) => ({
      Authorization: `Basic ${Buffer.from(`${id}:${secret}`).toString(
        'base64',
      )}`,
    });
    const anonymous = await form(sim, '/oauth/revoke', {
      token: tokens.access_token,
    });
    expect(anonymous.status).toBe(403);
    expect(anonymous.body).toEqual({
      error: 'unauthorized_client',
      error_description: 'You are not authorized to revoke this token',
    });
    const foreign = await form(
      sim,
      '/oauth/revoke',
      { token: tokens.access_token },
      basic('other', 'other-secret'),
    );
    expect(foreign.status).toBe(403);
    const unknown = await form(
      sim,
      '/oauth/revoke',
      { token: 'unknown' },
      basic('app', 'secret'),
    );
    expect([unknown.status, unknown.body]).toEqual([200, {}]);

    const revoked = await form(
      sim,
      '/oauth/revoke',
      { token: tokens.refresh_token, token_type_hint: 'refresh_token' },
      basic('app', 'secret'),
    );
    expect([revoked.status, revoked.body]).toEqual([200, {}]);
    const info = await call(sim, '/oauth/token/info', {
      bearer: tokens.access_token,
    });
    expect(info.body.error_description).toBe('The access token was revoked');
    const api = await call(sim, '/api/v4/user', {
      bearer: tokens.access_token,
    });
    expect(api.status).toBe(401);
    const refresh = await form(sim, '/oauth/token', {
      grant_type: 'refresh_token',
      refresh_token: tokens.refresh_token,
      client_id: 'app',
      client_secret: 'secret',
    });
    expect(refresh.body.error).toBe('invalid_grant');
  });
});
