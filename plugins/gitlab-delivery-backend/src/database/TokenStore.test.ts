import { testDatabases } from '../__testUtils__/databases';
import { createStores } from './createStores';
import { TokenCipher } from './TokenCipher';

const databases = testDatabases();
const HOST = 'gitlab.example.com';
const KEY = Buffer.alloc(32, 7).toString('base64');

const record = {
  host: HOST,
  refreshToken: 'refresh-SECRET-1',
  configuredFingerprint: 'a'.repeat(64),
  rotatedAt: '2026-11-25T10:00:00.000Z',
};

describe.each(databases.eachSupportedId())(
  'the token store on %p',
  databaseId => {
    async function setup(key?: string) {
      const knex = await databases.init(databaseId);
      const stores = await createStores({
        database: { getClient: async () => knex },
        tokenCipher: key ? TokenCipher.fromSecret(key) : undefined,
      });
      return { knex, stores };
    }

    it('stores nothing without an encryption key', async () => {
      const { knex, stores } = await setup();
      expect(stores.tokens.canStore).toBe(false);
      await expect(stores.tokens.saveOAuthToken(record)).rejects.toThrow(
        'gitlabDelivery.encryptionKey is not set',
      );
      expect(await knex('gitlab_delivery_oauth_tokens')).toEqual([]);
      expect(await stores.tokens.getOAuthToken(HOST)).toBeUndefined();
    });

    it('keeps the newest refresh token per host, encrypted', async () => {
      const { knex, stores } = await setup(KEY);
      expect(stores.tokens.canStore).toBe(true);
      await stores.tokens.saveOAuthToken(record);
      await stores.tokens.saveOAuthToken({
        ...record,
        host: 'gitlab.other.com',
        refreshToken: 'other-SECRET-1',
      });
      expect(await stores.tokens.getOAuthToken(HOST)).toEqual(record);

      const next = {
        ...record,
        refreshToken: 'refresh-SECRET-2',
        configuredFingerprint: 'b'.repeat(64),
        rotatedAt: '2026-11-25T12:00:00.000Z',
      };
      await stores.tokens.saveOAuthToken(next);
      expect(await stores.tokens.getOAuthToken(HOST)).toEqual(next);
      expect(
        await stores.tokens.getOAuthToken('gitlab.other.com'),
      ).toMatchObject({ refreshToken: 'other-SECRET-1' });

      const rows = await knex('gitlab_delivery_oauth_tokens').orderBy('host');
      expect(JSON.stringify(rows)).not.toContain('SECRET');
      expect(rows[0]).toMatchObject({
        host: HOST,
        key_id: TokenCipher.fromSecret(KEY).keyId,
        iv: expect.any(String),
        tag: expect.any(String),
        ciphertext: expect.any(String),
      });
    });

    it('refuses a token sealed with another key, altered, or copied to another host', async () => {
      const { knex, stores } = await setup(KEY);
      await stores.tokens.saveOAuthToken(record);

      const other = await createStores({
        database: { getClient: async () => knex },
        skipMigrations: true,
        tokenCipher: TokenCipher.fromSecret(
          'another passphrase of some length',
        ),
      });
      await expect(other.tokens.getOAuthToken(HOST)).rejects.toThrow(
        'encrypted with another key',
      );

      const [row] = await knex('gitlab_delivery_oauth_tokens').where({
        host: HOST,
      });
      await knex('gitlab_delivery_oauth_tokens').insert({
        ...row,
        host: 'gitlab.copy.com',
      });
      await expect(
        stores.tokens.getOAuthToken('gitlab.copy.com'),
      ).rejects.toThrow('does not decrypt');

      const flipped = Buffer.from(row.ciphertext, 'base64');
      flipped[0] ^= 1;
      await knex('gitlab_delivery_oauth_tokens')
        .where({ host: HOST })
        .update({ ciphertext: flipped.toString('base64') });
      await expect(stores.tokens.getOAuthToken(HOST)).rejects.toThrow(
        'does not decrypt',
      );
    });
  },
);
