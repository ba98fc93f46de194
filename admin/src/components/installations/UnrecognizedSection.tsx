/** The unrecognized names, grouped by publisher and name with their counts; "Recognize as…" and "Ignore" each add a rule. */
import * as React from 'react';
import { Button, Flex, Typography } from '@strapi/design-system';
import { EmptyDocuments } from '@strapi/icons/symbols';
import { Page, Table, useNotification } from '@strapi/strapi/admin';
import { FRESH_ON_OPEN } from '../../api/base';
import { useApiError } from '../../api/errors';
import { useCreateInstallationRuleMutation, useUnrecognizedInstallationsQuery } from '../../api/installations';
import type { UnrecognizedName } from '../../api/types';
import { pressFromKeyboard } from '../../pages/LicenseListPage';
import { useT } from '../../utils/translations';
import { ListPagination } from '../ListPagination';
import { TableHeaderCell } from '../TableHeaderCell';
import { useListParams } from './listParams';
import { RecognizeDialog } from './RecognizeDialog';
import { exactRule } from './ruleForm';

const keyOf = (e: UnrecognizedName) => `${e.rawPublisher ?? ''}\u0000${e.rawName}`;

export const UnrecognizedSection = ({ canManage }: { canManage: boolean }) => {
  const t = useT();
  const apiError = useApiError();
  const { toggleNotification } = useNotification();
  const { data, error, isLoading } = useUnrecognizedInstallationsQuery(useListParams(), FRESH_ON_OPEN);
  const [createRule] = useCreateInstallationRuleMutation();
  const [recognizing, setRecognizing] = React.useState<UnrecognizedName | null>(null);

  const ignore = async (entry: UnrecognizedName) => {
    try {
      await createRule(exactRule(entry.rawName, entry.rawPublisher, { ignore: true })).unwrap();
      toggleNotification({ type: 'success', message: t('notification.rule.ignored', { name: entry.rawName }) });
    } catch (err) {
      apiError.notify(err);
    }
  };

  const rows = (data?.data ?? []).map((e) => ({ ...e, id: keyOf(e) }));
  const headers = [
    { name: 'rawName', label: t('installations.column.name') },
    { name: 'rawPublisher', label: t('installations.column.publisher') },
    { name: 'installations', label: t('installations.column.installations') },
    { name: 'devices', label: t('installations.column.devices') },
    { name: 'versions', label: t('installations.column.versions') },
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
          <Table.Empty content={t('unrecognized.empty')} icon={<EmptyDocuments width="16rem" />} />
          <Table.Body>
            {rows.map((entry) => (
              <Table.Row key={entry.id} aria-label={entry.rawName} data-testid="unrecognized-row">
                <Table.Cell>
                  <Typography textColor="neutral800" fontWeight="bold">
                    {entry.rawName}
                  </Typography>
                </Table.Cell>
                <Table.Cell>
                  <Typography textColor="neutral800">{entry.rawPublisher ?? '-'}</Typography>
                </Table.Cell>
                <Table.Cell>
                  <Typography textColor="neutral800">{entry.installations}</Typography>
                </Table.Cell>
                <Table.Cell>
                  <Typography textColor="neutral800">{entry.devices}</Typography>
                </Table.Cell>
                <Table.Cell>
                  <Typography textColor="neutral800">{entry.versions}</Typography>
                </Table.Cell>
                {canManage && (
                  <Table.Cell>
                    <Flex gap={2} justifyContent="flex-end" onKeyDown={pressFromKeyboard}>
                      <Button size="S" variant="secondary" onClick={() => setRecognizing(entry)}>
                        {t('unrecognized.recognize')}
                      </Button>
                      <Button size="S" variant="tertiary" onClick={() => ignore(entry)}>
                        {t('unrecognized.ignore')}
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
      {recognizing && <RecognizeDialog entry={recognizing} onClose={() => setRecognizing(null)} />}
    </Flex>
  );
};
