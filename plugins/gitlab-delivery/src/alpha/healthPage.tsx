import { PageBlueprint } from '@backstage/frontend-plugin-api';
import { healthPageRouteRef } from './routes';

/** The admin health page at /gitlab-delivery/health. @alpha */
export const healthPage = PageBlueprint.make({
  name: 'health',
  params: {
    path: '/gitlab-delivery/health',
    title: 'GitLab delivery health',
    routeRef: healthPageRouteRef,
    loader: () =>
      import('../components/HealthPage/HealthPageContent').then(m => (
        <m.HealthPageContent />
      )),
  },
});
