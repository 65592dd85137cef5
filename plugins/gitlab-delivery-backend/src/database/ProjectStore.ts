import { Knex } from 'knex';
import { ProjectAllowList } from '../config/ProjectAllowList';
import { claimCooldown, RequestCooldownError } from './cooldown';
import {
  ENTITIES,
  ENTITY_PROJECTS,
  PROJECTS,
  ProjectRow,
  SYNC_REQUESTS,
  SYNC_RUNS,
} from './tables';
import { fromMillis, toMillis } from './time';
import {
  AutoSyncChange,
  EntityRecord,
  ProjectKey,
  ProjectRecord,
  ProjectStore,
  SyncOutcome,
  SyncRequest,
  SyncRunRecord,
  TrackedProject,
} from './types';

function toProject(row: ProjectRow): ProjectRecord {
  return {
    host: row.host,
    key: row.project_key,
    projectId: row.project_id,
    path: row.path,
    webUrl: row.web_url,
    autoSync: Boolean(row.auto_sync),
    autoSyncChangedBy: row.auto_sync_changed_by ?? null,
    autoSyncChangedAt: fromMillis(row.auto_sync_changed_at ?? null),
    lastAttemptAt: fromMillis(row.last_attempt_at),
    lastSuccessAt: fromMillis(row.last_success_at),
    mergeRequestCount: Number(row.merge_request_count),
    lastErrorCode: row.last_error_code,
    lastErrorMessage: row.last_error_message,
  };
}

function projectWhere(project: ProjectKey) {
  return { host: project.host, project_key: project.key };
}

/**
 * The knex implementation of {@link ProjectStore}. With an allow-list, the
 * projects it lists (every project, an entity's) are only the allowed ones,
 * so the sync and the health checks never request another.
 * @internal
 */
export class DatabaseProjectStore implements ProjectStore {
  /**
   * @param options.syncCooldownMs - the least time between two accepted
   * sync requests of one scope (an entity, or everything); none when absent
   * @param options.allowList - the projects that may be listed; all when absent
   */
  constructor(
    private readonly db: Knex,
    private readonly options: {
      syncCooldownMs?: number;
      allowList?: ProjectAllowList;
    } = {},
  ) {}

  private allowed(records: ProjectRecord[]): ProjectRecord[] {
    const { allowList } = this.options;
    return allowList ? records.filter(r => allowList.allows(r)) : records;
  }

  async replaceEntity(
    entityRef: string,
    projects: ProjectKey[],
    warnings: string[],
  ): Promise<void> {
    await this.db.transaction(async tx => {
      await tx(ENTITIES)
        .insert({ entity_ref: entityRef, warnings: JSON.stringify(warnings) })
        .onConflict('entity_ref')
        .merge();
      await tx(ENTITY_PROJECTS).where({ entity_ref: entityRef }).delete();
      if (projects.length === 0) return;
      await tx(PROJECTS)
        .insert(projects.map(p => projectWhere(p)))
        .onConflict(['host', 'project_key'])
        .ignore();
      await tx(ENTITY_PROJECTS)
        .insert(
          projects.map(p => ({ entity_ref: entityRef, ...projectWhere(p) })),
        )
        .onConflict(['entity_ref', 'host', 'project_key'])
        .ignore();
    });
  }

  async retainEntities(entityRefs: string[]): Promise<void> {
    const keep = new Set(entityRefs);
    const stored = await this.db(ENTITIES).select('entity_ref');
    const gone = stored
      .map(row => row.entity_ref as string)
      .filter(ref => !keep.has(ref));
    for (let i = 0; i < gone.length; i += 500) {
      const chunk = gone.slice(i, i + 500);
      await this.db.transaction(async tx => {
        await tx(ENTITY_PROJECTS).whereIn('entity_ref', chunk).delete();
        await tx(ENTITIES).whereIn('entity_ref', chunk).delete();
      });
    }
  }

  async listMappings(): Promise<
    Map<string, { projects: ProjectKey[]; warnings: string[] }>
  > {
    const result = new Map<
      string,
      { projects: ProjectKey[]; warnings: string[] }
    >();
    for (const row of await this.db(ENTITIES).select(
      'entity_ref',
      'warnings',
    )) {
      result.set(row.entity_ref, {
        projects: [],
        warnings: JSON.parse(row.warnings),
      });
    }
    const links = await this.db(ENTITY_PROJECTS)
      .select('entity_ref', 'host', 'project_key')
      .orderBy(['entity_ref', 'host', 'project_key']);
    for (const link of links) {
      result
        .get(link.entity_ref)
        ?.projects.push({ host: link.host, key: link.project_key });
    }
    return result;
  }

  async getEntity(entityRef: string): Promise<EntityRecord | undefined> {
    const entity = await this.db(ENTITIES)
      .where({ entity_ref: entityRef })
      .first();
    if (!entity) return undefined;
    const rows: ProjectRow[] = await this.db(`${PROJECTS} as p`)
      .join(`${ENTITY_PROJECTS} as e`, function join() {
        this.on('e.host', 'p.host').andOn('e.project_key', 'p.project_key');
      })
      .where('e.entity_ref', entityRef)
      .select('p.*')
      .orderBy(['p.host', 'p.project_key']);
    return {
      entityRef,
      projects: this.allowed(rows.map(toProject)),
      warnings: JSON.parse(entity.warnings),
    };
  }

  private named() {
    return this.db(ENTITY_PROJECTS)
      .whereRaw('?? = ??', [`${ENTITY_PROJECTS}.host`, `${PROJECTS}.host`])
      .andWhereRaw('?? = ??', [
        `${ENTITY_PROJECTS}.project_key`,
        `${PROJECTS}.project_key`,
      ]);
  }

  async listProjects(): Promise<ProjectRecord[]> {
    const rows: ProjectRow[] = await this.db(PROJECTS)
      .whereExists(this.named())
      .orderBy(['host', 'project_key']);
    return this.allowed(rows.map(toProject));
  }

  async listTrackedProjects(host: string): Promise<TrackedProject[]> {
    const rows: ProjectRow[] = await this.db(PROJECTS)
      .where({ host })
      .whereExists(this.named())
      .orderBy('project_key');
    const links = await this.db(ENTITY_PROJECTS)
      .where({ host })
      .select('entity_ref', 'project_key')
      .orderBy(['project_key', 'entity_ref']);
    const byKey = new Map<string, string[]>();
    for (const link of links) {
      byKey.set(link.project_key, [
        ...(byKey.get(link.project_key) ?? []),
        link.entity_ref,
      ]);
    }
    return this.allowed(rows.map(toProject)).map(project => ({
      ...project,
      entityRefs: byKey.get(project.key) ?? [],
    }));
  }

  async getProject(project: ProjectKey): Promise<ProjectRecord | undefined> {
    const row = await this.db(PROJECTS).where(projectWhere(project)).first();
    return row ? toProject(row) : undefined;
  }

  async resolveProject(
    project: ProjectKey,
    resolved: { projectId: number; path: string; webUrl: string },
  ): Promise<void> {
    await this.db(PROJECTS).where(projectWhere(project)).update({
      project_id: resolved.projectId,
      path: resolved.path,
      web_url: resolved.webUrl,
    });
  }

  async setAutoSync(project: ProjectKey, autoSync: boolean): Promise<void> {
    await this.db(PROJECTS)
      .where(projectWhere(project))
      .update({ auto_sync: autoSync });
  }

  async recordAutoSync(
    host: string,
    projectId: number,
    change: AutoSyncChange,
  ): Promise<boolean> {
    const updated = await this.db(PROJECTS)
      .where({ host })
      .where(q =>
        q
          .where({ project_id: projectId })
          .orWhere({ project_key: `#${projectId}` }),
      )
      .whereExists(this.named())
      .update({
        auto_sync: change.enabled,
        auto_sync_changed_by: change.by,
        auto_sync_changed_at: toMillis(change.at),
      });
    return Number(updated) > 0;
  }

  async recordSyncOutcome(
    project: ProjectKey,
    outcome: SyncOutcome,
  ): Promise<void> {
    const at = toMillis(outcome.at);
    await this.db(PROJECTS)
      .where(projectWhere(project))
      .update(
        outcome.ok
          ? {
              last_attempt_at: at,
              last_success_at: at,
              last_error_code: null,
              last_error_message: null,
            }
          : {
              last_attempt_at: at,
              last_error_code: outcome.code,
              last_error_message: outcome.message,
            },
      );
  }

  async startSyncRun(
    trigger: SyncRunRecord['trigger'],
    at: string,
  ): Promise<number> {
    const [row] = await this.db(SYNC_RUNS)
      .insert({ trigger, started_at: toMillis(at) })
      .returning('id');
    return Number(typeof row === 'object' ? row.id : row);
  }

  async finishSyncRun(
    id: number,
    result: Omit<SyncRunRecord, 'id' | 'trigger' | 'startedAt'>,
  ): Promise<void> {
    await this.db(SYNC_RUNS)
      .where({ id })
      .update({
        finished_at: toMillis(result.finishedAt),
        projects: result.projects,
        failed_projects: result.failedProjects,
        merge_requests_written: result.mergeRequestsWritten,
        requests: result.requests,
      });
  }

  async lastSyncRun(): Promise<SyncRunRecord | undefined> {
    const row = await this.db(SYNC_RUNS).orderBy('id', 'desc').first();
    if (!row) return undefined;
    return {
      id: Number(row.id),
      trigger: row.trigger,
      startedAt: fromMillis(row.started_at)!,
      finishedAt: fromMillis(row.finished_at),
      projects: Number(row.projects),
      failedProjects: Number(row.failed_projects),
      mergeRequestsWritten: Number(row.merge_requests_written),
      requests: Number(row.requests),
    };
  }

  async requestSync(request: Omit<SyncRequest, 'id'>): Promise<void> {
    const at = toMillis(request.requestedAt)!;
    const { syncCooldownMs } = this.options;
    await this.db.transaction(async tx => {
      if (syncCooldownMs) {
        const claim = await claimCooldown(tx, {
          kind: 'sync',
          scope: request.entityRef ?? '*',
          at,
          cooldownMs: syncCooldownMs,
        });
        if ('retryAfterSeconds' in claim) {
          const what = request.entityRef ?? 'every project';
          throw new RequestCooldownError(
            `A sync of ${what} was requested less than ${Math.round(
              syncCooldownMs / 1000,
            )} seconds ago; try again in ${claim.retryAfterSeconds} seconds.`,
            claim.retryAfterSeconds,
          );
        }
      }
      await tx(SYNC_REQUESTS).insert({
        entity_ref: request.entityRef ?? null,
        full: request.full,
        requested_at: at,
      });
    });
  }

  async takeSyncRequests(): Promise<SyncRequest[]> {
    return this.db.transaction(async tx => {
      const rows = await tx(SYNC_REQUESTS).orderBy('id').limit(1000);
      if (rows.length === 0) return [];
      await tx(SYNC_REQUESTS)
        .whereIn(
          'id',
          rows.map(row => row.id),
        )
        .delete();
      return rows.map(row => ({
        id: Number(row.id),
        ...(row.entity_ref && { entityRef: row.entity_ref }),
        full: Boolean(row.full),
        requestedAt: fromMillis(row.requested_at)!,
      }));
    });
  }
}
