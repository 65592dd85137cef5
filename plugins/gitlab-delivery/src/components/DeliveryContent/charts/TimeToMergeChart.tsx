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
import { WeeklyTimeToMerge } from '../../../hooks/useWeeklyTimeToMerge';
import { ChartFigure } from './ChartFigure';
import { useChartColors } from './useChartColors';
import { weekLabel } from './weekLabel';

/** Median time to merge per week, as a line. @internal */
export function TimeToMergeChart(props: { weekly: WeeklyTimeToMerge[] }) {
  const colors = useChartColors();
  const data = props.weekly.map(point => ({
    label: weekLabel(point.week),
    median: point.medianSeconds,
    count: point.count,
  }));
  const description = `Median time to merge per week: ${data
    .map(
      point =>
        `week of ${point.label}: ${formatDuration(point.median)} over ${
          point.count
        } merged`,
    )
    .join('; ')}.`;
  return (
    <ChartFigure
      label="Weekly time to merge"
      description={description}
      empty={data.length === 0}
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
            formatter={(value: number) => [formatDuration(value), 'Median']}
          />
          <Line
            type="monotone"
            dataKey="median"
            name="Median"
            stroke={colors.secondary}
            strokeWidth={2}
            dot
          />
        </LineChart>
      </ResponsiveContainer>
    </ChartFigure>
  );
}
