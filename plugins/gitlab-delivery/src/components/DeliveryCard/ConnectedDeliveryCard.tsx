import { useEntity } from '@backstage/plugin-catalog-react';
import { useState } from 'react';
import { useDeliveryMetrics } from '../../hooks/useDeliveryMetrics';
import { DeliveryWindowDays } from '../../lib/deliveryWindow';
import { DeliveryMetricsCard } from './DeliveryMetricsCard';
import { useEntityTabLink } from './useEntityTabLink';

/** The delivery card wired to the entity in context and the API. @internal */
export function ConnectedDeliveryCard(props: {
  defaultWindowDays?: DeliveryWindowDays;
  deliveryTabPath?: string;
}) {
  const { entity } = useEntity();
  const [windowDays, setWindowDays] = useState<DeliveryWindowDays>(
    props.defaultWindowDays ?? 30,
  );
  const { loading, error, value } = useDeliveryMetrics(entity, windowDays);
  const tabLink = useEntityTabLink(
    entity,
    props.deliveryTabPath ?? 'gitlab-delivery',
  );
  return (
    <DeliveryMetricsCard
      loading={loading}
      error={error}
      metrics={value}
      windowDays={windowDays}
      onWindowChange={setWindowDays}
      tabLink={tabLink}
    />
  );
}
