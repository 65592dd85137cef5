import { createHash } from 'node:crypto';
import { LoggerService } from '@backstage/backend-plugin-api';
import { DateTime } from 'luxon';
import { TokenStore } from '../database/types';
import { SecretRedactor } from './SecretRedactor';

/** The sha256 (hex) of a refresh token: names it without revealing it. @internal */
export function fingerprint(refreshToken: string): string {
  return createHash('sha256').update(refreshToken, 'utf8').digest('hex');
}

/** What one host's client is given to start from and save the newest refresh token. @internal */
export interface RefreshTokenHooks {
  loadRefreshToken(): Promise<string | undefined>;
  onRefreshTokenRotated(refreshToken: string): Promise<void>;
}

/**
 * Keeps the newest refresh token of each host's OAuth application in the
 * database. GitLab rotates it on every use, so after a restart the configured
 * one is dead: the client starts from the stored one as long as it descends
 * from the configured one (same fingerprint). A new refresh token in the
 * configuration has another fingerprint and wins.
 *
 * Several replicas may renew at the same time (the sync and the health checks
 * are separate tasks and may run on different replicas). Each saves what it
 * rotates and the newest save wins; a replica whose refresh token another one
 * used gets `invalid_grant`, reads the saved token again and retries once,
 * and a grant whose reply was lost reads it back before asking again (see
 * `OAuthTokenSource`).
 *
 * Tokens are stored only encrypted: without `gitlabDelivery.encryptionKey`
 * nothing is stored, the rotated token lives in memory only, and a restart
 * starts from the configured one again (the health check `token.storage`
 * says so).
 * @internal
 */
export class RefreshTokenStore {
  private readonly unsaved = new Set<string>();

  constructor(
    private readonly options: {
      tokens: TokenStore;
      logger: LoggerService;
      now?: () => DateTime;
    },
  ) {}

  /** The hooks of the client of one host, whose configured refresh token is given. */
  hooksFor(host: string, configured: string): RefreshTokenHooks {
    return {
      loadRefreshToken: () => this.load(host, configured),
      onRefreshTokenRotated: refreshToken =>
        this.save(host, configured, refreshToken),
    };
  }

  /** The stored refresh token of a host when it descends from the configured one; never throws. */
  async load(host: string, configured: string): Promise<string | undefined> {
    const { tokens: store, logger } = this.options;
    if (!store.canStore) return undefined;
    try {
      const record = await store.getOAuthToken(host);
      if (!record) return undefined;
      if (record.configuredFingerprint !== fingerprint(configured)) {
        logger.info(
          `The configured OAuth refresh token for ${host} is new; the one saved on ${record.rotatedAt} is no longer used`,
        );
        return undefined;
      }
      logger.debug(
        `Using the OAuth refresh token for ${host} saved on ${record.rotatedAt}`,
      );
      return record.refreshToken;
    } catch (error) {
      logger.warn(
        `Could not read the saved OAuth refresh token for ${host}; using the one in memory: ${redact(
          error,
          [configured],
        )}`,
      );
      return undefined;
    }
  }

  /** Saves a refresh token GitLab rotated in for a host; never throws. */
  async save(
    host: string,
    configured: string,
    refreshToken: string,
  ): Promise<void> {
    const { tokens: store, logger } = this.options;
    if (!store.canStore) {
      if (!this.unsaved.has(host)) {
        this.unsaved.add(host);
        logger.warn(
          `GitLab rotated the OAuth refresh token for ${host}, and it is not stored: refresh tokens are stored only encrypted, and gitlabDelivery.encryptionKey is not set. After a restart the plugin starts from the configured refresh token, which GitLab no longer accepts; set gitlabDelivery.encryptionKey`,
        );
      }
      return;
    }
    const rotatedAt = (this.options.now?.() ?? DateTime.utc()).toISO()!;
    try {
      await store.saveOAuthToken({
        host,
        refreshToken,
        configuredFingerprint: fingerprint(configured),
        rotatedAt,
      });
    } catch (error) {
      logger.error(
        `Could not save the new OAuth refresh token for ${host}; after a restart, configure a new refresh token in gitlabDelivery.instances[].oauth.refreshToken: ${redact(
          error,
          [configured, refreshToken],
        )}`,
      );
    }
  }
}

/** An error's message without the given secrets. */
function redact(error: unknown, secrets: string[]): string {
  const redactor = new SecretRedactor();
  secrets.forEach(secret => redactor.add(secret));
  return redactor.redact(
    error instanceof Error ? error.message : String(error),
  );
}
