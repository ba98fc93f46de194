import * as React from 'react';
import { Badge, Button, Flex, IconButton, Typography } from '@strapi/design-system';
import { Pencil, Plus, Trash } from '@strapi/icons';
import { EmptyDocuments } from '@strapi/icons/symbols';
import { Layouts, Page, SearchInput, Table, useNotification, useQueryParams } from '@strapi/strapi/admin';
import { PAGE_SIZE_DEFAULT } from '../../../shared/constants';
import { ListPagination } from '../components/ListPagination';
import { FRESH_ON_OPEN } from '../api/base';
import { useApiError } from '../api/errors';
import { useDeleteReferenceMutation, useReferenceListQuery } from '../api/reference';
import type { ReferenceRecord, RelationRef } from '../api/types';
import { ReferenceFormModal } from '../components/ReferenceFormModal';
import { TableHeaderCell } from '../components/TableHeaderCell';
import { usePermissions } from '../hooks/usePermissions';
import { labelOf, type ColumnDef, type ReferenceResource } from '../resources';
import { ConfirmDialog } from '../components/ConfirmDialog';
import { useT } from '../utils/translations';
import { HoverActions } from './LicenseListPage';

type Query = { page?: string; pageSize?: string; sort?: string; _q?: string };

const Cell = ({ column, record }: { column: ColumnDef; record: ReferenceRecord }) => {
  const t = useT();
  const value = record[column.name];
  if (column.kind === 'relation') return <Typography textColor="neutral800">{labelOf(value as RelationRef | null) || '-'}</Typography>;
  if (column.kind === 'boolean')
    return value ? <Badge variant="success">{t('form.true')}</Badge> : <Typography textColor="neutral600">{t('form.false')}</Typography>;
  if (column.kind === 'enum' && column.optionLabel && value) return <Typography textColor="neutral800">{t(column.optionLabel(String(value)))}</Typography>;
  return <Typography textColor="neutral800">{value == null || value === '' ? '-' : String(value)}</Typography>;
};

/** List, create, edit and delete one kind of reference data; a delete refused (409) says what uses it. */
export const ReferencePage = ({ resource }: { resource: ReferenceResource }) => {
  const t = useT();
  const [deleteReference] = useDeleteReferenceMutation();
  const { toggleNotification } = useNotification();
  const apiError = useApiError();
  const { canManageReference } = usePermissions();
  const [{ query }] = useQueryParams<Query>();
  const [editing, setEditing] = React.useState<Partial<ReferenceRecord> | null>(null);
  const [toDelete, setToDelete] = React.useState<ReferenceRecord | null>(null);

  const sort = query.sort ? query.sort.replace(/:(ASC|DESC)$/, (_, o: string) => `:${o.toLowerCase()}`) : undefined;
  const params = {
    page: query.page ?? 1,
    pageSize: query.pageSize ?? PAGE_SIZE_DEFAULT,
    sort,
    _q: query._q ? decodeURIComponent(query._q) : undefined,
  };
  const { data, error, isLoading } = useReferenceListQuery({ resource: resource.api, params }, FRESH_ON_OPEN);
  const rows = (data?.data ?? []).map((r) => ({ ...r, id: r.documentId }));
  const pagination = data?.meta.pagination;
  const headers = resource.columns.map((c) => ({ name: c.name, label: t(c.label), sortable: !!c.sortable }));
  // The table counts its columns from these for its arrow-key focus: without the actions' column, End
  // and Right stopped short of the row actions.
  const withActions = [...headers, { name: 'actions', label: t('list.actions'), sortable: false }];

  const confirmDelete = async () => {
    if (!toDelete) return;
    try {
      await deleteReference({ resource: resource.api, documentId: toDelete.documentId }).unwrap();
      toggleNotification({ type: 'success', message: t('notification.deleted') });
    } catch (e) {
      // 409: in use. The server's message says by what ("used by 3 licenses").
      apiError.notify(e, t('notification.deleteRefused'));
    } finally {
      setToDelete(null);
    }
  };

  return (
    <Page.Main aria-busy={isLoading}>
      <Page.Title>{t(resource.title)}</Page.Title>
      <Layouts.Header
        title={t(resource.title)}
        subtitle={pagination ? t('list.count', { count: pagination.total }) : t(resource.subtitle)}
        primaryAction={
          canManageReference ? (
            <Button startIcon={<Plus />} onClick={() => setEditing({})}>
              {t(resource.add)}
            </Button>
          ) : undefined
        }
      />
      <Layouts.Action startActions={<SearchInput label={t('list.search')} placeholder={t('list.search')} />} />
      <Layouts.Content>
        {error ? (
          <Page.Error />
        ) : (
          <Flex direction="column" alignItems="stretch" gap={4}>
            <Table.Root rows={rows} headers={withActions} isLoading={isLoading}>
              <Table.Content>
                <Table.Head>
                  {headers.map((h) => (
                    <TableHeaderCell key={h.name} {...h} />
                  ))}
                  <TableHeaderCell name="actions" label={t('list.actions')} />
                </Table.Head>
                <Table.Loading />
                <Table.Empty content={t('list.empty')} icon={<EmptyDocuments width="16rem" />} />
                <Table.Body>
                  {rows.map((record) => (
                    <Table.Row key={record.documentId} aria-label={labelOf(record)}>
                      {resource.columns.map((c) => (
                        <Table.Cell key={c.name}>
                          <Cell column={c} record={record} />
                        </Table.Cell>
                      ))}
                      <Table.Cell>
                        {canManageReference && (
                          <HoverActions gap={1} justifyContent="flex-end">
                            <IconButton label={t('action.edit')} variant="ghost" onClick={() => setEditing(record)}>
                              <Pencil />
                            </IconButton>
                            <IconButton label={t('action.delete')} variant="ghost" onClick={() => setToDelete(record)}>
                              <Trash />
                            </IconButton>
                          </HoverActions>
                        )}
                      </Table.Cell>
                    </Table.Row>
                  ))}
                </Table.Body>
              </Table.Content>
            </Table.Root>
            <ListPagination pagination={pagination} />
          </Flex>
        )}
      </Layouts.Content>
      {editing && <ReferenceFormModal resource={resource} record={editing} onClose={() => setEditing(null)} onSaved={() => setEditing(null)} />}
      <ConfirmDialog open={!!toDelete} onCancel={() => setToDelete(null)} onConfirm={confirmDelete}>
        {t('list.delete.confirm', { name: labelOf(toDelete) })}
      </ConfirmDialog>
    </Page.Main>
  );
};
