import { Knex } from 'knex';
import {
  ENTITY_PROJECTS,
  HEALTH_REQUESTS,
  INSTANCE_CHECKS,
  INSTANCE_HEALTH,
  CURSORS,
  MERGE_REQUEST_TICKETS,
  MERGE_REQUESTS,
  PROJECT_CHECKS,
  PROJECTS,
  ProjectRow,
  REQUEST_COOLDOWNS,
  SYNC_RUNS,
} from './tables';
import { toMillis } from './time';
import { RetentionStore } from './types';

const CHUNK = 200;

/** The knex implementation of {@link RetentionStore}. @internal */
export class DatabaseRetentionStore implements RetentionStore {
  constructor(private readonly db: Knex) {}

  /** The entity mappings of the project row in the outer query. */
  private named(db: Knex | Knex.Transaction) {
    return db(ENTITY_PROJECTS)
      .whereRaw('?? = ??', [`${ENTITY_PROJECTS}.host`, `${PROJECTS}.host`])
      .andWhereRaw('?? = ??', [
        `${ENTITY_PROJECTS}.project_key`,
        `${PROJECTS}.project_key`,
      ]);
  }

  async pruneProjects(
    at: string,
    before: string,
  ): Promise<{ projects: number; mergeRequests: number }> {
    await this.db.transaction(async tx => {
      await tx(PROJECTS)
        .whereNull('unreferenced_at')
        .whereNotExists(this.named(tx))
        .update({ unreferenced_at: toMillis(at) });
      await tx(PROJECTS)
        .whereNotNull('unreferenced_at')
        .whereExists(this.named(tx))
        .update({ unreferenced_at: null });
    });
    const gone: ProjectRow[] = await this.db(PROJECTS)
      .where('unreferenced_at', '<', toMillis(before)!)
      .whereNotExists(this.named(this.db));
    let mergeRequests = 0;
    for (let i = 0; i < gone.length; i += CHUNK) {
      mergeRequests += await this.deleteProjects(gone.slice(i, i + CHUNK));
    }
    return { projects: gone.length, mergeRequests };
  }

  /** Deletes project rows, their checks, and the merge requests no remaining row resolves to. */
  private async deleteProjects(rows: ProjectRow[]): Promise<number> {
    return this.db.transaction(async tx => {
      let deleted = 0;
      for (const host of new Set(rows.map(r => r.host))) {
        const ofHost = rows.filter(r => r.host === host);
        const keys = ofHost.map(r => r.project_key);
        const ids = [
          ...new Set(
            ofHost.flatMap(r => (r.project_id === null ? [] : [r.project_id])),
          ),
        ];
        // A project named by path and by id has two rows with one id.
        const kept = new Set(
          (
            await tx(PROJECTS)
              .where({ host })
              .whereIn('project_id', ids)
              .whereNotIn('project_key', keys)
              .select('project_id')
          ).map(r => Number(r.project_id)),
        );
        const unused = ids.filter(id => !kept.has(Number(id)));
        if (unused.length > 0) {
          deleted += await tx(MERGE_REQUESTS)
            .where({ host })
            .whereIn('project_id', unused)
            .delete();
          await tx(MERGE_REQUEST_TICKETS)
            .where({ host })
            .whereIn('project_id', unused)
            .delete();
          await tx(CURSORS)
            .where({ host })
            .whereIn('project_id', unused)
            .delete();
        }
        await tx(PROJECT_CHECKS)
          .where({ host })
          .whereIn('project_key', keys)
          .delete();
        await tx(PROJECTS)
          .where({ host })
          .whereIn('project_key', keys)
          .delete();
      }
      return deleted;
    });
  }

  async pruneSyncRuns(before: string): Promise<number> {
    const latest = await this.db(SYNC_RUNS).max({ id: 'id' }).first();
    if (!latest?.id) return 0;
    return this.db(SYNC_RUNS)
      .where('started_at', '<', toMillis(before)!)
      .andWhere('id', '<', Number(latest.id))
      .delete();
  }

  async pruneInstances(configuredHosts: string[]): Promise<number> {
    return this.db.transaction(async tx => {
      await tx(INSTANCE_CHECKS).whereNotIn('host', configuredHosts).delete();
      return Number(
        await tx(INSTANCE_HEALTH).whereNotIn('host', configuredHosts).delete(),
      );
    });
  }

  async pruneRequests(before: string): Promise<number> {
    const cutoff = toMillis(before)!;
    const cooldowns = await this.db(REQUEST_COOLDOWNS)
      .where('requested_at', '<', cutoff)
      .delete();
    const requests = await this.db(HEALTH_REQUESTS)
      .where('requested_at', '<', cutoff)
      .delete();
    return cooldowns + requests;
  }
}
