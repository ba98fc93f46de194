/**
 * A license's further purchases (docs/domain.md, "Purchases"): renewals, top-ups, subscription terms.
 * Every write runs under the license's row lock, as an assignment does (db/licenses, withLicense):
 * the seat total after it is worked out from the license and all its purchases as they are under the
 * lock, refused under `block` when it would fall below the seats in use, and kept in the license row
 * (./position) in the same transaction; the history entry names the purchase and its field changes.
 */
import type { Core } from '@strapi/strapi';
import type { Knex } from 'knex';
import { PURCHASES_MAX, UID } from '../../../../shared/constants';
import { PURCHASE_FIELD_NAMES } from '../../../../shared/fields/purchase';
import { grossFromNet } from '../../../../shared/money';
import { DOCUMENT_ID, purchaseCrossFieldErrors, type PurchaseCreateInput, type PurchaseRenewInput, type PurchaseUpdateInput } from '../../../../shared/schemas';
import type { Purchase } from '../../../../shared/contracts/purchases';
import { lockIds, newDocumentId, resolveRelation } from '../../db';
import { countUsedSeats } from '../../db/assignments';
import { findLicenseRow, findLicenseRowById, withLicense } from '../../db/licenses';
import { deletePurchase, findPurchase, insertPurchase, purchasesOf, updatePurchase, type PurchaseRow } from '../../db/purchases';
import { firstTerm, nextTerm, periodsIn, renewalBase } from '../../domain/purchases';
import { seats } from '../../domain/seats';
import { ConflictError, invalid, invalidField, notFound } from '../../errors';
import { getService } from '../../plugin';
import { seatTotal, type LockedLicense } from '../license/model';
import { licenseTermOf, scalarsOf, termOf } from '../license/present';
import { keptPosition, purchaseDay } from './position';
import { firstPurchaseOut, purchaseOut } from './present';
import { purchaseTerms } from './terms';
import { termPeriods } from './periods';

type Values = Record<string, any>;

/** Equal for the history: null and undefined alike. */
const same = (a: unknown, b: unknown) => (a ?? null) === (b ?? null);

/** The periods a purchase's term is paid for, kept on its row for the compliance report's committed cost. */
const periodsOf = (v: Values) =>
  periodsIn({ billing: v.billing ?? 'one_time', termStart: v.termStart ?? null, purchaseDate: v.purchaseDate ?? null, termEnd: v.termEnd ?? null });

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const position = keptPosition(strapi);
  const terms = purchaseTerms(strapi);
  const periods = termPeriods(strapi);

  const licenseOf = async (documentId: string) => {
    if (!DOCUMENT_ID.test(documentId)) throw notFound('License');
    const row = await findLicenseRow(strapi, documentId);
    if (!row) throw notFound('License');
    return row;
  };

  /**
   * The license's own term as its lock read it: the quantity and dates from the locking read (`locked`),
   * the rest from the row. In a long transaction (an import's) MySQL's plain read of the row shows the
   * snapshot of its first read, not an edit committed before the lock was granted.
   */
  const lockedTerm = (row: Record<string, any>, locked: LockedLicense) =>
    licenseTermOf({ ...scalarsOf(row), quantity: locked.quantity, expirationDate: locked.expirationDate, supportDate: locked.supportDate });

  /** Prices after defaults: the gross computed, and the rules across the purchase's fields (a 400 naming each). */
  const finish = (values: Values, sentGross: string | null | undefined) => {
    values.grossUnitPrice = values.netUnitPrice != null && values.vatRate != null ? grossFromNet(values.netUnitPrice, values.vatRate) : null;
    const errors = purchaseCrossFieldErrors(values, sentGross);
    if (errors.length) throw invalid(errors);
  };

  /** The supplier sent, as a row id: a 400 before any lock when it names nothing; share-locked under the license's (as a license's relations are). */
  const supplierOf = (input: { supplier?: string | null }) => resolveRelation(strapi, UID.organization, input.supplier, 'supplier');
  const lockSupplier = async (trx: Knex.Transaction, input: { supplier?: string | null }, id: number | null | undefined) => {
    if (id == null) return;
    if (!(await lockIds(strapi, trx, UID.organization, [id], 'share')).size) {
      throw invalidField('supplier', `refers to no record (documentId ${input.supplier})`, 'noRecord');
    }
  };

  /** The purchase fields as a read shows them, for the history's diff. */
  const shown = (p: Purchase): Values => Object.fromEntries(PURCHASE_FIELD_NAMES.map((f) => [f, f === 'supplier' ? (p.supplier?.documentId ?? null) : p[f]]));
  const diff = (before: Values | null, after: Values | null): Record<string, { old: unknown; new: unknown }> => {
    const out: Record<string, { old: unknown; new: unknown }> = {};
    for (const f of PURCHASE_FIELD_NAMES) {
      const o = before?.[f] ?? null;
      const n = after?.[f] ?? null;
      if (!same(o, n)) out[f] = { old: o, new: n };
    }
    return out;
  };

  /**
   * Under the license's lock: its position after the purchases change (read in the transaction, this
   * write's included), the refusal under `block`, the kept columns, the history entry; the answer.
   */
  const finishWrite = async (
    trx: Knex.Transaction,
    locked: LockedLicense,
    actor: string,
    action: 'purchase_added' | 'purchase_updated' | 'purchase_removed',
    change: { documentId: string; before: Purchase | null; after: PurchaseRow | null },
  ) => {
    const license = await findLicenseRowById(strapi, locked.id);
    const { old, new: total } = await position.settle(trx, locked, {
      license: lockedTerm(license, locked),
      assignmentModel: locked.assignmentModel,
      overAssignment: locked.overAssignment,
      check: 'fall',
      refuse: (t, used) =>
        new ConflictError(`The seats would fall to ${t}, below the ${used} in use`, {
          ...(action === 'purchase_removed' ? {} : { field: 'quantity' }),
          total: t,
          used,
        }),
    });
    const day = purchaseDay();
    const after = change.after ? purchaseOut(change.after, day) : null;
    await getService(strapi, 'history').record({
      license: { documentId: locked.documentId, name: locked.name },
      action,
      actor,
      changes: {
        purchase: change.documentId,
        fields: diff(change.before && shown(change.before), after && shown(after)),
        ...(old !== total ? { seatsTotal: { old, new: total } } : {}),
      },
    });
    const used = await countUsedSeats(strapi, trx, locked.id, locked.assignmentModel);
    return { purchase: after ?? change.before!, seats: seats(total, used) };
  };

  /** Inserts a purchase of the locked license: the shared part of a create and a renewal. */
  const insertLocked = async (trx: Knex.Transaction, locked: LockedLicense, values: Values, supplierId: number | null | undefined, actor: string) => {
    const count = (await purchasesOf(strapi, [locked.id], trx)).get(locked.id)?.length ?? 0;
    if (count >= PURCHASES_MAX) throw new ConflictError(`A license has at most ${PURCHASES_MAX} purchases besides its own`, { max: PURCHASES_MAX });
    const documentId = newDocumentId();
    const now = new Date();
    await insertPurchase(strapi, {
      ...Object.fromEntries(PURCHASE_FIELD_NAMES.filter((f) => f !== 'supplier').map((f) => [f, values[f] ?? null])),
      billing: values.billing ?? 'one_time',
      periods: periodsOf(values),
      autoRenew: Boolean(values.autoRenew),
      supplier: supplierId ?? null,
      license: locked.id,
      documentId,
      createdAt: now,
      updatedAt: now,
    });
    const row = (await findPurchase(strapi, locked.id, documentId))!;
    const result = await finishWrite(trx, locked, actor, 'purchase_added', { documentId, before: null, after: row });
    return { ...result.purchase, seats: result.seats };
  };

  /**
   * The purchase of the locked license, or a 404 (also when it belongs to another license). A locking
   * read in the write's transaction: in an import's long transaction MySQL's plain read would show the
   * snapshot of its first read, not an edit committed before this license's lock was granted.
   */
  const purchaseOf = async (trx: Knex.Transaction, locked: LockedLicense, purchaseDocumentId: string) => {
    const rows = DOCUMENT_ID.test(purchaseDocumentId) ? ((await purchasesOf(strapi, [locked.id], trx)).get(locked.id) ?? []) : [];
    const row = rows.find((r) => r.documentId === purchaseDocumentId);
    if (!row) throw notFound('Purchase');
    return row;
  };

  /** Changes the fields sent on the purchase as it is under the license's lock; whether anything changed (nothing is written when not). */
  const applyUpdate = async (documentId: string, purchaseDocumentId: string, input: PurchaseUpdateInput, actor: string) => {
    const supplierId = 'supplier' in input ? await supplierOf(input) : undefined;
    return withLicense(strapi, documentId, async (locked, trx) => {
      const row = await purchaseOf(trx, locked, purchaseDocumentId);
      const before = purchaseOut(row, purchaseDay());
      const values: Values = { ...before, ...input };
      finish(values, input.grossUnitPrice);
      await lockSupplier(trx, input, supplierId);
      const data: Values = { updatedAt: new Date() };
      for (const f of PURCHASE_FIELD_NAMES) if (f !== 'supplier' && f in input) data[f] = values[f] ?? null;
      if ('netUnitPrice' in input || 'vatRate' in input) data.grossUnitPrice = values.grossUnitPrice;
      if ('supplier' in input) data.supplier = supplierId ?? null;
      const stored: Values = { ...before, supplier: row.supplier?.id ?? null };
      const changed = Object.keys(data).some((f) => f !== 'updatedAt' && !same(data[f], stored[f]));
      if (!changed) {
        const used = await countUsedSeats(strapi, trx, locked.id, locked.assignmentModel);
        return { purchase: { ...before, seats: seats(seatTotal(locked), used) }, changed };
      }
      await updatePurchase(strapi, row.id, { ...data, periods: periodsOf(values) });
      const after = (await findPurchase(strapi, locked.id, purchaseDocumentId))!;
      const result = await finishWrite(trx, locked, actor, 'purchase_updated', { documentId: purchaseDocumentId, before, after });
      return { purchase: { ...result.purchase, seats: result.seats }, changed };
    });
  };

  return {
    /** The daily job's part: kept positions brought up to today as terms begin and end (./terms). */
    refreshTerms: terms.refresh,
    /** Licenses whose kept position is not today's (`npm run verify-seats`). */
    positionDifferences: terms.differences,
    /** Terms' kept periods set where none is (startup), and those that differ from their terms (`npm run verify-seats`, `repair`). */
    fillPeriods: periods.fill,
    periodDifferences: periods.differences,

    /** Every purchase of a license: its own first, then the others in term order. */
    async list(documentId: string): Promise<Purchase[]> {
      const license = await licenseOf(documentId);
      const day = purchaseDay();
      const rows = (await purchasesOf(strapi, [license.id])).get(license.id) ?? [];
      return [firstPurchaseOut(license, day), ...rows.map((r) => purchaseOut(r, day))];
    },

    async create(documentId: string, input: PurchaseCreateInput, actor: string) {
      const supplierId = await supplierOf(input);
      return withLicense(strapi, documentId, async (locked, trx) => {
        const license = scalarsOf(await findLicenseRowById(strapi, locked.id));
        // A purchase is paid as its license was, unless it says otherwise.
        const values: Values = { ...input, currency: input.currency ?? license.currency };
        finish(values, input.grossUnitPrice);
        await lockSupplier(trx, input, supplierId);
        return insertLocked(trx, locked, values, supplierId, actor);
      });
    },

    /** Changes the fields sent, and only those, on the purchase as it is under the license's lock. */
    async update(documentId: string, purchaseDocumentId: string, input: PurchaseUpdateInput, actor: string) {
      return (await applyUpdate(documentId, purchaseDocumentId, input, actor)).purchase;
    },

    /**
     * The update, and whether it changed anything: when every field sent is as stored, nothing is
     * written (no history entry, no event), as a license edit that changes nothing. The import's path.
     */
    apply: applyUpdate,

    async remove(documentId: string, purchaseDocumentId: string, actor: string) {
      return withLicense(strapi, documentId, async (locked, trx) => {
        const row = await purchaseOf(trx, locked, purchaseDocumentId);
        const before = purchaseOut(row, purchaseDay());
        await deletePurchase(strapi, row.id);
        const result = await finishWrite(trx, locked, actor, 'purchase_removed', { documentId: purchaseDocumentId, before, after: null });
        return { documentId: purchaseDocumentId, seats: result.seats };
      });
    },

    /**
     * The next term of the license's latest recurring purchase (or of the license itself): from the
     * day after its end, as long, with its quantity, prices, supplier and billing unless the body says
     * otherwise. 409 when nothing recurring has an end to follow, or the next term exists already.
     */
    async renew(documentId: string, input: PurchaseRenewInput, actor: string) {
      return withLicense(strapi, documentId, async (locked, trx) => {
        const license = await findLicenseRowById(strapi, locked.id);
        const rows = (await purchasesOf(strapi, [locked.id], trx)).get(locked.id) ?? [];
        const first = firstTerm(lockedTerm(license, locked));
        const all = [first, ...rows.map(termOf)];
        const base = renewalBase(all);
        const next = base && nextTerm(base);
        if (!base || !next) {
          throw new ConflictError('Nothing to renew: the license has no recurring purchase with a term end', { cause: 'nothing_to_renew' });
        }
        if (all.some((t) => !t.first && t.termStart === next.termStart)) {
          throw new ConflictError(`The next term (from ${next.termStart}) exists already`, { cause: 'next_term_exists', termStart: next.termStart });
        }
        const baseRow = base === first ? null : rows[all.indexOf(base) - 1];
        const from = baseRow ? purchaseOut(baseRow, next.termStart) : firstPurchaseOut(license, next.termStart);
        const values: Values = {
          quantity: from.quantity,
          currency: from.currency,
          netUnitPrice: from.netUnitPrice,
          vatRate: from.vatRate,
          billing: from.billing,
          autoRenew: from.autoRenew,
          ...input,
          ...next,
          // Support that ran with the term runs with the next one.
          supportEnd: from.supportEnd !== null && from.supportEnd === from.termEnd ? next.termEnd : null,
        };
        finish(values, undefined);
        // The supplier too, if it still exists (share-locked, as a supplier sent is).
        const supplierId: number | undefined = (baseRow ?? license).supplier?.id;
        const kept = supplierId !== undefined && (await lockIds(strapi, trx, UID.organization, [supplierId], 'share')).size > 0;
        return insertLocked(trx, locked, values, kept ? supplierId : null, actor);
      });
    },
  };
};
