import * as React from 'react';
import { Badge, Button, Flex, IconButton, Table, Tbody, Td, Tr, Typography } from '@strapi/design-system';
import { ArrowClockwise, Pencil, Plus, Trash } from '@strapi/icons';
import { useNotification } from '@strapi/strapi/admin';
import { useApiError } from '../api/errors';
import { useDeletePurchaseMutation, usePurchasesQuery, useRenewPurchaseMutation } from '../api/purchases';
import type { License, Purchase } from '../api/types';
import { useFormatDay } from '../utils/formatDates';
import { useFormatMoney } from '../utils/money';
import { useT } from '../utils/translations';
import { ActionsTableHead } from './ActionsTableHead';
import { ConfirmDialog } from './ConfirmDialog';
import { PurchaseFormModal } from './PurchaseFormModal';

/** Add and Renew: the section's actions, for users who may edit the license. */
export const PurchaseActions = ({ license, onAdd }: { license: License; onAdd: () => void }) => {
  const t = useT();
  const { toggleNotification } = useNotification();
  const apiError = useApiError();
  const [renew, renewing] = useRenewPurchaseMutation();
  const doRenew = async () => {
    try {
      const next = await renew({ documentId: license.documentId }).unwrap();
      toggleNotification({ type: 'success', message: t('notification.purchase.renewed', { start: next.termStart ?? '', end: next.termEnd ?? '' }) });
    } catch (error) {
      apiError.notify(error);
    }
  };
  return (
    <>
      <Button variant="secondary" startIcon={<ArrowClockwise />} onClick={doRenew} loading={renewing.isLoading}>
        {t('purchases.renew')}
      </Button>
      <Button variant="secondary" startIcon={<Plus />} onClick={onAdd}>
        {t('purchases.add')}
      </Button>
    </>
  );
};

/**
 * A license's purchases: its own first (edited in the license window), then the others, each with its
 * term, quantity, price and billing, the active ones marked; Edit and Delete for users who may edit.
 */
export const LicensePurchases = ({ license, canUpdate, adding, onAdded }: { license: License; canUpdate: boolean; adding: boolean; onAdded: () => void }) => {
  const t = useT();
  const day = useFormatDay();
  const money = useFormatMoney();
  const apiError = useApiError();
  const { toggleNotification } = useNotification();
  const { data: purchases = [] } = usePurchasesQuery(license.documentId);
  const [deletePurchase] = useDeletePurchaseMutation();
  const [editing, setEditing] = React.useState<Purchase | null>(null);
  const [deleting, setDeleting] = React.useState<Purchase | null>(null);

  const term = (p: Purchase) => {
    const start = p.termStart ?? p.purchaseDate;
    if (!start && !p.termEnd) return t('purchases.term.always');
    if (!p.termEnd) return t('purchases.term.from', { start: day(start!) });
    return t('purchases.term.range', { start: start ? day(start) : '…', end: day(p.termEnd) });
  };

  const remove = async () => {
    if (!deleting) return;
    try {
      await deletePurchase({ documentId: license.documentId, purchaseId: deleting.documentId }).unwrap();
      toggleNotification({ type: 'success', message: t('notification.purchase.deleted') });
    } catch (error) {
      apiError.notify(error);
    } finally {
      setDeleting(null);
    }
  };

  return (
    <>
      <Table colCount={6} rowCount={purchases.length + 1}>
        <ActionsTableHead
          labels={[
            t('purchases.column.purchase'),
            t('purchases.column.term'),
            t('purchase.field.quantity'),
            t('purchases.column.price'),
            t('purchase.field.billing'),
          ]}
        />
        <Tbody>
          {purchases.map((p) => (
            <Tr key={`${p.first}-${p.documentId}`} data-testid="purchase-row">
              <Td>
                <Flex gap={2}>
                  <Typography textColor="neutral800">
                    {p.first ? t('purchases.first') : (p.orderNumber ?? p.invoiceNumber ?? t('purchases.unnamed'))}
                  </Typography>
                  {p.active && <Badge active>{t('purchases.active')}</Badge>}
                </Flex>
              </Td>
              <Td>
                <Typography textColor="neutral800">{term(p)}</Typography>
              </Td>
              <Td>
                <Typography textColor="neutral800">{p.quantity}</Typography>
              </Td>
              <Td>
                <Typography textColor="neutral800">{p.grossUnitPrice ? money(p.grossUnitPrice, p.currency) : '-'}</Typography>
              </Td>
              <Td>
                <Typography textColor="neutral800">{t(`billing.${p.billing}`)}</Typography>
              </Td>
              <Td>
                {canUpdate && !p.first && (
                  <Flex gap={1}>
                    <IconButton label={t('purchases.edit', { name: term(p) })} variant="ghost" onClick={() => setEditing(p)}>
                      <Pencil />
                    </IconButton>
                    <IconButton label={t('purchases.delete', { name: term(p) })} variant="ghost" onClick={() => setDeleting(p)}>
                      <Trash />
                    </IconButton>
                  </Flex>
                )}
              </Td>
            </Tr>
          ))}
        </Tbody>
      </Table>
      {(adding || editing) && (
        <PurchaseFormModal
          license={license}
          purchase={editing ?? undefined}
          onClose={() => {
            setEditing(null);
            onAdded();
          }}
        />
      )}
      <ConfirmDialog open={deleting !== null} onCancel={() => setDeleting(null)} onConfirm={remove}>
        {t('purchases.delete.confirm', { quantity: deleting?.quantity ?? 0 })}
      </ConfirmDialog>
    </>
  );
};
