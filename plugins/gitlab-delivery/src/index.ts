/**
 * Backstage frontend plugin: GitLab merge request delivery metrics and
 * integration health on entity pages.
 *
 * These are the exports for apps on the legacy frontend system; the new
 * frontend system uses the default export of `/alpha`.
 *
 * @packageDocumentation
 */
export {
  gitlabDeliveryPlugin,
  EntityGitlabDeliveryCard,
  EntityGitlabMergeRequestsCard,
  EntityGitlabDeliveryContent,
  EntityGitlabHealthContent,
  GitlabDeliveryHealthPage,
} from './plugin';
export { rootRouteRef as gitlabDeliveryHealthRouteRef } from './routes';
export { gitlabDeliveryApiRef } from './api/GitlabDeliveryApi';
export type {
  GitlabDeliveryApi,
  GitlabDeliveryEntityRef,
  GetMetricsOptions,
  GetMergeRequestsOptions,
  ListProjectsOptions,
} from './api/GitlabDeliveryApi';
export { GitlabDeliveryClient } from './api/GitlabDeliveryClient';
export type { DeliveryWindowDays } from './lib/deliveryWindow';
export type { EntityGitlabDeliveryCardProps } from './components/DeliveryCard/EntityGitlabDeliveryCard';
export type { EntityGitlabMergeRequestsCardProps } from './components/MergeRequestsCard/EntityGitlabMergeRequestsCard';
export type { EntityGitlabDeliveryContentProps } from './components/DeliveryContent/EntityGitlabDeliveryContent';
export {
  isGitlabDeliveryAvailable,
  GITLAB_INSTANCE_ANNOTATION,
  GITLAB_PROJECT_ID_ANNOTATION,
  GITLAB_PROJECT_SLUG_ANNOTATION,
} from '@delivery-insights/plugin-gitlab-delivery-common';
export type {
  EntityHealthResponse,
  HealthCheck,
  HealthResponse,
  HealthStatus,
  InstanceHealth,
  MergeRequestItem,
  MergeRequestStateFilter,
  MergeRequestsResponse,
  MetricsResponse,
  ProjectHealth,
} from '@delivery-insights/plugin-gitlab-delivery-common';
