import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A PEM key and certificate, as `startSimulator({ tls })` takes them. */
export interface KeyPair {
  key: string;
  cert: string;
}

/** Certificates for TLS failures; every one names localhost and 127.0.0.1 unless said otherwise. */
export interface TestCertificates {
  /** A CA that signs `trusted`, `expired` and `wrongHost`. Trust it with `ca`. */
  ca: string;
  /** Signed by `ca`, valid for a day. */
  trusted: KeyPair;
  /** Self-signed, valid for a day. */
  selfSigned: KeyPair;
  /** Signed by `ca`, expired yesterday. */
  expired: KeyPair;
  /** Signed by `ca`, issued for `other.example` only. */
  wrongHost: KeyPair;
}

// EC keys are generated in milliseconds, RSA keys take much longer.
const EC_KEY = [
  '-newkey',
  'ec',
  '-pkeyopt',
  'ec_paramgen_curve:prime256v1',
  '-nodes',
];
const LOCAL_NAMES = 'subjectAltName=DNS:localhost,IP:127.0.0.1';

/**
 * Generates throwaway TLS certificates with the `openssl` command line, for
 * tests of self-signed, expired and wrong-host certificates. Returns
 * undefined when openssl is not installed.
 */
export function createTestCertificates(): TestCertificates | undefined {
  const dir = mkdtempSync(join(tmpdir(), 'gitlab-simulator-certs-'));
  const file = (name: string) => join(dir, name);
  const openssl = (...args: string[]) =>
    execFileSync('openssl', args, { stdio: 'ignore' });
  const read = (name: string) => readFileSync(file(name), 'utf8');
  const signed = (name: string, names: string, days: string): KeyPair => {
    writeFileSync(file(`${name}.ext`), `${names}\n`);
    openssl(
      'req',
      ...EC_KEY,
      '-subj',
      `/CN=${name}`,
      '-keyout',
      file(`${name}-key.pem`),
      '-out',
      file(`${name}.csr`),
    );
    // A negative -days puts notAfter before now: an expired certificate.
    openssl(
      'x509',
      '-req',
      '-in',
      file(`${name}.csr`),
      '-CA',
      file('ca.pem'),
      '-CAkey',
      file('ca-key.pem'),
      '-CAcreateserial',
      '-days',
      days,
      '-extfile',
      file(`${name}.ext`),
      '-out',
      file(`${name}.pem`),
    );
    return { key: read(`${name}-key.pem`), cert: read(`${name}.pem`) };
  };
  try {
    openssl(
      'req',
      '-x509',
      ...EC_KEY,
      '-subj',
      '/CN=Simulator Test CA',
      '-days',
      '1',
      '-keyout',
      file('ca-key.pem'),
      '-out',
      file('ca.pem'),
    );
    openssl(
      'req',
      '-x509',
      ...EC_KEY,
      '-subj',
      '/CN=localhost',
      '-days',
      '1',
      '-addext',
      LOCAL_NAMES,
      '-keyout',
      file('self-key.pem'),
      '-out',
      file('self.pem'),
    );
    return {
      ca: read('ca.pem'),
      trusted: signed('trusted', LOCAL_NAMES, '1'),
      selfSigned: { key: read('self-key.pem'), cert: read('self.pem') },
      expired: signed('expired', LOCAL_NAMES, '-1'),
      wrongHost: signed('wrong-host', 'subjectAltName=DNS:other.example', '1'),
    };
  } catch {
    return undefined;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
