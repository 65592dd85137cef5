import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { CompoundEntityRef } from '@backstage/catalog-model';
import {
  MergeRequestsResponse,
  MergeRequestStateFilter,
  MetricsResponse,
} from '@delivery-insights/plugin-gitlab-delivery-common';

/** Delivery metrics and merge request lists of one entity, from the store. @internal */
export interface MetricsService {
  /** The metrics over [from, to); `to` defaults to now, `from` to 30 days before. */
  getMetrics(request: {
    entity: CompoundEntityRef;
    from?: string;
    to?: string;
    credentials: BackstageCredentials;
  }): Promise<MetricsResponse>;
  /** A newest-first page of the entity's merge requests. */
  listMergeRequests(request: {
    entity: CompoundEntityRef;
    state: MergeRequestStateFilter;
    limit: number;
    cursor?: string;
    includeDescription: boolean;
    credentials: BackstageCredentials;
  }): Promise<MergeRequestsResponse>;
}
