import { PageBlueprint } from '@backstage/frontend-plugin-api';
import { healthPageRouteRef } from './routes';

/**
 * The admin health page at /gitlab-delivery/health. Its title is also the nav
 * item's: short enough for the sidebar, and not the entity tab's name.
 * @alpha
 */
export const healthPage = PageBlueprint.make({
  name: 'health',
  params: {
    path: '/gitlab-delivery/health',
    title: 'GitLab status',
    routeRef: healthPageRouteRef,
    loader: () =>
      import('../components/HealthPage/HealthPageContent').then(m => (
        <m.HealthPageContent />
      )),
  },
});
