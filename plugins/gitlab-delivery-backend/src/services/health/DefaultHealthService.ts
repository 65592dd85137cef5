import {
  EntityHealthResponse,
  HealthResponse,
} from '@delivery-insights/plugin-gitlab-delivery-common';
import { DateTime } from 'luxon';
import { EntityContexts } from '../../catalog/EntityContexts';
import {
  HealthStore,
  ProjectKey,
  ProjectRecord,
  ProjectStore,
} from '../../database/types';
import { worstStatus } from './checks/checks';
import { HealthReport, problemsFirst } from './HealthReport';
import { CheckStart, HealthService } from './types';

/** The least time between two accepted check requests of one scope. */
const CHECK_COOLDOWN_MS = 30_000;

function hostsOf(projects: ProjectRecord[]): string[] {
  return [...new Set(projects.map(p => p.host))];
}

/**
 * The {@link HealthService}: reads stored results, and queues live checks
 * for the scheduled health task (HealthTask).
 * @internal
 */
export class DefaultHealthService implements HealthService {
  private readonly now: () => DateTime;

  constructor(
    private readonly options: {
      entities: Pick<EntityContexts, 'load'>;
      projects: Pick<ProjectStore, 'listProjects'>;
      health: Pick<HealthStore, 'requestCheck'>;
      report: HealthReport;
      /** Starts the health task, which takes the queued requests. */
      runChecks: () => void;
      now?: () => DateTime;
    },
  ) {
    this.now = options.now ?? (() => DateTime.utc());
  }

  async getEntityHealth(
    request: Parameters<HealthService['getEntityHealth']>[0],
  ): Promise<EntityHealthResponse> {
    const { entities, report } = this.options;
    const context = await entities.load(request.entity, request.credentials);
    const base = {
      entityRef: context.entityRef,
      ...(context.notConfigured && { notConfigured: context.notConfigured }),
      warnings: context.warnings,
    };
    if (!request.includeInstances) {
      return {
        ...base,
        projects: await report.projectFactsOnly(context.projects),
        instances: [],
        instancesHidden: true,
      };
    }
    return {
      ...base,
      projects: await report.projects(context.projects),
      instances: await report.instances(hostsOf(context.projects)),
    };
  }

  async getHealth(): Promise<HealthResponse> {
    const { report, projects } = this.options;
    const [instances, projectHealth] = await Promise.all([
      report.instances(),
      projects.listProjects().then(all => report.projects(all)),
    ]);
    return {
      instances: problemsFirst(
        instances,
        i => worstStatus(i.checks.map(c => c.status)),
        i => i.host,
      ),
      projects: problemsFirst(
        projectHealth,
        p => p.status,
        p => `${p.host}/${p.path}`,
      ),
    };
  }

  async startCheck(
    request: Parameters<HealthService['startCheck']>[0],
  ): Promise<CheckStart> {
    const { entities } = this.options;
    const context = request.entity
      ? await entities.load(request.entity, request.credentials)
      : undefined;
    return this.queue(
      {
        entityRef: context?.entityRef,
        projects: context?.projects.map(p => ({ host: p.host, key: p.key })),
        hosts: context ? hostsOf(context.projects) : [],
      },
      context?.entityRef ?? 'every instance and project',
    );
  }

  async startInstanceCheck(host: string): Promise<CheckStart> {
    return this.queue(
      { scope: `instance:${host}`, projects: [], hosts: [host] },
      host,
    );
  }

  private async queue(
    request: {
      entityRef?: string;
      scope?: string;
      projects?: ProjectKey[];
      hosts: string[];
    },
    label: string,
  ): Promise<CheckStart> {
    const { health, runChecks } = this.options;
    const queued = await health.requestCheck(
      { ...request, requestedAt: this.now().toUTC().toISO()! },
      CHECK_COOLDOWN_MS,
    );
    if ('retryAfterSeconds' in queued) {
      return {
        started: false,
        retryAfterSeconds: queued.retryAfterSeconds,
        message: `A health check of ${label} was requested less than ${
          CHECK_COOLDOWN_MS / 1000
        } seconds ago; try again in ${queued.retryAfterSeconds} seconds.`,
      };
    }
    runChecks();
    return { started: true };
  }
}
