/**
 * The GitLab delivery plugin for the new frontend system: its default export
 * is what apps with `app.packages: all` discover.
 *
 * @packageDocumentation
 */
// First: the declaration file drops the imports, and would drop the comment above with them.
export type { DeliveryWindowDays } from './lib/deliveryWindow';
import { createFrontendPlugin } from '@backstage/frontend-plugin-api';
import MergeTypeIcon from '@material-ui/icons/MergeType';
import { gitlabDeliveryApi } from './alpha/gitlabDeliveryApi';
import {
  entityDeliveryCard,
  entityMergeRequestsCard,
} from './alpha/entityCards';
import {
  entityDeliveryContent,
  entityHealthContent,
} from './alpha/entityContents';
import { healthPage } from './alpha/healthPage';
import { healthPageRouteRef } from './alpha/routes';

/**
 * The GitLab delivery plugin for the new frontend system.
 *
 * It is the default export so that apps with `app.packages: all` discover it
 * without any code.
 * @alpha
 */
const gitlabDeliveryPlugin = createFrontendPlugin({
  pluginId: 'gitlab-delivery',
  title: 'GitLab delivery',
  icon: <MergeTypeIcon fontSize="inherit" />,
  info: { packageJson: () => import('../package.json') },
  routes: {
    health: healthPageRouteRef,
  },
  extensions: [
    gitlabDeliveryApi,
    entityDeliveryCard,
    entityMergeRequestsCard,
    entityDeliveryContent,
    entityHealthContent,
    healthPage,
  ],
});

export default gitlabDeliveryPlugin;
