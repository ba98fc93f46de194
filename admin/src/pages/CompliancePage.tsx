import * as React from 'react';
import { Button, Checkbox, Flex, Grid, SingleSelect, SingleSelectOption } from '@strapi/design-system';
import { Download } from '@strapi/icons';
import { Layouts, Page, SearchInput, useQueryParams } from '@strapi/strapi/admin';
import { COMPLIANCE_STATUSES, TREND_DAYS_DEFAULT } from '../../../shared/compliance';
import { PAGE_SIZE_DEFAULT } from '../../../shared/constants';
import { FRESH_ON_OPEN } from '../api/base';
import { useComplianceQuery, useComplianceTrendQuery, useExportCompliance } from '../api/compliance';
import { statusOf, useApiError } from '../api/errors';
import { useLicensesQuery } from '../api/licenses';
import type { ComplianceRow } from '../api/types';
import { useSettingsQuery } from '../api/settings';
import { ComplianceSummary } from '../components/compliance/ComplianceSummary';
import { ComplianceTable } from '../components/compliance/ComplianceTable';
import { ReconciliationDialog } from '../components/compliance/ReconciliationDialog';
import { statusLabel } from '../components/compliance/ComplianceFigures';
import { GapChart, largestGaps } from '../components/compliance/GapChart';
import { TrendChart } from '../components/compliance/TrendChart';
import { ListPagination } from '../components/ListPagination';
import { apiSort } from '../utils/listQuery';
import { useT } from '../utils/translations';

type Query = {
  page?: string;
  pageSize?: string;
  sort?: string;
  _q?: string;
  status?: string;
  organization?: string;
  category?: string;
  /** "true": only the software with installations no license covers (the report's `unlicensed`). */
  unlicensed?: string;
};

const CHART_SIZE = 10;

/** Asset Management > Compliance: per software, the license position against use, its cost, and its trend. */
export const CompliancePage = () => {
  const t = useT();
  const apiError = useApiError();
  const exportCsv = useExportCompliance();
  const [isExporting, setIsExporting] = React.useState(false);
  const [{ query }, setQuery] = useQueryParams<Query>();
  const [reconciling, setReconciling] = React.useState<ComplianceRow | null>(null);

  // The filters (in the URL, so a filtered report can be linked to) apply to the table, the figures and the chart.
  const filters = {
    status: query.status || undefined,
    organization: query.organization || undefined,
    category: query.category || undefined,
    _q: query._q ? decodeURIComponent(query._q) : undefined,
    unlicensed: query.unlicensed === 'true' ? 'true' : undefined,
  };
  const params = { ...filters, page: query.page ?? 1, pageSize: query.pageSize ?? PAGE_SIZE_DEFAULT, sort: apiSort(query.sort) };
  const { data, error, isLoading } = useComplianceQuery(params, FRESH_ON_OPEN);
  // The chart's software: the largest shortfalls, then the most unused seats.
  const byShortfall = useComplianceQuery({ ...filters, sort: 'shortfall:desc', pageSize: CHART_SIZE }, FRESH_ON_OPEN);
  const byUnused = useComplianceQuery({ ...filters, sort: 'unused:desc', pageSize: CHART_SIZE }, FRESH_ON_OPEN);
  const trend = useComplianceTrendQuery({ days: TREND_DAYS_DEFAULT }, FRESH_ON_OPEN);
  const settings = useSettingsQuery();
  const expiring = useLicensesQuery({ status: 'expiring', pageSize: 1 }, FRESH_ON_OPEN);

  const download = async () => {
    setIsExporting(true);
    try {
      await exportCsv({ ...filters, sort: params.sort });
    } catch (e) {
      apiError.notify(e);
    } finally {
      setIsExporting(false);
    }
  };

  const chartRows = largestGaps([...(byShortfall.data?.data ?? []), ...(byUnused.data?.data ?? [])], CHART_SIZE);
  const unlicensedOnly = query.unlicensed === 'true';
  const filtered = Object.values(filters).some(Boolean);
  const rows = data?.data ?? [];

  return (
    <Page.Main aria-busy={isLoading}>
      <Page.Title>{t('compliance.title')}</Page.Title>
      <Layouts.Header
        title={t('compliance.title')}
        subtitle={t('compliance.subtitle')}
        primaryAction={
          <Button variant="secondary" startIcon={<Download />} loading={isExporting} onClick={download}>
            {t('compliance.export')}
          </Button>
        }
      />
      <Layouts.Action
        startActions={
          <Flex gap={2}>
            <SearchInput label={t('compliance.search')} placeholder={t('compliance.search')} />
            <SingleSelect
              aria-label={t('compliance.status')}
              placeholder={t('compliance.status')}
              size="S"
              value={query.status ?? ''}
              onClear={query.status ? () => setQuery({ status: undefined, page: '1' } as Query) : undefined}
              onChange={(status) => setQuery({ status: String(status), page: '1' })}
            >
              {COMPLIANCE_STATUSES.map((s) => (
                <SingleSelectOption key={s} value={s}>
                  {t(statusLabel(s))}
                </SingleSelectOption>
              ))}
            </SingleSelect>
            <Checkbox
              checked={unlicensedOnly}
              onCheckedChange={(checked) => setQuery({ unlicensed: checked === true ? 'true' : undefined, page: '1' } as Query)}
            >
              {t('compliance.filter.unlicensed')}
            </Checkbox>
          </Flex>
        }
      />
      <Layouts.Content>
        {error ? (
          <Page.Error />
        ) : (
          <Flex direction="column" alignItems="stretch" gap={6}>
            {data && (
              <ComplianceSummary
                totals={data.meta.totals}
                expiring={expiring.data && settings.data ? { count: expiring.data.meta.pagination.total, days: settings.data.expiringWithinDays } : undefined}
              />
            )}
            <Grid.Root gap={4}>
              <Grid.Item col={6} s={12} direction="column" alignItems="stretch">
                {byShortfall.data && byUnused.data && <GapChart rows={chartRows} />}
              </Grid.Item>
              <Grid.Item col={6} s={12} direction="column" alignItems="stretch">
                {statusOf(trend.error) === 403 ? (
                  <TrendChart points={[]} days={TREND_DAYS_DEFAULT} restricted />
                ) : (
                  trend.data && <TrendChart points={trend.data} days={TREND_DAYS_DEFAULT} />
                )}
              </Grid.Item>
            </Grid.Root>
            <Flex direction="column" alignItems="stretch" gap={4}>
              <ComplianceTable rows={rows} isLoading={isLoading} filtered={filtered} onReconcile={setReconciling} />
              <ListPagination pagination={data?.meta.pagination} />
            </Flex>
          </Flex>
        )}
      </Layouts.Content>
      {reconciling && (
        <ReconciliationDialog
          row={reconciling}
          filters={{ organization: filters.organization, category: filters.category }}
          onClose={() => setReconciling(null)}
        />
      )}
    </Page.Main>
  );
};
