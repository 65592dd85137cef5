import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { TestDatabaseId, TestDatabases } from '@backstage/backend-test-utils';
import { JsonObject } from '@backstage/types';
import knexFactory, { Knex } from 'knex';
import { createStores, Stores } from '../database/createStores';

/** A database that backends in other processes and the test both open. */
export interface SharedDatabase {
  /** `backend.database` for a backend process. */
  config: JsonObject;
  /** The test's own connection; the backend process has migrated the database. */
  knex(): Promise<Knex>;
  stores(): Promise<Stores>;
  close(): Promise<void>;
}

/**
 * A fresh database on the test's server: a PostgreSQL database the backend
 * is pointed at by name, or an SQLite file in a temporary directory (the
 * backend names it `gitlab-delivery.sqlite` there).
 */
export async function sharedDatabase(
  databases: TestDatabases,
  databaseId: TestDatabaseId,
): Promise<SharedDatabase> {
  let knex: Knex | undefined;
  let config: JsonObject;
  let open: () => Knex;
  let cleanup = async () => {};
  if (databaseId.startsWith('POSTGRES')) {
    const own = await databases.init(databaseId);
    const { host, port, user, password, database } = own.client.config
      .connection as Knex.PgConnectionConfig;
    config = {
      client: 'pg',
      connection: JSON.parse(JSON.stringify({ host, port, user, password })),
      plugin: { 'gitlab-delivery': { connection: { database: database! } } },
    };
    open = () => own;
  } else {
    const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'delivery-db-'));
    config = { client: 'better-sqlite3', connection: { directory } };
    open = () =>
      knexFactory({
        client: 'better-sqlite3',
        connection: {
          filename: path.join(directory, 'gitlab-delivery.sqlite'),
        },
        useNullAsDefault: true,
      });
    cleanup = async () => {
      await knex?.destroy();
      fs.rmSync(directory, { recursive: true, force: true });
    };
  }
  const connect = async () => {
    knex ??= open();
    return knex;
  };
  return {
    config,
    knex: connect,
    stores: async () => {
      const db = await connect();
      return createStores({
        database: { getClient: async () => db },
        skipMigrations: true,
      });
    },
    close: () => cleanup(),
  };
}
