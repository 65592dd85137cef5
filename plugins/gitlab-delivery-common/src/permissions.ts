import { createPermission } from '@backstage/plugin-permission-common';

/** Start a sync of GitLab merge requests now. @public */
export const gitlabDeliverySyncTriggerPermission = createPermission({
  name: 'gitlab-delivery.sync.trigger',
  attributes: { action: 'create' },
});

/** Read the health of every GitLab instance and project. @public */
export const gitlabDeliveryHealthReadPermission = createPermission({
  name: 'gitlab-delivery.health.read',
  attributes: { action: 'read' },
});

/** Run the live GitLab health checks now. @public */
export const gitlabDeliveryHealthCheckPermission = createPermission({
  name: 'gitlab-delivery.health.check',
  attributes: { action: 'create' },
});

/** Every permission of the plugin, for the permissions registry. @public */
export const gitlabDeliveryPermissions = [
  gitlabDeliverySyncTriggerPermission,
  gitlabDeliveryHealthReadPermission,
  gitlabDeliveryHealthCheckPermission,
];
