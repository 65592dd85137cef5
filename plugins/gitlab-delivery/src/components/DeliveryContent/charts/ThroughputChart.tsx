import { CountBarChart } from './CountBarChart';
import { weekLabel } from './weekLabel';

/** Merged MRs per week, as bars. @internal */
export function ThroughputChart(props: {
  weekly: Array<{ week: string; merged: number }>;
}) {
  const data = props.weekly.map(point => ({
    label: weekLabel(point.week),
    count: point.merged,
  }));
  return (
    <CountBarChart
      label="Weekly throughput"
      emptyText="No merge requests merged in this window."
      barName="Merged"
      data={data}
      description={`Merged merge requests per week: ${data
        .map(point => `week of ${point.label}: ${point.count}`)
        .join('; ')}.`}
    />
  );
}
