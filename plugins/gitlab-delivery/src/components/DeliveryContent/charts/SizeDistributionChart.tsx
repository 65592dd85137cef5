import {
  SizeBucket,
  SizeMetrics,
} from '@delivery-insights/plugin-gitlab-delivery-common';
import {
  Bar,
  BarChart,
  CartesianGrid,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { ChartFigure } from './ChartFigure';
import { useChartColors } from './useChartColors';

const BUCKETS: SizeBucket[] = ['XS', 'S', 'M', 'L', 'XL'];

/** How many MRs fall in each size bucket, as bars. @internal */
export function SizeDistributionChart(props: { size: SizeMetrics }) {
  const colors = useChartColors();
  const data = BUCKETS.map(bucket => ({
    bucket,
    count: props.size.distribution[bucket] ?? 0,
  }));
  const description = `Merge requests by size: ${data
    .map(point => `${point.bucket}: ${point.count}`)
    .join(', ')}.`;
  return (
    <ChartFigure
      label="Size distribution"
      description={description}
      empty={data.every(point => point.count === 0)}
      emptyText="No merge request sizes in this window."
    >
      <ResponsiveContainer width="100%" height={240}>
        <BarChart data={data} margin={{ top: 8, right: 8, left: 0, bottom: 0 }}>
          <CartesianGrid stroke={colors.grid} vertical={false} />
          <XAxis dataKey="bucket" stroke={colors.text} fontSize={12} />
          <YAxis allowDecimals={false} stroke={colors.text} fontSize={12} />
          <Tooltip
            contentStyle={{
              background: colors.tooltipBackground,
              color: colors.tooltipText,
            }}
            cursor={{ fill: colors.grid }}
          />
          <Bar dataKey="count" name="Merge requests" fill={colors.primary} />
        </BarChart>
      </ResponsiveContainer>
    </ChartFigure>
  );
}
