import {
  DatabaseService,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';
import { HealthCheck } from '@delivery-insights/plugin-gitlab-delivery-common';
import { Knex } from 'knex';
import {
  CheckRow,
  fromCheckRow,
  fromInstanceHealthRow,
  InstanceHealthRow,
  toCheckRow,
  toInstanceHealthRow,
} from './healthRows';
import {
  EntityRecord,
  InstanceHealthRecord,
  MergeRequestRecord,
  OAuthTokenRecord,
  ProjectChecksRecord,
  ProjectKey,
  ProjectRecord,
  Store,
  SyncOutcome,
  SyncRunRecord,
} from './types';
import { fromMillis, toMillis } from './time';
import { fromMergeRequestRow, toMergeRequestRow } from './rows';

const migrationsDir = resolvePackagePath(
  '@delivery-insights/plugin-gitlab-delivery-backend',
  'migrations',
);

const PROJECTS = 'gitlab_delivery_projects';
const ENTITIES = 'gitlab_delivery_entities';
const ENTITY_PROJECTS = 'gitlab_delivery_entity_projects';
const MERGE_REQUESTS = 'gitlab_delivery_merge_requests';
const RUNS = 'gitlab_delivery_sync_runs';
const INSTANCE_HEALTH = 'gitlab_delivery_instance_health';
const INSTANCE_CHECKS = 'gitlab_delivery_instance_checks';
const PROJECT_CHECKS = 'gitlab_delivery_project_checks';
const OAUTH_TOKENS = 'gitlab_delivery_oauth_tokens';

type ProjectRow = {
  host: string;
  project_key: string;
  project_id: number | null;
  path: string | null;
  web_url: string | null;
  cursor: string | number | null;
  auto_sync: boolean | number;
  last_attempt_at: string | number | null;
  last_success_at: string | number | null;
  merge_request_count: number;
  last_error_code: string | null;
  last_error_message: string | null;
};

function toProject(row: ProjectRow): ProjectRecord {
  return {
    host: row.host,
    key: row.project_key,
    projectId: row.project_id,
    path: row.path,
    webUrl: row.web_url,
    cursor: fromMillis(row.cursor),
    autoSync: Boolean(row.auto_sync),
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

/** The knex implementation of {@link Store}. @internal */
export class DatabaseStore implements Store {
  /** Connects to the plugin's database and migrates it unless told to skip. */
  static async create(options: {
    database: DatabaseService;
    skipMigrations?: boolean;
  }): Promise<DatabaseStore> {
    const client = await options.database.getClient();
    if (!options.skipMigrations && !options.database.migrations?.skip) {
      await client.migrate.latest({ directory: migrationsDir });
    }
    return new DatabaseStore(client);
  }

  private constructor(private readonly db: Knex) {}

  /** The underlying client, for the metric queries. */
  get client(): Knex {
    return this.db;
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
      projects: rows.map(toProject),
      warnings: JSON.parse(entity.warnings),
    };
  }

  async listProjects(): Promise<ProjectRecord[]> {
    const rows: ProjectRow[] = await this.db(PROJECTS)
      .whereExists(
        this.db(ENTITY_PROJECTS)
          .whereRaw('?? = ??', [`${ENTITY_PROJECTS}.host`, `${PROJECTS}.host`])
          .andWhereRaw('?? = ??', [
            `${ENTITY_PROJECTS}.project_key`,
            `${PROJECTS}.project_key`,
          ]),
      )
      .orderBy(['host', 'project_key']);
    return rows.map(toProject);
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

  async getUpdatedAt(
    host: string,
    projectId: number,
    iids: number[],
  ): Promise<Map<number, string>> {
    const result = new Map<number, string>();
    for (let i = 0; i < iids.length; i += 500) {
      const rows = await this.db(MERGE_REQUESTS)
        .where({ host, project_id: projectId })
        .whereIn('iid', iids.slice(i, i + 500))
        .select('iid', 'updated_at');
      for (const row of rows) {
        result.set(Number(row.iid), fromMillis(row.updated_at)!);
      }
    }
    return result;
  }

  async writeMergeRequests(
    project: ProjectKey,
    records: MergeRequestRecord[],
    cursor: string | null,
  ): Promise<void> {
    await this.db.transaction(async tx => {
      for (let i = 0; i < records.length; i += 100) {
        await tx(MERGE_REQUESTS)
          .insert(records.slice(i, i + 100).map(toMergeRequestRow))
          .onConflict(['host', 'project_id', 'iid'])
          .merge();
      }
      const row = await tx(PROJECTS).where(projectWhere(project)).first();
      const update: Record<string, unknown> = {};
      const next = toMillis(cursor);
      if (
        next !== null &&
        (row?.cursor === null || Number(row?.cursor) < next)
      ) {
        update.cursor = next;
      }
      if (row?.project_id !== null && row?.project_id !== undefined) {
        const [{ count }] = await tx(MERGE_REQUESTS)
          .where({ host: project.host, project_id: row.project_id })
          .count({ count: '*' });
        update.merge_request_count = Number(count);
      }
      if (Object.keys(update).length > 0) {
        await tx(PROJECTS).where(projectWhere(project)).update(update);
      }
    });
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
    const [row] = await this.db(RUNS)
      .insert({ trigger, started_at: toMillis(at) })
      .returning('id');
    return Number(typeof row === 'object' ? row.id : row);
  }

  async finishSyncRun(
    id: number,
    result: Omit<SyncRunRecord, 'id' | 'trigger' | 'startedAt'>,
  ): Promise<void> {
    await this.db(RUNS)
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
    const row = await this.db(RUNS).orderBy('id', 'desc').first();
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

  async saveInstanceHealth(record: InstanceHealthRecord): Promise<void> {
    await this.db.transaction(async tx => {
      await tx(INSTANCE_HEALTH)
        .insert(toInstanceHealthRow(record))
        .onConflict('host')
        .merge();
      await tx(INSTANCE_CHECKS).where({ host: record.host }).delete();
      if (record.checks.length > 0) {
        await tx(INSTANCE_CHECKS).insert(
          record.checks.map(check => ({
            host: record.host,
            ...toCheckRow(check, false),
          })),
        );
      }
    });
  }

  async listInstanceHealth(): Promise<InstanceHealthRecord[]> {
    const rows: InstanceHealthRow[] = await this.db(INSTANCE_HEALTH).orderBy(
      'host',
    );
    const checks: Array<CheckRow & { host: string }> = await this.db(
      INSTANCE_CHECKS,
    ).orderBy(['host', 'check_id']);
    return rows.map(row =>
      fromInstanceHealthRow(
        row,
        checks.filter(c => c.host === row.host).map(fromCheckRow),
      ),
    );
  }

  async saveProjectChecks(
    project: ProjectKey,
    checks: HealthCheck[],
  ): Promise<void> {
    await this.db.transaction(async tx => {
      await tx(PROJECT_CHECKS).where(projectWhere(project)).delete();
      if (checks.length > 0) {
        await tx(PROJECT_CHECKS).insert(
          checks.map(check => ({
            ...projectWhere(project),
            ...toCheckRow(check, true),
          })),
        );
      }
    });
  }

  async listProjectChecks(
    projects?: ProjectKey[],
  ): Promise<ProjectChecksRecord[]> {
    if (projects?.length === 0) return [];
    let query = this.db(PROJECT_CHECKS).orderBy([
      'host',
      'project_key',
      'check_id',
    ]);
    if (projects) {
      query = query
        .whereIn('host', [...new Set(projects.map(p => p.host))])
        .whereIn('project_key', [...new Set(projects.map(p => p.key))]);
    }
    const rows: Array<CheckRow & { host: string; project_key: string }> =
      await query;
    const wanted = projects && new Set(projects.map(p => `${p.host}|${p.key}`));
    const byProject = new Map<string, ProjectChecksRecord>();
    for (const row of rows) {
      const id = `${row.host}|${row.project_key}`;
      if (wanted && !wanted.has(id)) continue;
      let record = byProject.get(id);
      if (!record) {
        record = { host: row.host, key: row.project_key, checks: [] };
        byProject.set(id, record);
      }
      record.checks.push(fromCheckRow(row));
    }
    return [...byProject.values()];
  }

  async getOAuthToken(host: string): Promise<OAuthTokenRecord | undefined> {
    const row = await this.db(OAUTH_TOKENS).where({ host }).first();
    if (!row) return undefined;
    return {
      host: row.host,
      refreshToken: row.refresh_token,
      configuredFingerprint: row.configured_fingerprint,
      rotatedAt: fromMillis(row.rotated_at)!,
    };
  }

  async saveOAuthToken(record: OAuthTokenRecord): Promise<void> {
    await this.db(OAUTH_TOKENS)
      .insert({
        host: record.host,
        refresh_token: record.refreshToken,
        configured_fingerprint: record.configuredFingerprint,
        rotated_at: toMillis(record.rotatedAt),
      })
      .onConflict('host')
      .merge();
  }

  /** Reads a project's stored MRs back in full; the API lists them through the metrics queries. */
  async listMergeRequests(
    host: string,
    projectId: number,
  ): Promise<MergeRequestRecord[]> {
    const rows = await this.db(MERGE_REQUESTS)
      .where({ host, project_id: projectId })
      .orderBy('iid');
    return rows.map(fromMergeRequestRow);
  }
}
