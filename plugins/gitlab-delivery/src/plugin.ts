import {
  createApiFactory,
  createComponentExtension,
  createPlugin,
  createRoutableExtension,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/core-plugin-api';
import { gitlabDeliveryApiRef } from './api/GitlabDeliveryApi';
import { GitlabDeliveryClient } from './api/GitlabDeliveryClient';
import type { EntityGitlabDeliveryCardProps } from './components/DeliveryCard/EntityGitlabDeliveryCard';
import type { EntityGitlabDeliveryContentProps } from './components/DeliveryContent/EntityGitlabDeliveryContent';
import type { EntityGitlabMergeRequestsCardProps } from './components/MergeRequestsCard/EntityGitlabMergeRequestsCard';
import {
  deliveryContentRouteRef,
  healthContentRouteRef,
  rootRouteRef,
} from './routes';

/** The GitLab delivery plugin for apps on the legacy frontend system. @public */
export const gitlabDeliveryPlugin = createPlugin({
  id: 'gitlab-delivery',
  apis: [
    createApiFactory({
      api: gitlabDeliveryApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new GitlabDeliveryClient({ discoveryApi, fetchApi }),
    }),
  ],
  routes: {
    root: rootRouteRef,
  },
});

/** Entity card: median, p90 and trend of time to merge, first comment, approval, and throughput. @public */
export const EntityGitlabDeliveryCard: (
  props: EntityGitlabDeliveryCardProps,
) => JSX.Element = gitlabDeliveryPlugin.provide(
  createComponentExtension({
    name: 'EntityGitlabDeliveryCard',
    component: {
      lazy: () =>
        import('./components/DeliveryCard/EntityGitlabDeliveryCard').then(
          m => m.EntityGitlabDeliveryCard,
        ),
    },
  }),
);

/** Entity card: recent merge requests, filterable by state and paged. @public */
export const EntityGitlabMergeRequestsCard: (
  props: EntityGitlabMergeRequestsCardProps,
) => JSX.Element = gitlabDeliveryPlugin.provide(
  createComponentExtension({
    name: 'EntityGitlabMergeRequestsCard',
    component: {
      lazy: () =>
        import(
          './components/MergeRequestsCard/EntityGitlabMergeRequestsCard'
        ).then(m => m.EntityGitlabMergeRequestsCard),
    },
  }),
);

/** Entity tab: metrics, weekly trend charts, size distribution, change summary and health. @public */
export const EntityGitlabDeliveryContent: (
  props: EntityGitlabDeliveryContentProps,
) => JSX.Element = gitlabDeliveryPlugin.provide(
  createRoutableExtension({
    name: 'EntityGitlabDeliveryContent',
    component: () =>
      import('./components/DeliveryContent/EntityGitlabDeliveryContent').then(
        m => m.EntityGitlabDeliveryContent,
      ),
    mountPoint: deliveryContentRouteRef,
  }),
);

/** Entity tab: sync status and health checks of the entity's GitLab projects. @public */
export const EntityGitlabHealthContent: () => JSX.Element =
  gitlabDeliveryPlugin.provide(
    createRoutableExtension({
      name: 'EntityGitlabHealthContent',
      component: () =>
        import('./components/HealthContent/EntityGitlabHealthContent').then(
          m => m.EntityGitlabHealthContent,
        ),
      mountPoint: healthContentRouteRef,
    }),
  );

/** Admin page: every GitLab instance and project, problems first. @public */
export const GitlabDeliveryHealthPage: () => JSX.Element =
  gitlabDeliveryPlugin.provide(
    createRoutableExtension({
      name: 'GitlabDeliveryHealthPage',
      component: () =>
        import('./components/HealthPage/GitlabDeliveryHealthPage').then(
          m => m.GitlabDeliveryHealthPage,
        ),
      mountPoint: rootRouteRef,
    }),
  );
