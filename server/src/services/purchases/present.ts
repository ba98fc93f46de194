/** Purchases as the API shows them (docs/api.md, "Purchases"): the license's own first, then its further purchases. */
import { dayOfColumn } from '../../../../shared/days';
import { PURCHASE_FIELDS } from '../../../../shared/fields/purchase';
import type { Purchase } from '../../../../shared/contracts/purchases';
import { relationOut } from '../../db';
import type { PurchaseRow } from '../../db/purchases';
import { firstTerm, isActive } from '../../domain/purchases';
import { licenseTermOf, money, scalarsOf, termOf } from '../license/present';

const supplierOut = (row: Record<string, unknown> | null | undefined) => relationOut(row, PURCHASE_FIELDS.supplier.shows);

const dateTime = (v: unknown): string | null => (v == null ? null : new Date(v as string).toISOString());

/** A further purchase. */
export const purchaseOut = (r: PurchaseRow, day: string): Purchase => ({
  documentId: r.documentId,
  first: false,
  active: isActive(termOf(r), day),
  quantity: Number(r.quantity),
  purchaseDate: dayOfColumn(r.purchaseDate),
  orderNumber: r.orderNumber ?? null,
  invoiceNumber: r.invoiceNumber ?? null,
  supplier: supplierOut(r.supplier),
  currency: r.currency ?? null,
  netUnitPrice: money(r.netUnitPrice),
  vatRate: money(r.vatRate),
  grossUnitPrice: money(r.grossUnitPrice),
  termStart: dayOfColumn(r.termStart),
  termEnd: dayOfColumn(r.termEnd),
  supportEnd: dayOfColumn(r.supportEnd),
  billing: r.billing ?? 'one_time',
  autoRenew: Boolean(r.autoRenew),
  notes: r.notes ?? null,
  createdAt: dateTime(r.createdAt),
  updatedAt: dateTime(r.updatedAt),
});

/**
 * The license's own purchase fields as its first purchase: read-only here (they are the license's,
 * edited in its window), addressed by the license's documentId. Its term runs from its purchase date
 * to its expiration date; it is active until then, whatever its purchase date.
 */
export const firstPurchaseOut = (licenseRow: Record<string, any>, day: string): Purchase => {
  const l = scalarsOf(licenseRow);
  const term = firstTerm(licenseTermOf(l));
  return {
    documentId: licenseRow.documentId,
    first: true,
    active: isActive(term, day),
    quantity: Number(l.quantity),
    purchaseDate: l.purchaseDate,
    orderNumber: null,
    invoiceNumber: l.invoiceNumber,
    supplier: supplierOut(licenseRow.supplier),
    currency: l.currency,
    netUnitPrice: l.netUnitPrice,
    vatRate: l.vatRate,
    grossUnitPrice: l.grossUnitPrice,
    termStart: l.purchaseDate,
    termEnd: l.expirationDate,
    supportEnd: l.supportDate,
    billing: term.billing,
    autoRenew: false,
    notes: null,
    createdAt: dateTime(licenseRow.createdAt),
    updatedAt: dateTime(licenseRow.updatedAt),
  };
};
