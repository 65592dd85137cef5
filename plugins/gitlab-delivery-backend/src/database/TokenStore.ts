import { Knex } from 'knex';
import { OAUTH_TOKENS, OAuthTokenRow } from './tables';
import { fromMillis, toMillis } from './time';
import { TokenCipher } from './TokenCipher';
import { OAuthTokenRecord, TokenStore } from './types';

/**
 * The knex implementation of {@link TokenStore}: refresh tokens are sealed
 * with the {@link TokenCipher} (AES-256-GCM, bound to the host) and never
 * written without one.
 * @internal
 */
export class DatabaseTokenStore implements TokenStore {
  constructor(
    private readonly db: Knex,
    private readonly cipher?: TokenCipher,
  ) {}

  get canStore(): boolean {
    return this.cipher !== undefined;
  }

  async getOAuthToken(host: string): Promise<OAuthTokenRecord | undefined> {
    if (!this.cipher) return undefined;
    const row: OAuthTokenRow | undefined = await this.db(OAUTH_TOKENS)
      .where({ host })
      .first();
    if (!row) return undefined;
    let refreshToken: string;
    try {
      refreshToken = this.cipher.open(
        {
          keyId: row.key_id,
          iv: row.iv,
          tag: row.tag,
          ciphertext: row.ciphertext,
        },
        host,
      );
    } catch (error) {
      throw new Error(
        `The stored OAuth refresh token for ${host} cannot be read: ${
          (error as Error).message
        }`,
      );
    }
    return {
      host: row.host,
      refreshToken,
      configuredFingerprint: row.configured_fingerprint,
      rotatedAt: fromMillis(row.rotated_at)!,
    };
  }

  async saveOAuthToken(record: OAuthTokenRecord): Promise<void> {
    if (!this.cipher) {
      throw new Error(
        'Refresh tokens are only stored encrypted, and gitlabDelivery.encryptionKey is not set',
      );
    }
    const sealed = this.cipher.seal(record.refreshToken, record.host);
    await this.db(OAUTH_TOKENS)
      .insert({
        host: record.host,
        key_id: sealed.keyId,
        iv: sealed.iv,
        tag: sealed.tag,
        ciphertext: sealed.ciphertext,
        configured_fingerprint: record.configuredFingerprint,
        rotated_at: toMillis(record.rotatedAt),
      })
      .onConflict('host')
      .merge();
  }
}
