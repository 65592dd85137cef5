import { Entity, getCompoundEntityRef } from '@backstage/catalog-model';
import { useApi } from '@backstage/core-plugin-api';
import { EntityHealthResponse } from '@delivery-insights/plugin-gitlab-delivery-common';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { gitlabDeliveryApiRef } from '../api/GitlabDeliveryApi';

/** Loads the sync status and stored health checks of an entity's projects. @internal */
export function useEntityHealth(entity: Entity) {
  const api = useApi(gitlabDeliveryApiRef);
  const { kind, namespace, name } = getCompoundEntityRef(entity);
  return useAsyncRetry(
    async (): Promise<EntityHealthResponse> =>
      api.getEntityHealth({ entityRef: { kind, namespace, name } }),
    [api, kind, namespace, name],
  );
}
