import { Entity, getCompoundEntityRef } from '@backstage/catalog-model';
import { useApi } from '@backstage/core-plugin-api';
import { MetricsResponse } from '@delivery-insights/plugin-gitlab-delivery-common';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { gitlabDeliveryApiRef } from '../api/GitlabDeliveryApi';
import { windowEndingNow } from '../lib/deliveryWindow';

/** Loads an entity's delivery metrics for the window of the last `days` days. @internal */
export function useDeliveryMetrics(entity: Entity, days: number) {
  const api = useApi(gitlabDeliveryApiRef);
  const entityRef = getCompoundEntityRef(entity);
  const { kind, namespace, name } = entityRef;
  return useAsyncRetry(async (): Promise<MetricsResponse> => {
    const { from, to } = windowEndingNow(days);
    return api.getMetrics({ entityRef: { kind, namespace, name }, from, to });
  }, [api, kind, namespace, name, days]);
}
