/**
 * One reconciliation list of a software (docs/api.md, "Reconciliation"): the assets where it is
 * installed without a license, or the asset assignments it is not installed on (the reclaim
 * candidates, with their value per currency), a page at a time, and its CSV.
 */
import * as React from 'react';
import { Box, Button, Flex, Table, Tbody, Td, Th, Thead, Tr, Typography } from '@strapi/design-system';
import { Download } from '@strapi/icons';
import { useApiError } from '../../api/errors';
import { useExportReconciliation, useReconciliationQuery } from '../../api/installations';
import type { ReclaimCandidate, ReconciliationList as ListName, UnlicensedAsset } from '../../api/types';
import { labelOf } from '../../resources';
import { useFormatDateTime } from '../../utils/formatDates';
import { useFormatMoney } from '../../utils/money';
import { useT } from '../../utils/translations';
import { LocalPager } from '../installations/LocalPager';

export const RECONCILIATION_PAGE_SIZE = 10;

type Filters = Record<string, string | undefined>;

export const ReconciliationList = ({ software, list, filters }: { software: string; list: ListName; filters: Filters }) => {
  const t = useT();
  const apiError = useApiError();
  const money = useFormatMoney();
  const dateTime = useFormatDateTime();
  const exportCsv = useExportReconciliation();
  const [page, setPage] = React.useState(1);
  const [isExporting, setIsExporting] = React.useState(false);
  const { data, error, isLoading } = useReconciliationQuery(
    { software, list, params: { ...filters, page, pageSize: RECONCILIATION_PAGE_SIZE } },
    { refetchOnMountOrArgChange: true },
  );
  const unlicensed = list === 'installedUnlicensed';

  const download = async () => {
    setIsExporting(true);
    try {
      await exportCsv(software, list, filters);
    } catch (e) {
      apiError.notify(e);
    } finally {
      setIsExporting(false);
    }
  };

  const labels = unlicensed
    ? [
        t('compliance.reconciliation.column.asset'),
        t('field.hostname'),
        t('field.serialNumber'),
        t('compliance.reconciliation.column.user'),
        t('installations.column.installations'),
        t('installations.column.lastSeen'),
      ]
    : [
        t('compliance.reconciliation.column.license'),
        t('compliance.reconciliation.column.asset'),
        t('field.hostname'),
        t('compliance.reconciliation.column.units'),
        t('compliance.reconciliation.column.value'),
        t('installations.column.lastSeen'),
      ];
  const cellsOf = (row: unknown): React.ReactNode[] => {
    if (unlicensed) {
      const r = row as UnlicensedAsset;
      return [r.asset.name, r.asset.hostname, r.asset.serialNumber, labelOf(r.user), r.installations, dateTime(r.lastSeen)];
    }
    const r = row as ReclaimCandidate;
    return [r.license.name, r.asset.name, r.asset.hostname, r.units, r.value ? money(r.value.amount, r.value.currency) : null, dateTime(r.lastSeen)];
  };
  const rows = data?.data ?? [];
  const pagination = data?.meta.pagination;

  return (
    <Flex direction="column" alignItems="stretch" gap={4} paddingTop={4}>
      <Flex justifyContent="space-between" alignItems="flex-start" gap={4}>
        <Typography textColor="neutral600">{t(unlicensed ? 'compliance.reconciliation.unlicensed.hint' : 'compliance.reconciliation.reclaim.hint')}</Typography>
        <Button variant="secondary" startIcon={<Download />} loading={isExporting} onClick={download}>
          {t('compliance.export')}
        </Button>
      </Flex>
      {!unlicensed && (data?.meta.value?.length ?? 0) > 0 && (
        <Flex gap={2} data-testid="reclaim-value">
          <Typography fontWeight="bold">{t('compliance.reconciliation.value')}</Typography>
          {data!.meta.value!.map((v) => (
            <Typography key={v.currency}>{money(v.amount, v.currency)}</Typography>
          ))}
        </Flex>
      )}
      {isLoading ? (
        <Typography textColor="neutral600">{t('list.loading')}</Typography>
      ) : error ? (
        <Typography textColor="danger600">{apiError.describe(error).message}</Typography>
      ) : rows.length ? (
        <Table colCount={labels.length} rowCount={rows.length + 1}>
          <Thead>
            <Tr>
              {labels.map((label) => (
                <Th key={label}>
                  <Typography variant="sigma">{label}</Typography>
                </Th>
              ))}
            </Tr>
          </Thead>
          <Tbody>
            {rows.map((row, i) => (
              <Tr key={i} data-testid="reconciliation-row">
                {cellsOf(row).map((value, n) => (
                  <Td key={n}>
                    <Typography textColor="neutral800">{value === null || value === undefined || value === '' ? '-' : value}</Typography>
                  </Td>
                ))}
              </Tr>
            ))}
          </Tbody>
        </Table>
      ) : (
        <Box padding={4} background="neutral100" hasRadius>
          <Typography textColor="neutral600">
            {t(unlicensed ? 'compliance.reconciliation.empty.unlicensed' : 'compliance.reconciliation.empty.reclaim')}
          </Typography>
        </Box>
      )}
      {pagination && <LocalPager page={page} pageCount={pagination.pageCount} onPage={setPage} />}
    </Flex>
  );
};
