const REDACTED = '[redacted]';

// Shapes of GitLab credentials, in case one reaches a message without being
// registered (for example echoed back by a proxy).
const CREDENTIAL_PATTERNS: RegExp[] = [
  /\b(?:glpat|gloas|glrt|glptt|gldt|glsoat|glcbt|glimt|glagent|glffct)-[A-Za-z0-9_.-]{8,}/g,
  /((?:private_token|access_token|refresh_token|client_secret|job_token)=)[^&\s"']+/gi,
  /((?:private-token|authorization|job-token)["']?\s*[:=]\s*["']?)(?:bearer\s+)?[^\s"',}]+/gi,
];

/**
 * Removes credentials from text before it reaches a log line, an error or a
 * stored message.
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
    result = result.replace(CREDENTIAL_PATTERNS[0], REDACTED);
    result = result.replace(CREDENTIAL_PATTERNS[1], `$1${REDACTED}`);
    result = result.replace(CREDENTIAL_PATTERNS[2], `$1${REDACTED}`);
    return result;
  }
}
