import { Entity, getCompoundEntityRef } from '@backstage/catalog-model';
import { useApi } from '@backstage/core-plugin-api';
import {
  MergeRequestStateFilter,
  MergeRequestsResponse,
} from '@delivery-insights/plugin-gitlab-delivery-common';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { gitlabDeliveryApiRef } from '../api/GitlabDeliveryApi';

/** Loads one page of an entity's merge requests. @internal */
export function useMergeRequestPage(options: {
  entity: Entity;
  state: MergeRequestStateFilter;
  limit: number;
  cursor: string | undefined;
}) {
  const { entity, state, limit, cursor } = options;
  const api = useApi(gitlabDeliveryApiRef);
  const { kind, namespace, name } = getCompoundEntityRef(entity);
  return useAsyncRetry(
    async (): Promise<MergeRequestsResponse> =>
      api.getMergeRequests({
        entityRef: { kind, namespace, name },
        state,
        limit,
        cursor,
      }),
    [api, kind, namespace, name, state, limit, cursor],
  );
}
