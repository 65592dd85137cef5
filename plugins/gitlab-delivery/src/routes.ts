import { createRouteRef } from '@backstage/core-plugin-api';

/** Legacy route of the admin health page. @public */
export const rootRouteRef = createRouteRef({ id: 'gitlab-delivery' });

/** Legacy mount point of the delivery tab. @internal */
export const deliveryContentRouteRef = createRouteRef({
  id: 'gitlab-delivery:delivery-content',
});

/** Legacy mount point of the health tab. @internal */
export const healthContentRouteRef = createRouteRef({
  id: 'gitlab-delivery:health-content',
});
