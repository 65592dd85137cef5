import { EntityContentBlueprint } from '@backstage/plugin-catalog-react/alpha';
import { isGitlabDeliveryAvailable } from '@delivery-insights/plugin-gitlab-delivery-common';
import { tabPathSchema, windowDaysSchema } from './configSchemas';

/**
 * The "Delivery" entity tab, on annotated entities.
 * Its config takes the props of `EntityGitlabDeliveryContent`.
 * @alpha
 */
export const entityDeliveryContent = EntityContentBlueprint.makeWithOverrides({
  name: 'delivery',
  configSchema: {
    defaultWindowDays: windowDaysSchema,
    healthTabPath: tabPathSchema,
  },
  factory(originalFactory, { config }) {
    return originalFactory({
      path: 'gitlab-delivery',
      title: 'Delivery',
      filter: isGitlabDeliveryAvailable,
      loader: () =>
        import(
          '../components/DeliveryContent/EntityGitlabDeliveryContent'
        ).then(m => (
          <m.EntityGitlabDeliveryContent
            defaultWindowDays={config.defaultWindowDays}
            healthTabPath={config.healthTabPath}
          />
        )),
    });
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
