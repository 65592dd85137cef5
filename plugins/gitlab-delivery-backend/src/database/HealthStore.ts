import { HealthCheck } from '@delivery-insights/plugin-gitlab-delivery-common';
import { Knex } from 'knex';
import {
  fromCheckRow,
  fromInstanceHealthRow,
  toCheckRow,
  toInstanceHealthRow,
} from './healthRows';
import {
  CheckRow,
  INSTANCE_CHECKS,
  INSTANCE_HEALTH,
  InstanceHealthRow,
  PROJECT_CHECKS,
} from './tables';
import {
  HealthStore,
  InstanceHealthRecord,
  ProjectChecksRecord,
  ProjectKey,
} from './types';

/** The knex implementation of {@link HealthStore}. @internal */
export class DatabaseHealthStore implements HealthStore {
  constructor(private readonly db: Knex) {}

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
    const where = { host: project.host, project_key: project.key };
    await this.db.transaction(async tx => {
      await tx(PROJECT_CHECKS).where(where).delete();
      if (checks.length > 0) {
        await tx(PROJECT_CHECKS).insert(
          checks.map(check => ({ ...where, ...toCheckRow(check, true) })),
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
}
