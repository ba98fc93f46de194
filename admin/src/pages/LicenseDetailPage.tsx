import * as React from 'react';
import {
  Box,
  Button,
  Flex,
  Grid,
  IconButton,
  Table,
  Tbody,
  Td,
  Th,
  Thead,
  Tr,
  Typography,
  VisuallyHidden,
} from '@strapi/design-system';
import { Eye, EyeStriked, Pencil, Trash, User, Monitor } from '@strapi/icons';
import { BackButton, Layouts, Page, useFetchClient, useNotification } from '@strapi/strapi/admin';
import { useNavigate, useParams } from 'react-router-dom';
import { messageOf, statusOf } from '../api/errors';
import type { ItemResponse, License, LicenseEvent, ListResponse, MaskedKey } from '../api/types';
import { API, useGet } from '../api/useApi';
import { AssignDialog, countsSeats, useAllAssignments, type AssignKind } from '../components/AssignDialog';
import { SeatsBar, StatusBadge, formatAmount, useFormatDateTime, useFormatDay } from '../components/LicenseBits';
import { LicenseFormModal } from '../components/LicenseFormModal';
import { usePermissions } from '../hooks/usePermissions';
import { labelOf } from '../resources';
import { ConfirmDialog } from '../components/ConfirmDialog';
import { useT, type TranslationKey } from '../utils/translations';

const Section = ({ title, actions, children }: { title: string; actions?: React.ReactNode; children: React.ReactNode }) => (
  <Box background="neutral0" hasRadius shadow="tableShadow" paddingTop={6} paddingBottom={6} paddingLeft={7} paddingRight={7}>
    <Flex direction="column" alignItems="stretch" gap={4}>
      <Flex justifyContent="space-between" alignItems="center" gap={2} wrap="wrap">
        <Typography variant="delta" tag="h2">
          {title}
        </Typography>
        {actions && <Flex gap={2}>{actions}</Flex>}
      </Flex>
      {children}
    </Flex>
  </Box>
);

const Item = ({ label, value }: { label: string; value: React.ReactNode }) => (
  <Grid.Item col={4} s={6} xs={12} direction="column" alignItems="flex-start" gap={1}>
    <Typography variant="sigma" textColor="neutral600">
      {label}
    </Typography>
    <Typography textColor="neutral800">{value === '' || value == null ? '-' : value}</Typography>
  </Grid.Item>
);

/** A key, masked; users with keys.reveal may show it. The value lives in this component only, so it hides on leaving. */
const KeyRow = ({ licenseId, licenseKey, canReveal }: { licenseId: string; licenseKey: MaskedKey; canReveal: boolean }) => {
  const t = useT();
  const { post } = useFetchClient();
  const { toggleNotification } = useNotification();
  const [value, setValue] = React.useState<string | null>(null);
  const reveal = async () => {
    if (value !== null) return setValue(null);
    try {
      const res = await post<ItemResponse<{ value: string }>>(`${API}/licenses/${licenseId}/keys/${licenseKey.documentId}/reveal`);
      setValue(res.data.data.value);
    } catch (e) {
      toggleNotification({ type: 'danger', message: messageOf(e, t('notification.error')) });
    }
  };
  return (
    <Tr data-testid="key-row">
      <Td>
        <Typography textColor="neutral800">{licenseKey.label || t('keys.unlabelled')}</Typography>
      </Td>
      <Td>
        <Typography textColor="neutral800" style={{ fontFamily: 'monospace', wordBreak: 'break-all' }} data-testid="key-value">
          {value ?? licenseKey.maskedValue}
        </Typography>
      </Td>
      <Td>
        <Typography textColor="neutral800">{licenseKey.activationLimit ?? '-'}</Typography>
      </Td>
      <Td>
        {canReveal && (
          <IconButton label={value === null ? t('keys.reveal') : t('keys.hide')} variant="ghost" onClick={reveal}>
            {value === null ? <Eye /> : <EyeStriked />}
          </IconButton>
        )}
      </Td>
    </Tr>
  );
};

const AssignedList = ({
  license,
  kind,
  reloadKey,
  canAssign,
  onChanged,
}: {
  license: License;
  kind: AssignKind;
  reloadKey: number;
  canAssign: boolean;
  onChanged: () => void;
}) => {
  const t = useT();
  const formatDateTime = useFormatDateTime();
  const { del } = useFetchClient();
  const { toggleNotification } = useNotification();
  const { data, error } = useAllAssignments(license.documentId, kind, reloadKey);
  const unassign = async (id: string) => {
    try {
      await del(`${API}/licenses/${license.documentId}/assignments/${id}`);
      toggleNotification({ type: 'success', message: t('notification.unassigned') });
      onChanged();
    } catch (e) {
      toggleNotification({ type: 'danger', message: messageOf(e, t('notification.error')) });
    }
  };
  if (error) return <Typography textColor="danger600">{t('notification.error')}</Typography>;
  if (!data) return <Typography textColor="neutral600">{t('list.loading')}</Typography>;
  if (!data.length)
    return <Typography textColor="neutral600">{t(kind === 'person' ? 'detail.persons.empty' : 'detail.assets.empty')}</Typography>;
  return (
    <Table colCount={4} rowCount={data.length + 1}>
      <Thead>
        <Tr>
          <Th>
            <Typography variant="sigma">{t('field.name')}</Typography>
          </Th>
          <Th>
            <Typography variant="sigma">{t(kind === 'person' ? 'field.email' : 'field.inventoryNumber')}</Typography>
          </Th>
          <Th>
            <Typography variant="sigma">{t('detail.assignedAt')}</Typography>
          </Th>
          <Th>
            <VisuallyHidden>{t('list.actions')}</VisuallyHidden>
          </Th>
        </Tr>
      </Thead>
      <Tbody>
        {data.map((a) => {
          const name = kind === 'person' ? labelOf(a.person) : labelOf(a.asset);
          return (
            <Tr key={a.documentId} data-testid={`assigned-${kind}`}>
              <Td>
                <Typography textColor="neutral800">{name}</Typography>
              </Td>
              <Td>
                <Typography textColor="neutral600">{(kind === 'person' ? a.person?.email : a.asset?.inventoryNumber) ?? '-'}</Typography>
              </Td>
              <Td>
                <Typography textColor="neutral600">{formatDateTime(a.assignedAt)}</Typography>
              </Td>
              <Td>
                {canAssign && (
                  <IconButton label={t('detail.unassign', { name })} variant="ghost" onClick={() => unassign(a.documentId)}>
                    <Trash />
                  </IconButton>
                )}
              </Td>
            </Tr>
          );
        })}
      </Tbody>
    </Table>
  );
};

const History = ({ licenseId, reloadKey }: { licenseId: string; reloadKey: number }) => {
  const t = useT();
  const formatDateTime = useFormatDateTime();
  const [pageSize, setPageSize] = React.useState(10);
  const { data, refetch } = useGet<ListResponse<LicenseEvent>>(`${API}/licenses/${licenseId}/history`, { page: 1, pageSize });
  React.useEffect(() => {
    if (reloadKey) refetch();
  }, [reloadKey, refetch]);
  if (!data) return <Typography textColor="neutral600">{t('list.loading')}</Typography>;
  if (!data.data.length) return <Typography textColor="neutral600">{t('history.empty')}</Typography>;
  return (
    <Flex direction="column" alignItems="stretch" gap={0} tag="ol" style={{ listStyle: 'none', margin: 0, padding: 0 }}>
      {data.data.map((event, i) => (
        <Flex key={event.documentId} tag="li" gap={3} alignItems="stretch">
          <Flex direction="column" alignItems="center">
            <Box width="1rem" height="1rem" marginTop={1} hasRadius background="primary600" style={{ borderRadius: '50%' }} />
            {i < data.data.length - 1 && <Box width="2px" flex="1" background="neutral200" />}
          </Flex>
          <Flex direction="column" alignItems="flex-start" gap={1} paddingBottom={4}>
            <Typography fontWeight="bold" textColor="neutral800">
              {t(`history.action.${event.action}` as TranslationKey)}
            </Typography>
            <Typography variant="pi" textColor="neutral600">
              {t('history.byAt', { actor: event.actor, at: formatDateTime(event.at) })}
            </Typography>
            {event.changes && Object.keys(event.changes).length > 0 && (
              <Typography variant="pi" textColor="neutral600">
                {summarize(event.changes)}
              </Typography>
            )}
          </Flex>
        </Flex>
      ))}
      {data.meta.pagination.total > data.data.length && (
        <Box>
          <Button variant="tertiary" size="S" onClick={() => setPageSize((n) => n + 20)}>
            {t('history.more')}
          </Button>
        </Box>
      )}
    </Flex>
  );
};

/** Changes as "field: old → new"; other shapes are listed by their keys. */
const summarize = (changes: Record<string, unknown>): string =>
  Object.entries(changes)
    .map(([field, change]) => {
      if (change && typeof change === 'object' && 'from' in change && 'to' in change) {
        const c = change as { from: unknown; to: unknown };
        return `${field}: ${show(c.from)} → ${show(c.to)}`;
      }
      if (change && typeof change === 'object' && 'old' in change && 'new' in change) {
        const c = change as { old: unknown; new: unknown };
        return `${field}: ${show(c.old)} → ${show(c.new)}`;
      }
      if (Array.isArray(change)) return `${field}: ${change.length}`;
      return `${field}: ${show(change)}`;
    })
    .join('; ');

const show = (v: unknown): string => {
  if (v == null) return '-';
  if (Array.isArray(v)) return v.map(show).join(', ');
  if (typeof v === 'object') return labelOf(v as Record<string, unknown>) || JSON.stringify(v);
  return String(v);
};

/** The license's detail view: every field grouped as in the form, seats, keys, assignments, history. */
export const LicenseDetailPage = () => {
  const t = useT();
  const { documentId } = useParams<{ documentId: string }>();
  const navigate = useNavigate();
  const formatDay = useFormatDay();
  const { del } = useFetchClient();
  const { toggleNotification } = useNotification();
  const { canUpdate, canDelete, canAssign, canReveal } = usePermissions();
  const { data, error, isLoading, refetch } = useGet<ItemResponse<License>>(`${API}/licenses/${documentId}`);
  const [editing, setEditing] = React.useState(false);
  const [assigning, setAssigning] = React.useState<AssignKind | null>(null);
  const [confirmDelete, setConfirmDelete] = React.useState(false);
  const [reloadKey, setReloadKey] = React.useState(0);

  const reload = () => {
    refetch();
    setReloadKey((n) => n + 1);
  };

  if (isLoading && !data) return <Page.Loading />;
  if (error || !data) {
    return statusOf(error) === 404 ? <Page.NoData /> : <Page.Error />;
  }
  const license = data.data;

  const remove = async () => {
    try {
      await del(`${API}/licenses/${license.documentId}`);
      toggleNotification({ type: 'success', message: t('notification.license.deleted', { count: 1 }) });
      navigate('..', { relative: 'path' });
    } catch (e) {
      toggleNotification({ type: 'danger', message: messageOf(e, t('notification.error')) });
    }
  };

  const seats = license.seats;
  const modelLabel = t(`assignmentModel.${license.assignmentModel}` as TranslationKey);

  return (
    <Page.Main>
      <Page.Title>{license.name}</Page.Title>
      <Layouts.Header
        navigationAction={<BackButton fallback=".." />}
        title={license.name}
        subtitle={[labelOf(license.software), license.category?.name].filter(Boolean).join(' · ')}
        primaryAction={
          <Flex gap={2}>
            {canDelete && (
              <Button variant="danger-light" startIcon={<Trash />} onClick={() => setConfirmDelete(true)}>
                {t('action.delete')}
              </Button>
            )}
            {canUpdate && (
              <Button startIcon={<Pencil />} onClick={() => setEditing(true)}>
                {t('action.edit')}
              </Button>
            )}
          </Flex>
        }
      />
      <Layouts.Content>
        <Flex direction="column" alignItems="stretch" gap={6}>
          <Section title={t('detail.seats')}>
            <Flex gap={6} wrap="wrap" alignItems="center">
              <Box minWidth="24rem">
                <SeatsBar seats={seats} size="M" />
              </Box>
              <Typography textColor="neutral800" data-testid="seats-summary">
                {t('seats.summary', { used: seats.used, total: seats.total, available: seats.available })}
              </Typography>
              {seats.shortfall > 0 && (
                <Typography textColor="danger600" fontWeight="bold">
                  {t('seats.shortfall', { shortfall: seats.shortfall })}
                </Typography>
              )}
              <StatusBadge status={license.status} showActive />
            </Flex>
          </Section>

          <Section title={t('license.tab.basic')}>
            <Grid.Root gap={5}>
              <Item label={t('license.field.name')} value={license.name} />
              <Item label={t('license.field.category')} value={license.category?.name} />
              <Item label={t('license.field.software')} value={labelOf(license.software)} />
              <Item label={t('license.field.organization')} value={license.organization?.name} />
              <Item label={t('license.field.organizationalUnit')} value={license.organizationalUnit?.name} />
              <Item label={t('license.field.locationStructure')} value={license.locationStructure?.name} />
              <Item label={t('license.field.physicalLocation')} value={license.physicalLocation} />
              <Item label={t('license.field.serialNumber')} value={license.serialNumber} />
              <Item label={t('license.field.inventoryNumber')} value={license.inventoryNumber} />
              <Item label={t('license.field.supplier')} value={license.supplier?.name} />
              <Item label={t('license.field.expirationDate')} value={formatDay(license.expirationDate)} />
              <Item label={t('license.field.supportDate')} value={formatDay(license.supportDate)} />
              <Item label={t('license.field.purchaseDate')} value={formatDay(license.purchaseDate)} />
              <Item label={t('license.field.invoiceNumber')} value={license.invoiceNumber} />
              <Item label={t('license.field.netUnitPrice')} value={formatAmount(license.netUnitPrice, license.currency)} />
              <Item label={t('license.field.vatRate')} value={license.vatRate == null ? null : `${license.vatRate} %`} />
              <Item label={t('license.field.grossUnitPrice')} value={formatAmount(license.grossUnitPrice, license.currency)} />
              <Item label={t('license.field.assignmentModel')} value={modelLabel} />
              <Item label={t('license.field.quantity')} value={license.quantity} />
              <Item label={t('detail.totalNet')} value={formatAmount(license.totalNet, license.currency)} />
              <Item label={t('detail.totalGross')} value={formatAmount(license.totalGross, license.currency)} />
              <Item label={t('license.field.overAssignment')} value={t(`overAssignment.${license.overAssignment}` as TranslationKey)} />
              <Item label={t('license.field.notes')} value={license.notes} />
            </Grid.Root>
          </Section>

          <Section title={t('license.tab.keys')}>
            {license.keys?.length ? (
              <Table colCount={4} rowCount={license.keys.length + 1}>
                <Thead>
                  <Tr>
                    <Th>
                      <Typography variant="sigma">{t('keys.field.label')}</Typography>
                    </Th>
                    <Th>
                      <Typography variant="sigma">{t('keys.field.value')}</Typography>
                    </Th>
                    <Th>
                      <Typography variant="sigma">{t('keys.field.activationLimit')}</Typography>
                    </Th>
                    <Th>
                      <VisuallyHidden>{t('list.actions')}</VisuallyHidden>
                    </Th>
                  </Tr>
                </Thead>
                <Tbody>
                  {license.keys.map((k) => (
                    <KeyRow key={k.documentId} licenseId={license.documentId} licenseKey={k} canReveal={canReveal} />
                  ))}
                </Tbody>
              </Table>
            ) : (
              <Typography textColor="neutral600">{t('keys.empty')}</Typography>
            )}
          </Section>

          {(['person', 'asset'] as const).map((kind) => (
            <Section
              key={kind}
              title={`${t(kind === 'person' ? 'detail.persons' : 'detail.assets')}${countsSeats(kind, license) ? ` · ${t('detail.usesSeats')}` : ''}`}
              actions={
                canAssign ? (
                  <Button variant="secondary" startIcon={kind === 'person' ? <User /> : <Monitor />} onClick={() => setAssigning(kind)}>
                    {t(kind === 'person' ? 'assign.persons.button' : 'assign.assets.button')}
                  </Button>
                ) : undefined
              }
            >
              <AssignedList license={license} kind={kind} reloadKey={reloadKey} canAssign={canAssign} onChanged={reload} />
            </Section>
          ))}

          <Section title={t('detail.history')}>
            <History licenseId={license.documentId} reloadKey={reloadKey} />
          </Section>
        </Flex>
      </Layouts.Content>
      {editing && (
        <LicenseFormModal
          license={license}
          onClose={() => setEditing(false)}
          onSaved={() => {
            setEditing(false);
            reload();
          }}
        />
      )}
      {assigning && (
        <AssignDialog
          license={license}
          kind={assigning}
          onClose={() => setAssigning(null)}
          onSaved={() => {
            setAssigning(null);
            reload();
          }}
        />
      )}
      <ConfirmDialog open={confirmDelete} onCancel={() => setConfirmDelete(false)} onConfirm={remove}>{t('license.delete.confirm', { name: license.name })}</ConfirmDialog>
    </Page.Main>
  );
};
