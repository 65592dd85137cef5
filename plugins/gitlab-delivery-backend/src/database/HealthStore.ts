import { HealthCheck } from '@delivery-insights/plugin-gitlab-delivery-common';
import { Knex } from 'knex';
import { claimCooldown } from './cooldown';
import {
  fromCheckRow,
  fromInstanceHealthRow,
  toCheckRow,
  toInstanceHealthRow,
} from './healthRows';
import {
  CheckRow,
  HEALTH_REQUESTS,
  HealthRequestRow,
  INSTANCE_CHECKS,
  INSTANCE_HEALTH,
  InstanceHealthRow,
  PROJECT_CHECKS,
} from './tables';
import { fromMillis, toMillis } from './time';
import {
  HealthCheckRequest,
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

  async requestCheck(
    request: Omit<HealthCheckRequest, 'id'> & { scope?: string },
    cooldownMs: number,
  ): Promise<{ queued: true } | { retryAfterSeconds: number }> {
    const at = toMillis(request.requestedAt)!;
    return this.db.transaction(async tx => {
      const claim = await claimCooldown(tx, {
        kind: 'health',
        scope: request.entityRef ?? request.scope ?? '*',
        at,
        cooldownMs,
      });
      if ('retryAfterSeconds' in claim) return claim;
      await tx(HEALTH_REQUESTS).insert({
        entity_ref: request.entityRef ?? null,
        projects: request.projects ? JSON.stringify(request.projects) : null,
        hosts: JSON.stringify(request.hosts),
        requested_at: at,
      });
      return { queued: true as const };
    });
  }

  async pendingCheckRequests(): Promise<HealthCheckRequest[]> {
    const rows: HealthRequestRow[] = await this.db(HEALTH_REQUESTS)
      .orderBy('id')
      .limit(1000);
    return rows.map(row => ({
      id: Number(row.id),
      ...(row.entity_ref && { entityRef: row.entity_ref }),
      ...(row.projects && { projects: JSON.parse(row.projects) }),
      hosts: JSON.parse(row.hosts),
      requestedAt: fromMillis(row.requested_at)!,
    }));
  }

  async finishCheckRequests(ids: number[]): Promise<void> {
    if (ids.length === 0) return;
    await this.db(HEALTH_REQUESTS).whereIn('id', ids).delete();
  }
}
