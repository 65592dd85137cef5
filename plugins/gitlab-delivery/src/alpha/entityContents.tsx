import { EntityContentBlueprint } from '@backstage/plugin-catalog-react/alpha';
import { isGitlabDeliveryAvailable } from '@delivery-insights/plugin-gitlab-delivery-common';

/** The "Delivery" entity tab, on annotated entities. @alpha */
export const entityDeliveryContent = EntityContentBlueprint.make({
  name: 'delivery',
  params: {
    path: 'gitlab-delivery',
    title: 'Delivery',
    filter: isGitlabDeliveryAvailable,
    loader: () =>
      import('../components/DeliveryContent/EntityGitlabDeliveryContent').then(
        m => <m.EntityGitlabDeliveryContent />,
      ),
  },
});

/** The "GitLab health" entity tab, on annotated entities. @alpha */
export const entityHealthContent = EntityContentBlueprint.make({
  name: 'health',
  params: {
    path: 'gitlab-health',
    title: 'GitLab health',
    filter: isGitlabDeliveryAvailable,
    loader: () =>
      import('../components/HealthContent/EntityGitlabHealthContent').then(
        m => <m.EntityGitlabHealthContent />,
      ),
  },
});
