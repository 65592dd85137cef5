import { startSimulator, type GitlabSimulator } from '../server';
import { call, NOW } from '../testing/client';

describe('REST authentication', () => {
  let sim: GitlabSimulator;
  beforeAll(async () => {
    sim = await startSimulator({
      generate: { now: NOW, projects: 3, mrsPerProject: 3 },
    });
  });
  afterAll(() => sim.close());

  it('rejects missing, unknown, revoked and expired tokens with 401', async () => {
    for (const token of [undefined, 'glpat-nope']) {
      const res = await call(sim, '/api/v4/user', { token });
      expect(res.status).toBe(401);
      expect(res.body).toEqual({ message: '401 Unauthorized' });
      expect(res.headers.get('content-type')).toBe('application/json');
    }
    const revoked = await call(sim, '/api/v4/projects/1', {
      token: 'glpat-revoked',
    });
    expect(revoked.status).toBe(401);
    expect(revoked.body).toEqual({
      error: 'invalid_token',
      error_description:
        'Token was revoked. You have to re-authorize from the user.',
    });
    const expired = await call(sim, '/api/v4/projects/1', {
      token: 'glpat-expired',
    });
    expect(expired.status).toBe(401);
    expect(expired.body.error_description).toBe(
      'Token is expired. You can either do re-authorization or token refresh.',
    );
    expect(expired.headers.get('www-authenticate')).toBe(
      'Bearer realm="Protected by OAuth 2.0", error="invalid_token", error_description="Token is expired. You can either do re-authorization or token refresh."',
    );
  });

  it('rejects blocked users with 403', async () => {
    const res = await call(sim, '/api/v4/user', { token: 'glpat-blocked' });
    expect(res.status).toBe(403);
    expect(res.body).toEqual({
      message: '403 Forbidden - Your account has been blocked.',
    });
  });

  it('checks scopes', async () => {
    const denied = await call(sim, '/api/v4/projects/1', {
      token: 'glpat-noscope',
    });
    expect(denied.status).toBe(403);
    expect(denied.body).toEqual({
      error: 'insufficient_scope',
      error_description:
        'The request requires higher privileges than provided by the access token.',
      scope: 'api read_api',
    });
    expect(denied.headers.get('www-authenticate')).toBeNull();
    for (const path of [
      '/api/v4/user',
      '/api/v4/version',
      '/api/v4/personal_access_tokens/self',
    ]) {
      expect((await call(sim, path, { token: 'glpat-noscope' })).status).toBe(
        200,
      );
    }
  });

  it('accepts PRIVATE-TOKEN and Bearer', async () => {
    const a = await call(sim, '/api/v4/user', { token: 'glpat-demo-token' });
    const b = await call(sim, '/api/v4/user', { bearer: 'glpat-demo-token' });
    expect(a.body.username).toBe('backstage-bot');
    expect(b.body).toEqual(a.body);
    expect(a.body.bot).toBe(true);
  });

  it('serves /version and describes the token', async () => {
    const version = await call(sim, '/api/v4/version', {
      token: 'glpat-demo-token',
    });
    expect(version.body).toEqual({
      version: '17.5.0',
      revision: expect.any(String),
    });
    const self = await call(sim, '/api/v4/personal_access_tokens/self', {
      token: 'glpat-demo-token',
    });
    expect(self.body).toMatchObject({
      name: 'backstage-demo',
      revoked: false,
      scopes: ['read_api'],
      active: true,
      expires_at: null,
    });
    expect(self.body.last_used_at).toEqual(expect.any(String));
    const oauth = await call(sim, '/oauth/token', {
      body: {
        grant_type: 'refresh_token',
        client_id: 'backstage-demo-app',
        client_secret: 'backstage-demo-secret',
        refresh_token: sim.data.oauthApplications![0].refreshTokens[0].token,
      },
    });
    const notPat = await call(sim, '/api/v4/personal_access_tokens/self', {
      bearer: oauth.body.access_token,
    });
    expect(notPat.status).toBe(400);
    expect(notPat.body.message).toContain(
      'requires token type to be a personal access token',
    );
  });

  it('logs the token name', async () => {
    sim.clearRequests();
    await call(sim, '/api/v4/user', { token: 'glpat-demo-token' });
    await call(sim, '/api/v4/user', { token: 'glpat-revoked' });
    expect(sim.requests.map(r => [r.tokenName, r.status])).toEqual([
      ['backstage-demo', 200],
      ['backstage-revoked', 401],
    ]);
  });

  it('refreshes OAuth tokens with rotation', async () => {
    const form = (refresh: string, secret = 'backstage-demo-secret') =>
      new URLSearchParams({
        grant_type: 'refresh_token',
        client_id: 'backstage-demo-app',
        client_secret: secret,
        refresh_token: refresh,
      }).toString();
    const headers = { 'Content-Type': 'application/x-www-form-urlencoded' };
    // The dataset holds the current refresh token; it rotates on every use.
    const initial = sim.data.oauthApplications![0].refreshTokens[0].token;
    const first = await call(sim, '/oauth/token', {
      body: form(initial),
      headers,
    });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({
      token_type: 'Bearer',
      expires_in: 7200,
      scope: 'read_api',
    });
    const user = await call(sim, '/api/v4/user', {
      bearer: first.body.access_token,
    });
    expect(user.body.username).toBe('backstage-bot');
    const reused = await call(sim, '/oauth/token', {
      body: form(initial),
      headers,
    });
    expect(reused.status).toBe(400);
    expect(reused.body.error).toBe('invalid_grant');
    const badClient = await call(sim, '/oauth/token', {
      body: form(first.body.refresh_token, 'wrong'),
      headers,
    });
    expect(badClient.status).toBe(401);
    expect(badClient.body.error).toBe('invalid_client');
    const second = await call(sim, '/oauth/token', {
      body: form(first.body.refresh_token),
      headers,
    });
    expect(second.status).toBe(200);
    expect(
      sim.requests.filter(r => r.kind === 'oauth').length,
    ).toBeGreaterThanOrEqual(4);
  });
});

describe('REST on an old GitLab', () => {
  let sim: GitlabSimulator;
  beforeAll(async () => {
    sim = await startSimulator({
      version: '15.4.3',
      generate: { now: NOW, projects: 1, mrsPerProject: 1 },
    });
  });
  afterAll(() => sim.close());

  it('has no /personal_access_tokens/self before 15.5', async () => {
    const res = await call(sim, '/api/v4/personal_access_tokens/self', {
      token: 'glpat-demo-token',
    });
    expect(res.status).toBe(404);
    expect(res.body).toEqual({ message: '404 Not Found' });
    const version = await call(sim, '/api/v4/version', {
      token: 'glpat-demo-token',
    });
    expect(version.body.version).toBe('15.4.3');
  });
});
