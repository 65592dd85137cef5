import { TokenCipher, tokenCipherFromConfig } from './TokenCipher';

describe('TokenCipher', () => {
  const base64 = Buffer.alloc(32, 1).toString('base64');

  it('takes 32 bytes in base64 or base64url, or a passphrase, and names the key by a hash', () => {
    const a = TokenCipher.fromSecret(base64);
    const b = TokenCipher.fromSecret(
      base64.replace(/\+/g, '-').replace(/\//g, '_'),
    );
    const c = TokenCipher.fromSecret('correct horse battery staple');
    expect(a.keyId).toMatch(/^[0-9a-f]{16}$/);
    expect(b.keyId).toBe(a.keyId);
    expect(c.keyId).not.toBe(a.keyId);
    expect(TokenCipher.fromSecret('correct horse battery staple').keyId).toBe(
      c.keyId,
    );
    expect(a.keyId).not.toContain(base64);
  });

  it('seals with a fresh iv each time and opens only in the same context', () => {
    const cipher = TokenCipher.fromSecret(base64);
    const one = cipher.seal('refresh-token-value', 'gitlab.example.com');
    const two = cipher.seal('refresh-token-value', 'gitlab.example.com');
    expect(one.iv).not.toBe(two.iv);
    expect(one.ciphertext).not.toBe(two.ciphertext);
    expect(Buffer.from(one.iv, 'base64')).toHaveLength(12);
    expect(Buffer.from(one.tag, 'base64')).toHaveLength(16);
    expect(cipher.open(one, 'gitlab.example.com')).toBe('refresh-token-value');
    expect(() => cipher.open(one, 'gitlab.other.com')).toThrow(
      'does not decrypt',
    );
  });

  it('refuses a short passphrase, and reports it as a problem naming the key', () => {
    expect(() => TokenCipher.fromSecret('short')).toThrow('too short');
    expect(tokenCipherFromConfig('short')).toEqual({
      problem: expect.objectContaining({
        key: 'gitlabDelivery.encryptionKey',
        severity: 'error',
        message: expect.stringContaining('OAuth refresh tokens are not stored'),
      }),
    });
    expect(JSON.stringify(tokenCipherFromConfig('short'))).not.toContain(
      '"short"',
    );
    expect(tokenCipherFromConfig(undefined)).toEqual({});
    expect(tokenCipherFromConfig(base64).cipher).toBeInstanceOf(TokenCipher);
  });
});
