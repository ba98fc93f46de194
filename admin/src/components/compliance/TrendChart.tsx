/** The daily trend: seats short and software out of compliance, one point a day from the snapshots. */
import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { useTheme } from 'styled-components';
import type { TrendPoint } from '../../api/types';
import { useT } from '../../utils/translations';
import { useFormatDay } from '../../utils/formatDates';
import { ChartFrame } from './ChartFrame';

/**
 * `restricted`: the trend was refused (403: it counts every organization, so a role whose read
 * permission has conditions may not read it); the frame says so instead of drawing.
 */
export const TrendChart = ({ points, days, restricted = false }: { points: TrendPoint[]; days: number; restricted?: boolean }) => {
  const t = useT();
  const theme = useTheme();
  const formatDay = useFormatDay();
  const shortfall = t('compliance.chart.trend.shortfall');
  const nonCompliant = t('compliance.summary.nonCompliant');
  const axis = { fill: theme.colors.neutral600, fontSize: 12 };
  return (
    <ChartFrame
      id="trend-chart"
      title={t('compliance.chart.trend.title', { days })}
      summary={points.length ? t('compliance.chart.trend.summary', { from: formatDay(points[0].date), to: formatDay(points[points.length - 1].date) }) : ''}
      columns={[t('compliance.chart.date'), shortfall, nonCompliant]}
      rows={points.map((p) => [formatDay(p.date), p.shortfall, p.nonCompliant])}
      empty={restricted ? t('compliance.chart.trend.restricted') : points.length ? undefined : t('compliance.chart.trend.empty')}
    >
      <ResponsiveContainer width="100%" height="100%">
        <LineChart data={points} margin={{ top: 8, right: 8, bottom: 8, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" stroke={theme.colors.neutral200} vertical={false} />
          <XAxis dataKey="date" tickFormatter={(d: string) => formatDay(d)} tick={axis} minTickGap={24} />
          <YAxis yAxisId="seats" allowDecimals={false} tick={axis} />
          <YAxis yAxisId="software" orientation="right" allowDecimals={false} tick={axis} />
          <Tooltip labelFormatter={(d) => formatDay(String(d))} contentStyle={{ background: theme.colors.neutral0, borderColor: theme.colors.neutral200 }} />
          <Legend />
          <Line
            yAxisId="seats"
            type="monotone"
            dataKey="shortfall"
            name={shortfall}
            stroke={theme.colors.danger600}
            strokeWidth={2}
            dot={false}
            isAnimationActive={false}
          />
          <Line
            yAxisId="software"
            type="stepAfter"
            dataKey="nonCompliant"
            name={nonCompliant}
            stroke={theme.colors.primary600}
            strokeWidth={2}
            dot={false}
            isAnimationActive={false}
          />
        </LineChart>
      </ResponsiveContainer>
    </ChartFrame>
  );
};
