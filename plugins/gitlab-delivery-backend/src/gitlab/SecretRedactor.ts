const REDACTED = '[redacted]';

/** Names under which a credential travels in headers, forms and JSON. */
const NAMES =
  'private[-_]token|authorization|job[-_]token|x-gitlab-token|access_token|refresh_token|client_secret|id_token|password';

// Shapes of GitLab credentials, in case one reaches a message without being
// registered (for example echoed back by a proxy).
const CREDENTIAL_PATTERNS: Array<[RegExp, string]> = [
  [
    /\b(?:glpat|gloas|glrt|glptt|gldt|glsoat|glcbt|glimt|glagent|glffct)-[A-Za-z0-9_.-]{8,}/g,
    REDACTED,
  ],
  // Query strings and form bodies: access_token=...&
  [new RegExp(`((?:${NAMES})=)[^&\\s"']+`, 'gi'), `$1${REDACTED}`],
  // JSON and headers: "refresh_token": "...", Authorization: Bearer ...
  [
    new RegExp(
      `((?:${NAMES})["']?\\s*[:=]\\s*["']?)(?:(?:bearer|basic|token)\\s+)?[^\\s"',}&]+`,
      'gi',
    ),
    `$1${REDACTED}`,
  ],
  // Credentials in URLs: https://user:password@host, https://oauth2:token@host
  [/(\b[a-z][a-z0-9+.-]*:\/\/)[^\s/?#@]+@/gi, `$1${REDACTED}@`],
];

/**
 * Removes credentials from text before it reaches a log line, an error or a
 * stored message: the registered secrets, GitLab token shapes, credential
 * fields of query strings, headers and JSON, and user info in URLs.
 * @internal
 */
export class SecretRedactor {
  private readonly secrets = new Set<string>();

  /** Registers a secret; empty and very short values are ignored. */
  add(secret: string | undefined): void {
    if (secret && secret.length >= 4) this.secrets.add(secret);
  }

  /** The text with every registered secret and every credential-like value replaced. */
  redact(text: string): string {
    let result = text;
    for (const secret of this.secrets) {
      result = result.split(secret).join(REDACTED);
    }
    for (const [pattern, replacement] of CREDENTIAL_PATTERNS) {
      result = result.replace(pattern, replacement);
    }
    return result;
  }
}
