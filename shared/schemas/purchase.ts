/** What a client writes to a license's purchases (docs/api.md, "Purchases"): a purchase, an edit, a renewal; the rules across its fields. */
import { z } from 'zod';
import { PURCHASE_FIELDS, PURCHASE_READ_VALUES } from '../fields/purchase';
import { customIssue, type FieldError } from '../issues';
import { baseShape, createShape, optionalShape } from './derived';
import { priceErrors } from './license';

const purchaseFields = baseShape(PURCHASE_FIELDS);

/** Read-only values a client may send back from a read; dropped, never written. */
export const PURCHASE_READ_ONLY_FIELDS = PURCHASE_READ_VALUES;

export const purchaseCreateSchema = z.strictObject(createShape(PURCHASE_FIELDS), { error: 'must be an object' });
export type PurchaseCreateInput = z.output<typeof purchaseCreateSchema>;

export const purchaseUpdateSchema = z.strictObject(optionalShape(purchaseFields), { error: 'must be an object' });
export type PurchaseUpdateInput = z.output<typeof purchaseUpdateSchema>;

/** What a renewal may say of the next term; the rest is copied from the term it follows. */
export const RENEW_FIELDS = ['quantity', 'purchaseDate', 'orderNumber', 'invoiceNumber', 'currency', 'netUnitPrice', 'vatRate', 'autoRenew', 'notes'] as const;
export const purchaseRenewSchema = z.strictObject(
  Object.fromEntries(RENEW_FIELDS.map((k) => [k, purchaseFields[k].optional()])) as {
    [K in (typeof RENEW_FIELDS)[number]]: z.ZodOptional<(typeof purchaseFields)[K]>;
  },
  { error: 'must be an object' },
);
export type PurchaseRenewInput = z.output<typeof purchaseRenewSchema>;

/** A purchase as stored, after defaults: what the rules across its fields are checked on. */
export interface PurchaseValues {
  netUnitPrice?: string | null;
  vatRate?: string | null;
  grossUnitPrice?: string | null;
  termStart?: string | null;
  termEnd?: string | null;
}

/** Rules across a purchase's fields: the price rules, a term that ends after it starts. */
export const purchaseCrossFieldErrors = (values: PurchaseValues, sentGross: string | null | undefined): FieldError[] => {
  const errors = priceErrors(values, sentGross);
  if (values.termStart && values.termEnd && values.termEnd < values.termStart) {
    errors.push({ path: ['termEnd'], message: 'must not be before the term start', ...customIssue('beforeTermStart') });
  }
  return errors;
};
