import { Entity } from '@backstage/catalog-model';
import { useEntityRefLink } from '@backstage/plugin-catalog-react';

/** The URL of one of the entity page's tabs, by its path. @internal */
export function useEntityTabLink(entity: Entity, tabPath: string): string {
  const entityLink = useEntityRefLink();
  return `${entityLink(entity).replace(/\/$/, '')}/${tabPath.replace(
    /^\//,
    '',
  )}`;
}
