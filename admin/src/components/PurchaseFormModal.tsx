import * as React from 'react';
import { Grid, Modal } from '@strapi/design-system';
import { useNotification } from '@strapi/strapi/admin';
import { PURCHASE_FIELD_NAMES, PURCHASE_FIELDS, type PurchaseFieldName } from '../../../shared/fields/purchase';
import type { FieldSpec } from '../../../shared/fields/types';
import { useApiError } from '../api/errors';
import { useCreatePurchaseMutation, useUpdatePurchaseMutation, type PurchaseInput } from '../api/purchases';
import type { License, Purchase, RelationRef } from '../api/types';
import { useT, type TranslationKey } from '../utils/translations';
import { CELL_BY_KIND } from './FieldCell';
import { TextField } from './Fields';
import { FormModalFooter } from './FormModalFooter';
import { liveGross } from './license-form/values';
import { useReturnFocus } from '../hooks/useReturnFocus';

type Values = Record<PurchaseFieldName, unknown>;

/** Wide cells: the notes; the rest two or three to a row. */
const COLS: Partial<Record<PurchaseFieldName, 4 | 6 | 12>> = {
  notes: 12,
  quantity: 4,
  billing: 4,
  autoRenew: 4,
  netUnitPrice: 4,
  vatRate: 4,
  grossUnitPrice: 4,
};

/** A purchase as the form edits it: texts, a relation, a number, a switch. A new one is paid as its license, once. */
export const purchaseValues = (license: License, purchase?: Purchase): Values =>
  Object.fromEntries(
    PURCHASE_FIELD_NAMES.map((name) => {
      const f: FieldSpec = PURCHASE_FIELDS[name];
      const v = purchase?.[name];
      if (f.kind === 'relation') return [name, (v as RelationRef | null) ?? null];
      if (f.kind === 'boolean') return [name, Boolean(v)];
      if (f.kind === 'integer') return [name, (v as number | null) ?? undefined];
      if (name === 'currency') return [name, (v as string | null) ?? license.currency ?? ''];
      if (f.kind === 'enum') return [name, (v as string | null) ?? f.default ?? ''];
      return [name, (v as string | null) ?? ''];
    }),
  ) as Values;

/** The form's values as the API writes them: blank texts null, the supplier by documentId, the computed gross left out. */
export const purchasePayload = (values: Values): PurchaseInput =>
  Object.fromEntries(
    PURCHASE_FIELD_NAMES.filter((name) => (PURCHASE_FIELDS[name] as FieldSpec).readOnly !== 'computed').map((name) => {
      const f: FieldSpec = PURCHASE_FIELDS[name];
      const v = values[name];
      if (f.kind === 'relation') return [name, (v as RelationRef | null)?.documentId ?? null];
      if (f.kind === 'boolean') return [name, Boolean(v)];
      if (f.kind === 'integer') return [name, v ?? null];
      const text = String(v ?? '').trim();
      return [name, text === '' ? null : name === 'currency' ? text.toUpperCase() : text];
    }),
  );

export interface PurchaseFormModalProps {
  license: License;
  /** The purchase to edit; without it, a new purchase of the license. */
  purchase?: Purchase;
  onClose: () => void;
}

/** Add or edit one purchase of a license; the server's refusals (400 on fields, 409 on seats) shown where they belong. */
export const PurchaseFormModal = ({ license, purchase, onClose }: PurchaseFormModalProps) => {
  const t = useT();
  const returnFocus = useReturnFocus();
  const { toggleNotification } = useNotification();
  const apiError = useApiError();
  const [createPurchase, created] = useCreatePurchaseMutation();
  const [updatePurchase, updated] = useUpdatePurchaseMutation();
  const [values, setValues] = React.useState<Values>(() => purchaseValues(license, purchase));
  const [errors, setErrors] = React.useState<Record<string, string>>({});
  const set = (name: PurchaseFieldName) => (value: unknown) => {
    setValues((v) => ({ ...v, [name]: value }));
    setErrors(({ [name]: _cleared, ...rest }) => rest);
  };

  const handleSubmit = async (e: React.FormEvent) => {
    e.preventDefault();
    e.stopPropagation();
    if (values.quantity === undefined || values.quantity === null) return setErrors({ quantity: t('form.error.required') });
    try {
      const data = purchasePayload(values);
      if (purchase) await updatePurchase({ documentId: license.documentId, purchaseId: purchase.documentId, data }).unwrap();
      else await createPurchase({ documentId: license.documentId, data }).unwrap();
      toggleNotification({ type: 'success', message: t(purchase ? 'notification.purchase.saved' : 'notification.purchase.created') });
      onClose();
    } catch (error) {
      const { fields } = apiError.describe(error);
      setErrors(fields);
      if (!Object.keys(fields).length) apiError.notify(error);
    }
  };

  return (
    <Modal.Root open onOpenChange={(open) => !open && onClose()}>
      <Modal.Content onCloseAutoFocus={returnFocus} style={{ maxWidth: '72rem', width: '80vw' }}>
        <form onSubmit={handleSubmit} noValidate>
          <Modal.Header closeLabel={t('action.close')}>
            <Modal.Title>{t(purchase ? 'purchases.edit.title' : 'purchases.new.title', { name: license.name })}</Modal.Title>
          </Modal.Header>
          <Modal.Body>
            <Grid.Root gap={4}>
              {PURCHASE_FIELD_NAMES.map((name) => {
                const spec: FieldSpec = PURCHASE_FIELDS[name];
                const field = { name, label: t(spec.label as TranslationKey), error: errors[name], required: spec.required };
                const cell =
                  name === 'grossUnitPrice' ? (
                    <TextField
                      {...field}
                      value={liveGross(String(values.netUnitPrice ?? ''), String(values.vatRate ?? ''))}
                      onChange={() => undefined}
                      disabled
                    />
                  ) : (
                    CELL_BY_KIND[spec.kind]({ field, spec, value: values[name], onChange: set(name) })
                  );
                return (
                  <Grid.Item key={name} col={COLS[name] ?? 6} s={12} direction="column" alignItems="stretch">
                    {cell}
                  </Grid.Item>
                );
              })}
            </Grid.Root>
          </Modal.Body>
          <FormModalFooter isSaving={created.isLoading || updated.isLoading} />
        </form>
      </Modal.Content>
    </Modal.Root>
  );
};
