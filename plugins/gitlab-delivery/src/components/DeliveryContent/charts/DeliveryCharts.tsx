import { InfoCard } from '@backstage/core-components';
import Grid from '@material-ui/core/Grid';
import { MetricsResponse } from '@delivery-insights/plugin-gitlab-delivery-common';
import { SizeDistributionChart } from './SizeDistributionChart';
import { ThroughputChart } from './ThroughputChart';
import { TimeToMergeChart } from './TimeToMergeChart';

/**
 * The delivery tab's charts. This module is the only one that imports
 * recharts, and it is loaded lazily.
 * @internal
 */
export function DeliveryCharts(props: { metrics: MetricsResponse }) {
  const { metrics } = props;
  return (
    <Grid container spacing={3}>
      <Grid item xs={12} md={6} lg={4}>
        <InfoCard title="Weekly throughput" subheader="Merged per week">
          <ThroughputChart weekly={metrics.throughput.weekly} />
        </InfoCard>
      </Grid>
      <Grid item xs={12} md={6} lg={4}>
        <InfoCard
          title="Weekly time to merge"
          subheader="Median and 90th percentile from opened to merged"
        >
          <TimeToMergeChart weekly={metrics.timeToMerge.weekly} />
        </InfoCard>
      </Grid>
      <Grid item xs={12} md={6} lg={4}>
        <InfoCard title="Size distribution" subheader="By lines changed">
          <SizeDistributionChart size={metrics.size} />
        </InfoCard>
      </Grid>
    </Grid>
  );
}
