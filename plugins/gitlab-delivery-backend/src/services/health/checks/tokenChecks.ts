import { HealthCheck } from '@delivery-insights/plugin-gitlab-delivery-common';
import { DateTime } from 'luxon';
import { GitlabInstanceConfig } from '../../../config/readDeliveryConfig';
import { remediationFor } from './syncStatus';
import { CheckMaker } from './checks';
import { newTokenFix, readApiScopeFix } from './remediations';
import { TokenReading } from './tokenReading';

/** Days before a token's expiry from which `token.expiry` warns. */
const TOKEN_WARNING_DAYS = 14;

function tokenLabel(reading: TokenReading): string {
  if (reading.source === 'connected') {
    return 'the OAuth token connected from the admin page';
  }
  if (reading.credential === 'oauth') {
    return 'the OAuth access token of gitlabDelivery.instances[].oauth';
  }
  return reading.name
    ? `the token "${reading.name}"`
    : 'the token in integrations.gitlab[].token';
}

function capitalized(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function validCheck(
  reading: TokenReading,
  instance: GitlabInstanceConfig,
  check: CheckMaker,
): HealthCheck {
  const id = 'token.valid';
  const { host } = instance;
  const label = tokenLabel(reading);
  switch (reading.state) {
    case 'missing':
      if (instance.oauth) {
        return check(
          id,
          'error',
          `${host} is not connected: press Connect GitLab on the GitLab status page.`,
          {
            remediation: `An admin with the permission gitlab-delivery.connection.manage presses Connect GitLab for ${host} and approves the OAuth application in GitLab; or configure integrations.gitlab[].token.`,
          },
        );
      }
      return check(id, 'error', `${host} has no token configured.`, {
        remediation: `Set integrations.gitlab[].token for ${host} to a personal, group or project access token with the read_api scope, or configure gitlabDelivery.instances[].oauth.`,
      });
    case 'failed':
      return check(
        id,
        'error',
        `Could not check ${label}: ${reading.failure?.message}`,
        {
          remediation:
            remediationFor(reading.failure?.code ?? null) ?? undefined,
        },
      );
    case 'blocked':
      return check(
        id,
        'error',
        `GitLab at ${host} refuses every request made with ${label}: its user is blocked (see token.user).`,
        { remediation: 'See token.user.' },
      );
    case 'rejected': {
      if (reading.credential === 'oauth') {
        return check(id, 'error', `GitLab at ${host} rejects ${label} (401).`, {
          remediation:
            reading.source === 'connected'
              ? `Press Connect GitLab for ${host} on the GitLab status page again.`
              : 'Authorize the OAuth application again and configure its new refresh token in gitlabDelivery.instances[].oauth.refreshToken.',
        });
      }
      const why = {
        expired: 'it has expired',
        revoked: 'it was revoked',
        unknown:
          'GitLab does not know it: it was deleted, is mistyped, or was made on another GitLab instance',
      }[reading.rejection ?? 'unknown'];
      return check(
        id,
        'error',
        `GitLab at ${host} rejects ${label} (401): ${why}.`,
        { remediation: newTokenFix(host) },
      );
    }
    default:
      return check(
        id,
        'ok',
        `GitLab at ${host} accepts ${label}${
          reading.user ? ` of @${reading.user.username}` : ''
        }.`,
      );
  }
}

function expiryCheck(
  reading: TokenReading,
  instance: GitlabInstanceConfig,
  version: string | null,
  now: DateTime,
  check: CheckMaker,
): HealthCheck {
  const id = 'token.expiry';
  const { host } = instance;
  const label = tokenLabel(reading);
  if (reading.state === 'rejected' && reading.rejection === 'expired') {
    const date = reading.expiresAt
      ? ` on ${DateTime.fromISO(reading.expiresAt).toISODate()}`
      : '';
    return check(id, 'error', `${capitalized(label)} expired${date}.`, {
      remediation: newTokenFix(host),
    });
  }
  if (reading.state !== 'valid') {
    return check(
      id,
      'skipped',
      'Not checked: the token could not be used (see token.valid).',
    );
  }
  if (reading.credential === 'oauth') {
    return reading.expiresAt
      ? check(
          id,
          'ok',
          `${capitalized(label)} expires at ${DateTime.fromISO(
            reading.expiresAt,
            { zone: 'utc' },
          ).toFormat(
            "yyyy-MM-dd HH:mm 'UTC'",
          )}; the plugin renews it before then from the refresh token.`,
        )
      : check(
          id,
          'skipped',
          'Not needed: the OAuth access tokens are renewed from the refresh token.',
        );
  }
  if (!reading.introspected) {
    return check(
      id,
      'skipped',
      `GitLab${
        version ? ` ${version}` : ''
      } cannot tell when a token expires (GET /personal_access_tokens/self arrived in GitLab 15.5).`,
      {
        remediation:
          "Look up the token's expiry date under Access tokens in GitLab and replace it in time.",
      },
    );
  }
  if (!reading.expiresAt) {
    return check(id, 'ok', `${capitalized(label)} has no expiry date.`);
  }
  const expires = DateTime.fromISO(reading.expiresAt, { zone: 'utc' });
  const date = expires.toISODate();
  const days = Math.ceil(expires.diff(now, 'days').days);
  if (days <= 0) {
    return check(id, 'error', `${capitalized(label)} expired on ${date}.`, {
      remediation: newTokenFix(host),
    });
  }
  if (days <= TOKEN_WARNING_DAYS) {
    return check(
      id,
      'warning',
      `${capitalized(label)} expires on ${date}, in ${days} day${
        days === 1 ? '' : 's'
      }; the sync stops then.`,
      {
        remediation: `Before ${date}, create a replacement token with the read_api scope and set it as integrations.gitlab[].token for ${host}.`,
      },
    );
  }
  return check(
    id,
    'ok',
    `${capitalized(label)} expires on ${date}, in ${days} days.`,
  );
}

function scopesCheck(
  reading: TokenReading,
  instance: GitlabInstanceConfig,
  check: CheckMaker,
): HealthCheck {
  const id = 'token.scopes';
  const { host } = instance;
  const label = tokenLabel(reading);
  if (reading.state !== 'valid') {
    return check(
      id,
      'skipped',
      'Not checked: the token could not be used (see token.valid).',
    );
  }
  if (reading.scopes) {
    const list = reading.scopes.length
      ? reading.scopes.join(', ')
      : 'no scopes';
    if (reading.scopes.includes('api')) {
      return check(
        id,
        'warning',
        `${capitalized(
          label,
        )} has the scopes ${list}. The api scope also allows changing everything the user may change in GitLab; the plugin only reads.`,
        {
          remediation: `For least privilege, create a token with only the read_api scope and set it as integrations.gitlab[].token for ${host}.`,
        },
      );
    }
    if (!reading.scopes.includes('read_api')) {
      return check(
        id,
        'error',
        `${capitalized(
          label,
        )} has the scopes ${list}, without read_api: GitLab refuses the plugin's API reads.`,
        { remediation: readApiScopeFix(host) },
      );
    }
    return check(
      id,
      'ok',
      `${capitalized(
        label,
      )} has the scopes ${list}; read_api is all the plugin needs.`,
    );
  }
  if (reading.canReadApi === false) {
    return check(
      id,
      'error',
      `${capitalized(
        label,
      )} lacks the read_api scope: GitLab answers 403 insufficient_scope to API reads.`,
      { remediation: readApiScopeFix(host) },
    );
  }
  if (reading.canReadApi === true) {
    return check(
      id,
      'ok',
      `${capitalized(
        label,
      )} can read the API, so it has read_api or api; this GitLab cannot list a token's scopes.`,
    );
  }
  return check(id, 'skipped', "GitLab did not tell the token's scopes.");
}

function userCheck(
  reading: TokenReading,
  instance: GitlabInstanceConfig,
  check: CheckMaker,
): HealthCheck {
  const id = 'token.user';
  if (reading.state === 'blocked') {
    return check(
      id,
      'error',
      `The user of ${tokenLabel(reading)} is blocked in GitLab at ${
        instance.host
      } ("Your account has been blocked").`,
      {
        remediation: `Ask a GitLab administrator to unblock the user, or set integrations.gitlab[].token for ${instance.host} to a read_api token of an active user (a service account, or a group or project access token).`,
      },
    );
  }
  if (reading.state !== 'valid') {
    return check(
      id,
      'skipped',
      'Not checked: the token could not be used (see token.valid).',
    );
  }
  if (!reading.user) {
    return check(
      id,
      'skipped',
      'GitLab did not say which user the token acts as (GET /user needs the read_user, read_api or api scope).',
    );
  }
  return check(
    id,
    'ok',
    `The token acts as @${reading.user.username}, an active user; give this user the Reporter role on the projects.`,
  );
}

/**
 * `token.valid`, `token.expiry`, `token.scopes` and `token.user` from what
 * GitLab said about the token. They name the token by its name only.
 * @internal
 */
export function tokenChecks(
  reading: TokenReading,
  instance: GitlabInstanceConfig,
  version: string | null,
  now: DateTime,
  check: CheckMaker,
): HealthCheck[] {
  return [
    validCheck(reading, instance, check),
    expiryCheck(reading, instance, version, now, check),
    scopesCheck(reading, instance, check),
    userCheck(reading, instance, check),
  ];
}
