import {
  SizeBucket,
  SizeMetrics,
} from '@delivery-insights/plugin-gitlab-delivery-common';
import { CountBarChart } from './CountBarChart';

const BUCKETS: SizeBucket[] = ['XS', 'S', 'M', 'L', 'XL'];

/** How many MRs fall in each size bucket, as bars. @internal */
export function SizeDistributionChart(props: { size: SizeMetrics }) {
  const data = BUCKETS.map(bucket => ({
    label: bucket,
    count: props.size.distribution[bucket] ?? 0,
  }));
  return (
    <CountBarChart
      label="Size distribution"
      emptyText="No merge request sizes in this window."
      barName="Merge requests"
      data={data}
      description={`Merge requests by size: ${data
        .map(point => `${point.label}: ${point.count}`)
        .join(', ')}.`}
    />
  );
}
