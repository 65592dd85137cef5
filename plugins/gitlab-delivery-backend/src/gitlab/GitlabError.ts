/**
 * The stable codes of a failed GitLab call. Health checks and sync outcomes
 * store them, so they never change meaning.
 * @internal
 */
export type GitlabErrorCode =
  | 'unauthorized'
  | 'forbidden'
  | 'insufficient_scope'
  | 'not_found'
  | 'rate_limited'
  | 'server_error'
  | 'timeout'
  | 'network'
  | 'tls'
  | 'invalid_response'
  | 'graphql'
  | 'not_allowed';

/**
 * A failed call to GitLab, with a stable code and a message that names what
 * to fix. Messages never contain a credential.
 * @internal
 */
export class GitlabError extends Error {
  readonly name = 'GitlabError';
  readonly code: GitlabErrorCode;
  readonly host: string;
  /** The HTTP status GitLab answered with, when it answered. */
  readonly status?: number;

  constructor(options: {
    code: GitlabErrorCode;
    host: string;
    message: string;
    status?: number;
  }) {
    super(options.message);
    this.code = options.code;
    this.host = options.host;
    this.status = options.status;
  }

  /** A copy with another message, for callers that know more context. */
  withMessage(message: string): GitlabError {
    return new GitlabError({
      code: this.code,
      host: this.host,
      status: this.status,
      message,
    });
  }
}

/** Whether a value is a {@link GitlabError}, optionally with one of the given codes. @internal */
export function isGitlabError(
  error: unknown,
  ...codes: GitlabErrorCode[]
): error is GitlabError {
  return (
    error instanceof GitlabError &&
    (codes.length === 0 || codes.includes(error.code))
  );
}

/** GitLab shows no project at a path or id to the token's user. @internal */
export class ProjectNotFound extends GitlabError {}
