import { Entity } from '@backstage/catalog-model';
import { isGitlabDeliveryAvailable } from '@delivery-insights/plugin-gitlab-delivery-common';

/**
 * Whether the plugin's cards and tabs belong on an entity's page: the entity
 * names a GitLab project through its annotations, or it is a System, which the
 * backend shows with the projects of its components.
 * @public
 */
export function isGitlabDeliveryEntity(entity: Entity): boolean {
  return (
    isGitlabDeliveryAvailable(entity) ||
    entity.kind.toLocaleLowerCase('en-US') === 'system'
  );
}
