import { CompoundEntityRef } from '@backstage/catalog-model';
import { createApiRef } from '@backstage/frontend-plugin-api';
import {
  ConnectResponse,
  DisconnectResponse,
  EntityHealthResponse,
  HealthResponse,
  MergeRequestStateFilter,
  MergeRequestsResponse,
  MetricsResponse,
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
