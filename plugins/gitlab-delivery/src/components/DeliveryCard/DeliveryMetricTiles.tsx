import Grid from '@material-ui/core/Grid';
import {
  DurationStats,
  MetricsResponse,
} from '@delivery-insights/plugin-gitlab-delivery-common';
import { formatDuration } from '../../lib/formatDuration';
import { computeTrend } from '../../lib/trend';
import { MetricTile } from './MetricTile';

function durationDetail(stats: DurationStats): string {
  const mrs = stats.count === 1 ? 'MR' : 'MRs';
  return `median · p90 ${formatDuration(stats.p90)} · ${stats.count} ${mrs}`;
}

/** The four headline metrics: time to merge, first comment, approval, throughput. @internal */
export function DeliveryMetricTiles(props: {
  metrics: MetricsResponse;
  windowDays: number;
  /** Four tiles in a row on wide screens instead of two. */
  wide?: boolean;
}) {
  const { metrics, windowDays, wide } = props;
  const { previous } = metrics;
  const weeks = Math.max(1, windowDays / 7);
  const perWeek = metrics.throughput.total / weeks;
  const tiles = [
    {
      id: 'time-to-merge',
      title: 'Time to merge',
      value: formatDuration(metrics.timeToMerge.median),
      detail: durationDetail(metrics.timeToMerge),
      trend: computeTrend({
        current: metrics.timeToMerge.median,
        previous: previous.timeToMerge.median,
        kind: 'duration',
        windowDays,
        format: formatDuration,
      }),
    },
    {
      id: 'time-to-first-comment',
      title: 'Time to first comment',
      value: formatDuration(metrics.timeToFirstComment.median),
      detail: durationDetail(metrics.timeToFirstComment),
      trend: computeTrend({
        current: metrics.timeToFirstComment.median,
        previous: previous.timeToFirstComment.median,
        kind: 'duration',
        windowDays,
        format: formatDuration,
      }),
    },
    {
      id: 'time-to-approve',
      title: 'Time to approve',
      value: formatDuration(metrics.timeToApprove.median),
      detail: durationDetail(metrics.timeToApprove),
      trend: computeTrend({
        current: metrics.timeToApprove.median,
        previous: previous.timeToApprove.median,
        kind: 'duration',
        windowDays,
        format: formatDuration,
      }),
    },
    {
      id: 'throughput',
      title: 'Throughput',
      value: String(metrics.throughput.total),
      detail: `merged MRs · ${perWeek.toFixed(perWeek < 10 ? 1 : 0)} per week`,
      trend: computeTrend({
        current: metrics.throughput.total,
        previous: previous.throughput.total,
        kind: 'count',
        windowDays,
        format: String,
      }),
    },
  ];
  return (
    <Grid container spacing={2}>
      {tiles.map(tile => (
        <Grid item xs={12} sm={6} lg={wide ? 3 : 6} key={tile.id}>
          <MetricTile {...tile} />
        </Grid>
      ))}
    </Grid>
  );
}
