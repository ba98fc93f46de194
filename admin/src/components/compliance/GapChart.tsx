/**
 * Licensed against used seats for the software with the largest gaps (recharts, in the design system's
 * colours): horizontal bars, one row per software, its name on the left cut to the names' column (the
 * whole name on hover), so any number of long names stays legible in either language.
 */
import * as React from 'react';
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { useTheme } from 'styled-components';
import type { ComplianceRow } from '../../api/types';
import { labelOf } from '../../resources';
import { useT } from '../../utils/translations';
import { ChartFrame } from './ChartFrame';
import { ChartLabel } from './ChartLabel';
import { seatTotalsOf } from './ComplianceFigures';

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

/** The names' column (the Y axis) before the chart's width is known, in pixels. */
export const NAME_AXIS_WIDTH = 176;
/** What the axis' tick line and its margin take of the names' column. */
const TICK_SPACE = 8;

/** The names' column for a chart `width` pixels wide: two fifths of it, from 96 to 240 px, so the bars keep the rest. */
export const nameAxisWidth = (width?: number) => (width ? Math.round(Math.min(240, Math.max(96, width * 0.4))) : NAME_AXIS_WIDTH);

/** Pixels a software's row needs (its two bars and the gap), and what the axis, legend and margins take. */
const ROW_HEIGHT = 28;
const CHROME_HEIGHT = 84;

/** The height the rows need (the frame keeps at least its usual height). */
export const gapChartHeight = (count: number) => `${count * ROW_HEIGHT + CHROME_HEIGHT}px`;

export const GapChart = ({ rows }: { rows: ComplianceRow[] }) => {
  const t = useT();
  const theme = useTheme();
  // One row per software, by its documentId: two software of the same name stay two rows.
  const data = rows.map((r) => ({ id: r.software.documentId, software: r.software, name: labelOf(r.software), ...seatTotalsOf(r) }));
  const byId = new Map(data.map((d) => [d.id, d]));
  const licensed = t('compliance.chart.licensed');
  const used = t('compliance.chart.used');
  const axis = { fill: theme.colors.neutral600, fontSize: 12 };
  const [chartWidth, setChartWidth] = React.useState<number>();
  const namesWidth = nameAxisWidth(chartWidth);
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
      <ResponsiveContainer width="100%" height="100%" onResize={(width) => setChartWidth(width)}>
        <BarChart data={data} layout="vertical" margin={{ top: 8, right: 16, bottom: 8, left: 8 }} barCategoryGap="20%">
          <CartesianGrid strokeDasharray="3 3" stroke={theme.colors.neutral200} horizontal={false} />
          <XAxis type="number" allowDecimals={false} tick={axis} />
          <YAxis
            type="category"
            dataKey="id"
            width={namesWidth}
            interval={0}
            tick={({ x, y, payload }) => {
              const software = byId.get(payload.value)?.software;
              return (
                <ChartLabel
                  x={x}
                  y={y}
                  text={software?.name ?? ''}
                  tail={software?.version ?? ''}
                  maxWidth={namesWidth - TICK_SPACE}
                  fill={axis.fill}
                  fontSize={axis.fontSize}
                />
              );
            }}
          />
          <Tooltip
            labelFormatter={(id) => byId.get(String(id))?.name ?? ''}
            contentStyle={{ background: theme.colors.neutral0, borderColor: theme.colors.neutral200 }}
          />
          <Legend />
          <Bar dataKey="licensed" name={licensed} fill={theme.colors.primary600} radius={[0, 4, 4, 0]} isAnimationActive={false} />
          <Bar dataKey="used" name={used} fill={theme.colors.danger600} radius={[0, 4, 4, 0]} isAnimationActive={false} />
        </BarChart>
      </ResponsiveContainer>
    </ChartFrame>
  );
};
