import { PageBlueprint } from '@backstage/frontend-plugin-api';
import { healthPageRouteRef } from './routes';

/**
 * The admin health page at /gitlab-delivery/health. Its title is also the nav
 * item's, so it is short enough for the sidebar.
 * @alpha
 */
export const healthPage = PageBlueprint.make({
  name: 'health',
  params: {
    path: '/gitlab-delivery/health',
    title: 'GitLab health',
    routeRef: healthPageRouteRef,
    loader: () =>
      import('../components/HealthPage/HealthPageContent').then(m => (
        <m.HealthPageContent />
      )),
  },
});
