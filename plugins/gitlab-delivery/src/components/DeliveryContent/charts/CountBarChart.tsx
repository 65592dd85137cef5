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

/** Counts as bars, with a text description for screen readers. @internal */
export function CountBarChart(props: {
  label: string;
  emptyText: string;
  barName: string;
  data: Array<{ label: string; count: number }>;
  /** The bars in words, for screen readers. */
  description: string;
}) {
  const colors = useChartColors();
  const { data } = props;
  return (
    <ChartFigure
      label={props.label}
      description={props.description}
      empty={data.every(point => point.count === 0)}
      emptyText={props.emptyText}
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
          <Bar dataKey="count" name={props.barName} fill={colors.primary} />
        </BarChart>
      </ResponsiveContainer>
    </ChartFigure>
  );
}
