import { Progress, ResponseErrorPanel } from '@backstage/core-components';
import { useEntity } from '@backstage/plugin-catalog-react';
import Grid from '@material-ui/core/Grid';
import { useState } from 'react';
import { useDeliveryMetrics } from '../../hooks/useDeliveryMetrics';
import { DeliveryWindowDays } from '../../lib/deliveryWindow';
import {
  DeliveryMetricsCard,
  isEmptyWindow,
} from '../DeliveryCard/DeliveryMetricsCard';
import { ConnectedMergeRequestsCard } from '../MergeRequestsCard/ConnectedMergeRequestsCard';
import { NotConfiguredPanel } from '../shared/NotConfiguredPanel';
import { ChangeSummaryCard } from './ChangeSummaryCard';
import { HealthSummaryCard } from './HealthSummaryCard';
import { LazyDeliveryCharts } from './LazyDeliveryCharts';

/** The delivery tab wired to the entity in context and the API. @internal */
export function ConnectedDeliveryContent(props: {
  defaultWindowDays?: DeliveryWindowDays;
  healthTabPath?: string;
}) {
  const { entity } = useEntity();
  const [windowDays, setWindowDays] = useState<DeliveryWindowDays>(
    props.defaultWindowDays ?? 90,
  );
  const metrics = useDeliveryMetrics(entity, windowDays);
  const value = metrics.value;

  if (!metrics.loading && !metrics.error && value?.notConfigured) {
    return <NotConfiguredPanel notConfigured={value.notConfigured} />;
  }

  let details;
  if (metrics.loading) {
    details = <Progress aria-label="Loading delivery details" />;
  } else if (metrics.error) {
    details = (
      <ResponseErrorPanel
        error={metrics.error}
        title="Could not load the delivery metrics"
      />
    );
  } else if (value && !isEmptyWindow(value)) {
    details = (
      <Grid container spacing={3}>
        <Grid item xs={12}>
          <LazyDeliveryCharts metrics={value} />
        </Grid>
        <Grid item xs={12} md={6}>
          <ChangeSummaryCard metrics={value} />
        </Grid>
        <Grid item xs={12} md={6}>
          <HealthSummaryCard healthTabPath={props.healthTabPath} />
        </Grid>
      </Grid>
    );
  } else {
    details = <HealthSummaryCard healthTabPath={props.healthTabPath} />;
  }

  return (
    <Grid container spacing={3}>
      <Grid item xs={12}>
        <DeliveryMetricsCard
          loading={metrics.loading}
          error={metrics.error}
          metrics={value}
          windowDays={windowDays}
          onWindowChange={setWindowDays}
          wide
        />
      </Grid>
      <Grid item xs={12}>
        {details}
      </Grid>
      <Grid item xs={12}>
        <ConnectedMergeRequestsCard />
      </Grid>
    </Grid>
  );
}
