import {
  EntityHealthResponse,
  HealthResponse,
} from '@delivery-insights/plugin-gitlab-delivery-common';
import { EntityContexts } from '../../catalog/EntityContexts';
import { ProjectRecord, ProjectStore } from '../../database/types';
import { worstStatus } from './checks/checks';
import { HealthChecker } from './HealthChecker';
import { HealthReport, problemsFirst } from './HealthReport';
import { HealthRuns } from './HealthRuns';
import { CheckStart, HealthService } from './types';

function hostsOf(projects: ProjectRecord[]): string[] {
  return [...new Set(projects.map(p => p.host))];
}

/** The {@link HealthService}: reads stored results, runs live checks on request and on schedule. @internal */
export class DefaultHealthService implements HealthService {
  constructor(
    private readonly options: {
      entities: Pick<EntityContexts, 'load'>;
      projects: Pick<ProjectStore, 'listProjects'>;
      report: HealthReport;
      checker: Pick<HealthChecker, 'check' | 'runScheduled'>;
      runs: HealthRuns;
      hosts: string[];
    },
  ) {}

  async getEntityHealth(
    request: Parameters<HealthService['getEntityHealth']>[0],
  ): Promise<EntityHealthResponse> {
    const { entities, report } = this.options;
    const context = await entities.load(request.entity, request.credentials);
    return {
      entityRef: context.entityRef,
      ...(context.notConfigured && { notConfigured: context.notConfigured }),
      warnings: context.warnings,
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
    const { entities, projects, checker, runs, hosts } = this.options;
    const scope = request.entity
      ? await entities
          .load(request.entity, request.credentials)
          .then(context => ({
            key: context.entityRef,
            label: context.entityRef,
            hosts: hostsOf(context.projects),
            projects: context.projects,
          }))
      : {
          key: 'all',
          label: 'every instance and project',
          hosts,
          projects: await projects.listProjects(),
        };
    const run = runs.start(scope.key, () =>
      checker.check({ hosts: scope.hosts, projects: scope.projects }),
    );
    if ('started' in run) return run;
    return {
      started: false,
      retryAfterSeconds: run.retryAfterSeconds,
      message: `A health check of ${scope.label} started less than ${runs.intervalSeconds} seconds ago or is still running; try again in ${run.retryAfterSeconds} seconds.`,
    };
  }

  /** The scheduled pass of the live checks; stops between checks once aborted. */
  async runScheduled(signal?: AbortSignal): Promise<void> {
    await this.options.checker.runScheduled(signal);
  }
}
