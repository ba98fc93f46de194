import * as React from 'react';
import { Box, Button, Flex, Typography } from '@strapi/design-system';
import { Pencil, Trash, User, Monitor } from '@strapi/icons';
import { BackButton, Layouts, Page, useNotification } from '@strapi/strapi/admin';
import { useNavigate, useParams } from 'react-router-dom';
import { FRESH_ON_OPEN } from '../api/base';
import { statusOf, useApiError } from '../api/errors';
import { useDeleteLicenseMutation, useLicenseQuery } from '../api/licenses';
import { AssignDialog, countsSeats, type AssignKind } from '../components/AssignDialog';
import { AssignedList } from '../components/AssignedList';
import { LicenseDetailFields } from '../components/LicenseDetailFields';
import { SeatsBar, useSeatsSummary } from '../components/SeatsBar';
import { StatusBadge } from '../components/Badges';
import { LicenseHistory } from '../components/LicenseHistory';
import { LicenseKeys } from '../components/LicenseKeys';
import { LicensePurchases, PurchaseActions } from '../components/LicensePurchases';
import { LicenseFormModal } from '../components/LicenseFormModal';
import { usePermissions } from '../hooks/usePermissions';
import { labelOf } from '../resources';
import { ConfirmDialog } from '../components/ConfirmDialog';
import { useT } from '../utils/translations';
import { countsHardware } from '../../../shared/units';

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

/** The license's detail view: every field grouped as in the form, seats, keys, assignments, history. */
export const LicenseDetailPage = () => {
  const t = useT();
  const seatsSummary = useSeatsSummary();
  const { documentId } = useParams<{ documentId: string }>();
  const navigate = useNavigate();
  const [deleteLicense] = useDeleteLicenseMutation();
  const { toggleNotification } = useNotification();
  const apiError = useApiError();
  const { canUpdate, canDelete, canAssign, canReveal } = usePermissions();
  const { data: license, error, isLoading } = useLicenseQuery(documentId!, FRESH_ON_OPEN);
  const [editing, setEditing] = React.useState(false);
  const [assigning, setAssigning] = React.useState<AssignKind | null>(null);
  const [confirmDelete, setConfirmDelete] = React.useState(false);
  const [addingPurchase, setAddingPurchase] = React.useState(false);

  if (isLoading && !license) return <Page.Loading />;
  if (error || !license) {
    return statusOf(error) === 404 ? <Page.NoData /> : <Page.Error />;
  }

  const remove = async () => {
    try {
      await deleteLicense(license.documentId).unwrap();
      toggleNotification({ type: 'success', message: t('notification.license.deleted', { count: 1 }) });
      navigate('..', { relative: 'path' });
    } catch (e) {
      apiError.notify(e);
    }
  };

  const seats = license.seats;
  // A per-core or per-processor license takes assets only (the server refuses a person, and a model change while persons are assigned).
  const kinds: AssignKind[] = countsHardware(license.assignmentModel) ? ['asset'] : ['person', 'asset'];

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
                <SeatsBar seats={seats} model={license.assignmentModel} size="M" />
              </Box>
              <Typography textColor="neutral800" data-testid="seats-summary">
                {seatsSummary(seats, license.assignmentModel)}
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
            <LicenseDetailFields license={license} />
          </Section>

          <Section title={t('purchases.title')} actions={canUpdate ? <PurchaseActions license={license} onAdd={() => setAddingPurchase(true)} /> : undefined}>
            <LicensePurchases license={license} canUpdate={canUpdate} adding={addingPurchase} onAdded={() => setAddingPurchase(false)} />
          </Section>

          <Section title={t('license.tab.keys')}>
            <LicenseKeys license={license} canReveal={canReveal} />
          </Section>

          {kinds.map((kind) => (
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
              <AssignedList license={license} kind={kind} canAssign={canAssign} />
            </Section>
          ))}

          <Section title={t('detail.history')}>
            <LicenseHistory licenseId={license.documentId} />
          </Section>
        </Flex>
      </Layouts.Content>
      {editing && <LicenseFormModal license={license} onClose={() => setEditing(false)} onSaved={() => setEditing(false)} />}
      {assigning && <AssignDialog license={license} kind={assigning} onClose={() => setAssigning(null)} onSaved={() => setAssigning(null)} />}
      <ConfirmDialog open={confirmDelete} onCancel={() => setConfirmDelete(false)} onConfirm={remove}>
        {t('license.delete.confirm', { name: license.name })}
      </ConfirmDialog>
    </Page.Main>
  );
};
