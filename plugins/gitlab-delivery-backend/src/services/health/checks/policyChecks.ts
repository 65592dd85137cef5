import { HealthCheck } from '@delivery-insights/plugin-gitlab-delivery-common';
import {
  ALLOW_LIST_KEY,
  ProjectAllowList,
} from '../../../config/ProjectAllowList';
import { GitlabInstanceConfig } from '../../../config/readDeliveryConfig';
import { CheckMaker } from './checks';

/** Where rotated refresh tokens go: the key id of the configured encryption key, if one works. @internal */
export interface TokenStorage {
  /** Whether `gitlabDelivery.encryptionKey` is set (even if it is unusable). */
  configured: boolean;
  /** The id of the usable key. */
  keyId?: string;
}

function allowListCheck(
  instance: GitlabInstanceConfig,
  allowList: ProjectAllowList,
  check: CheckMaker,
): HealthCheck {
  const { host } = instance;
  const list = allowList.listOf(host);
  if (!list) {
    return check(
      'instance.allowList',
      'warning',
      `No allow-list is set for ${host}: an entity may name any project the plugin's token can read, and the titles, authors, branches and descriptions of its merge requests are then shown to everyone who can see that entity.`,
      {
        remediation: `List the projects this portal may show in ${ALLOW_LIST_KEY} for ${host} (path globs such as platform/**, and numeric project ids), and give the token access to no more than those.`,
      },
    );
  }
  const parts = [
    ...list.patterns.map(p => `"${p}"`),
    ...list.ids.map(id => `id ${id}`),
  ];
  if (parts.length === 0) {
    return check(
      'instance.allowList',
      'warning',
      `The allow-list of ${host} is empty: no project of ${host} is synced or shown.`,
      { remediation: `Add the projects to ${ALLOW_LIST_KEY} for ${host}.` },
    );
  }
  return check(
    'instance.allowList',
    'ok',
    `Only the projects of ${host} that match ${parts.join(
      ', ',
    )} are synced and shown.`,
  );
}

function storageCheck(
  storage: TokenStorage,
  refreshToken: string | undefined,
  check: CheckMaker,
): HealthCheck | undefined {
  if (storage.keyId) {
    return check(
      'token.storage',
      'ok',
      `GitLab rotates the OAuth refresh token on every renewal; the newest is stored encrypted with AES-256-GCM (key ${storage.keyId}).`,
    );
  }
  // An unusable key is reported by the configuration check of its key.
  if (storage.configured) return undefined;
  if (!refreshToken) {
    return check(
      'token.storage',
      'error',
      'GitLab cannot be connected from the admin page: the connected tokens are stored only encrypted, and gitlabDelivery.encryptionKey is not set.',
      {
        remediation:
          'Set gitlabDelivery.encryptionKey to 32 random bytes in base64 (openssl rand -base64 32) or a passphrase of at least 16 characters, from a secret in the environment, on every replica, restart the backend and press Connect GitLab.',
      },
    );
  }
  return check(
    'token.storage',
    'error',
    'GitLab rotates the OAuth refresh token on every renewal, and the plugin does not store the new one: refresh tokens are stored only encrypted, and gitlabDelivery.encryptionKey is not set. After a restart the plugin starts from the configured refresh token, which GitLab no longer accepts.',
    {
      remediation:
        'Set gitlabDelivery.encryptionKey to 32 random bytes in base64 (openssl rand -base64 32) or a passphrase of at least 16 characters, from a secret in the environment, and restart the backend; if the sync already fails, authorize the OAuth application again and configure its new refresh token.',
    },
  );
}

/**
 * The checks that follow from the security settings of an instance:
 * `instance.allowList` (a warning when every project is allowed) and, for
 * OAuth instances, `token.storage` (an error without an encryption key).
 * @internal
 */
export function policyChecks(
  instance: GitlabInstanceConfig,
  options: { allowList: ProjectAllowList; storage: TokenStorage },
  check: CheckMaker,
): HealthCheck[] {
  const checks = [allowListCheck(instance, options.allowList, check)];
  const storage =
    instance.oauth &&
    storageCheck(options.storage, instance.oauth.refreshToken, check);
  if (storage) checks.push(storage);
  return checks;
}
