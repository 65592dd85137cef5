import http from 'node:http';
import https from 'node:https';
import { startSimulator } from '../server';
import { NOW } from '../testing/client';
import { createTestCertificates } from '../tls/testCertificates';
import { closedPort } from './closedPort';
import { startHangingServer } from './hangingServer';

function get(
  url: string,
  options: https.RequestOptions = {},
): Promise<{ status?: number; code?: string }> {
  const client = url.startsWith('https:') ? https : http;
  return new Promise(resolve => {
    const req = client.get(url, { ...options, timeout: 200 }, res => {
      res.resume();
      resolve({ status: res.statusCode });
    });
    req.on('timeout', () =>
      req.destroy(Object.assign(new Error('timeout'), { code: 'TIMEOUT' })),
    );
    req.on('error', (error: NodeJS.ErrnoException) =>
      resolve({ code: error.code }),
    );
  });
}

describe('failure helpers', () => {
  it('gives a port that refuses connections', async () => {
    const port = await closedPort();
    expect(await get(`http://127.0.0.1:${port}/api/v4/version`)).toEqual({
      code: 'ECONNREFUSED',
    });
  });

  it('starts a server that accepts connections and never answers', async () => {
    const server = await startHangingServer();
    try {
      expect(await get(`${server.url}/api/v4/version`)).toEqual({
        code: 'TIMEOUT',
      });
      expect(server.connections).toBe(1);
    } finally {
      await server.close();
    }
  });
});

const certificates = createTestCertificates();
const describeTls = certificates ? describe : describe.skip;

describeTls('createTestCertificates', () => {
  it('generates trusted, self-signed, expired and wrong-host certificates', async () => {
    const certs = certificates!;
    const outcome = async (tls: { key: string; cert: string }) => {
      const sim = await startSimulator({
        tls,
        generate: { now: NOW, projects: 1, mrsPerProject: 1 },
      });
      try {
        return await get(`${sim.url}/api/v4/version`, { ca: certs.ca });
      } finally {
        await sim.close();
      }
    };
    expect(await outcome(certs.trusted)).toEqual({ status: 401 });
    expect(await outcome(certs.selfSigned)).toEqual({
      code: 'DEPTH_ZERO_SELF_SIGNED_CERT',
    });
    expect(await outcome(certs.expired)).toEqual({
      code: 'CERT_HAS_EXPIRED',
    });
    expect(await outcome(certs.wrongHost)).toEqual({
      code: 'ERR_TLS_CERT_ALTNAME_INVALID',
    });
  });
});
