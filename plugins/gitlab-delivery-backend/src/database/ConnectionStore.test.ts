import { testDatabases } from '../__testUtils__/databases';
import { sha256 } from './ConnectionStore';
import { createStores } from './createStores';
import { TokenCipher } from './TokenCipher';

const databases = testDatabases();
const HOST = 'gitlab.example.com';
const KEY = Buffer.alloc(32, 9).toString('base64');

const connection = {
  host: HOST,
  accessToken: 'access-SECRET-1',
  refreshToken: 'refresh-SECRET-1',
  expiresAt: '2026-12-01T12:00:00.000Z',
  scopes: ['read_api', 'read_user'],
  connectedBy: 'user:default/admin',
  connectedAt: '2026-12-01T10:00:00.000Z',
};

const state = {
  host: HOST,
  userEntityRef: 'user:default/admin',
  codeVerifier: 'verifier-SECRET-1',
  nonceHash: sha256('nonce'),
  expiresAt: '2026-12-01T10:10:00.000Z',
};

describe.each(databases.eachSupportedId())(
  'the connection store on %p',
  databaseId => {
    async function setup(key?: string) {
      const knex = await databases.init(databaseId);
      const stores = await createStores({
        database: { getClient: async () => knex },
        tokenCipher: key ? TokenCipher.fromSecret(key) : undefined,
      });
      return { knex, store: stores.connections };
    }

    it('refuses to store anything without an encryption key', async () => {
      const { knex, store } = await setup();
      expect(store.canStore).toBe(false);
      await expect(store.saveConnection(connection)).rejects.toThrow(
        'gitlabDelivery.encryptionKey is not set',
      );
      await expect(store.saveState('s', state)).rejects.toThrow(
        'gitlabDelivery.encryptionKey is not set',
      );
      expect(await knex('gitlab_delivery_oauth_connections')).toEqual([]);
      expect(await store.getConnection(HOST)).toBeUndefined();
    });

    it('keeps one connection per host, its tokens encrypted, and rotates them', async () => {
      const { knex, store } = await setup(KEY);
      await store.saveConnection(connection);
      expect(await store.getConnection(HOST)).toEqual(connection);
      expect(await store.listConnections()).toEqual([
        {
          host: HOST,
          scopes: connection.scopes,
          connectedBy: connection.connectedBy,
          connectedAt: connection.connectedAt,
        },
      ]);
      const raw = JSON.stringify(
        await knex('gitlab_delivery_oauth_connections'),
      );
      expect(raw).not.toContain('SECRET');

      const rotated = {
        accessToken: 'access-SECRET-2',
        refreshToken: 'refresh-SECRET-2',
        expiresAt: '2026-12-01T14:00:00.000Z',
      };
      expect(
        await store.saveTokens(HOST, '2026-12-01T09:00:00.000Z', rotated),
      ).toBe(false);
      expect(
        await store.saveTokens(HOST, connection.connectedAt, rotated),
      ).toBe(true);
      expect(await store.getConnection(HOST)).toEqual({
        ...connection,
        ...rotated,
      });

      // Bound to its host: a row moved to another host does not open.
      await knex('gitlab_delivery_oauth_connections').update({
        host: 'gitlab.other.com',
      });
      await expect(store.getConnection('gitlab.other.com')).rejects.toThrow(
        'cannot be read',
      );
      expect(await store.deleteConnection('gitlab.other.com')).toBeUndefined();
      expect(await store.listConnections()).toEqual([]);
    });

    it('hands an authorization state out once, and never an expired one', async () => {
      const { knex, store } = await setup(KEY);
      await store.saveState('state-SECRET-1', state);
      const rows = await knex('gitlab_delivery_oauth_states');
      expect(rows).toHaveLength(1);
      expect(rows[0].state_hash).toBe(sha256('state-SECRET-1'));
      expect(JSON.stringify(rows)).not.toContain('SECRET');

      expect(
        await store.takeState('state-SECRET-1', '2026-12-01T10:05:00.000Z'),
      ).toEqual(state);
      expect(
        await store.takeState('state-SECRET-1', '2026-12-01T10:05:00.000Z'),
      ).toBeUndefined();

      await store.saveState('state-SECRET-2', state);
      const [first, second] = await Promise.all([
        store.takeState('state-SECRET-2', '2026-12-01T10:05:00.000Z'),
        store.takeState('state-SECRET-2', '2026-12-01T10:05:00.000Z'),
      ]);
      expect([first, second].filter(Boolean)).toHaveLength(1);

      await store.saveState('state-SECRET-3', state);
      expect(
        await store.takeState('state-SECRET-3', '2026-12-01T10:10:00.000Z'),
      ).toBeUndefined();
      expect(await store.takeState('unknown', state.expiresAt)).toBeUndefined();
    });
  },
);
