import { connectionFailure } from './failures';
import { SecretRedactor } from './SecretRedactor';

describe('SecretRedactor', () => {
  it('removes registered secrets and anything shaped like a credential', () => {
    const redactor = new SecretRedactor();
    redactor.add('my-oauth-client-secret');
    const text = redactor.redact(
      [
        'secret my-oauth-client-secret here',
        'glpat-abcdefghijklmnopqrst',
        'https://gitlab.example.com/api/v4/projects?private_token=abc123&x=1',
        'PRIVATE-TOKEN: zzz999',
        '{"authorization":"Bearer yyy888"}',
      ].join('\n'),
    );
    expect(text).not.toMatch(
      /my-oauth-client-secret|abcdefghij|abc123|zzz999|yyy888/,
    );
    expect(text).toContain('x=1');
  });
});

describe('connectionFailure', () => {
  const context = {
    host: 'gitlab.example.com',
    what: 'GET /api/v4/projects/1',
    authKind: 'token' as const,
  };
  const fetchFailed = (code: string) =>
    Object.assign(new TypeError('fetch failed'), {
      cause: Object.assign(new Error(code), { code }),
    });

  it.each([
    ['CERT_HAS_EXPIRED', 'tls', 'expired', false],
    ['SELF_SIGNED_CERT_IN_CHAIN', 'tls', 'caFile', false],
    ['ENOTFOUND', 'network', 'does not resolve', false],
    ['ECONNRESET', 'network', 'ECONNRESET', true],
    ['UND_ERR_SOCKET', 'network', 'UND_ERR_SOCKET', true],
    ['ERR_OSSL_PEM_NO_START_LINE', 'tls', 'caFile', false],
  ])('maps %s to %s', (code, expected, words, transient) => {
    const failure = connectionFailure(context, fetchFailed(code), 30_000);
    expect(failure.error.code).toBe(expected);
    expect(failure.error.message).toContain(words);
    expect(failure.transient).toBe(transient);
  });

  it('maps an aborted request to timeout', () => {
    const error = new DOMException(
      'The operation was aborted due to timeout',
      'TimeoutError',
    );
    const failure = connectionFailure(context, error, 30_000);
    expect(failure.error.code).toBe('timeout');
    expect(failure.error.message).toContain('30s');
  });
});
