import http from 'node:http';
import https from 'node:https';
import tls, { TLSSocket } from 'node:tls';
import { Socket } from 'node:net';
import { DateTime } from 'luxon';

/** The server certificate, as far as the health checks show it. @internal */
export interface CertificateInfo {
  subject: string | null;
  issuer: string | null;
  /** The names it is issued for, e.g. `DNS:gitlab.example.com, IP Address:10.0.0.5`. */
  names: string | null;
  validTo: string | null;
}

/** The TLS handshake: whether the certificate is trusted, and why not. @internal */
export interface TlsInfo {
  authorized: boolean;
  /** Node's code, e.g. DEPTH_ZERO_SELF_SIGNED_CERT or ERR_TLS_CERT_ALTNAME_INVALID. */
  error: string | null;
  certificate: CertificateInfo;
}

/**
 * How far one anonymous `GET <apiBaseUrl>/version` got: name lookup, TCP
 * connection, TLS handshake, HTTP answer.
 * @internal
 */
export type ConnectionProbe =
  | { outcome: 'dns_failed'; code: string }
  | { outcome: 'refused'; code: string }
  | { outcome: 'connect_timeout' }
  | { outcome: 'connect_failed'; code: string }
  | { outcome: 'tls_failed'; code: string; tls?: TlsInfo }
  | { outcome: 'tls_timeout' }
  | { outcome: 'no_answer'; code?: string; tls?: TlsInfo }
  | {
      outcome: 'answered';
      status: number;
      contentType: string;
      location: string | null;
      tls?: TlsInfo;
    };

/** What {@link probeConnection} needs. @internal */
export interface ProbeOptions {
  apiBaseUrl: string;
  /** PEM of extra trusted CAs (gitlabDelivery.instances[].caFile). */
  ca?: string;
  timeoutMs: number;
}

const DNS_CODES = new Set(['ENOTFOUND', 'EAI_AGAIN', 'EAI_FAIL', 'EAI_NONAME']);

function text(value: string | string[] | undefined): string | null {
  if (value === undefined) return null;
  return Array.isArray(value) ? value.join(', ') : value;
}

function certificateOf(socket: TLSSocket): CertificateInfo {
  const cert = socket.getPeerCertificate();
  const validTo = cert?.valid_to
    ? DateTime.fromJSDate(new Date(cert.valid_to), { zone: 'utc' })
    : undefined;
  return {
    subject: text(cert?.subject?.CN),
    issuer: text(cert?.issuer?.CN ?? cert?.issuer?.O),
    names: cert?.subjectaltname ?? null,
    validTo: validTo?.isValid ? validTo.toISO() : null,
  };
}

function codeOf(error: unknown): string {
  const code = (error as { code?: unknown })?.code;
  return typeof code === 'string' ? code : 'UNKNOWN';
}

/**
 * Sends one GET to `<apiBaseUrl>/version` without credentials and reports how
 * far it got, for the reachability and TLS checks. The certificate is checked
 * with the same trust as the client (public roots plus `ca`), but an
 * untrusted one is reported instead of failing, and the request is then
 * dropped before anything is sent. One attempt, no retries.
 * @internal
 */
export function probeConnection(
  options: ProbeOptions,
): Promise<ConnectionProbe> {
  const url = new URL(`${options.apiBaseUrl.replace(/\/+$/, '')}/version`);
  const secure = url.protocol === 'https:';
  return new Promise<ConnectionProbe>(resolve => {
    let settled = false;
    let connected = false;
    let handshaken = false;
    let tlsInfo: TlsInfo | undefined;
    let request: http.ClientRequest | undefined = undefined;
    let timer: NodeJS.Timeout | undefined = undefined;
    const finish = (result: ConnectionProbe) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      request?.destroy();
      resolve(result);
    };
    timer = setTimeout(() => {
      if (!connected) finish({ outcome: 'connect_timeout' });
      else if (secure && !handshaken) finish({ outcome: 'tls_timeout' });
      else finish({ outcome: 'no_answer', tls: tlsInfo });
    }, options.timeoutMs);

    const requestOptions: https.RequestOptions = {
      method: 'GET',
      agent: false,
      headers: { accept: 'application/json' },
      ...(secure && {
        // Judged below, like the client would, but reported instead of thrown.
        rejectUnauthorized: false,
        ...(options.ca && { ca: [...tls.rootCertificates, options.ca] }),
      }),
    };
    request = (secure ? https : http).request(url, requestOptions, response => {
      response.resume();
      finish({
        outcome: 'answered',
        status: response.statusCode ?? 0,
        contentType: String(response.headers['content-type'] ?? ''),
        location: response.headers.location ?? null,
        tls: tlsInfo,
      });
    });
    request.on('socket', (socket: Socket) => {
      socket.once('connect', () => {
        connected = true;
      });
      socket.once('secureConnect', () => {
        handshaken = true;
        const secured = socket as TLSSocket;
        tlsInfo = {
          authorized: secured.authorized,
          error: secured.authorizationError
            ? String(secured.authorizationError)
            : null,
          certificate: certificateOf(secured),
        };
        if (!secured.authorized) {
          finish({
            outcome: 'tls_failed',
            code: tlsInfo.error ?? 'UNKNOWN',
            tls: tlsInfo,
          });
        }
      });
    });
    request.on('error', error => {
      const code = codeOf(error);
      if (DNS_CODES.has(code)) finish({ outcome: 'dns_failed', code });
      else if (code === 'ECONNREFUSED') finish({ outcome: 'refused', code });
      else if (!connected) finish({ outcome: 'connect_failed', code });
      else if (secure && !handshaken) finish({ outcome: 'tls_failed', code });
      else finish({ outcome: 'no_answer', code, tls: tlsInfo });
    });
    request.end();
  });
}
