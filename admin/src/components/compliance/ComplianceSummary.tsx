/** The Compliance page's figures: software out of compliance and at risk, licenses expiring; true-up cost, unused value, annual recurring and committed cost per currency. */
import * as React from 'react';
import { Box, Flex, Grid, Typography } from '@strapi/design-system';
import type { ComplianceTotals } from '../../api/types';
import { useT } from '../../utils/translations';
import { CostList } from './ComplianceFigures';

const Figure = ({ id, label, note, children }: { id: string; label: string; note?: string; children: React.ReactNode }) => (
  <Box background="neutral0" hasRadius shadow="tableShadow" padding={5} height="100%" data-testid={`figure-${id}`}>
    <Flex direction="column" alignItems="flex-start" gap={2}>
      <Typography variant="sigma" textColor="neutral600" tag="h3">
        {label}
      </Typography>
      {children}
      {note && (
        <Typography variant="pi" textColor="neutral600">
          {note}
        </Typography>
      )}
    </Flex>
  </Box>
);

/** The figures are 32 px (large text, 3:1): warning600 measures 2.9:1 on white, warning700 4.4:1. */
const Count = ({ value, tone }: { value: number | undefined; tone: 'danger600' | 'warning700' | 'neutral800' }) => (
  <Typography variant="alpha" tag="p" textColor={value ? tone : 'neutral800'} data-testid="figure-value">
    {value ?? '-'}
  </Typography>
);

export const ComplianceSummary = ({
  totals,
  expiring,
}: {
  totals: ComplianceTotals;
  /** Licenses whose expiration falls within the settings' window, when known. */
  expiring?: { count: number; days: number };
}) => {
  const t = useT();
  const none = t('compliance.summary.noCost');
  return (
    <Box tag="section" aria-label={t('compliance.summary.label')}>
      {/* Two rows of three, the counts then the amounts: six in a row left 120 px a box at 1440 px, no more
          than "8 886 258,00 €" takes in French; a third of the width leaves 296 px. */}
      <Grid.Root gap={4}>
        <Grid.Item col={4} s={6} xs={12} direction="column" alignItems="stretch">
          <Figure id="nonCompliant" label={t('compliance.summary.nonCompliant')} note={t('compliance.summary.ofTotal', { count: totals.software })}>
            <Count value={totals.nonCompliant} tone="danger600" />
          </Figure>
        </Grid.Item>
        <Grid.Item col={4} s={6} xs={12} direction="column" alignItems="stretch">
          <Figure id="atRisk" label={t('compliance.summary.atRisk')} note={t('compliance.summary.ofTotal', { count: totals.software })}>
            <Count value={totals.atRisk} tone="warning700" />
          </Figure>
        </Grid.Item>
        <Grid.Item col={4} s={6} xs={12} direction="column" alignItems="stretch">
          <Figure
            id="expiring"
            label={t('compliance.summary.expiring')}
            note={expiring ? t('compliance.summary.expiringWindow', { days: expiring.days }) : undefined}
          >
            <Count value={expiring?.count} tone="warning700" />
          </Figure>
        </Grid.Item>
        <Grid.Item col={3} s={6} xs={12} direction="column" alignItems="stretch">
          <Figure id="trueUp" label={t('compliance.summary.trueUp')}>
            <CostList costs={totals.costs} pick="trueUp" variant="beta" emptyText={none} />
          </Figure>
        </Grid.Item>
        <Grid.Item col={3} s={6} xs={12} direction="column" alignItems="stretch">
          <Figure id="unusedValue" label={t('compliance.summary.unusedValue')}>
            <CostList costs={totals.costs} pick="unusedValue" variant="beta" emptyText={none} />
          </Figure>
        </Grid.Item>
        <Grid.Item col={3} s={6} xs={12} direction="column" alignItems="stretch">
          <Figure id="annualRecurring" label={t('compliance.summary.annualRecurring')}>
            <CostList costs={totals.costs} pick="annualRecurring" variant="beta" emptyText={none} />
          </Figure>
        </Grid.Item>
        <Grid.Item col={3} s={6} xs={12} direction="column" alignItems="stretch">
          <Figure id="committed" label={t('compliance.summary.committed')}>
            <CostList costs={totals.costs} pick="committed" variant="beta" emptyText={none} />
          </Figure>
        </Grid.Item>
      </Grid.Root>
    </Box>
  );
};
