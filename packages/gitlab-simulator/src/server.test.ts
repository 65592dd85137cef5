import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import https from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSimulator } from './server';
import { NOW } from './testing/client';

function makeCertificate(): { key: string; cert: string } | undefined {
  const dir = mkdtempSync(join(tmpdir(), 'gitlab-simulator-tls-'));
  try {
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-subj',
        '/CN=localhost',
        '-days',
        '1',
        '-addext',
        'subjectAltName=DNS:localhost,IP:127.0.0.1',
        '-keyout',
        join(dir, 'key.pem'),
        '-out',
        join(dir, 'cert.pem'),
      ],
      { stdio: 'ignore' },
    );
    return {
      key: readFileSync(join(dir, 'key.pem'), 'utf8'),
      cert: readFileSync(join(dir, 'cert.pem'), 'utf8'),
    };
  } catch {
    return undefined;
  }
}

const certificate = makeCertificate();
const describeTls = certificate ? describe : describe.skip;

describeTls('startSimulator over TLS', () => {
  it('serves HTTPS with a self-signed certificate', async () => {
    const sim = await startSimulator({
      tls: certificate,
      generate: { now: NOW, projects: 1, mrsPerProject: 1 },
    });
    try {
      expect(sim.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
      await expect(fetch(`${sim.url}/api/v4/version`)).rejects.toThrow();
      const body = await new Promise<string>((resolve, reject) => {
        https
          .get(
            `${sim.url}/api/v4/version`,
            {
              ca: certificate!.cert,
              headers: { 'PRIVATE-TOKEN': 'glpat-demo-token' },
            },
            res => {
              let text = '';
              res.on('data', chunk => (text += chunk));
              res.on('end', () => resolve(text));
            },
          )
          .on('error', reject);
      });
      expect(JSON.parse(body).version).toBe('17.5.0');
    } finally {
      await sim.close();
    }
  });
});

describe('startSimulator', () => {
  it('uses baseUrl in links and deep-copies the dataset it is given', async () => {
    const dataset = {
      users: [{ id: 1, username: 'alice', name: 'Alice' }],
      tokens: [{ token: 't', name: 't', userId: 1, scopes: ['api'] }],
      projects: [
        {
          id: 5,
          path: 'g/p',
          members: [{ userId: 1, accessLevel: 40 }],
          mergeRequests: [],
        },
      ],
      instance: { version: '16.3.1' },
    };
    const sim = await startSimulator({
      dataset: dataset as any,
      baseUrl: 'https://gitlab.example.com/',
    });
    try {
      sim.data.projects[0].name = 'changed';
      expect((dataset.projects[0] as any).name).toBeUndefined();
      const res = await fetch(`${sim.url}/api/v4/projects/5`, {
        headers: { 'PRIVATE-TOKEN': 't' },
      });
      const body = await res.json();
      expect(body.web_url).toBe('https://gitlab.example.com/g/p');
      expect(body.name).toBe('changed');
      const version = await (
        await fetch(`${sim.url}/api/v4/version`, {
          headers: { 'PRIVATE-TOKEN': 't' },
        })
      ).json();
      expect(version.version).toBe('16.3.1');
    } finally {
      await sim.close();
    }
  });
});
