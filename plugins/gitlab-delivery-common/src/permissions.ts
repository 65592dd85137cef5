import { createPermission } from '@backstage/plugin-permission-common';

// RESOURCE_TYPE_CATALOG_ENTITY of @backstage/plugin-catalog-common/alpha: the
// catalog's resource type, so that the catalog's permission rules apply.
const CATALOG_ENTITY = 'catalog-entity';

/**
 * Read an entity's delivery data: its metrics, merge requests and health.
 * A resource permission on catalog entities, checked with the entity ref as
 * `resourceRef`, so catalog rules such as `isEntityOwner` apply to it.
 * @public
 */
export const gitlabDeliveryEntityReadPermission = createPermission({
  name: 'gitlab-delivery.entity.read',
  attributes: { action: 'read' },
  resourceType: CATALOG_ENTITY,
});

/** Start a sync of GitLab merge requests now. @public */
export const gitlabDeliverySyncTriggerPermission = createPermission({
  name: 'gitlab-delivery.sync.trigger',
  attributes: { action: 'create' },
});

/** Read the health of every GitLab instance and project, with the token's facts. @public */
export const gitlabDeliveryHealthReadPermission = createPermission({
  name: 'gitlab-delivery.health.read',
  attributes: { action: 'read' },
});

/** Run the live GitLab health checks now. @public */
export const gitlabDeliveryHealthCheckPermission = createPermission({
  name: 'gitlab-delivery.health.check',
  attributes: { action: 'create' },
});

/**
 * Manage the plugin's GitLab connections: connect or disconnect an OAuth
 * application, list the projects the credentials can see, and turn a
 * project's scheduled sync on or off.
 * @public
 */
export const gitlabDeliveryConnectionManagePermission = createPermission({
  name: 'gitlab-delivery.connection.manage',
  attributes: { action: 'update' },
});

/** Every permission of the plugin, for the permissions registry. @public */
export const gitlabDeliveryPermissions = [
  gitlabDeliveryEntityReadPermission,
  gitlabDeliverySyncTriggerPermission,
  gitlabDeliveryHealthReadPermission,
  gitlabDeliveryHealthCheckPermission,
  gitlabDeliveryConnectionManagePermission,
];
