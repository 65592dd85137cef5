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

  it.each([
    [
      'a JSON access token',
      '{"access_token":"atok-1234567","token_type":"Bearer"}',
      'atok-1234567',
    ],
    [
      'a JSON refresh token',
      '{ "refresh_token" : "rtok-7654321", "expires_in": 7200 }',
      'rtok-7654321',
    ],
    [
      'a form body',
      'grant_type=refresh_token&refresh_token=rtok-abcdef&client_id=app',
      'rtok-abcdef',
    ],
    [
      'a client secret in JSON',
      "{'client_secret': 'csec-998877'}",
      'csec-998877',
    ],
    [
      'user and password in a URL',
      'GET https://deploy:hunter2hunter2@gitlab.example.com/api/v4',
      'hunter2hunter2',
    ],
    [
      'an oauth2 token in a URL',
      'clone https://oauth2:opaque-token-55@gitlab.example.com/g/p.git',
      'opaque-token-55',
    ],
    ['a webhook secret header', 'X-Gitlab-Token: whsec-123456', 'whsec-123456'],
    [
      'a webhook secret in JSON',
      '{"x-gitlab-token":"whsec-654321"}',
      'whsec-654321',
    ],
    [
      'a basic authorization header',
      'Authorization: Basic dXNlcjpwYXNz',
      'dXNlcjpwYXNz',
    ],
  ])('removes %s', (_label, input, secret) => {
    const text = new SecretRedactor().redact(input);
    expect(text).not.toContain(secret);
    expect(text).toContain('[redacted]');
  });

  it('keeps what is not a credential', () => {
    const text =
      'GET https://gitlab.example.com/api/v4/projects/team%2Fservice answered 404; token_type=bearer';
    expect(new SecretRedactor().redact(text)).toBe(text);
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
