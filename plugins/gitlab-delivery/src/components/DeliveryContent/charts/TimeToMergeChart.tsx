import { WeeklyTimeToMerge } from '@delivery-insights/plugin-gitlab-delivery-common';
import {
  CartesianGrid,
  Line,
  LineChart,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { formatDuration } from '../../../lib/formatDuration';
import { ChartFigure } from './ChartFigure';
import { useChartColors } from './useChartColors';
import { weekLabel } from './weekLabel';

function weekInWords(point: WeeklyTimeToMerge): string {
  const label = `week of ${weekLabel(point.week)}`;
  if (point.count === 0) return `${label}: none merged`;
  const median = formatDuration(point.median);
  const p90 = formatDuration(point.p90);
  return `${label}: median ${median}, 90th percentile ${p90} over ${point.count} merged`;
}

/** Median and 90th percentile time to merge per week, as lines; weeks without merges are gaps. @internal */
export function TimeToMergeChart(props: { weekly: WeeklyTimeToMerge[] }) {
  const colors = useChartColors();
  const data = props.weekly.map(point => ({
    label: weekLabel(point.week),
    median: point.median,
    p90: point.p90,
  }));
  const description = `Median time to merge per week: ${props.weekly
    .map(weekInWords)
    .join('; ')}.`;
  return (
    <ChartFigure
      label="Weekly time to merge"
      description={description}
      empty={props.weekly.every(point => point.count === 0)}
      emptyText="No merge requests merged in this window."
    >
      <ResponsiveContainer width="100%" height={240}>
        <LineChart
          data={data}
          margin={{ top: 8, right: 8, left: 0, bottom: 0 }}
        >
          <CartesianGrid stroke={colors.grid} vertical={false} />
          <XAxis dataKey="label" stroke={colors.text} fontSize={12} />
          <YAxis
            stroke={colors.text}
            fontSize={12}
            width={64}
            tickFormatter={(value: number) => formatDuration(value)}
          />
          <Tooltip
            contentStyle={{
              background: colors.tooltipBackground,
              color: colors.tooltipText,
            }}
            formatter={(value: number, name: string) => [
              formatDuration(value),
              name,
            ]}
          />
          <Line
            type="monotone"
            dataKey="median"
            name="Median"
            stroke={colors.secondary}
            strokeWidth={2}
            dot
          />
          <Line
            type="monotone"
            dataKey="p90"
            name="90th percentile"
            stroke={colors.text}
            strokeDasharray="4 4"
            dot={false}
          />
        </LineChart>
      </ResponsiveContainer>
    </ChartFigure>
  );
}
