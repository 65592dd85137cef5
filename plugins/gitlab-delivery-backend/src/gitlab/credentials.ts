/**
 * What a client sends to authenticate, and how it recovers from a rejected
 * access token.
 * @internal
 */
export interface Credentials {
  /** `token` for a personal, group or project access token; `oauth` for an OAuth application. */
  readonly kind: 'token' | 'oauth';
  /** The headers that authenticate one request. */
  headers(): Promise<Record<string, string>>;
  /** Forgets a rejected access token; true when asking again may succeed. */
  invalidate(): boolean;
}

/** A personal, group or project access token, sent as `PRIVATE-TOKEN`. @internal */
export class TokenCredentials implements Credentials {
  readonly kind = 'token';

  constructor(private readonly token: string) {}

  async headers(): Promise<Record<string, string>> {
    return { 'PRIVATE-TOKEN': this.token };
  }

  invalidate(): boolean {
    return false;
  }
}

/** No credentials: GitLab answers as for an anonymous user. @internal */
export class AnonymousCredentials implements Credentials {
  readonly kind = 'token';

  async headers(): Promise<Record<string, string>> {
    return {};
  }

  invalidate(): boolean {
    return false;
  }
}
