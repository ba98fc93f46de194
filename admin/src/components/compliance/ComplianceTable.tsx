/**
 * The compliance report's rows: one per software, sortable by the API's sort fields, each linking to
 * its licenses, with what the devices report installed and a row action opening its reconciliation.
 */
import { Flex, IconButton, Typography } from '@strapi/design-system';
import { Eye } from '@strapi/icons';
import { EmptyDocuments } from '@strapi/icons/symbols';
import { Table } from '@strapi/strapi/admin';
import { Link } from 'react-router-dom';
import { styled } from 'styled-components';
import type { ComplianceRow } from '../../api/types';
import { labelOf } from '../../resources';
import { useT } from '../../utils/translations';
import { useFormatDay } from '../../utils/formatDates';
import { ComplianceStatusBadge, CostList, licensesOfSoftware, seatTotalsOf, useFormatRatio } from './ComplianceFigures';

type Row = ComplianceRow & { id: string };

/**
 * Eleven columns (the installed one holds the unlicensed count and the reconciliation's button) on a 1440 px screen in French: Strapi's Table keeps every cell on one line with 16 px
 * each side, which broke the software names inside their words. Here a header of several words wraps
 * between them (an amount, a date or a badge never wraps) and the cells past the first keep 8 px.
 */
const FittingTable = styled.div`
  & thead th {
    white-space: normal;
  }
  & th:not(:first-child),
  & td:not(:first-child) {
    padding-inline: ${({ theme }) => theme.spaces[2]};
  }
`;

export const ComplianceTable = ({
  rows,
  isLoading,
  filtered,
  onReconcile,
}: {
  rows: ComplianceRow[];
  isLoading: boolean;
  filtered: boolean;
  /** Opens the software's reconciliation lists (unlicensed installations, reclaim candidates). */
  onReconcile?: (row: ComplianceRow) => void;
}) => {
  const t = useT();
  const formatDay = useFormatDay();
  const formatRatio = useFormatRatio();
  // `name` is the API's sort field where the column can be sorted (docs/api.md, "Compliance").
  const headers = [
    { name: 'software', label: t('compliance.column.software'), sortable: true },
    { name: 'licensed', label: t('compliance.column.licensed'), sortable: false },
    { name: 'used', label: t('compliance.column.used'), sortable: false },
    // Installed, with the unlicensed ones under it and the reconciliation's button beside it: one column, so the row still fits.
    { name: 'installed', label: t('compliance.column.installed'), sortable: false },
    { name: 'shortfall', label: t('compliance.column.position'), sortable: true },
    { name: 'unused', label: t('compliance.column.unused'), sortable: true },
    { name: 'utilization', label: t('compliance.column.utilization'), sortable: true },
    { name: 'status', label: t('compliance.status'), sortable: false },
    { name: 'nextExpiration', label: t('compliance.column.nextExpiration'), sortable: false },
    { name: 'trueUp', label: t('compliance.column.trueUp'), sortable: false },
    { name: 'annualRecurring', label: t('compliance.column.annualRecurring'), sortable: false },
  ];
  const tableRows: Row[] = rows.map((r) => ({ ...r, id: r.software.documentId }));
  return (
    <FittingTable>
      <Table.Root rows={tableRows} headers={headers} isLoading={isLoading}>
        <Table.Content>
          <Table.Head>
            {headers.map((h) => (
              <Table.HeaderCell key={h.name} {...h} />
            ))}
          </Table.Head>
          <Table.Loading />
          <Table.Empty content={filtered ? t('compliance.empty.filtered') : t('compliance.empty')} icon={<EmptyDocuments width="16rem" />} />
          <Table.Body>
            {tableRows.map((row) => {
              const seats = seatTotalsOf(row);
              const name = labelOf(row.software);
              return (
                <Table.Row key={row.id} data-testid="compliance-row" aria-label={name}>
                  <Table.Cell>
                    <Flex direction="column" alignItems="flex-start">
                      <Link to={licensesOfSoftware(row.software.documentId)} aria-label={t('compliance.licenses.link', { name })}>
                        {/* A long name wraps within the column, every word shown: the table must fit a 1440 px screen in French too. At
                            least 9rem, a long word's width, so that the wrapping headers leave it the room its words need. */}
                        <Typography
                          fontWeight="bold"
                          textColor="primary600"
                          style={{ display: 'block', minWidth: '9rem', maxWidth: '12rem', whiteSpace: 'normal', overflowWrap: 'anywhere' }}
                        >
                          {name}
                        </Typography>
                      </Link>
                      <Typography variant="pi" textColor="neutral600">
                        {t('compliance.licenses.count', { count: row.licenses })}
                      </Typography>
                    </Flex>
                  </Table.Cell>
                  <Table.Cell>
                    <Typography textColor="neutral800">{seats.licensed}</Typography>
                  </Table.Cell>
                  <Table.Cell>
                    <Typography textColor="neutral800">{seats.used}</Typography>
                  </Table.Cell>
                  <Table.Cell>
                    <Flex gap={1} alignItems="center">
                      <Flex direction="column" alignItems="flex-start">
                        <Typography textColor="neutral800" data-testid="installed">
                          {row.installed}
                        </Typography>
                        {row.installedUnlicensed > 0 && (
                          <Typography variant="pi" textColor="danger600" fontWeight="bold" data-testid="installedUnlicensed" style={{ whiteSpace: 'normal' }}>
                            {t('compliance.installedUnlicensed', { count: row.installedUnlicensed })}
                          </Typography>
                        )}
                      </Flex>
                      {onReconcile && (
                        <IconButton label={t('compliance.reconciliation', { name })} variant="ghost" onClick={() => onReconcile(row)}>
                          <Eye />
                        </IconButton>
                      )}
                    </Flex>
                  </Table.Cell>
                  <Table.Cell>
                    <Flex direction="column" alignItems="flex-start">
                      <Typography
                        textColor={row.shortfall ? 'danger600' : 'neutral800'}
                        fontWeight={row.shortfall ? 'bold' : undefined}
                        data-testid="shortfall"
                      >
                        {row.shortfall}
                      </Typography>
                      {row.expiredInUse > 0 && (
                        // A sentence under a number: it wraps to the column rather than widen the table.
                        <Typography variant="pi" textColor="danger600" style={{ whiteSpace: 'normal' }}>
                          {t('compliance.expiredInUse', { count: row.expiredInUse })}
                        </Typography>
                      )}
                    </Flex>
                  </Table.Cell>
                  <Table.Cell>
                    <Typography textColor="neutral800">{row.unused}</Typography>
                  </Table.Cell>
                  <Table.Cell>
                    <Typography textColor="neutral800">{formatRatio(row.utilization)}</Typography>
                  </Table.Cell>
                  <Table.Cell>
                    <ComplianceStatusBadge status={row.status} />
                  </Table.Cell>
                  <Table.Cell>
                    <Typography textColor="neutral800">{formatDay(row.nextExpiration) || '-'}</Typography>
                  </Table.Cell>
                  <Table.Cell>
                    <CostList costs={row.costs} pick="trueUp" />
                  </Table.Cell>
                  <Table.Cell>
                    <CostList costs={row.costs} pick="annualRecurring" />
                  </Table.Cell>
                </Table.Row>
              );
            })}
          </Table.Body>
        </Table.Content>
      </Table.Root>
    </FittingTable>
  );
};
