import { EntityCardBlueprint } from '@backstage/plugin-catalog-react/alpha';
import { isGitlabDeliveryAvailable } from '@delivery-insights/plugin-gitlab-delivery-common';
import {
  pageSizeSchema,
  stateFilterSchema,
  tabPathSchema,
  windowDaysSchema,
} from './configSchemas';

/**
 * Overview card with the headline delivery metrics, on annotated entities.
 * Its config takes the props of `EntityGitlabDeliveryCard`.
 * @alpha
 */
export const entityDeliveryCard = EntityCardBlueprint.makeWithOverrides({
  name: 'delivery',
  configSchema: {
    defaultWindowDays: windowDaysSchema,
    deliveryTabPath: tabPathSchema,
  },
  factory(originalFactory, { config }) {
    return originalFactory({
      type: 'content',
      filter: isGitlabDeliveryAvailable,
      loader: () =>
        import('../components/DeliveryCard/EntityGitlabDeliveryCard').then(
          m => (
            <m.EntityGitlabDeliveryCard
              defaultWindowDays={config.defaultWindowDays}
              deliveryTabPath={config.deliveryTabPath}
            />
          ),
        ),
    });
  },
});

/**
 * Overview card with the recent merge requests, on annotated entities.
 * Its config takes the props of `EntityGitlabMergeRequestsCard`.
 * @alpha
 */
export const entityMergeRequestsCard = EntityCardBlueprint.makeWithOverrides({
  name: 'merge-requests',
  configSchema: {
    pageSize: pageSizeSchema,
    defaultState: stateFilterSchema,
  },
  factory(originalFactory, { config }) {
    return originalFactory({
      type: 'content',
      filter: isGitlabDeliveryAvailable,
      loader: () =>
        import(
          '../components/MergeRequestsCard/EntityGitlabMergeRequestsCard'
        ).then(m => (
          <m.EntityGitlabMergeRequestsCard
            pageSize={config.pageSize}
            defaultState={config.defaultState}
          />
        )),
    });
  },
});
