import { Knex } from 'knex';
import { OAUTH_TOKENS, OAuthTokenRow } from './tables';
import { fromMillis, toMillis } from './time';
import { OAuthTokenRecord, TokenStore } from './types';

/** The knex implementation of {@link TokenStore}. @internal */
export class DatabaseTokenStore implements TokenStore {
  constructor(private readonly db: Knex) {}

  async getOAuthToken(host: string): Promise<OAuthTokenRecord | undefined> {
    const row: OAuthTokenRow | undefined = await this.db(OAUTH_TOKENS)
      .where({ host })
      .first();
    if (!row) return undefined;
    return {
      host: row.host,
      refreshToken: row.refresh_token,
      configuredFingerprint: row.configured_fingerprint,
      rotatedAt: fromMillis(row.rotated_at)!,
    };
  }

  async saveOAuthToken(record: OAuthTokenRecord): Promise<void> {
    await this.db(OAUTH_TOKENS)
      .insert({
        host: record.host,
        refresh_token: record.refreshToken,
        configured_fingerprint: record.configuredFingerprint,
        rotated_at: toMillis(record.rotatedAt),
      })
      .onConflict('host')
      .merge();
  }
}
