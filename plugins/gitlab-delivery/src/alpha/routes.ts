import { createRouteRef } from '@backstage/frontend-plugin-api';

/** Route of the admin health page in the new frontend system. @alpha */
export const healthPageRouteRef = createRouteRef();
