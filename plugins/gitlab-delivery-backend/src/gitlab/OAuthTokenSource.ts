import { DateTime } from 'luxon';
import { sleep } from '../lib/sleep';
import { Credentials } from './credentials';
import { GitlabError, isGitlabError } from './GitlabError';
import {
  HttpTransport,
  TransportRequest,
  TransportResponse,
} from './HttpTransport';
import { SecretRedactor } from './SecretRedactor';

/** Renew the access token this long before GitLab says it expires. */
const EXPIRY_MARGIN_SECONDS = 60;

/** How often, and how far apart, a refused grant looks for the token another replica saves. */
const SAVE_LOOKS = 4;
const SAVE_LOOK_DELAY_MS = 250;

/** Thrown in place of a second send of one grant request: the transport would resend it blindly. */
class GrantInterrupted extends GitlabError {}

interface TokenAnswer {
  access_token?: string;
  refresh_token?: string;
  expires_in?: number;
  error?: string;
}

/** An access token and when GitLab lets it expire. @internal */
export interface AccessToken {
  value: string;
  expiresAt: DateTime;
}

/**
 * OAuth credentials from GitLab's refresh-token grant
 * (`POST /oauth/token`). GitLab rotates the refresh token on every grant; the
 * new one is kept in memory and handed to `onRefreshTokenRotated` to be
 * saved. Before its first grant, and once when GitLab refuses a refresh
 * token as `invalid_grant`, the source asks `loadRefreshToken` for a newer
 * saved one: after a restart, or when another replica rotated it.
 *
 * The refresh token is single-use, so a grant request is never resent
 * blindly: when its reply is lost (a timeout, a reset connection, a 5xx or
 * 429 the transport would retry), the source first reads back the saved
 * token, which another replica may have rotated meanwhile, and only then
 * asks once more.
 * @internal
 */
export class OAuthTokenSource implements Credentials {
  readonly kind = 'oauth';
  private refreshToken: string;
  private loaded = false;
  private accessToken?: AccessToken;
  private rejected?: string;
  private pending?: Promise<string>;
  private transport?: HttpTransport;

  /**
   * @param options.tokenUrl - `${GitLab root}/oauth/token`
   * @param options.onRefreshTokenRotated - called with each new refresh token, to persist it
   * @param options.loadRefreshToken - the newest saved refresh token that may replace the one in memory; must not throw
   * @param options.accessToken - an access token to use until it expires (a connection's)
   * @param options.loadAccessToken - the newest saved access token, taken before a grant when it is still valid; must not throw
   */
  constructor(
    private readonly options: {
      host: string;
      tokenUrl: string;
      clientId: string;
      clientSecret: string;
      refreshToken: string;
      redactor: SecretRedactor;
      onRefreshTokenRotated?: (
        refreshToken: string,
        accessToken: AccessToken,
      ) => void | Promise<void>;
      loadRefreshToken?: () => Promise<string | undefined>;
      accessToken?: AccessToken;
      loadAccessToken?: () => Promise<AccessToken | undefined>;
      now?: () => DateTime;
    },
  ) {
    this.refreshToken = options.refreshToken;
    options.redactor.add(options.clientSecret);
    options.redactor.add(options.refreshToken);
    if (options.accessToken) this.takeAccessToken(options.accessToken);
  }

  /** Sets the transport the token requests go through (it sends them anonymously). */
  useTransport(transport: HttpTransport): void {
    this.transport = transport;
  }

  async headers(): Promise<Record<string, string>> {
    return { authorization: `Bearer ${await this.getAccessToken()}` };
  }

  invalidate(): boolean {
    if (!this.accessToken) return false;
    this.rejected = this.accessToken.value;
    this.accessToken = undefined;
    return true;
  }

  /** A valid access token, from memory or from a refresh-token grant. */
  async getAccessToken(): Promise<string> {
    const now = this.options.now?.() ?? DateTime.utc();
    if (this.accessToken && this.accessToken.expiresAt > now) {
      return this.accessToken.value;
    }
    // One grant at a time: the refresh token is single-use.
    this.pending ??= this.grant().finally(() => {
      this.pending = undefined;
    });
    return this.pending;
  }

  private async grant(): Promise<string> {
    const { host, redactor } = this.options;
    if (!this.transport) {
      throw new Error('OAuthTokenSource has no transport');
    }
    // Another replica may have renewed the token already: take its answer.
    const saved = await this.takeSavedAccessToken();
    if (saved) return saved;
    if (!this.loaded) {
      this.loaded = true;
      await this.reload();
    }
    let { request, response } = await this.requestGrantReadingBack(
      this.transport,
    );
    // Another replica may have used the refresh token and saved the new one:
    // take that and try once more. Its save may land moments after GitLab
    // refused ours, so look a few times.
    for (
      let attempt = 0;
      isInvalidGrant(response) && attempt < SAVE_LOOKS;
      attempt++
    ) {
      if (attempt > 0) await sleep(SAVE_LOOK_DELAY_MS);
      const taken = await this.takeSavedAccessToken();
      if (taken) return taken;
      if (await this.reload()) {
        ({ request, response } = await this.requestGrantReadingBack(
          this.transport,
        ));
        break;
      }
    }
    if (response.status >= 400) {
      throw new GitlabError({
        code: 'unauthorized',
        host,
        status: response.status,
        message: `GitLab at ${host} refused to renew the OAuth access token (${response.status}): the refresh token or the client id and secret in gitlabDelivery.instances[].oauth are invalid, revoked or already used; authorize the application again and configure its new refresh token`,
      });
    }
    const answer = this.transport.parse<TokenAnswer>(request, response);
    if (!answer.access_token) {
      throw new GitlabError({
        code: 'invalid_response',
        host,
        status: response.status,
        message: `GitLab at ${host} answered the OAuth token request without an access token: check that integrations.gitlab[].apiBaseUrl points at the GitLab instance the OAuth application belongs to`,
      });
    }
    redactor.add(answer.access_token);
    // Our own clock, not created_at: the server's clock may be off.
    const issued = this.options.now?.() ?? DateTime.utc();
    // GitLab's access tokens live two hours; trust expires_in when given.
    const accessToken = {
      value: answer.access_token,
      expiresAt: issued.plus({ seconds: answer.expires_in ?? 7200 }),
    };
    this.takeAccessToken(accessToken);
    if (answer.refresh_token && answer.refresh_token !== this.refreshToken) {
      redactor.add(answer.refresh_token);
      this.refreshToken = answer.refresh_token;
      await this.options.onRefreshTokenRotated?.(
        answer.refresh_token,
        accessToken,
      );
    }
    return answer.access_token;
  }

  /** A saved access token another replica renewed, still valid and not the rejected one. */
  private async takeSavedAccessToken(): Promise<string | undefined> {
    const saved = await this.options.loadAccessToken?.();
    if (!saved || saved.value === this.rejected) return undefined;
    if (!this.takeAccessToken(saved)) return undefined;
    this.loaded = true;
    await this.reload();
    return saved.value;
  }

  /** Keeps an access token until shortly before it expires; false when that time has passed. */
  private takeAccessToken(token: AccessToken): boolean {
    const now = this.options.now?.() ?? DateTime.utc();
    const renewAt = token.expiresAt.minus({ seconds: EXPIRY_MARGIN_SECONDS });
    this.options.redactor.add(token.value);
    // A token shorter-lived than the margin serves this request only.
    if (renewAt <= now) return false;
    this.accessToken = { value: token.value, expiresAt: renewAt };
    return true;
  }

  /** Takes the saved refresh token when it differs from the one in memory; true when it did. */
  private async reload(): Promise<boolean> {
    const saved = await this.options.loadRefreshToken?.();
    if (!saved || saved === this.refreshToken) return false;
    this.options.redactor.add(saved);
    this.refreshToken = saved;
    return true;
  }

  /** The grant; after a lost reply, the saved token is read back before one more request. */
  private async requestGrantReadingBack(transport: HttpTransport) {
    try {
      return await this.requestGrant(transport);
    } catch (error) {
      if (!isLostReply(error)) throw error;
      await this.reload();
      return await this.requestGrant(transport);
    }
  }

  /** Sends the refresh-token grant with the refresh token in memory, once. */
  private async requestGrant(transport: HttpTransport) {
    const { tokenUrl, clientId, clientSecret } = this.options;
    const request = {
      method: 'POST' as const,
      url: tokenUrl,
      anonymous: true,
      acceptClientErrors: true,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'refresh_token',
        refresh_token: this.refreshToken,
        client_id: clientId,
        client_secret: clientSecret,
      }).toString(),
    };
    return {
      request,
      response: await transport.send(sendOnce(request, this.options.host)),
    };
  }
}

/**
 * The request, made to fail before a second send: the transport reads the
 * headers on every attempt, and its retries of timeouts, resets, 5xx and 429
 * would resend a refresh token (or an authorization code) GitLab may
 * already have used.
 * @internal
 */
export function sendOnce(
  request: TransportRequest,
  host: string,
): TransportRequest {
  let sent = false;
  return {
    ...request,
    get headers() {
      if (sent) {
        throw new GrantInterrupted({
          code: 'network',
          host,
          message: `GitLab at ${host} did not complete the OAuth token request; a refresh token is single-use, so the plugin reads back the saved one before it asks again`,
        });
      }
      sent = true;
      return request.headers;
    },
  };
}

/** Whether a grant may have reached GitLab without its answer reaching us. */
function isLostReply(error: unknown): boolean {
  return (
    error instanceof GrantInterrupted ||
    isGitlabError(error, 'timeout', 'network', 'server_error', 'rate_limited')
  );
}

/** Whether GitLab refused the refresh token itself (not the client). */
function isInvalidGrant(response: TransportResponse): boolean {
  if (response.status !== 400) return false;
  try {
    return (JSON.parse(response.text) as TokenAnswer).error === 'invalid_grant';
  } catch {
    return false;
  }
}
