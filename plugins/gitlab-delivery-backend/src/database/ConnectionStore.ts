import { createHash } from 'node:crypto';
import { Knex } from 'knex';
import {
  OAUTH_CONNECTIONS,
  OAUTH_STATES,
  OAuthConnectionRow,
  OAuthStateRow,
} from './tables';
import { fromMillis, toMillis } from './time';
import { SealedSecret, TokenCipher } from './TokenCipher';
import {
  AuthorizationState,
  ConnectionStore,
  ConnectionSummary,
  ConnectionTokens,
  OAuthConnection,
} from './types';

const NO_KEY =
  'GitLab connections are stored only encrypted, and gitlabDelivery.encryptionKey is not set: set it to 32 random bytes in base64 (openssl rand -base64 32) on every replica';

/** The sha256 (hex) of a secret: finds it without storing it. @internal */
export function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

function sealedOf(row: {
  key_id: string;
  iv: string;
  tag: string;
  ciphertext: string;
}): SealedSecret {
  return {
    keyId: row.key_id,
    iv: row.iv,
    tag: row.tag,
    ciphertext: row.ciphertext,
  };
}

function columnsOf(sealed: SealedSecret) {
  return {
    key_id: sealed.keyId,
    iv: sealed.iv,
    tag: sealed.tag,
    ciphertext: sealed.ciphertext,
  };
}

function summaryOf(row: OAuthConnectionRow): ConnectionSummary {
  return {
    host: row.host,
    scopes: JSON.parse(row.scopes),
    connectedBy: row.connected_by,
    connectedAt: fromMillis(row.connected_at)!,
  };
}

/**
 * The knex implementation of {@link ConnectionStore}. The tokens of a
 * connection are sealed together, bound to the host; a state's verifier is
 * bound to the state's hash, so a row copied elsewhere does not open.
 * @internal
 */
export class DatabaseConnectionStore implements ConnectionStore {
  constructor(
    private readonly db: Knex,
    private readonly cipher?: TokenCipher,
  ) {}

  get canStore(): boolean {
    return this.cipher !== undefined;
  }

  async listConnections(): Promise<ConnectionSummary[]> {
    const rows: OAuthConnectionRow[] = await this.db(OAUTH_CONNECTIONS).orderBy(
      'host',
    );
    return rows.map(summaryOf);
  }

  async getConnection(host: string): Promise<OAuthConnection | undefined> {
    const { cipher } = this;
    if (!cipher) return undefined;
    const row: OAuthConnectionRow | undefined = await this.db(OAUTH_CONNECTIONS)
      .where({ host })
      .first();
    if (!row) return undefined;
    let tokens: { accessToken: string; refreshToken: string };
    try {
      tokens = JSON.parse(cipher.open(sealedOf(row), connectionContext(host)));
    } catch (error) {
      throw new Error(
        `The stored GitLab connection of ${host} cannot be read: ${
          (error as Error).message
        }; connect GitLab again`,
      );
    }
    return {
      ...summaryOf(row),
      ...tokens,
      expiresAt: fromMillis(row.expires_at)!,
    };
  }

  async saveConnection(connection: OAuthConnection): Promise<void> {
    const { host } = connection;
    await this.db(OAUTH_CONNECTIONS)
      .insert({
        host,
        ...this.sealTokens(host, connection),
        scopes: JSON.stringify(connection.scopes),
        connected_by: connection.connectedBy,
        connected_at: toMillis(connection.connectedAt),
        rotated_at: toMillis(connection.connectedAt),
      })
      .onConflict('host')
      .merge();
  }

  async saveTokens(
    host: string,
    connectedAt: string,
    tokens: ConnectionTokens,
  ): Promise<boolean> {
    const updated = await this.db(OAUTH_CONNECTIONS)
      .where({ host, connected_at: toMillis(connectedAt) })
      .update({ ...this.sealTokens(host, tokens), rotated_at: Date.now() });
    return updated > 0;
  }

  async deleteConnection(host: string): Promise<OAuthConnection | undefined> {
    // Without the key the tokens cannot be revoked, but the row still goes.
    const connection = await this.getConnection(host).catch(() => undefined);
    await this.db(OAUTH_CONNECTIONS).where({ host }).delete();
    return connection;
  }

  async saveState(state: string, value: AuthorizationState): Promise<void> {
    const cipher = this.requireCipher();
    const hash = sha256(state);
    await this.db(OAUTH_STATES).where('expires_at', '<', Date.now()).delete();
    await this.db(OAUTH_STATES).insert({
      state_hash: hash,
      host: value.host,
      user_entity_ref: value.userEntityRef,
      nonce_hash: value.nonceHash,
      ...columnsOf(cipher.seal(value.codeVerifier, stateContext(hash))),
      expires_at: toMillis(value.expiresAt),
    });
  }

  async takeState(
    state: string,
    now: string,
  ): Promise<AuthorizationState | undefined> {
    const cipher = this.requireCipher();
    const hash = sha256(state);
    const row: OAuthStateRow | undefined = await this.db(OAUTH_STATES)
      .where({ state_hash: hash })
      .first();
    if (!row) return undefined;
    // Only the replica whose delete removed the row may use it.
    const deleted = await this.db(OAUTH_STATES)
      .where({ state_hash: hash })
      .delete();
    if (deleted === 0 || Number(row.expires_at) <= toMillis(now)!) {
      return undefined;
    }
    return {
      host: row.host,
      userEntityRef: row.user_entity_ref,
      nonceHash: row.nonce_hash,
      codeVerifier: cipher.open(sealedOf(row), stateContext(hash)),
      expiresAt: fromMillis(row.expires_at)!,
    };
  }

  private sealTokens(host: string, tokens: ConnectionTokens) {
    const sealed = this.requireCipher().seal(
      JSON.stringify({
        accessToken: tokens.accessToken,
        refreshToken: tokens.refreshToken,
      }),
      connectionContext(host),
    );
    return { ...columnsOf(sealed), expires_at: toMillis(tokens.expiresAt) };
  }

  private requireCipher(): TokenCipher {
    if (!this.cipher) throw new Error(NO_KEY);
    return this.cipher;
  }
}

function connectionContext(host: string): string {
  return `oauth connection\0${host}`;
}

function stateContext(stateHash: string): string {
  return `oauth state\0${stateHash}`;
}
