import { BackstageCredentials } from '@backstage/backend-plugin-api';

/**
 * Why a Connect GitLab callback did not connect: the state was missing,
 * unknown, expired or used (`state_invalid`), it was started in another
 * browser, the admin denied access, GitLab refused the code (expired or
 * used) or could not be reached, or the tokens could not be stored.
 * @internal
 */
export type ConnectFailure =
  | 'state_invalid'
  | 'browser_mismatch'
  | 'access_denied'
  | 'gitlab_error'
  | 'code_refused'
  | 'gitlab_unreachable'
  | 'storage_failed';

/** How a Connect GitLab callback ended. @internal */
export type ConnectOutcome =
  | { connected: true; host: string }
  | { connected: false; reason: ConnectFailure };

/** What a disconnect did at GitLab. @internal */
export interface DisconnectOutcome {
  /** Whether GitLab revoked the token; it is deleted here either way. */
  revoked: boolean;
  message: string;
}

/** GitLab connected from the admin page with an OAuth application. @internal */
export interface ConnectionService {
  /**
   * Starts Connect GitLab for a host: the address of GitLab's consent page,
   * and the nonce the admin's browser keeps, to which the state is bound.
   */
  startConnect(request: {
    host: string;
    credentials: BackstageCredentials;
  }): Promise<{ authorizeUrl: string; browserNonce: string }>;
  /**
   * The callback: takes the single-use state, checks the browser's nonce,
   * exchanges the code and stores the tokens. Never throws for what the
   * browser or GitLab sent.
   */
  completeConnect(request: {
    state?: string;
    code?: string;
    error?: string;
    browserNonce?: string;
  }): Promise<ConnectOutcome>;
  /** Revokes the connected token at GitLab and deletes it. */
  disconnect(request: {
    host: string;
    credentials: BackstageCredentials;
  }): Promise<DisconnectOutcome>;
}
