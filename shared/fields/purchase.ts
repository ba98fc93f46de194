/**
 * A purchase of a license, described once (docs/domain.md, "Purchases"): a renewal, a top-up, a
 * subscription's term. Its license is the URL's (`/licenses/:documentId/purchases`), not a field.
 * Derived from it: purchaseCreateSchema and purchaseUpdateSchema (../schemas/purchase), the
 * Purchase response type (../contracts/purchases), the admin's purchase form.
 */
import { BILLINGS, QUANTITY_MAX } from '../constants';
import type { FieldSpec } from './types';

const label = <N extends string>(name: N) => ({ label: `purchase.field.${name}` }) as const;

export const PURCHASE_FIELDS = {
  quantity: { kind: 'integer', min: 1, max: QUANTITY_MAX, required: true, ...label('quantity') },
  purchaseDate: { kind: 'date', ...label('purchaseDate') },
  orderNumber: { kind: 'text', max: 255, ...label('orderNumber') },
  invoiceNumber: { kind: 'text', max: 255, ...label('invoiceNumber') },
  supplier: { kind: 'relation', target: 'organizations', shows: ['name'], ...label('supplier') },
  // Without one, the license's currency (not the settings' default: a renewal is paid as the license was).
  currency: { kind: 'currency', ...label('currency') },
  netUnitPrice: { kind: 'money', ...label('netUnitPrice') },
  vatRate: { kind: 'percent', ...label('vatRate') },
  grossUnitPrice: { kind: 'money', readOnly: 'computed', ...label('grossUnitPrice') },
  termStart: { kind: 'date', ...label('termStart') },
  // None: perpetual.
  termEnd: { kind: 'date', ...label('termEnd') },
  supportEnd: { kind: 'date', ...label('supportEnd') },
  billing: { kind: 'enum', values: BILLINGS, default: 'one_time', ...label('billing') },
  autoRenew: { kind: 'boolean', default: false, ...label('autoRenew') },
  notes: { kind: 'longtext', max: 10_000, ...label('notes') },
} as const satisfies Record<string, FieldSpec>;

/** What the server keeps on a purchase row beside its fields, never read or written by a client: the periods its term is paid for (as the license's `periods`). */
export const PURCHASE_KEPT = {
  periods: { kind: 'integer', min: 1, max: Number.MAX_SAFE_INTEGER, readOnly: 'private' },
} as const satisfies Record<string, FieldSpec>;

export type PurchaseFieldName = keyof typeof PURCHASE_FIELDS;
export const PURCHASE_FIELD_NAMES = Object.keys(PURCHASE_FIELDS) as PurchaseFieldName[];
export const PURCHASE_DAYS = PURCHASE_FIELD_NAMES.filter((n) => PURCHASE_FIELDS[n].kind === 'date');
export const PURCHASE_AMOUNTS = PURCHASE_FIELD_NAMES.filter((n) => ['money', 'percent'].includes(PURCHASE_FIELDS[n].kind));

/** Values a purchase read adds: whether it is active today, and whether it is the license's own first purchase. */
export const PURCHASE_READ_VALUES = ['documentId', 'first', 'active', 'createdAt', 'updatedAt'] as const;
