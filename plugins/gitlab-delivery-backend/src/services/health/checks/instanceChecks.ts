import { HealthCheck } from '@delivery-insights/plugin-gitlab-delivery-common';
import { DateTime } from 'luxon';
import { GitlabInstanceConfig } from '../../../config/readDeliveryConfig';
import { CheckMaker } from './checks';
import { ConnectionProbe, TlsInfo } from './connectionProbe';
import { apiBaseUrlFix, caFileFix } from './remediations';

/** Days before a certificate's expiry from which the TLS check warns. */
const CERTIFICATE_WARNING_DAYS = 14;

const SELF_SIGNED = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
]);
const UNTRUSTED_ISSUER = new Set([
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_UNTRUSTED',
  'CERT_REJECTED',
  'CERT_SIGNATURE_FAILURE',
]);

/** The host and port the backend connects to, as written in apiBaseUrl. @internal */
export function endpointOf(instance: GitlabInstanceConfig): {
  hostname: string;
  port: string;
  secure: boolean;
} {
  const url = new URL(instance.apiBaseUrl);
  const secure = url.protocol === 'https:';
  return {
    hostname: url.hostname,
    port: url.port || (secure ? '443' : '80'),
    secure,
  };
}

function seconds(ms: number): string {
  return `${Math.max(1, Math.round(ms / 1000))}s`;
}

function day(iso: string | null): string {
  return iso ? DateTime.fromISO(iso, { zone: 'utc' }).toISODate()! : 'unknown';
}

/**
 * `instance.reachable`: the name resolves, the port accepts the connection
 * and an HTTP server answers.
 * @internal
 */
export function reachableCheck(
  probe: ConnectionProbe,
  instance: GitlabInstanceConfig,
  timeoutMs: number,
  check: CheckMaker,
): HealthCheck {
  const { hostname, port } = endpointOf(instance);
  const { host, apiBaseUrl } = instance;
  const id = 'instance.reachable';
  const where = `${hostname}:${port}`;
  switch (probe.outcome) {
    case 'dns_failed':
      return check(
        id,
        'error',
        `The host name ${hostname} does not resolve (${probe.code}): the backend cannot find it in DNS.`,
        {
          remediation: `Check the spelling of integrations.gitlab[].host and apiBaseUrl for ${host}, and that the backend's DNS resolves ${hostname} (inside a container or a private network it may not).`,
        },
      );
    case 'refused':
      return check(
        id,
        'error',
        `${where} refused the connection (${probe.code}): nothing listens on that port.`,
        {
          remediation: `Check the scheme and port in integrations.gitlab[].apiBaseUrl (${apiBaseUrl}), that GitLab is running, and that no firewall rejects the backend.`,
        },
      );
    case 'connect_timeout':
      return check(
        id,
        'error',
        `No connection to ${where} within ${seconds(
          timeoutMs,
        )}: the connection attempts go unanswered, as when a firewall drops them.`,
        {
          remediation: `Allow the backend to reach ${where} through the firewalls between them, and check the host and port in integrations.gitlab[].apiBaseUrl.`,
        },
      );
    case 'connect_failed':
      return check(
        id,
        'error',
        `The connection to ${where} failed (${probe.code}).`,
        {
          remediation: `Check the network route from the backend to ${hostname}, and the host and port in integrations.gitlab[].apiBaseUrl.`,
        },
      );
    case 'tls_timeout':
      return check(
        id,
        'error',
        `${where} accepts connections but does not complete a TLS handshake within ${seconds(
          timeoutMs,
        )}.`,
        {
          remediation: `Check the scheme and port in integrations.gitlab[].apiBaseUrl (${apiBaseUrl}): https needs the port GitLab serves TLS on, usually 443.`,
        },
      );
    case 'no_answer':
      return check(
        id,
        'error',
        probe.code
          ? `${where} accepts connections but closed this one before answering (${probe.code}).`
          : `${where} accepts connections but sent no answer within ${seconds(
              timeoutMs,
            )}.`,
        {
          remediation: `Something other than GitLab, or a stuck proxy, holds that port: check the scheme and port in integrations.gitlab[].apiBaseUrl (${apiBaseUrl}). If GitLab is only slow, raise gitlabDelivery.requestTimeoutSeconds.`,
        },
      );
    default:
      // A TLS failure happens after the connection: the host is reachable.
      return check(
        id,
        'ok',
        probe.outcome === 'answered'
          ? `The backend reaches ${where} and an HTTP server answers there.`
          : `The backend reaches ${where}.`,
      );
  }
}

function tlsFailure(
  code: string,
  info: TlsInfo | undefined,
  instance: GitlabInstanceConfig,
  check: CheckMaker,
): HealthCheck {
  const { hostname, port } = endpointOf(instance);
  const { host } = instance;
  const cert = info?.certificate;
  const id = 'instance.tls';
  if (SELF_SIGNED.has(code)) {
    return check(
      id,
      'error',
      `${hostname} presents a self-signed certificate (${code}), which the backend does not trust.`,
      {
        remediation: caFileFix(
          host,
          'that certificate (or the CA that signed it)',
        ),
      },
    );
  }
  if (UNTRUSTED_ISSUER.has(code)) {
    return check(
      id,
      'error',
      `The certificate of ${hostname} is signed by ${
        cert?.issuer ? `"${cert.issuer}"` : 'a CA'
      }, which the backend does not trust (${code}).`,
      {
        remediation: caFileFix(
          host,
          'the certificate of that CA (and of any intermediate CA)',
        ),
      },
    );
  }
  if (code === 'CERT_HAS_EXPIRED') {
    return check(
      id,
      'error',
      `The certificate of ${hostname} expired on ${day(
        cert?.validTo ?? null,
      )} (${code}).`,
      {
        remediation: `Renew the certificate on the GitLab server; gitlabDelivery.instances[].caFile cannot make an expired certificate valid.`,
      },
    );
  }
  if (code === 'CERT_NOT_YET_VALID') {
    return check(
      id,
      'error',
      `The certificate of ${hostname} is not valid yet (${code}).`,
      {
        remediation: `Check the clocks of the backend and the GitLab server, or install a certificate that is valid now.`,
      },
    );
  }
  if (code === 'ERR_TLS_CERT_ALTNAME_INVALID') {
    return check(
      id,
      'error',
      `The certificate of ${hostname} is issued for ${
        cert?.names ?? cert?.subject ?? 'other names'
      }, not for ${hostname} (${code}).`,
      {
        remediation: `Use a host name the certificate names in integrations.gitlab[].apiBaseUrl, or reissue the certificate for ${hostname}; gitlabDelivery.instances[].caFile adds trusted CAs but cannot fix the name.`,
      },
    );
  }
  if (
    code === 'EPROTO' ||
    code.startsWith('ERR_SSL_') ||
    code === 'ECONNRESET'
  ) {
    return check(
      id,
      'error',
      `${hostname}:${port} does not complete a TLS handshake (${code}): it may not speak TLS on that port.`,
      {
        remediation: `Check the scheme and port in integrations.gitlab[].apiBaseUrl: https needs the port GitLab serves TLS on, usually 443; plain http needs http://.`,
      },
    );
  }
  return check(
    id,
    'error',
    `The TLS connection to ${hostname}:${port} failed (${code}).`,
    {
      remediation: caFileFix(host, 'the CA that signed the GitLab certificate'),
    },
  );
}

function isLoopback(hostname: string): boolean {
  return (
    hostname === 'localhost' ||
    hostname === '[::1]' ||
    hostname === '::1' ||
    hostname.startsWith('127.')
  );
}

/**
 * `instance.tls`: the certificate is trusted, names the host and is valid,
 * with a warning two weeks before it expires. Plain HTTP is a warning except
 * on the backend's own machine.
 * @internal
 */
export function tlsCheck(
  probe: ConnectionProbe,
  instance: GitlabInstanceConfig,
  now: DateTime,
  check: CheckMaker,
): HealthCheck {
  const { hostname, secure } = endpointOf(instance);
  const id = 'instance.tls';
  if (!secure) {
    return isLoopback(hostname)
      ? check(
          id,
          'skipped',
          `Not used: ${instance.apiBaseUrl} is plain HTTP on the backend's own machine.`,
        )
      : check(
          id,
          'warning',
          `${instance.apiBaseUrl} is plain HTTP: the token crosses the network unencrypted.`,
          {
            remediation: `Use https:// in integrations.gitlab[].apiBaseUrl for ${instance.host}.`,
          },
        );
  }
  if (probe.outcome === 'tls_failed') {
    return tlsFailure(probe.code, probe.tls, instance, check);
  }
  const info =
    probe.outcome === 'answered' || probe.outcome === 'no_answer'
      ? probe.tls
      : undefined;
  if (!info) {
    return check(
      id,
      'skipped',
      `Not checked: no TLS handshake with ${hostname} took place (see instance.reachable).`,
    );
  }
  const { certificate } = info;
  const issuer = certificate.issuer ? ` (issued by ${certificate.issuer})` : '';
  if (certificate.validTo) {
    const validTo = DateTime.fromISO(certificate.validTo, { zone: 'utc' });
    const days = Math.ceil(validTo.diff(now, 'days').days);
    if (days <= CERTIFICATE_WARNING_DAYS) {
      return check(
        id,
        'warning',
        `The certificate of ${hostname}${issuer} is trusted but expires on ${day(
          certificate.validTo,
        )}, ${days <= 1 ? 'within a day' : `in ${days} days`}.`,
        {
          remediation: `Renew the certificate on the GitLab server before ${day(
            certificate.validTo,
          )}; after that the backend refuses to connect.`,
        },
      );
    }
  }
  return check(
    id,
    'ok',
    `The certificate of ${hostname}${issuer} is trusted and valid until ${day(
      certificate.validTo,
    )}.`,
  );
}

/** Whether the probe got far enough for the API checks to make sense. @internal */
export function probeAnswered(
  probe: ConnectionProbe,
): probe is Extract<ConnectionProbe, { outcome: 'answered' }> {
  return probe.outcome === 'answered';
}

/**
 * `instance.api`, as far as the anonymous probe tells: GitLab's API answers
 * `GET /version` with JSON (401 without a token), not with an HTML page, a
 * redirect, a 404 or a proxy's 403. Undefined when it looks like GitLab.
 * @internal
 */
export function apiProblem(
  probe: Extract<ConnectionProbe, { outcome: 'answered' }>,
  instance: GitlabInstanceConfig,
  check: CheckMaker,
): HealthCheck | undefined {
  const { host, apiBaseUrl } = instance;
  const id = 'instance.api';
  const what = `GET ${apiBaseUrl}/version`;
  const json = /json/i.test(probe.contentType);
  if (probe.status >= 300 && probe.status < 400) {
    return check(
      id,
      'error',
      `${what} is redirected (${probe.status}) to ${
        probe.location ?? 'another address'
      } instead of answering; GitLab's API never redirects, so the address is not the API's.`,
      { remediation: apiBaseUrlFix(host) },
    );
  }
  if (/html/i.test(probe.contentType)) {
    return check(
      id,
      'error',
      `${what} answered with an HTML page (${probe.status}) instead of JSON: a sign-in page, a proxy or a web server stands where the API should be.`,
      {
        remediation: `${apiBaseUrlFix(
          host,
        )} If an SSO or proxy sign-in page guards GitLab, let the backend reach /api/v4 and /api/graphql without it.`,
      },
    );
  }
  if (probe.status === 404) {
    return check(
      id,
      'error',
      `${what} answered 404 Not Found: there is no GitLab REST API at that address.`,
      { remediation: apiBaseUrlFix(host) },
    );
  }
  if (probe.status === 403) {
    return check(
      id,
      'error',
      `${what} answered 403 Forbidden without credentials: the API is blocked for the backend, by a proxy, a firewall rule or an IP allow-list.`,
      {
        remediation: `Ask the GitLab administrator to allow API access from the backend's address (IP allow-lists, proxy rules for /api/v4 and /api/graphql).`,
      },
    );
  }
  if (probe.status >= 500) {
    return check(
      id,
      'error',
      `${what} answered ${probe.status}: the GitLab server or a proxy in front of it fails.`,
      {
        remediation: `Check GitLab's status and logs; the health check and the sync try again on their next run.`,
      },
    );
  }
  if (!json) {
    return check(
      id,
      'error',
      `${what} answered ${probe.status} with ${
        probe.contentType || 'no content type'
      } instead of JSON: something other than GitLab's API answers there.`,
      { remediation: apiBaseUrlFix(host) },
    );
  }
  return undefined;
}
