/**
 * The purchase rows of licenses (docs/domain.md, "Purchases"), and the license columns kept from
 * them: `extraSeats` (seats.total = quantity + extraSeats) and `validUntil`. The rules (which terms
 * count, when a write is refused) are the purchase service's and domain/purchases'; this module only
 * runs the statements, in the caller's transaction (the query engine joins it).
 */
import type { Core } from '@strapi/strapi';
import type { Knex } from 'knex';
import { UID } from '../../../shared/constants';
import { dayOfColumn } from '../../../shared/days';
import { PURCHASE_FIELD_NAMES, PURCHASE_FIELDS } from '../../../shared/fields/purchase';
import { columnOf, tableOf } from './meta';
import { locking } from './transactions';
import { noteAll, noteLicenses, notePurchases } from './compliance-changes';

/** A purchase row as the query engine loads it, its supplier populated. */
export type PurchaseRow = Record<string, any> & { id: number; documentId: string; quantity: number };

const SUPPLIER = { supplier: { select: ['id', 'documentId', ...PURCHASE_FIELDS.supplier.shows] } };
/** The stored columns a read shows (the supplier is populated apart). */
const SELECT = ['id', 'documentId', 'createdAt', 'updatedAt', ...PURCHASE_FIELD_NAMES.filter((f) => f !== 'supplier')];

/** Term order: by the day each begins (its term start, else its purchase date; none first), then by creation. Sorted here: databases order nulls differently. */
const begins = (r: PurchaseRow): string => dayOfColumn(r.termStart ?? r.purchaseDate) ?? '';
const inTermOrder = (a: PurchaseRow, b: PurchaseRow) => (begins(a) < begins(b) ? -1 : begins(a) > begins(b) ? 1 : a.id - b.id);

/**
 * The purchases of these licenses, by license id, each license's in term order: one statement on
 * the purchases (by their license column, without touching the licenses: a list page or an export
 * batch reads its licenses once) and one for their suppliers; in the write's transaction when given.
 */
export const purchasesOf = async (strapi: Core.Strapi, licenseIds: number[], trx?: Knex.Transaction, on?: Knex): Promise<Map<number, PurchaseRow[]>> => {
  const out = new Map<number, PurchaseRow[]>();
  const ids = [...new Set(licenseIds)];
  if (!ids.length) return out;
  const knex = (table: string) => (trx ? strapi.db.connection(table).transacting(trx) : (on ?? strapi.db.connection)(table));
  const col = (a: string) => columnOf(strapi, UID.purchase, a);
  const rows: Array<Record<string, any>> = [];
  for (let i = 0; i < ids.length; i += 500) {
    const q = knex(tableOf(strapi, UID.purchase))
      .select(...SELECT.map((a) => `${col(a)} as ${a}`), `${col('license')} as license`, `${col('supplier')} as supplierId`)
      .whereIn(col('license'), ids.slice(i, i + 500));
    // In a write, a locking read: on MySQL a plain read in a long transaction (an import's) shows the
    // snapshot of its first read, not the purchases committed before the license's lock was granted.
    rows.push(...(await (trx ? locking(strapi, q, 'share') : q)));
  }
  const supplierIds = [...new Set(rows.map((r) => r.supplierId).filter((v) => v != null))];
  const suppliers = new Map<number, Record<string, unknown>>();
  if (supplierIds.length) {
    const org = (a: string) => columnOf(strapi, UID.organization, a);
    const shown = ['documentId', ...PURCHASE_FIELDS.supplier.shows];
    for (const o of await knex(tableOf(strapi, UID.organization))
      .select('id', ...shown.map((a) => `${org(a)} as ${a}`))
      .whereIn('id', supplierIds)) {
      suppliers.set(Number(o.id), o);
    }
  }
  for (const { license, supplierId, ...r } of rows) {
    const row: PurchaseRow = {
      ...r,
      id: Number(r.id),
      documentId: String(r.documentId),
      quantity: Number(r.quantity),
      supplier: supplierId == null ? null : (suppliers.get(Number(supplierId)) ?? null),
    };
    const list = out.get(Number(license)) ?? [];
    list.push(row);
    out.set(Number(license), list);
  }
  for (const list of out.values()) list.sort(inTermOrder);
  return out;
};

/** One purchase of a license, by its documentId; null when the license has none with it. */
export const findPurchase = async (strapi: Core.Strapi, licenseId: number, documentId: string): Promise<PurchaseRow | null> =>
  (await strapi.db
    .query(UID.purchase)
    .findOne({ select: SELECT, where: { documentId, license: { id: licenseId } }, populate: SUPPLIER })) as PurchaseRow | null;

// Each purchase write notes its license's compliance row (db/compliance-positions).
export const insertPurchase = async (strapi: Core.Strapi, data: Record<string, unknown>): Promise<{ id: number }> => {
  const row = await strapi.db.query(UID.purchase).create({ data });
  await notePurchases(strapi, [row.id]);
  return row;
};

export const updatePurchase = async (strapi: Core.Strapi, id: number, data: Record<string, unknown>): Promise<void> => {
  await strapi.db.query(UID.purchase).update({ where: { id }, data });
  await notePurchases(strapi, [id]);
};

export const deletePurchase = async (strapi: Core.Strapi, id: number): Promise<void> => {
  await notePurchases(strapi, [id]);
  await strapi.db.query(UID.purchase).delete({ where: { id } });
};

/** Deletes every purchase of a license in the transaction (its delete); returns how many there were. */
export const deletePurchasesOfLicense = async (strapi: Core.Strapi, trx: Knex.Transaction, licenseId: number): Promise<number> =>
  Number(
    await strapi.db
      .connection(tableOf(strapi, UID.purchase))
      .transacting(trx)
      .where(columnOf(strapi, UID.purchase, 'license'), licenseId)
      .delete(),
  );

/** Sets a license's kept `extraSeats`, `validUntil` and `supportUntil` (under its lock, in the caller's transaction). */
export const setKeptPosition = async (
  strapi: Core.Strapi,
  trx: Knex.Transaction,
  licenseId: number,
  kept: { extraSeats: number; validUntil: string | null; supportUntil: string | null },
): Promise<void> => {
  const col = (a: string) => columnOf(strapi, UID.license, a);
  await strapi.db
    .connection(tableOf(strapi, UID.license))
    .transacting(trx)
    .where('id', licenseId)
    .update({ [col('extraSeats')]: kept.extraSeats, [col('validUntil')]: kept.validUntil, [col('supportUntil')]: kept.supportUntil });
  await noteLicenses(strapi, [licenseId], trx);
};

/**
 * `validUntil` and `supportUntil` of licenses without purchases are their expiration and support
 * dates. Sets them where they are not (rows from before the columns, rows a bulk loader wrote): a
 * statement each at startup, which find nothing to do once done. A license with purchases keeps what
 * its writes set.
 */
export const fillKeptDates = async (strapi: Core.Strapi): Promise<number> => {
  const knex = strapi.db.connection;
  const license = tableOf(strapi, UID.license);
  const purchase = tableOf(strapi, UID.purchase);
  const purchaseLicense = columnOf(strapi, UID.purchase, 'license');
  let filled = 0;
  for (const [from, kept] of [
    ['expirationDate', 'validUntil'],
    ['supportDate', 'supportUntil'],
  ]) {
    const [source, target] = [columnOf(strapi, UID.license, from), columnOf(strapi, UID.license, kept)];
    filled += Number(
      await knex(license)
        .whereNull(target)
        .whereNotNull(source)
        .whereNotExists(
          knex(purchase)
            .select(knex.raw('1'))
            .whereRaw('?? = ??', [`${purchase}.${purchaseLicense}`, `${license}.id`]),
        )
        .update({ [target]: knex.ref(source) }),
    );
  }
  if (filled) await noteAll(strapi);
  return filled;
};

/** A term's fields its kept periods are worked out from, as days. */
export interface PeriodFields {
  billing: string | null;
  termStart: string | null;
  purchaseDate: string | null;
  termEnd: string | null;
}

/** A license's own term, or a purchase's: its row, what it keeps, what that is worked out from. */
export interface PeriodRow {
  id: number;
  documentId: string;
  periods: number | null;
  term: PeriodFields;
}

export type TermTable = typeof UID.license | typeof UID.purchase;

/**
 * The next `limit` license or purchase rows after row id `afterId` in id order (`missing`: only those
 * without kept periods): their kept periods and term. A license's own term runs from its purchase
 * date to its expiration date.
 */
export const periodRows = async (strapi: Core.Strapi, uid: TermTable, afterId: number, limit: number, missing = false): Promise<PeriodRow[]> => {
  const col = (a: string) => columnOf(strapi, uid, a);
  const [start, end] = uid === UID.license ? ['purchaseDate', 'expirationDate'] : ['termStart', 'termEnd'];
  const q = strapi.db
    .connection(tableOf(strapi, uid))
    .select(
      'id',
      `${col('documentId')} as documentId`,
      `${col('periods')} as periods`,
      `${col('billing')} as billing`,
      `${col(start)} as start`,
      `${col('purchaseDate')} as purchaseDate`,
      `${col(end)} as end`,
    )
    .where('id', '>', afterId)
    .orderBy('id')
    .limit(limit);
  if (missing) q.whereNull(col('periods'));
  return (await q).map((r: Record<string, any>) => ({
    id: Number(r.id),
    documentId: String(r.documentId),
    periods: r.periods == null ? null : Number(r.periods),
    term: { billing: r.billing ?? null, termStart: dayOfColumn(r.start), purchaseDate: dayOfColumn(r.purchaseDate), termEnd: dayOfColumn(r.end) },
  }));
};

/** Sets these rows' kept periods (`onlyMissing`: where none is kept yet, so a write's own value stands). */
export const setPeriods = async (strapi: Core.Strapi, uid: TermTable, periods: number, ids: number[], onlyMissing: boolean): Promise<void> => {
  const q = strapi.db.connection(tableOf(strapi, uid)).whereIn('id', ids);
  if (onlyMissing) q.whereNull(columnOf(strapi, uid, 'periods'));
  await q.update({ [columnOf(strapi, uid, 'periods')]: periods });
  await (uid === UID.license ? noteLicenses(strapi, ids) : notePurchases(strapi, ids));
};

/** The next `limit` licenses with purchases after license id `afterId`, in id order (the daily job's and the check's walk). */
export const licensesWithPurchases = async (strapi: Core.Strapi, afterId: number, limit: number): Promise<number[]> => {
  const column = columnOf(strapi, UID.purchase, 'license');
  const rows = await strapi.db.connection(tableOf(strapi, UID.purchase)).distinct(`${column} as id`).where(column, '>', afterId).orderBy(column).limit(limit);
  return rows.map((r: { id: number | string }) => Number(r.id));
};

/** What a license's position is worked out from, and the kept values, for these licenses. */
export const positionRows = async (strapi: Core.Strapi, ids: number[]): Promise<Array<Record<string, any>>> =>
  strapi.db.query(UID.license).findMany({
    select: [
      'id',
      'documentId',
      'name',
      'quantity',
      'purchaseDate',
      'expirationDate',
      'supportDate',
      'billing',
      'grossUnitPrice',
      'currency',
      'extraSeats',
      'validUntil',
      'supportUntil',
    ],
    where: { id: { $in: ids } },
  });
