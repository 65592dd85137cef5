import {
  createCipheriv,
  createDecipheriv,
  createHash,
  hkdfSync,
  randomBytes,
  scryptSync,
} from 'node:crypto';
import { ConfigProblem } from '../config/readDeliveryConfig';

/** A secret as stored: AES-256-GCM, each part base64. @internal */
export interface SealedSecret {
  /** Names the key it was sealed with (a hash of the key, not the key). */
  keyId: string;
  iv: string;
  tag: string;
  ciphertext: string;
}

/** The config key of the encryption key, for messages. */
const ENCRYPTION_KEY = 'gitlabDelivery.encryptionKey';

const MIN_PASSPHRASE_LENGTH = 16;
const INFO = 'delivery-insights gitlab-delivery oauth refresh token v1';
// A fixed salt: every replica must derive the same key from the same passphrase.
const SCRYPT_SALT = 'delivery-insights/gitlab-delivery/encryption-key/v1';

/** 32 bytes when the text is exactly their base64 (or base64url), else undefined. */
function base64Key(text: string): Buffer | undefined {
  if (!/^[A-Za-z0-9+/_-]{43}=?$/.test(text)) return undefined;
  const bytes = Buffer.from(
    text.replace(/-/g, '+').replace(/_/g, '/'),
    'base64',
  );
  return bytes.length === 32 ? bytes : undefined;
}

/**
 * Encrypts secrets for the database with AES-256-GCM. The key comes from
 * `gitlabDelivery.encryptionKey`: 32 random bytes in base64 are expanded
 * with HKDF-SHA256; anything else is a passphrase of at least 16 characters,
 * stretched with scrypt. Each secret is bound to a context (the host) as
 * additional data, so a row copied to another host does not open.
 * @internal
 */
export class TokenCipher {
  /** A hash of the derived key that names it without revealing it. */
  readonly keyId: string;

  private constructor(private readonly key: Buffer) {
    this.keyId = createHash('sha256')
      .update('key id\0')
      .update(key)
      .digest('hex')
      .slice(0, 16);
  }

  /** The cipher of a configured key; throws an Error that says what is wrong with it. */
  static fromSecret(secret: string): TokenCipher {
    const text = secret.trim();
    const bytes = base64Key(text);
    if (bytes) {
      return new TokenCipher(
        Buffer.from(hkdfSync('sha256', bytes, Buffer.alloc(0), INFO, 32)),
      );
    }
    if (text.length < MIN_PASSPHRASE_LENGTH) {
      throw new Error(
        `${ENCRYPTION_KEY} is too short: use 32 random bytes in base64 (openssl rand -base64 32) or a passphrase of at least ${MIN_PASSPHRASE_LENGTH} characters`,
      );
    }
    return new TokenCipher(
      scryptSync(text, SCRYPT_SALT, 32, {
        N: 2 ** 15,
        r: 8,
        p: 1,
        maxmem: 64 * 1024 * 1024,
      }),
    );
  }

  /** Encrypts a secret bound to a context. */
  seal(plaintext: string, context: string): SealedSecret {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    cipher.setAAD(Buffer.from(context, 'utf8'));
    const ciphertext = Buffer.concat([
      cipher.update(plaintext, 'utf8'),
      cipher.final(),
    ]);
    return {
      keyId: this.keyId,
      iv: iv.toString('base64'),
      tag: cipher.getAuthTag().toString('base64'),
      ciphertext: ciphertext.toString('base64'),
    };
  }

  /** Decrypts a secret sealed with this key for the same context; throws otherwise. */
  open(sealed: SealedSecret, context: string): string {
    if (sealed.keyId !== this.keyId) {
      throw new Error(
        `it was encrypted with another key (${sealed.keyId}, the configured one is ${this.keyId})`,
      );
    }
    try {
      const decipher = createDecipheriv(
        'aes-256-gcm',
        this.key,
        Buffer.from(sealed.iv, 'base64'),
      );
      decipher.setAAD(Buffer.from(context, 'utf8'));
      decipher.setAuthTag(Buffer.from(sealed.tag, 'base64'));
      return Buffer.concat([
        decipher.update(Buffer.from(sealed.ciphertext, 'base64')),
        decipher.final(),
      ]).toString('utf8');
    } catch {
      throw new Error('it does not decrypt: the stored value was altered');
    }
  }
}

/** The cipher of `gitlabDelivery.encryptionKey`, or the problem with it; none without a key. @internal */
export function tokenCipherFromConfig(secret: string | undefined): {
  cipher?: TokenCipher;
  problem?: ConfigProblem;
} {
  if (!secret) return {};
  try {
    return { cipher: TokenCipher.fromSecret(secret) };
  } catch (error) {
    return {
      problem: {
        key: ENCRYPTION_KEY,
        severity: 'error',
        message: `${
          (error as Error).message
        }; until it is fixed, OAuth refresh tokens are not stored`,
      },
    };
  }
}
