/** The devices that match no asset (state=unmatched), last seen first; "Link to asset" matches one by hand. */
import * as React from 'react';
import { Button, Flex, Typography } from '@strapi/design-system';
import { EmptyDocuments } from '@strapi/icons/symbols';
import { Page, Table } from '@strapi/strapi/admin';
import { FRESH_ON_OPEN } from '../../api/base';
import { useInventoryDevicesQuery } from '../../api/installations';
import type { InventoryDevice } from '../../api/types';
import { pressFromKeyboard } from '../../pages/LicenseListPage';
import { useFormatDateTime } from '../../utils/formatDates';
import { useT } from '../../utils/translations';
import { ListPagination } from '../ListPagination';
import { TableHeaderCell } from '../TableHeaderCell';
import { LinkDeviceDialog, deviceName } from './LinkDeviceDialog';
import { useListParams } from './listParams';

export const DevicesSection = ({ canManage }: { canManage: boolean }) => {
  const t = useT();
  const formatDateTime = useFormatDateTime();
  const { data, error, isLoading } = useInventoryDevicesQuery({ ...useListParams(), state: 'unmatched' }, FRESH_ON_OPEN);
  const [linking, setLinking] = React.useState<InventoryDevice | null>(null);

  const rows = (data?.data ?? []).map((d) => ({ ...d, id: d.documentId }));
  const headers = [
    { name: 'hostname', label: t('field.hostname') },
    { name: 'serialNumber', label: t('field.serialNumber') },
    { name: 'inventoryNumber', label: t('field.inventoryNumber') },
    { name: 'source', label: t('installations.column.source') },
    { name: 'installations', label: t('installations.column.installations') },
    { name: 'lastSeen', label: t('installations.column.lastSeen') },
  ];
  const withActions = canManage ? [...headers, { name: 'actions', label: t('list.actions') }] : headers;
  if (error) return <Page.Error />;
  return (
    <Flex direction="column" alignItems="stretch" gap={4}>
      <Table.Root rows={rows} headers={withActions.map((h) => ({ ...h, sortable: false }))} isLoading={isLoading}>
        <Table.Content>
          <Table.Head>
            {withActions.map((h) => (
              <TableHeaderCell key={h.name} {...h} />
            ))}
          </Table.Head>
          <Table.Loading />
          <Table.Empty content={t('devices.empty')} icon={<EmptyDocuments width="16rem" />} />
          <Table.Body>
            {rows.map((device) => (
              <Table.Row key={device.id} aria-label={deviceName(device) || t('devices.unnamed')} data-testid="device-row">
                <Table.Cell>
                  <Typography textColor="neutral800" fontWeight="bold">
                    {device.hostname ?? '-'}
                  </Typography>
                </Table.Cell>
                {[device.serialNumber, device.inventoryNumber, device.source, device.installations].map((value, i) => (
                  <Table.Cell key={i}>
                    <Typography textColor="neutral800">{value ?? '-'}</Typography>
                  </Table.Cell>
                ))}
                <Table.Cell>
                  <Typography textColor="neutral800">{formatDateTime(device.lastSeen) || '-'}</Typography>
                </Table.Cell>
                {canManage && (
                  <Table.Cell>
                    <Flex justifyContent="flex-end" onKeyDown={pressFromKeyboard}>
                      <Button size="S" variant="secondary" onClick={() => setLinking(device)}>
                        {t('devices.link')}
                      </Button>
                    </Flex>
                  </Table.Cell>
                )}
              </Table.Row>
            ))}
          </Table.Body>
        </Table.Content>
      </Table.Root>
      <ListPagination pagination={data?.meta.pagination} />
      {linking && <LinkDeviceDialog device={linking} onClose={() => setLinking(null)} />}
    </Flex>
  );
};
