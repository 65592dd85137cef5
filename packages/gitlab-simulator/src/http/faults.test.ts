import { startSimulator, type GitlabSimulator } from '../server';
import { call, NOW } from '../testing/client';

const TOKEN = { token: 'glpat-demo-token' };

describe('fault injection', () => {
  let sim: GitlabSimulator;
  beforeAll(async () => {
    sim = await startSimulator({
      generate: { now: NOW, projects: 1, mrsPerProject: 3 },
    });
  });
  afterEach(() => {
    sim.clearFaults();
    sim.clearRequests();
  });
  afterAll(() => sim.close());

  it('answers with a status for matching paths, the given number of times', async () => {
    sim.injectFault({
      type: 'status',
      status: 503,
      times: 2,
      match: /merge_requests/,
    });
    expect((await call(sim, '/api/v4/user', TOKEN)).status).toBe(200);
    const first = await call(sim, '/api/v4/projects/1/merge_requests', TOKEN);
    expect(first.status).toBe(503);
    expect(first.body).toEqual({ message: '503 Service Unavailable' });
    expect(
      (await call(sim, '/api/v4/projects/1/merge_requests', TOKEN)).status,
    ).toBe(503);
    expect(
      (await call(sim, '/api/v4/projects/1/merge_requests', TOKEN)).status,
    ).toBe(200);
    expect(sim.requests.map(r => r.status)).toEqual([200, 503, 503, 200]);
  });

  it('sends Retry-After with a 429 and custom bodies', async () => {
    sim.injectFault({ type: 'status', status: 429, retryAfterSeconds: 7 });
    const limited = await call(sim, '/api/v4/user', TOKEN);
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('7');
    sim.injectFault({
      type: 'status',
      status: 500,
      body: { message: 'boom' },
      match: /graphql/,
    });
    const failed = await call(sim, '/api/graphql', {
      bearer: 'glpat-demo-token',
      body: { query: '{ currentUser { id } }' },
    });
    expect(failed.status).toBe(500);
    expect(failed.body).toEqual({ message: 'boom' });
    expect(sim.requests.at(-1)).toMatchObject({ kind: 'graphql', status: 500 });
  });

  it('returns malformed JSON', async () => {
    sim.injectFault({ type: 'malformed' });
    const res = await fetch(`${sim.url}/api/v4/projects/1/merge_requests`, {
      headers: { 'PRIVATE-TOKEN': 'glpat-demo-token' },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/json');
    await expect(res.json()).rejects.toThrow();
  });

  it('returns an HTML login page', async () => {
    sim.injectFault({ type: 'html' });
    const res = await call(sim, '/api/v4/user', TOKEN);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/html');
    expect(res.text).toContain('Sign in');
  });

  it('resets the connection', async () => {
    sim.injectFault({ type: 'reset' });
    await expect(
      fetch(`${sim.url}/api/v4/user`, {
        headers: { 'PRIVATE-TOKEN': 'glpat-demo-token' },
      }),
    ).rejects.toThrow();
    expect(sim.requests.at(-1)).toMatchObject({
      path: '/api/v4/user',
      status: 0,
    });
    expect((await call(sim, '/api/v4/user', TOKEN)).status).toBe(200);
  });

  it('never answers on timeout', async () => {
    sim.injectFault({ type: 'timeout', match: /graphql/ });
    await expect(
      fetch(`${sim.url}/api/graphql`, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json',
          Authorization: 'Bearer glpat-demo-token',
        },
        body: JSON.stringify({ query: 'query Slow { currentUser { id } }' }),
        signal: AbortSignal.timeout(200),
      }),
    ).rejects.toThrow();
    expect(sim.requests.at(-1)).toMatchObject({
      kind: 'graphql',
      status: 0,
      operationName: 'Slow',
    });
  });
});

describe('random errors and latency', () => {
  it('fails every request with errorRate 1', async () => {
    const sim = await startSimulator({
      errorRate: 1,
      latencyMs: 5,
      generate: { now: NOW, projects: 1, mrsPerProject: 1 },
    });
    try {
      const res = await call(sim, '/api/v4/user', TOKEN);
      expect(res.status).toBe(500);
      expect(res.body).toEqual({ message: '500 Internal Server Error' });
    } finally {
      await sim.close();
    }
  });
});

describe('rate limiting', () => {
  it('advertises a high limit by default', async () => {
    const sim = await startSimulator({
      generate: { now: NOW, projects: 1, mrsPerProject: 1 },
    });
    try {
      const res = await call(sim, '/api/v4/user', TOKEN);
      expect(res.headers.get('ratelimit-limit')).toBe('2000');
      expect(res.headers.get('ratelimit-remaining')).toBe('1999');
      expect(res.headers.get('ratelimit-observed')).toBe('1');
      expect(Number(res.headers.get('ratelimit-reset'))).toBeGreaterThan(
        Date.now() / 1000 - 1,
      );
    } finally {
      await sim.close();
    }
  });

  it('answers 429 with Retry-After over the per-token limit', async () => {
    const sim = await startSimulator({
      rateLimit: { requestsPerMinute: 3 },
      generate: { now: NOW, projects: 1, mrsPerProject: 1 },
    });
    try {
      const results = [];
      // Eight requests: even across a minute boundary one window sees more than three.
      for (let i = 0; i < 8; i++)
        results.push(await call(sim, '/api/v4/user', TOKEN));
      expect(results[0].headers.get('ratelimit-limit')).toBe('3');
      const limited = results.find(r => r.status === 429)!;
      expect(limited).toBeDefined();
      expect(limited.text).toBe('Retry later\n');
      expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(limited.headers.get('ratelimit-remaining')).toBe('0');
      const other = await call(sim, '/api/v4/user', { token: 'glpat-api' });
      expect(other.status).toBe(200);
      expect(sim.requests.filter(r => r.status === 429).length).toBeGreaterThan(
        0,
      );
    } finally {
      await sim.close();
    }
  });
});
