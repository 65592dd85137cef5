import {
  DatabaseService,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';
import { ProjectAllowList } from '../config/ProjectAllowList';
import { DatabaseConnectionStore } from './ConnectionStore';
import { DatabaseHealthStore } from './HealthStore';
import { DatabaseMergeRequestStore } from './MergeRequestStore';
import { DatabaseProjectStore } from './ProjectStore';
import { DatabaseRetentionStore } from './RetentionStore';
import { TokenCipher } from './TokenCipher';
import { DatabaseTokenStore } from './TokenStore';

const migrationsDir = resolvePackagePath(
  '@delivery-insights/plugin-gitlab-delivery-backend',
  'migrations',
);

/** The plugin's stores, one per concern, over one database. @internal */
export interface Stores {
  projects: DatabaseProjectStore;
  mergeRequests: DatabaseMergeRequestStore;
  health: DatabaseHealthStore;
  tokens: DatabaseTokenStore;
  connections: DatabaseConnectionStore;
  retention: DatabaseRetentionStore;
}

/**
 * Connects to the plugin's database, migrates it unless told to skip, and
 * opens the stores. OAuth refresh tokens are stored only with a
 * `tokenCipher`; manual syncs are limited by `syncCooldownMs` when given;
 * the projects listed to the sync and health checks are only those the
 * `allowList` allows.
 * @internal
 */
export async function createStores(options: {
  database: DatabaseService;
  skipMigrations?: boolean;
  tokenCipher?: TokenCipher;
  syncCooldownMs?: number;
  allowList?: ProjectAllowList;
}): Promise<Stores> {
  const db = await options.database.getClient();
  if (!options.skipMigrations && !options.database.migrations?.skip) {
    await db.migrate.latest({ directory: migrationsDir });
  }
  return {
    projects: new DatabaseProjectStore(db, {
      syncCooldownMs: options.syncCooldownMs,
      allowList: options.allowList,
    }),
    mergeRequests: new DatabaseMergeRequestStore(db),
    health: new DatabaseHealthStore(db),
    tokens: new DatabaseTokenStore(db, options.tokenCipher),
    connections: new DatabaseConnectionStore(db, options.tokenCipher),
    retention: new DatabaseRetentionStore(db),
  };
}
