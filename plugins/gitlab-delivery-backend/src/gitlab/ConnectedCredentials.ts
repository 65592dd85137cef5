import { LoggerService } from '@backstage/backend-plugin-api';
import { DateTime } from 'luxon';
import { ConnectionStore, OAuthConnection } from '../database/types';
import { Credentials } from './credentials';
import { HttpTransport } from './HttpTransport';
import { AccessToken, OAuthTokenSource } from './OAuthTokenSource';
import { SecretRedactor } from './SecretRedactor';

/** How long a replica trusts what it last read of a host's connection. */
const RECHECK_MS = 10_000;

/**
 * The credentials of a host whose OAuth application can be connected from
 * the admin page: the connected token when there is one, else `fallback`
 * (the configured refresh token or token). The connection is read again
 * every few seconds, so a connect or disconnect on another replica takes
 * over soon. The connected token renews through {@link OAuthTokenSource}:
 * one grant at a time, a lost reply read back, a token another replica
 * renewed taken from the database instead of a grant of our own.
 * @internal
 */
export class ConnectedCredentials implements Credentials {
  private current?: { connectedAt: string; source: OAuthTokenSource };
  private checkedAt = -Infinity;
  private transport?: HttpTransport;

  constructor(
    private readonly options: {
      host: string;
      tokenUrl: string;
      clientId: string;
      clientSecret: string;
      connections: Pick<ConnectionStore, 'getConnection' | 'saveTokens'>;
      fallback: Credentials;
      redactor: SecretRedactor;
      logger: LoggerService;
      now?: () => DateTime;
    },
  ) {}

  /** `oauth` while a connected token is in use, else the fallback's kind. */
  get kind(): Credentials['kind'] {
    return this.current ? 'oauth' : this.options.fallback.kind;
  }

  /** Sets the transport the token requests go through. */
  useTransport(transport: HttpTransport): void {
    this.transport = transport;
  }

  async headers(): Promise<Record<string, string>> {
    const source = await this.source();
    return source ? source.headers() : this.options.fallback.headers();
  }

  invalidate(): boolean {
    // A rejected token may mean a new connection: read it again.
    this.checkedAt = -Infinity;
    return this.current
      ? this.current.source.invalidate()
      : this.options.fallback.invalidate();
  }

  /** Reads the connection again on the next request. */
  forget(): void {
    this.checkedAt = -Infinity;
  }

  private async source(): Promise<OAuthTokenSource | undefined> {
    if (Date.now() - this.checkedAt < RECHECK_MS) return this.current?.source;
    const connection = await this.read();
    this.checkedAt = Date.now();
    if (connection === null) return this.current?.source;
    if (!connection) {
      this.current = undefined;
    } else if (connection.connectedAt !== this.current?.connectedAt) {
      this.current = {
        connectedAt: connection.connectedAt,
        source: this.sourceOf(connection),
      };
    }
    return this.current?.source;
  }

  /** The stored connection; null when it cannot be read (keep what we have). */
  private async read(): Promise<OAuthConnection | undefined | null> {
    try {
      return await this.options.connections.getConnection(this.options.host);
    } catch (error) {
      this.options.logger.warn(
        this.options.redactor.redact(
          `Could not read the GitLab connection of ${this.options.host}: ${
            (error as Error).message
          }`,
        ),
      );
      return null;
    }
  }

  private sourceOf(connection: OAuthConnection): OAuthTokenSource {
    const { host, connections, redactor } = this.options;
    const { connectedAt } = connection;
    const saved = async () => {
      try {
        const latest = await connections.getConnection(host);
        return latest?.connectedAt === connectedAt ? latest : undefined;
      } catch {
        return undefined;
      }
    };
    const source = new OAuthTokenSource({
      host,
      tokenUrl: this.options.tokenUrl,
      clientId: this.options.clientId,
      clientSecret: this.options.clientSecret,
      refreshToken: connection.refreshToken,
      accessToken: accessTokenOf(connection),
      redactor,
      now: this.options.now,
      loadRefreshToken: async () => (await saved())?.refreshToken,
      loadAccessToken: async () => {
        const latest = await saved();
        return latest && accessTokenOf(latest);
      },
      onRefreshTokenRotated: async (refreshToken, accessToken) => {
        try {
          await connections.saveTokens(host, connectedAt, {
            refreshToken,
            accessToken: accessToken.value,
            expiresAt: accessToken.expiresAt.toUTC().toISO()!,
          });
        } catch (error) {
          this.options.logger.error(
            redactor.redact(
              `Could not save the renewed GitLab connection tokens of ${host}; connect GitLab again if the sync stops: ${
                (error as Error).message
              }`,
            ),
          );
        }
      },
    });
    if (this.transport) source.useTransport(this.transport);
    return source;
  }
}

function accessTokenOf(connection: OAuthConnection): AccessToken {
  return {
    value: connection.accessToken,
    expiresAt: DateTime.fromISO(connection.expiresAt, { zone: 'utc' }),
  };
}
