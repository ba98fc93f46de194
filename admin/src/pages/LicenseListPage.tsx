import * as React from 'react';
import { Badge, Button, Flex, IconButton, Typography } from '@strapi/design-system';
import { Eye, Pencil, Plus, Trash } from '@strapi/icons';
import { EmptyDocuments } from '@strapi/icons/symbols';
import { Layouts, Page, SearchInput, Table, useNotification, useQueryParams } from '@strapi/strapi/admin';
import { Link, useNavigate } from 'react-router-dom';
import { styled } from 'styled-components';
import { PAGE_SIZE_DEFAULT } from '../../../shared/constants';
import { ListPagination } from '../components/ListPagination';
import { FRESH_ON_OPEN } from '../api/base';
import { useApiError } from '../api/errors';
import { useDeleteLicenseMutation, useLazyLicenseQuery, useLicensesQuery } from '../api/licenses';
import type { License } from '../api/types';
import { SeatsBar } from '../components/SeatsBar';
import { StatusBadge } from '../components/Badges';
import { useFormatDay } from '../utils/formatDates';
import { FILTER_NAMES, LicenseFilters, type LicenseFilterValues } from '../components/LicenseFilters';
import { LicenseExportButtons } from '../components/LicenseExportButtons';
import { ImportButtons } from '../components/import/ImportButtons';
import { LicenseFormModal } from '../components/LicenseFormModal';
import { usePermissions } from '../hooks/usePermissions';
import { labelOf } from '../resources';
import { ConfirmDialog } from '../components/ConfirmDialog';
import { apiSort } from '../utils/listQuery';
import { useT } from '../utils/translations';

/**
 * The design system's table cell prevents the default of every key in a cell of several buttons (so
 * that the arrows move between them), which kept Enter and Space from pressing a row action: they
 * press it here, before the cell sees them.
 */
export const pressFromKeyboard = (e: React.KeyboardEvent) => {
  if ((e.key === 'Enter' || e.key === ' ') && e.target instanceof HTMLButtonElement) {
    e.preventDefault();
    e.stopPropagation();
    e.target.click();
  }
};

/** The row's actions appear when the row is hovered or holds the keyboard focus (manual: "hover over"). */
export const HoverActions = styled(Flex).attrs({ onKeyDown: pressFromKeyboard })`
  opacity: 0;
  transition: opacity 0.1s;
  tr:hover &,
  tr:focus-within & {
    opacity: 1;
  }
  @media (hover: none) {
    opacity: 1;
  }
`;

/** The license's name, the row's link to its detail view. */
const NameLink = styled(Link)`
  color: inherit;
  text-decoration: none;
  &:hover span {
    text-decoration: underline;
  }
`;

/** A cell text cut to a width with an ellipsis, so the whole row fits a laptop screen; the full text shows on hover. */
const Clipped = ({ text, width, ...props }: { text: string; width: string } & React.ComponentProps<typeof Typography>) => (
  <Typography {...props} ellipsis title={text} style={{ display: 'block', maxWidth: width }}>
    {text}
  </Typography>
);

type Query = LicenseFilterValues & { page?: string; pageSize?: string; sort?: string; _q?: string };
type Row = License & { id: string };

/**
 * The license just created from this list, as the create answered it: the list shows it marked
 * while it shows the same page, sort, filters and search (`listKey`) as when it was saved.
 */
interface JustAdded {
  license: License;
  listKey: string;
  /** When it was saved: a list answer from before it cannot hold it. */
  at: number;
}

export const LicenseListPage = () => {
  const t = useT();
  const navigate = useNavigate();
  const formatDay = useFormatDay();
  const [loadLicense] = useLazyLicenseQuery();
  const [deleteLicense] = useDeleteLicenseMutation();
  const { toggleNotification } = useNotification();
  const apiError = useApiError();
  const { canCreate, canUpdate, canDelete } = usePermissions();
  const [{ query }, setQuery] = useQueryParams<Query>();
  const [formLicense, setFormLicense] = React.useState<License | 'new' | null>(null);
  const [toDelete, setToDelete] = React.useState<License[] | null>(null);
  const [selected, setSelected] = React.useState<Row[]>([]);

  const filters: LicenseFilterValues = Object.fromEntries(FILTER_NAMES.map((n) => [n, query[n] || undefined]));
  const params = {
    page: query.page ?? 1,
    pageSize: query.pageSize ?? PAGE_SIZE_DEFAULT,
    sort: apiSort(query.sort),
    _q: query._q ? decodeURIComponent(query._q) : undefined,
    ...filters,
  };
  const { data, error, isLoading, fulfilledTimeStamp } = useLicensesQuery(params, FRESH_ON_OPEN);
  const rows: Row[] = (data?.data ?? []).map((l) => ({ ...l, id: l.documentId }));
  const pagination = data?.meta.pagination;

  // After "Save", the new license is shown marked: in its row when it sorts onto the page shown,
  // otherwise pinned above the page's rows, until the user changes page, sort, filters or search.
  const listKey = JSON.stringify(params);
  const [justAdded, setJustAdded] = React.useState<JustAdded | null>(null);
  React.useEffect(() => {
    setJustAdded((current) => (current && current.listKey !== listKey ? null : current));
  }, [listKey]);
  const added = justAdded?.listKey === listKey ? justAdded : null;
  const addedInPage = !!added && rows.some((r) => r.documentId === added.license.documentId);
  // Pinned only once the list has answered since the save: until then it may still show it in its place.
  const pinned: Row | null = added && !addedInPage && (fulfilledTimeStamp ?? 0) >= added.at ? { ...added.license, id: added.license.documentId } : null;
  const tableRows = pinned ? [pinned, ...rows] : rows;
  const markedId = added && (pinned || addedInPage) ? added.license.documentId : null;
  React.useEffect(() => {
    if (markedId) document.querySelector('[data-just-added]')?.scrollIntoView?.({ block: 'nearest' });
  }, [markedId, pinned === null]);

  const onSaved = (saved: License) => {
    if (formLicense === 'new') setJustAdded({ license: saved, listKey, at: Date.now() });
    // An edit of the license shown marked: its row shows what was saved.
    else setJustAdded((current) => (current && current.license.documentId === saved.documentId ? { ...current, license: saved } : current));
    setFormLicense(null);
  };

  const openEdit = async (license: License) => {
    // The list leaves keys out; the form shows the license's keys.
    try {
      setFormLicense(await loadLicense(license.documentId).unwrap());
    } catch (e) {
      apiError.notify(e);
    }
  };

  const confirmDelete = async () => {
    if (!toDelete) return;
    let deleted = 0;
    for (const license of toDelete) {
      try {
        await deleteLicense(license.documentId).unwrap();
        deleted++;
        setJustAdded((current) => (current?.license.documentId === license.documentId ? null : current));
      } catch (e) {
        apiError.notify(e);
      }
    }
    if (deleted) toggleNotification({ type: 'success', message: t('notification.license.deleted', { count: deleted }) });
    setToDelete(null);
    setSelected([]);
  };

  const renderRow = (license: Row) => {
    const mark = license.documentId === markedId ? (license === pinned ? 'pinned' : 'here') : null;
    return (
      <Table.Row
        key={mark === 'pinned' ? `just-added-${license.documentId}` : license.documentId}
        style={{ cursor: 'pointer' }}
        background={mark ? 'primary100' : undefined}
        aria-label={mark ? t('list.justAdded.row', { name: license.name }) : license.name}
        data-testid="license-row"
        data-just-added={mark ?? undefined}
        // A click anywhere on the row opens it; from the keyboard, the name is the link (as in Strapi's
        // Content Manager). A focusable row would break the table's arrow-key focus, which moves among
        // the cells' controls: the table focuses its first tabindex="0", which was always a row.
        onClick={() => navigate(license.documentId)}
      >
        {canDelete && <Table.CheckboxCell id={license.id} onClick={(e) => e.stopPropagation()} />}
        <Table.Cell>
          <Flex direction="column" alignItems="flex-start">
            <NameLink to={license.documentId} onClick={(e) => e.stopPropagation()}>
              <Clipped fontWeight="bold" textColor="neutral800" width="20rem" text={license.name} />
            </NameLink>
            <Clipped variant="pi" textColor="neutral600" width="20rem" text={labelOf(license.software)} />
            {mark && (
              <Flex gap={2} paddingTop={1}>
                <Badge variant="primary">{t('list.justAdded')}</Badge>
                {mark === 'pinned' && (
                  <Typography variant="pi" textColor="neutral700">
                    {t('list.justAdded.elsewhere')}
                  </Typography>
                )}
              </Flex>
            )}
          </Flex>
        </Table.Cell>
        <Table.Cell>
          <Clipped textColor="neutral800" width="12rem" text={license.category?.name ?? '-'} />
        </Table.Cell>
        <Table.Cell>
          {/* What the seats count (per user or per computer), under them: a column of its own would not fit 1440 px. */}
          <Flex direction="column" alignItems="flex-start" gap={1}>
            <SeatsBar seats={license.seats} model={license.assignmentModel} />
            <Typography variant="pi" textColor="neutral600" style={{ whiteSpace: 'nowrap' }} data-testid="license-model">
              {t(`assignmentModel.${license.assignmentModel}`)}
            </Typography>
          </Flex>
        </Table.Cell>
        <Table.Cell>
          <Flex direction="column" alignItems="flex-start" gap={1}>
            <Typography textColor="neutral800">{formatDay(license.expirationDate) || '-'}</Typography>
            {/* Renewed by a purchase: the day its purchases cover, which the status follows. */}
            {license.validUntil !== license.expirationDate && (
              <Typography variant="pi" textColor="neutral600" style={{ whiteSpace: 'nowrap' }} data-testid="license-valid-until">
                {license.validUntil ? t('list.validUntil', { date: formatDay(license.validUntil) }) : t('list.validUntil.none')}
              </Typography>
            )}
            <StatusBadge status={license.status} />
          </Flex>
        </Table.Cell>
        <Table.Cell>
          <Clipped textColor="neutral800" width="14rem" text={license.organization?.name ?? '-'} />
        </Table.Cell>
        <Table.Cell onClick={(e) => e.stopPropagation()}>
          <HoverActions gap={1} justifyContent="flex-end">
            <IconButton label={t('action.view')} variant="ghost" onClick={() => navigate(license.documentId)}>
              <Eye />
            </IconButton>
            {canUpdate && (
              <IconButton label={t('action.edit')} variant="ghost" onClick={() => openEdit(license)}>
                <Pencil />
              </IconButton>
            )}
            {canDelete && (
              <IconButton label={t('action.delete')} variant="ghost" onClick={() => setToDelete([license])}>
                <Trash />
              </IconButton>
            )}
          </HoverActions>
        </Table.Cell>
      </Table.Row>
    );
  };

  const headers = [
    { name: 'name', label: `${t('license.field.name')} / ${t('license.field.software')}`, sortable: true },
    { name: 'category', label: t('license.field.category'), sortable: false },
    { name: 'seatsUsed', label: t('list.seats'), sortable: true },
    { name: 'expirationDate', label: t('license.field.expirationDate'), sortable: true },
    { name: 'organization', label: t('license.field.organization'), sortable: false },
  ];
  // The table counts its columns from these for its arrow-key focus: without the actions' column, End
  // and Right stopped short of the row actions.
  const withActions = [...headers, { name: 'actions', label: t('list.actions'), sortable: false }];

  const total = pagination?.total ?? 0;

  return (
    <Page.Main aria-busy={isLoading}>
      <Page.Title>{t('licenses.title')}</Page.Title>
      <Layouts.Header
        title={t('licenses.title')}
        subtitle={pagination ? t('list.count', { count: total }) : t('licenses.subtitle')}
        primaryAction={
          // Three downloads, three imports and the add button: they wrap rather than widen the page.
          <Flex gap={2} wrap="wrap" justifyContent="flex-end">
            <LicenseExportButtons params={params} />
            <ImportButtons />
            {canCreate ? (
              <Button startIcon={<Plus />} onClick={() => setFormLicense('new')}>
                {t('license.add')}
              </Button>
            ) : null}
          </Flex>
        }
      />
      <Layouts.Action
        startActions={
          <>
            <SearchInput label={t('licenses.search')} placeholder={t('licenses.search')} />
            <LicenseFilters
              filters={filters}
              onChange={(next) => setQuery({ ...Object.fromEntries(FILTER_NAMES.map((n) => [n, next[n] ?? undefined])), page: '1' } as Query)}
            />
          </>
        }
      />
      <Layouts.Content>
        {error ? (
          <Page.Error />
        ) : (
          <Flex direction="column" alignItems="stretch" gap={4}>
            <Table.Root rows={tableRows} headers={withActions} isLoading={isLoading} selectedRows={selected} onSelectedRowsChange={setSelected}>
              {canDelete && (
                <Table.ActionBar>
                  <Button variant="danger-light" startIcon={<Trash />} onClick={() => setToDelete(selected)}>
                    {t('action.delete')}
                  </Button>
                </Table.ActionBar>
              )}
              <Table.Content>
                <Table.Head>
                  {canDelete && <Table.HeaderCheckboxCell />}
                  {headers.map((h) => (
                    <Table.HeaderCell key={h.name} {...h} />
                  ))}
                  <Table.HeaderCell name="actions" label={t('list.actions')} />
                </Table.Head>
                <Table.Loading />
                <Table.Empty
                  content={
                    Object.keys(filters).some((k) => filters[k as keyof LicenseFilterValues]) || query._q ? t('licenses.empty.filtered') : t('licenses.empty')
                  }
                  icon={<EmptyDocuments width="16rem" />}
                  action={
                    canCreate ? (
                      <Button variant="secondary" startIcon={<Plus />} onClick={() => setFormLicense('new')}>
                        {t('license.add')}
                      </Button>
                    ) : undefined
                  }
                />
                <Table.Body>{tableRows.map((license) => renderRow(license))}</Table.Body>
              </Table.Content>
            </Table.Root>
            <ListPagination pagination={pagination} />
          </Flex>
        )}
      </Layouts.Content>
      {formLicense && <LicenseFormModal license={formLicense === 'new' ? undefined : formLicense} onClose={() => setFormLicense(null)} onSaved={onSaved} />}
      <ConfirmDialog open={!!toDelete} onCancel={() => setToDelete(null)} onConfirm={confirmDelete}>
        {toDelete?.length === 1 ? t('license.delete.confirm', { name: toDelete[0].name }) : t('license.delete.confirmMany', { count: toDelete?.length ?? 0 })}
      </ConfirmDialog>
    </Page.Main>
  );
};
