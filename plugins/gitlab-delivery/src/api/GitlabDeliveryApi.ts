import { CompoundEntityRef } from '@backstage/catalog-model';
import { createApiRef } from '@backstage/frontend-plugin-api';
import {
  AutoSyncState,
  DiscoveredProjectsResponse,
  ConnectResponse,
  DisconnectResponse,
  EntityHealthResponse,
  HealthResponse,
  MergeRequestStateFilter,
  MergeRequestsResponse,
  MetricsResponse,
  ProjectTrackingFilter,
} from '@delivery-insights/plugin-gitlab-delivery-common';

/** An entity, by its ref string ("component:default/shop") or compound ref. @public */
export type GitlabDeliveryEntityRef = string | CompoundEntityRef;

/** Options of {@link GitlabDeliveryApi.getMetrics}. @public */
export interface GetMetricsOptions {
  /** The entity whose projects to measure. */
  entityRef: GitlabDeliveryEntityRef;
  /** Start of the window, ISO 8601. */
  from: string;
  /** End of the window, ISO 8601. */
  to: string;
}

/** Options of {@link GitlabDeliveryApi.getMergeRequests}. @public */
export interface GetMergeRequestsOptions {
  /** The entity whose projects to list. */
  entityRef: GitlabDeliveryEntityRef;
  /** Which merge requests; all states unless set. */
  state?: MergeRequestStateFilter;
  /** Merge requests per page, 1 to 100; 25 unless set. */
  limit?: number;
  /** The `nextCursor` of the previous page. */
  cursor?: string;
}

/** Options of {@link GitlabDeliveryApi.listProjects}. @public */
export interface ListProjectsOptions {
  /** The GitLab host, as configured. */
  host: string;
  /** Matches the project's name, path or description. */
  search?: string;
  /** The `nextCursor` of the previous page. */
  cursor?: string;
  /** Only tracked, untracked, or not readable enough projects; all unless set. */
  tracked?: ProjectTrackingFilter;
}

/** Client of the gitlab-delivery backend. @public */
export interface GitlabDeliveryApi {
  /** Delivery metrics of an entity's projects in a time window. */
  getMetrics(options: GetMetricsOptions): Promise<MetricsResponse>;
  /** One page of an entity's merge requests, newest first. */
  getMergeRequests(
    options: GetMergeRequestsOptions,
  ): Promise<MergeRequestsResponse>;
  /** Sync status and stored health checks of an entity's projects. */
  getEntityHealth(options: {
    entityRef: GitlabDeliveryEntityRef;
  }): Promise<EntityHealthResponse>;
  /** Every instance and project the backend knows (admin). */
  getHealth(): Promise<HealthResponse>;
  /** Runs the live health checks now, for one entity or for everything (admin). */
  runHealthCheck(options?: {
    entityRef?: GitlabDeliveryEntityRef;
  }): Promise<void>;
  /** Starts a sync now, for one entity or for everything (admin). */
  triggerSync(options?: { entityRef?: GitlabDeliveryEntityRef }): Promise<void>;
  /** A page of the GitLab projects the instance's token user is a member of (admin). */
  listProjects(
    options: ListProjectsOptions,
  ): Promise<DiscoveredProjectsResponse>;
  /** Pauses or resumes the scheduled sync of a tracked project (admin). */
  setAutoSync(options: {
    host: string;
    projectId: number;
    enabled: boolean;
  }): Promise<AutoSyncState>;
  /**
   * Starts Connect GitLab for an instance with an OAuth application: the
   * address of GitLab's consent page, to send the browser to (admin).
   */
  connectInstance(options: { host: string }): Promise<ConnectResponse>;
  /** Disconnects an instance: GitLab revokes the connected token, and it is deleted (admin). */
  disconnectInstance(options: { host: string }): Promise<DisconnectResponse>;
}

/** The API ref of the gitlab-delivery client. @public */
export const gitlabDeliveryApiRef = createApiRef<GitlabDeliveryApi>().with({
  id: 'plugin.gitlab-delivery.service',
  pluginId: 'gitlab-delivery',
});
