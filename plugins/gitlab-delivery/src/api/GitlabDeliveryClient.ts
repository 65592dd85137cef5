import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { DiscoveryApi, FetchApi } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import {
  AutoSyncState,
  DiscoveredProjectsResponse,
  ConnectResponse,
  DisconnectResponse,
  EntityHealthResponse,
  HealthResponse,
  MergeRequestsResponse,
  MetricsResponse,
} from '@delivery-insights/plugin-gitlab-delivery-common';
import {
  GetMergeRequestsOptions,
  GetMetricsOptions,
  GitlabDeliveryApi,
  GitlabDeliveryEntityRef,
  ListProjectsOptions,
} from './GitlabDeliveryApi';

const PLUGIN_ID = 'gitlab-delivery';

/** Talks to the gitlab-delivery backend through the discovery and fetch APIs. @public */
export class GitlabDeliveryClient implements GitlabDeliveryApi {
  private readonly discoveryApi: DiscoveryApi;
  private readonly fetchApi: FetchApi;

  constructor(options: { discoveryApi: DiscoveryApi; fetchApi: FetchApi }) {
    this.discoveryApi = options.discoveryApi;
    this.fetchApi = options.fetchApi;
  }

  /** {@inheritDoc GitlabDeliveryApi.getMetrics} */
  async getMetrics(options: GetMetricsOptions): Promise<MetricsResponse> {
    return this.getJson(`${entityPath(options.entityRef)}/metrics`, {
      from: options.from,
      to: options.to,
    });
  }

  /** {@inheritDoc GitlabDeliveryApi.getMergeRequests} */
  async getMergeRequests(
    options: GetMergeRequestsOptions,
  ): Promise<MergeRequestsResponse> {
    return this.getJson(`${entityPath(options.entityRef)}/merge-requests`, {
      state: options.state,
      limit: options.limit?.toString(),
      cursor: options.cursor,
    });
  }

  /** {@inheritDoc GitlabDeliveryApi.getEntityHealth} */
  async getEntityHealth(options: {
    entityRef: GitlabDeliveryEntityRef;
  }): Promise<EntityHealthResponse> {
    return this.getJson(`${entityPath(options.entityRef)}/health`);
  }

  /** {@inheritDoc GitlabDeliveryApi.getHealth} */
  async getHealth(): Promise<HealthResponse> {
    return this.getJson('/health');
  }

  /** {@inheritDoc GitlabDeliveryApi.runHealthCheck} */
  async runHealthCheck(options?: {
    entityRef?: GitlabDeliveryEntityRef;
  }): Promise<void> {
    await this.post('/health/check', options?.entityRef);
  }

  /** {@inheritDoc GitlabDeliveryApi.triggerSync} */
  async triggerSync(options?: {
    entityRef?: GitlabDeliveryEntityRef;
  }): Promise<void> {
    await this.post('/sync', options?.entityRef);
  }

  /** {@inheritDoc GitlabDeliveryApi.listProjects} */
  async listProjects(
    options: ListProjectsOptions,
  ): Promise<DiscoveredProjectsResponse> {
    return this.getJson(
      `/instances/${encodeURIComponent(options.host)}/projects`,
      {
        search: options.search,
        cursor: options.cursor,
        tracked: options.tracked,
      },
    );
  }

  /** {@inheritDoc GitlabDeliveryApi.setAutoSync} */
  async setAutoSync(options: {
    host: string;
    projectId: number;
    enabled: boolean;
  }): Promise<AutoSyncState> {
    const response = await this.request(
      `/projects/${encodeURIComponent(options.host)}/${
        options.projectId
      }/auto-sync`,
      {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ enabled: options.enabled }),
      },
    );
    return (await response.json()) as AutoSyncState;
  }

  /** {@inheritDoc GitlabDeliveryApi.connectInstance} */
  async connectInstance(options: { host: string }): Promise<ConnectResponse> {
    // `include`: the answer sets the cookie the callback checks.
    const response = await this.request(
      `/oauth/${encodeURIComponent(options.host)}/connect`,
      { method: 'POST', credentials: 'include' },
    );
    return (await response.json()) as ConnectResponse;
  }

  /** {@inheritDoc GitlabDeliveryApi.disconnectInstance} */
  async disconnectInstance(options: {
    host: string;
  }): Promise<DisconnectResponse> {
    const response = await this.request(
      `/oauth/${encodeURIComponent(options.host)}`,
      { method: 'DELETE' },
    );
    return (await response.json()) as DisconnectResponse;
  }

  private async getJson<T>(
    path: string,
    query: Record<string, string | undefined> = {},
  ): Promise<T> {
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(query)) {
      if (value !== undefined && value !== '') params.set(key, value);
    }
    const search = params.toString();
    const response = await this.request(search ? `${path}?${search}` : path);
    return (await response.json()) as T;
  }

  private async post(
    path: string,
    entityRef: GitlabDeliveryEntityRef | undefined,
  ): Promise<void> {
    const body = entityRef
      ? { entityRef: stringifyEntityRef(toCompound(entityRef)) }
      : {};
    await this.request(path, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });
  }

  private async request(path: string, init?: RequestInit): Promise<Response> {
    const baseUrl = await this.discoveryApi.getBaseUrl(PLUGIN_ID);
    const response = await this.fetchApi.fetch(`${baseUrl}${path}`, init);
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    return response;
  }
}

function toCompound(entityRef: GitlabDeliveryEntityRef) {
  return typeof entityRef === 'string' ? parseEntityRef(entityRef) : entityRef;
}

function entityPath(entityRef: GitlabDeliveryEntityRef): string {
  const { kind, namespace, name } = toCompound(entityRef);
  return `/entities/${[kind, namespace, name]
    .map(part => encodeURIComponent(part))
    .join('/')}`;
}
