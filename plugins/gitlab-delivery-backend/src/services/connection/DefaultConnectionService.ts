import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import {
  BackstageCredentials,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { ConflictError, InputError, NotFoundError } from '@backstage/errors';
import { DateTime } from 'luxon';
import {
  DeliveryConfig,
  GitlabInstanceConfig,
} from '../../config/readDeliveryConfig';
import { sha256 } from '../../database/ConnectionStore';
import { ConnectionStore, OAuthConnection } from '../../database/types';
import { GitlabClient, RestAnswer } from '../../gitlab/GitlabClient';
import { isGitlabError } from '../../gitlab/GitlabError';
import {
  ConnectFailure,
  ConnectionService,
  ConnectOutcome,
  DisconnectOutcome,
} from './types';

/** What the plugin reads: the API, and the user it acts as. */
const SCOPES = 'read_api read_user';
/** How long an admin has to approve on GitLab's consent page. */
const STATE_LIFETIME_MINUTES = 10;

const token = (bytes: number) => randomBytes(bytes).toString('base64url');

function sameHash(a: string, b: string): boolean {
  return (
    a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b))
  );
}

function userOf(credentials: BackstageCredentials): string {
  const principal = credentials.principal as { userEntityRef?: string };
  if (!principal.userEntityRef) {
    throw new InputError('Only a signed-in user can connect GitLab');
  }
  return principal.userEntityRef;
}

function bodyOf(answer: RestAnswer): Record<string, unknown> {
  const body = answer.body;
  return body && typeof body === 'object' && !Array.isArray(body)
    ? (body as Record<string, unknown>)
    : {};
}

/**
 * The {@link ConnectionService}: GitLab's authorization-code flow with PKCE
 * (S256), a single-use state bound to the admin's browser, and the tokens
 * stored encrypted with who connected and when.
 * @internal
 */
export class DefaultConnectionService implements ConnectionService {
  private readonly now: () => DateTime;

  constructor(
    private readonly options: {
      config: Pick<DeliveryConfig, 'instances'>;
      clients: Map<string, GitlabClient>;
      connections: ConnectionStore;
      /** `<backend baseUrl>/api/gitlab-delivery/oauth/callback`. */
      redirectUri: string;
      logger: LoggerService;
      now?: () => DateTime;
    },
  ) {
    this.now = options.now ?? (() => DateTime.utc());
  }

  async startConnect(
    request: Parameters<ConnectionService['startConnect']>[0],
  ): Promise<{ authorizeUrl: string; browserNonce: string }> {
    const { instance, client } = this.application(request.host);
    const { connections, redirectUri } = this.options;
    if (!connections.canStore) {
      throw new ConflictError(
        'GitLab cannot be connected: the tokens are stored only encrypted, and gitlabDelivery.encryptionKey is not set; set it to 32 random bytes in base64 (openssl rand -base64 32) on every replica',
      );
    }
    const state = token(32);
    const codeVerifier = token(48);
    const browserNonce = token(32);
    await connections.saveState(state, {
      host: instance.host,
      userEntityRef: userOf(request.credentials),
      codeVerifier,
      nonceHash: sha256(browserNonce),
      expiresAt: this.now()
        .plus({ minutes: STATE_LIFETIME_MINUTES })
        .toUTC()
        .toISO()!,
    });
    const query = new URLSearchParams({
      client_id: instance.oauth!.clientId,
      redirect_uri: redirectUri,
      response_type: 'code',
      state,
      scope: SCOPES,
      code_challenge: createHash('sha256')
        .update(codeVerifier)
        .digest('base64url'),
      code_challenge_method: 'S256',
    });
    return {
      authorizeUrl: `${client.oauthUrl}/authorize?${query}`,
      browserNonce,
    };
  }

  async completeConnect(
    request: Parameters<ConnectionService['completeConnect']>[0],
  ): Promise<ConnectOutcome> {
    const { connections, logger } = this.options;
    const failure = (reason: ConnectFailure): ConnectOutcome => ({
      connected: false,
      reason,
    });
    if (!request.state) return failure('state_invalid');
    let state;
    try {
      state = await connections.takeState(
        request.state,
        this.now().toUTC().toISO()!,
      );
    } catch (error) {
      logger.error(
        `Connect GitLab: could not read the authorization state: ${
          (error as Error).message
        }`,
      );
      return failure('storage_failed');
    }
    if (!state) return failure('state_invalid');
    if (
      !request.browserNonce ||
      !sameHash(sha256(request.browserNonce), state.nonceHash)
    ) {
      logger.warn(
        `Connect GitLab for ${state.host}: the callback came from another browser than the one ${state.userEntityRef} started in; nothing is connected`,
      );
      return failure('browser_mismatch');
    }
    if (request.error) {
      return failure(
        request.error === 'access_denied' ? 'access_denied' : 'gitlab_error',
      );
    }
    if (!request.code) return failure('gitlab_error');
    const instance = this.options.config.instances.find(
      i => i.host === state.host,
    );
    const client = this.options.clients.get(state.host);
    if (!instance?.oauth || !client) return failure('gitlab_error');

    const issued = await this.exchange(
      instance,
      client,
      request.code,
      state.codeVerifier,
    );
    if ('reason' in issued) return failure(issued.reason);
    const previous = await connections
      .getConnection(instance.host)
      .catch(() => undefined);
    const connectedAt = this.now().toUTC().toISO()!;
    try {
      await connections.saveConnection({
        ...issued,
        host: instance.host,
        connectedBy: state.userEntityRef,
        connectedAt,
      });
    } catch (error) {
      logger.error(
        client.redact(
          `Connect GitLab for ${instance.host}: could not store the tokens: ${
            (error as Error).message
          }`,
        ),
      );
      return failure('storage_failed');
    }
    client.forgetConnection();
    logger.info(
      `GitLab at ${instance.host} was connected by ${state.userEntityRef}`,
    );
    if (previous) await this.revoke(instance, client, previous);
    return { connected: true, host: instance.host };
  }

  async disconnect(
    request: Parameters<ConnectionService['disconnect']>[0],
  ): Promise<DisconnectOutcome> {
    const { instance, client } = this.application(request.host);
    const { connections, logger } = this.options;
    const connected = (await connections.listConnections()).some(
      c => c.host === instance.host,
    );
    if (!connected) {
      throw new NotFoundError(`GitLab at ${instance.host} is not connected`);
    }
    // Tokens that no longer decrypt (another key) cannot be revoked.
    const connection = await connections
      .getConnection(instance.host)
      .catch(() => undefined);
    const revoked = connection
      ? await this.revoke(instance, client, connection)
      : false;
    await connections.deleteConnection(instance.host);
    client.forgetConnection();
    const who = (request.credentials.principal as { userEntityRef?: string })
      .userEntityRef;
    logger.info(
      `GitLab at ${instance.host} was disconnected${who ? ` by ${who}` : ''}${
        revoked ? '' : '; GitLab did not revoke the token'
      }`,
    );
    return revoked
      ? {
          revoked,
          message: `GitLab at ${instance.host} revoked the token, and it is deleted.`,
        }
      : {
          revoked,
          message: `The token is deleted here, but GitLab at ${instance.host} did not revoke it: revoke the application's access in GitLab under User settings → Applications.`,
        };
  }

  /** The configured instance with an OAuth application, and its client. */
  private application(host: string): {
    instance: GitlabInstanceConfig;
    client: GitlabClient;
  } {
    const instance = this.options.config.instances.find(i => i.host === host);
    const client = this.options.clients.get(host);
    if (!instance || !client) {
      throw new NotFoundError(`No GitLab instance ${host} is configured`);
    }
    if (!instance.oauth) {
      throw new InputError(
        `${host} has no OAuth application: set gitlabDelivery.instances[].oauth.clientId and clientSecret`,
      );
    }
    return { instance, client };
  }

  /** The authorization-code grant; GitLab refuses a used or expired code with invalid_grant. */
  private async exchange(
    instance: GitlabInstanceConfig,
    client: GitlabClient,
    code: string,
    codeVerifier: string,
  ): Promise<
    | Omit<OAuthConnection, 'host' | 'connectedBy' | 'connectedAt'>
    | { reason: ConnectFailure }
  > {
    let answer: RestAnswer;
    try {
      answer = await client.oauthPost('token', {
        grant_type: 'authorization_code',
        code,
        redirect_uri: this.options.redirectUri,
        client_id: instance.oauth!.clientId,
        client_secret: instance.oauth!.clientSecret,
        code_verifier: codeVerifier,
      });
    } catch (error) {
      if (!isGitlabError(error)) throw error;
      this.options.logger.warn(
        `Connect GitLab for ${instance.host}: ${error.message}`,
      );
      return { reason: 'gitlab_unreachable' };
    }
    const body = bodyOf(answer);
    const { access_token, refresh_token, expires_in, scope } = body;
    if (
      answer.status !== 200 ||
      typeof access_token !== 'string' ||
      typeof refresh_token !== 'string'
    ) {
      this.options.logger.warn(
        `Connect GitLab for ${
          instance.host
        }: GitLab refused the authorization code (${answer.status}${
          typeof body.error === 'string' ? ` ${body.error}` : ''
        })`,
      );
      return { reason: 'code_refused' };
    }
    return {
      accessToken: access_token,
      refreshToken: refresh_token,
      expiresAt: this.now()
        .plus({ seconds: typeof expires_in === 'number' ? expires_in : 7200 })
        .toUTC()
        .toISO()!,
      scopes:
        typeof scope === 'string' ? scope.split(/\s+/).filter(Boolean) : [],
    };
  }

  /**
   * `POST /oauth/revoke` (RFC 7009), which ends the access and the refresh
   * token; false when GitLab did not. GitLab's Doorkeeper reads the client
   * credentials from Basic auth, then from `client_id` and `client_secret`
   * (config/initializers/doorkeeper.rb).
   */
  private async revoke(
    instance: GitlabInstanceConfig,
    client: GitlabClient,
    connection: OAuthConnection,
  ): Promise<boolean> {
    try {
      const answer = await client.oauthPost('revoke', {
        token: connection.refreshToken,
        token_type_hint: 'refresh_token',
        client_id: instance.oauth!.clientId,
        client_secret: instance.oauth!.clientSecret,
      });
      if (answer.status === 200) return true;
      this.options.logger.warn(
        `GitLab at ${instance.host} answered ${answer.status} to the revocation of the connected token`,
      );
    } catch (error) {
      if (!isGitlabError(error)) throw error;
      this.options.logger.warn(
        `GitLab at ${instance.host} could not revoke the connected token: ${error.message}`,
      );
    }
    return false;
  }
}
