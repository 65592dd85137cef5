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
import { weekLabel } from './weekLabel';

/** Merged MRs per week, as bars. @internal */
export function ThroughputChart(props: {
  weekly: Array<{ week: string; merged: number }>;
}) {
  const colors = useChartColors();
  const data = props.weekly.map(point => ({
    label: weekLabel(point.week),
    merged: point.merged,
  }));
  const description = `Merged merge requests per week: ${data
    .map(point => `week of ${point.label}: ${point.merged}`)
    .join('; ')}.`;
  return (
    <ChartFigure
      label="Weekly throughput"
      description={description}
      empty={data.every(point => point.merged === 0)}
      emptyText="No merge requests merged in this window."
    >
      <ResponsiveContainer width="100%" height={240}>
        <BarChart data={data} margin={{ top: 8, right: 8, left: 0, bottom: 0 }}>
          <CartesianGrid stroke={colors.grid} vertical={false} />
          <XAxis dataKey="label" stroke={colors.text} fontSize={12} />
          <YAxis allowDecimals={false} stroke={colors.text} fontSize={12} />
          <Tooltip
            contentStyle={{
              background: colors.tooltipBackground,
              color: colors.tooltipText,
            }}
            cursor={{ fill: colors.grid }}
          />
          <Bar dataKey="merged" name="Merged" fill={colors.primary} />
        </BarChart>
      </ResponsiveContainer>
    </ChartFigure>
  );
}
