import {
  MergeRequestsResponse,
  MetricsResponse,
} from '@delivery-insights/plugin-gitlab-delivery-common';
import { DateTime } from 'luxon';
import { EntityContext, EntityContexts } from '../../catalog/EntityContexts';
import { DeliveryConfig } from '../../config/readDeliveryConfig';
import { MergeRequestReader, ProjectRef } from '../../database/types';
import { isoTime, resolveWindow } from './calc/window';
import { computeMetrics } from './computeMetrics';
import { listMergeRequests } from './listMergeRequests';
import { MetricsService } from './types';

function resolvedProjects(context: EntityContext): ProjectRef[] {
  return context.projects.flatMap(p =>
    p.projectId === null ? [] : [{ host: p.host, projectId: p.projectId }],
  );
}

/** The {@link MetricsService} over the store; no GitLab request. @internal */
export class DefaultMetricsService implements MetricsService {
  private readonly now: () => DateTime;

  constructor(
    private readonly options: {
      entities: EntityContexts;
      mergeRequests: MergeRequestReader;
      config: Pick<DeliveryConfig, 'excludeAuthors' | 'jiraBaseUrl'>;
      now?: () => DateTime;
    },
  ) {
    this.now = options.now ?? (() => DateTime.utc());
  }

  async getMetrics(
    request: Parameters<MetricsService['getMetrics']>[0],
  ): Promise<MetricsResponse> {
    const { entities, mergeRequests, config } = this.options;
    const context = await entities.load(request.entity, request.credentials);
    const now = this.now();
    const window = resolveWindow(request, now.toMillis());
    const metrics = await computeMetrics(mergeRequests, {
      projects: resolvedProjects(context),
      from: isoTime(window.from),
      to: isoTime(window.to),
      excludeAuthors: config.excludeAuthors,
      jiraBaseUrl: config.jiraBaseUrl,
      now: now.toISO()!,
    });
    return {
      entityRef: context.entityRef,
      ...(context.notConfigured && { notConfigured: context.notConfigured }),
      projects: context.projects.map(p => ({
        host: p.host,
        path: p.path ?? p.key,
        webUrl: p.webUrl ?? '',
      })),
      ...metrics,
    };
  }

  async listMergeRequests(
    request: Parameters<MetricsService['listMergeRequests']>[0],
  ): Promise<MergeRequestsResponse> {
    const { entities, mergeRequests, config } = this.options;
    const context = await entities.load(request.entity, request.credentials);
    const page = await listMergeRequests(mergeRequests, {
      projects: resolvedProjects(context),
      state: request.state,
      limit: request.limit,
      cursor: request.cursor,
      includeDescription: request.includeDescription,
      jiraBaseUrl: config.jiraBaseUrl,
    });
    return {
      entityRef: context.entityRef,
      ...(context.notConfigured && { notConfigured: context.notConfigured }),
      ...page,
    };
  }
}
