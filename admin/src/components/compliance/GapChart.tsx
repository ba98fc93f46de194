/**
 * Licensed against used seats for the software with the largest gaps (recharts, in the design system's
 * colours): horizontal bars, one row per software, its name on the left cut to a fixed width (the
 * whole name on hover), so any number of long names stays legible in either language.
 */
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { useTheme } from 'styled-components';
import type { ComplianceRow } from '../../api/types';
import { labelOf } from '../../resources';
import { useT } from '../../utils/translations';
import { ChartFrame } from './ChartFrame';
import { ChartLabel } from './ChartLabel';
import { seatTotalsOf } from './ComplianceBits';

/** How far a software is from its licensed seats, either way: a shortfall or unused seats. */
const gapOf = (row: ComplianceRow) => row.shortfall + row.unused;

/** The `limit` rows with the largest gaps, the largest first; software with no license nor use is left out. */
export const largestGaps = (rows: ComplianceRow[], limit = 10) => {
  const seen = new Set<string>();
  return rows
    .filter((r) => !seen.has(r.software.documentId) && seen.add(r.software.documentId) && gapOf(r) > 0)
    .sort((a, b) => b.shortfall - a.shortfall || gapOf(b) - gapOf(a))
    .slice(0, limit);
};

/** The names' column, in pixels: the Y axis, of which its tick line and margin take 8. */
export const NAME_AXIS_WIDTH = 176;
const NAME_WIDTH = NAME_AXIS_WIDTH - 8;
/** Pixels a software's row needs (its two bars and the gap), and what the axis, legend and margins take. */
const ROW_HEIGHT = 28;
const CHROME_HEIGHT = 84;

/** The height the rows need (the frame keeps at least its usual height). */
export const gapChartHeight = (count: number) => `${count * ROW_HEIGHT + CHROME_HEIGHT}px`;

export const GapChart = ({ rows }: { rows: ComplianceRow[] }) => {
  const t = useT();
  const theme = useTheme();
  const data = rows.map((r) => ({ name: labelOf(r.software), ...seatTotalsOf(r) }));
  const licensed = t('compliance.chart.licensed');
  const used = t('compliance.chart.used');
  const axis = { fill: theme.colors.neutral600, fontSize: 12 };
  return (
    <ChartFrame
      id="gap-chart"
      title={t('compliance.chart.gaps.title')}
      summary={t('compliance.chart.gaps.summary', { count: data.length })}
      columns={[t('compliance.column.software'), licensed, used]}
      rows={data.map((d) => [d.name, d.licensed, d.used])}
      empty={data.length ? undefined : t('compliance.chart.gaps.empty')}
      height={gapChartHeight(data.length)}
    >
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={data} layout="vertical" margin={{ top: 8, right: 16, bottom: 8, left: 8 }} barCategoryGap="20%">
          <CartesianGrid strokeDasharray="3 3" stroke={theme.colors.neutral200} horizontal={false} />
          <XAxis type="number" allowDecimals={false} tick={axis} />
          <YAxis
            type="category"
            dataKey="name"
            width={NAME_AXIS_WIDTH}
            interval={0}
            tick={(props) => <ChartLabel {...props} maxWidth={NAME_WIDTH} fill={axis.fill} fontSize={axis.fontSize} />}
          />
          <Tooltip contentStyle={{ background: theme.colors.neutral0, borderColor: theme.colors.neutral200 }} />
          <Legend />
          <Bar dataKey="licensed" name={licensed} fill={theme.colors.primary600} radius={[0, 4, 4, 0]} isAnimationActive={false} />
          <Bar dataKey="used" name={used} fill={theme.colors.danger600} radius={[0, 4, 4, 0]} isAnimationActive={false} />
        </BarChart>
      </ResponsiveContainer>
    </ChartFrame>
  );
};
