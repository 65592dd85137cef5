import { EntityCardBlueprint } from '@backstage/plugin-catalog-react/alpha';
import { isGitlabDeliveryAvailable } from '@delivery-insights/plugin-gitlab-delivery-common';

/** Overview card with the headline delivery metrics, on annotated entities. @alpha */
export const entityDeliveryCard = EntityCardBlueprint.make({
  name: 'delivery',
  params: {
    type: 'content',
    filter: isGitlabDeliveryAvailable,
    loader: () =>
      import('../components/DeliveryCard/EntityGitlabDeliveryCard').then(m => (
        <m.EntityGitlabDeliveryCard />
      )),
  },
});

/** Overview card with the recent merge requests, on annotated entities. @alpha */
export const entityMergeRequestsCard = EntityCardBlueprint.make({
  name: 'merge-requests',
  params: {
    type: 'content',
    filter: isGitlabDeliveryAvailable,
    loader: () =>
      import(
        '../components/MergeRequestsCard/EntityGitlabMergeRequestsCard'
      ).then(m => <m.EntityGitlabMergeRequestsCard />),
  },
});
