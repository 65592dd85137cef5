import { TestDatabaseId, TestDatabases } from '@backstage/backend-test-utils';

const POSTGRES_ENV = 'BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING';

/**
 * The databases every store and sync test runs on: SQLite, and PostgreSQL 15
 * when its connection string is set. Under CI a missing PostgreSQL fails the
 * run instead of being skipped.
 */
export function testDatabases(): TestDatabases {
  if (!process.env[POSTGRES_ENV] && process.env.CI) {
    throw new Error(
      `${POSTGRES_ENV} is not set: under CI every store test must also run on PostgreSQL 15`,
    );
  }
  const ids: TestDatabaseId[] = process.env[POSTGRES_ENV]
    ? ['SQLITE_3', 'POSTGRES_15']
    : ['SQLITE_3'];
  return TestDatabases.create({ ids, disableDocker: true });
}
