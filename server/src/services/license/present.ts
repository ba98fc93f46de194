/** License reads as the API shows them (docs/api.md): scalars formatted, relations, seats, status, totals, masked keys. */
import type { Core } from '@strapi/strapi';
import type { Knex } from 'knex';
import { dayOfColumn } from '../../../../shared/days';
import { formatMoney, times } from '../../../../shared/money';
import { costOn, firstTerm, periodsIn, type LicenseTerm, type Term } from '../../domain/purchases';
import { seats } from '../../domain/seats';
import { licenseStatus, statusWindow, type StatusWindow } from '../../domain/status';
import { getService } from '../../plugin';
import { relationOut } from '../../db';
import type { MaskedKey } from '../keys';
import { usedSeatsOf } from '../../db/license-pages';
import { purchasesOf, type PurchaseRow } from '../../db/purchases';
import { AMOUNTS, DAYS, EMAIL_LISTS, LICENSE_RELATIONS, RELATION_NAMES, SCALARS, seatTotal, type LicenseOut } from './model';
import type { AssignmentModel } from '../../../../shared/constants';

/** The list's names from Strapi's metadata (db/license-pages), here too for the tests that build the list's SQL. */
export { listNames } from '../../db/license-pages';

/** A decimal column's value (a number on SQLite, a string elsewhere) as two-decimal text, exactly. */
export const money = (v: unknown): string | null => (v === null || v === undefined ? null : formatMoney(v as string | number));
const dateTime = (v: unknown): string | null => {
  if (v === null || v === undefined) return null;
  const date = v instanceof Date ? v : new Date(v as string | number);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
};

/** A json list as stored: parsed already, or its text (raw SQL rows on SQLite and MySQL); none is `[]`. */
export const listOf = (v: unknown): string[] => {
  if (v === null || v === undefined || v === '') return [];
  if (Array.isArray(v)) return v.map(String);
  try {
    const parsed = JSON.parse(String(v));
    return Array.isArray(parsed) ? parsed.map(String) : [];
  } catch {
    return [];
  }
};

type Reader = (row: Record<string, any>) => unknown;
function reader(f: string, show: (v: any) => unknown): Reader {
  return (row) => show(row[f]);
}
const stored = (v: unknown) => v ?? null;

/**
 * Each scalar field's value as the API shows it (dates as days, money as two-decimal strings, lists
 * as arrays), read from a row: what a read answers and what the export writes, from one rule.
 */
export const SCALAR_READERS: ReadonlyMap<string, Reader> = new Map([
  ...SCALARS.map((f) => [f, reader(f, stored)] as const),
  ...DAYS.map((f) => [f, reader(f, dayOfColumn)] as const),
  ...AMOUNTS.map((f) => [f, reader(f, money)] as const),
  ...EMAIL_LISTS.map((f) => [f, reader(f, listOf)] as const),
]);
const SCALAR_ENTRIES = [...SCALAR_READERS];

/** A row's scalar fields as the API shows them; into `out` when given. */
export const scalarsOf = (row: Record<string, any>, out: Record<string, unknown> = {}): Record<string, any> => {
  for (const [f, read] of SCALAR_ENTRIES) out[f] = read(row);
  return out;
};

/** A field's value as a license read shows it (outOf's rule for that one field), straight from a page row: what the export writes. */
export const shownValue = (f: string): Reader => {
  if (f === 'quantity') return quantityOf;
  const read = SCALAR_READERS.get(f);
  if (!read) return () => undefined;
  return f === 'billing' ? (row) => read(row) ?? DEFAULT_BILLING : read;
};

/** The billing a license without one shows. */
const DEFAULT_BILLING = 'one_time';

/** The day a license counts until: the kept one, or its own expiration day where a row has none yet (the startup's fill, db/purchases). */
export const validUntilOf = (row: Record<string, any>, expirationDate: string | null): string | null =>
  row.validUntil === undefined ? expirationDate : dayOfColumn(row.validUntil);

/** A unit price (two-decimal text) times the quantity; none without either (a site license may have no quantity). */
export const totalOf = (unitPrice: string | null, quantity: unknown): string | null =>
  unitPrice == null || quantity == null ? null : times(unitPrice, Number(quantity));

/** A purchase row as a term of the purchase rules (domain/purchases). */
export const termOf = (r: PurchaseRow): Term => ({
  quantity: Number(r.quantity),
  purchaseDate: dayOfColumn(r.purchaseDate),
  termStart: dayOfColumn(r.termStart),
  termEnd: dayOfColumn(r.termEnd),
  supportEnd: dayOfColumn(r.supportEnd),
  billing: r.billing ?? 'one_time',
  grossUnitPrice: money(r.grossUnitPrice),
  currency: r.currency ?? null,
});

/** A license read's fields as its first purchase (domain/purchases). */
export const licenseTermOf = (out: Record<string, any>): LicenseTerm => ({
  quantity: Number(out.quantity),
  purchaseDate: out.purchaseDate ?? null,
  expirationDate: out.expirationDate ?? null,
  supportDate: out.supportDate ?? null,
  billing: out.billing ?? 'one_time',
  grossUnitPrice: out.grossUnitPrice ?? null,
  currency: out.currency ?? null,
});

/**
 * What a license keeps of its own fields as written: valid and supported until its own dates while it
 * has no purchases (db/purchases keeps them after), and the periods its own term is paid for.
 */
export const ownTermKept = (values: Record<string, any>) => ({
  validUntil: values.expirationDate ?? null,
  supportUntil: values.supportDate ?? null,
  periods: periodsIn(firstTerm(licenseTermOf(values))),
});

/** The terms of these licenses' further purchases, by license id: what a read's `cost` adds up (one statement). */
export const termsOf = async (strapi: Core.Strapi, licenseIds: number[], trx?: Knex.Transaction): Promise<Map<number, Term[]>> =>
  new Map([...(await purchasesOf(strapi, licenseIds, trx))].map(([id, rows]) => [id, rows.map(termOf)]));

/**
 * A license row as the API shows it. `seats.total` and `validUntil` are the kept ones (db/purchases),
 * which the seat rule and the list's filters read too; `terms` are its further purchases, for `cost`
 * (null: `cost` is not computed, the export's case).
 */
export const outOf = (row: Record<string, any>, used: number, window: StatusWindow, keys?: MaskedKey[], terms: Term[] | null = []): LicenseOut => {
  const out: Record<string, unknown> = { documentId: row.documentId, name: row.name };
  for (const r of RELATION_NAMES) out[r] = relationOut(row[r], LICENSE_RELATIONS[r].fields);
  scalarsOf(row, out);
  out.billing ??= DEFAULT_BILLING;
  // `seats` follows the form's fields, as docs/api.md shows it.
  out.seats = seats(seatTotal(row as { assignmentModel: AssignmentModel; quantity: number | null; extraSeats?: number }), used);
  const validUntil = validUntilOf(row, out.expirationDate as string | null);
  out.status = licenseStatus(validUntil, window);
  out.totalNet = totalOf(out.netUnitPrice as string | null, row.quantity);
  out.totalGross = totalOf(out.grossUnitPrice as string | null, row.quantity);
  out.validUntil = validUntil;
  // `terms` null: the export's read, which leaves `cost` out of the file (LICENSE_READ_VALUES), so it is not computed.
  out.cost = terms === null ? [] : costOn([firstTerm(licenseTermOf(out)), ...terms], window.today);
  if (keys) out.keys = keys;
  out.createdAt = row.createdAt;
  out.updatedAt = row.updatedAt;
  return out as unknown as LicenseOut;
};

/** A list page row (see db/license-list) as the query engine would hand it out (see its DatetimeField and NumberField). */
export const fromPageRow = (row: Record<string, any>) => {
  // Changed in place: the statement's row is read once, and an export reads 200,000 of them.
  row.quantity = quantityOf(row);
  row.createdAt = dateTime(row.createdAt);
  row.updatedAt = dateTime(row.updatedAt);
  for (const { name, documentId, fields } of PAGE_ROW_RELATIONS) {
    if (row[documentId] == null) {
      row[name] = null;
      continue;
    }
    const relation: Record<string, unknown> = { documentId: row[documentId] };
    for (const [field, column] of fields) relation[field] = row[column];
    row[name] = relation;
  }
  return row;
};

/** A page row's quantity as a number (a driver may answer an integer column as text). */
export const quantityOf = (row: Record<string, any>): number | null => (row.quantity == null ? null : Number(row.quantity));

/** Each relation's columns on a page row (`<relation>__<field>`), named once: an export reads 200,000 rows. */
const PAGE_ROW_RELATIONS = RELATION_NAMES.map((name) => ({
  name,
  documentId: `${name}__documentId`,
  fields: LICENSE_RELATIONS[name].fields.map((f) => [f, `${name}__${f}`] as const),
}));

/** The presenter over Strapi: the status window from the settings, seats in one query per page. */
export const presenter = (strapi: Core.Strapi) => {
  const window = async () => statusWindow((await getService(strapi, 'settings').get()).expiringWithinDays);

  /** Turns loaded rows into API objects, with one aggregate query for all their seats. */
  const present = async (rows: Record<string, any>[], withKeys = false): Promise<LicenseOut[]> => {
    const ids = rows.map((r) => r.id);
    const [used, w, keys, terms] = await Promise.all([
      usedSeatsOf(strapi, ids),
      window(),
      withKeys ? getService(strapi, 'keys').listFor(ids) : Promise.resolve(null),
      termsOf(strapi, ids),
    ]);
    return rows.map((r) => outOf(r, used.get(r.id) ?? 0, w, keys ? (keys.get(r.id) ?? []) : undefined, terms.get(r.id)));
  };

  return { window, present };
};
