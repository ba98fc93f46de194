/** Licensed against used seats for the software with the largest gaps (recharts, in the design system's colours). */
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { useTheme } from 'styled-components';
import type { ComplianceRow } from '../../api/types';
import { labelOf } from '../../resources';
import { useT } from '../../utils/translations';
import { ChartFrame } from './ChartFrame';
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

export const GapChart = ({ rows }: { rows: ComplianceRow[] }) => {
  const t = useT();
  const theme = useTheme();
  const data = rows.map((r) => ({ name: labelOf(r.software), ...seatTotalsOf(r) }));
  const licensed = t('compliance.chart.licensed');
  const used = t('compliance.chart.used');
  return (
    <ChartFrame
      id="gap-chart"
      title={t('compliance.chart.gaps.title')}
      summary={t('compliance.chart.gaps.summary', { count: data.length })}
      columns={[t('compliance.column.software'), licensed, used]}
      rows={data.map((d) => [d.name, d.licensed, d.used])}
      empty={data.length ? undefined : t('compliance.chart.gaps.empty')}
    >
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={data} margin={{ top: 8, right: 8, bottom: 8, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" stroke={theme.colors.neutral200} vertical={false} />
          <XAxis dataKey="name" tick={{ fill: theme.colors.neutral600, fontSize: 12 }} interval={0} />
          <YAxis allowDecimals={false} tick={{ fill: theme.colors.neutral600, fontSize: 12 }} />
          <Tooltip contentStyle={{ background: theme.colors.neutral0, borderColor: theme.colors.neutral200 }} />
          <Legend />
          <Bar dataKey="licensed" name={licensed} fill={theme.colors.primary600} radius={[4, 4, 0, 0]} isAnimationActive={false} />
          <Bar dataKey="used" name={used} fill={theme.colors.danger600} radius={[4, 4, 0, 0]} isAnimationActive={false} />
        </BarChart>
      </ResponsiveContainer>
    </ChartFrame>
  );
};
