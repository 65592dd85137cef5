import {
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import Grid from '@material-ui/core/Grid';
import { MetricsResponse } from '@delivery-insights/plugin-gitlab-delivery-common';
import { WeeklyTimeToMerge } from '../../../hooks/useWeeklyTimeToMerge';
import { SizeDistributionChart } from './SizeDistributionChart';
import { ThroughputChart } from './ThroughputChart';
import { TimeToMergeChart } from './TimeToMergeChart';

/**
 * The delivery tab's charts. This module is the only one that imports
 * recharts, and it is loaded lazily.
 * @internal
 */
export function DeliveryCharts(props: {
  metrics: MetricsResponse;
  timeToMerge: {
    loading: boolean;
    error?: Error;
    value?: WeeklyTimeToMerge[];
  };
}) {
  const { metrics, timeToMerge } = props;
  let timeToMergeContent;
  if (timeToMerge.error) {
    timeToMergeContent = (
      <ResponseErrorPanel
        error={timeToMerge.error}
        title="Could not load the merged merge requests"
      />
    );
  } else if (timeToMerge.loading || !timeToMerge.value) {
    timeToMergeContent = (
      <Progress aria-label="Loading the weekly time to merge" />
    );
  } else {
    timeToMergeContent = <TimeToMergeChart weekly={timeToMerge.value} />;
  }
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
          subheader="Median from opened to merged"
        >
          {timeToMergeContent}
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
