import {
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import {
  Entity,
  RELATION_HAS_PART,
  RELATION_OWNER_OF,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { gitlabDeliveryEntityReadPermission } from '@delivery-insights/plugin-gitlab-delivery-common';

/** The kinds whose data is that of other entities: their parts, or what they own. @internal */
export const AGGREGATE_KINDS = ['system', 'domain', 'group'];

/** Members read at most for one aggregate, so that a huge group stays bounded. */
const MAX_MEMBERS = 1000;

const FIELDS = [
  'kind',
  'metadata.namespace',
  'metadata.name',
  'metadata.annotations',
  'relations',
];

function targets(entity: Entity, type: string): string[] {
  return (entity.relations ?? [])
    .filter(r => r.type === type)
    .map(r => r.targetRef);
}

/**
 * What a caller may see: entities read from the catalog with the caller's
 * credentials, and the permission gitlab-delivery.entity.read checked per
 * entity (a resource permission on catalog entities, so catalog rules such
 * as isEntityOwner apply through the policy).
 * @internal
 */
export class EntityAccess {
  constructor(
    private readonly options: {
      catalog: CatalogService;
      permissions: PermissionsService;
    },
  ) {}

  /** Which of the entities the caller may read the delivery data of. */
  async readable(
    entities: Entity[],
    credentials: BackstageCredentials,
  ): Promise<Entity[]> {
    if (entities.length === 0) return [];
    const decisions = await this.options.permissions.authorize(
      entities.map(entity => ({
        permission: gitlabDeliveryEntityReadPermission,
        resourceRef: stringifyEntityRef(entity),
      })),
      { credentials },
    );
    return entities.filter(
      (_, i) => decisions[i]?.result === AuthorizeResult.ALLOW,
    );
  }

  /**
   * The entities an aggregate stands for, as far as the caller may see them
   * and read their data: a System's parts, a Domain's systems and their
   * parts, a Group's owned entities. Hidden or denied entities contribute
   * nothing, nor do the parts of a hidden system.
   */
  async members(
    entity: Entity,
    credentials: BackstageCredentials,
  ): Promise<Entity[]> {
    const kind = entity.kind.toLocaleLowerCase('en-US');
    if (kind === 'group') {
      return this.read(targets(entity, RELATION_OWNER_OF), credentials);
    }
    const parts = await this.read(
      targets(entity, RELATION_HAS_PART),
      credentials,
    );
    if (kind !== 'domain') return parts;
    const systems = parts.filter(
      p => p.kind.toLocaleLowerCase('en-US') === 'system',
    );
    const components = await this.read(
      systems.flatMap(system => targets(system, RELATION_HAS_PART)),
      credentials,
    );
    return [...parts, ...components];
  }

  /** The entities the caller can see in the catalog and read the data of. */
  private async read(
    refs: string[],
    credentials: BackstageCredentials,
  ): Promise<Entity[]> {
    const unique = [...new Set(refs)].slice(0, MAX_MEMBERS);
    if (unique.length === 0) return [];
    const { items } = await this.options.catalog.getEntitiesByRefs(
      { entityRefs: unique, fields: FIELDS },
      { credentials },
    );
    const visible = items.filter(
      (e): e is Entity => e !== undefined && e !== null,
    );
    return this.readable(visible, credentials);
  }
}
