/**
 * Licenses: the rules of docs/domain.md on every write (the admin and content APIs both call this),
 * lists whose seat counts, seat sort and over-allocation filter run in SQL, one query per page.
 * Its parts: list-query (the admin list's parameters), db/license-list (the list's statement), present
 * (reads), writes (the lock and the rules every write shares), key-actions.
 */
import type { Core } from '@strapi/strapi';
import type { Knex } from 'knex';
import { UID, type LicenseStatus } from '../../../../shared/constants';
import { licenseDefaults } from '../../../../shared/fields/license';
import { DOCUMENT_ID, type LicenseCreateInput } from '../../../../shared/schemas';
import { statusWhere, validityWhere, type ValidityRange } from '../../domain/status';
import { ConflictError, notFound } from '../../errors';
import { getService } from '../../plugin';
import type { ContentListQuery } from '../../query';
import { checkPlacement, placeInScope, placeSent, type Scope } from '../../scope';
import { nameKey, newDocumentId, writeTransaction } from '../../db';
import { countEventsOfLicense } from '../../db/history';
import {
  deleteAssignmentsOfLicense,
  deleteLicenseRow,
  findLicenseRow,
  findLicenseRowById,
  insertLicenseRow,
  rowIdOf,
  updateLicenseRow,
} from '../../db/licenses';
import { deleteKeysOfLicense } from '../../db/keys';
import { deletePurchasesOfLicense } from '../../db/purchases';
import { countLicenses, licenseExportBatches, licenseRowsByIds, listStatements, pickLicenseIds, readFtsListPage } from '../../db/license-pages';
import { keyActions } from './key-actions';
import type { LicenseListQuery } from './list-query';
import { isUnfiltered, readsFts } from '../../db/license-list';
import { lockedFields, RELATION_NAMES, SCALARS, type LicenseEdit } from './model';
import { fromPageRow, licenseTermOf, outOf, ownTermKept, presenter, scalarsOf, termsOf } from './present';
import { keptPosition } from '../purchases/position';
import { licenseWrites, sameValue } from './writes';
import { countingChanged, recountUnits, settleCountingTerms } from './counting';

export { parseListQuery, parseValidity, licenseStatusParam, VALIDITY_PARAMS, type LicenseListQuery } from './list-query';
export { LICENSE_RELATIONS, type LicenseEdit, type LicenseOut, type LicenseRow, type LockedLicense } from './model';

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const settings = () => getService(strapi, 'settings').get();
  const { window, present } = presenter(strapi);
  const writes = licenseWrites(strapi);
  const { resolveRelations, lockRelationTargets, checkUnitBelongs, finishValues, checkUnique, uniqueRace, withLicense } = writes;
  const keys = keyActions(strapi, writes);
  const position = keptPosition(strapi);

  const findRow = async (documentId: string) => {
    if (!DOCUMENT_ID.test(documentId)) throw notFound('License');
    const row = await findLicenseRow(strapi, documentId);
    if (!row) throw notFound('License');
    return row;
  };

  /** The list query with its documentId filters resolved to row ids (-1: none has it, so nothing matches). */
  const listInput = async (query: LicenseListQuery) => {
    const ids: Partial<Record<'software' | 'category' | 'organization', number>> = {};
    for (const [param, uid] of [
      ['software', UID.software],
      ['category', UID.category],
      ['organization', UID.organization],
    ] as const) {
      const documentId = query[param];
      if (!documentId) continue;
      ids[param] = (await rowIdOf(strapi, uid, documentId)) ?? -1;
    }
    const { software: _s, category: _c, organization: _o, ...rest } = query;
    return { ...rest, ...ids };
  };

  return {
    withLicense,
    findRow,
    present,
    addKey: keys.addKey,
    removeKey: keys.removeKey,
    revealKey: keys.revealKey,

    /** The admin list (docs/api.md): one statement per page, see db/license-list. */
    async list(query: LicenseListQuery, scope: Scope = null) {
      const w = await window();
      const input = { ...(await listInput(query)), ...(scope ? { scope } : {}) };
      const search = getService(strapi, 'licenseSearch').path();
      let page: Record<string, unknown>[];
      let totalCount: number;
      // FTS5: the matches counted first, then the page by the plan their number picks (walksSortIndex), in one read
      // transaction so that the total is the page's. Under a scope the count reads the licenses anyway: one statement.
      if (input.q && readsFts(search, input.q) && !scope) {
        const licenses = await getService(strapi, 'licenseTotal').total();
        ({ page, total: totalCount } = await readFtsListPage(strapi, input, { window: w, search, licenses }));
      } else {
        const kept = isUnfiltered(input) ? await getService(strapi, 'licenseTotal').total() : undefined;
        const sql = listStatements(strapi, input, { window: w, total: kept, search });
        page = await sql.page();
        // Past the last page there is no row to carry the total.
        totalCount = page.length ? Number(page[0].total) : (kept ?? (query.page > 1 ? await sql.count() : 0));
      }
      const ids = page.map((r) => Number(r.id));
      const terms = await termsOf(strapi, ids);
      return {
        data: page.map((r: Record<string, unknown>) => outOf(fromPageRow(r), Number(r.used), w, undefined, terms.get(Number(r.id)))),
        pagination: { page: query.page, pageSize: query.pageSize, pageCount: Math.ceil(totalCount / query.pageSize), total: totalCount },
      };
    },

    /**
     * Every license the list query matches, in its order, `size` a batch: the CSV export's source, by keyset through `on`,
     * the export's read snapshot (db/read-snapshot). No `cost` (not exported): no purchase is read. What the statements
     * need is read first, before the snapshot holds a connection: exports that each held one while waiting for another could hold the whole pool.
     */
    async listReader(query: Omit<LicenseListQuery, 'page' | 'pageSize'>, size: number, scope: Scope = null) {
      const w = await window();
      const input = { ...(await listInput({ ...query, page: 1, pageSize: size })), ...(scope ? { scope } : {}) };
      const search = getService(strapi, 'licenseSearch').path();
      // The statement's rows as they come (the export makes its cells from them: services/export) and the status window they are read with.
      return { window: w, read: (on: Knex) => licenseExportBatches(strapi, on, input, { window: w, search, size }) };
    },

    /**
     * The content API's list: Strapi's checked query (see ../../query) plus a license status. The
     * query engine picks the page's ids (filters and sorts through relations as Strapi reads them,
     * one statement on the license table and what the filter joins); the rows and their seats are
     * then one statement of the admin list's SQL, not a populate per relation.
     */
    async findMany(query: ContentListQuery, status?: LicenseStatus, validity: ValidityRange = {}) {
      const w = await window();
      const conditions: Record<string, unknown>[] = query.where ? [query.where] : [];
      if (status) conditions.push(statusWhere(status, w));
      conditions.push(...validityWhere(validity));
      const where = conditions.length ? { $and: conditions } : {};
      const [ids, total] = await Promise.all([
        pickLicenseIds(strapi, {
          where,
          orderBy: [...(query.orderBy.length ? query.orderBy : [{ name: 'asc' }]), { id: 'asc' }],
          offset: query.offset,
          limit: query.limit,
        }),
        // Nothing filters: the kept number of licenses (db/license-total), not a count of them all.
        !query.withCount ? undefined : conditions.length ? countLicenses(strapi, where) : getService(strapi, 'licenseTotal').total(),
      ]);
      const rows = ids.length ? await licenseRowsByIds(strapi, ids) : [];
      const byId = new Map(rows.map((r) => [Number(r.id), r]));
      const terms = await termsOf(strapi, ids);
      return { data: ids.map((id: number) => byId.get(id)!).map((r) => outOf(fromPageRow(r), Number(r.used), w, undefined, terms.get(Number(r.id)))), total };
    },

    /** A license's history stays readable after the license's delete, while events name it; else a 404. */
    async checkHistoryReadable(documentId: string) {
      if (!DOCUMENT_ID.test(documentId)) throw notFound('License');
      await findRow(documentId).catch(async (error) => {
        // The history outlives the license: a deleted license's events stay readable.
        const any = await countEventsOfLicense(strapi, documentId);
        if (!any) throw error;
      });
    },

    async get(documentId: string, { withKeys = true } = {}) {
      const [license] = await present([await findRow(documentId)], withKeys);
      return license;
    },

    async create(input: LicenseCreateInput, actor: string, scope: Scope = null) {
      return this.get(await this.insert(input, actor, scope));
    },

    /** The create without reading the license back (the import's path): its documentId. */
    async insert(input: LicenseCreateInput, actor: string, scope: Scope = null): Promise<string> {
      const config = await settings();
      const values: Record<string, any> = { ...input };
      // A field not sent takes its described default (currency: the settings' default currency).
      for (const [f, d] of Object.entries(licenseDefaults(config))) values[f] = values[f] ?? d;
      settleCountingTerms(values, input);
      delete values.keys;
      finishValues(values, input.grossUnitPrice);
      const relationIds = await resolveRelations(input);
      await checkUnitBelongs(relationIds.organizationalUnit, relationIds.organization);
      const place = { organization: relationIds.organization ?? null, unit: relationIds.organizationalUnit ?? null };
      await checkPlacement(strapi, scope, placeSent(relationIds), place);
      await checkUnique(input.name, input.inventoryNumber);

      const documentId = newDocumentId();
      const now = new Date();
      await writeTransaction(strapi, async (trx) => {
        await lockRelationTargets(trx, input, relationIds);
        // Again under the unit's lock: it may have moved to another organization since the check above.
        await checkUnitBelongs(relationIds.organizationalUnit, relationIds.organization, trx);
        const row = await insertLicenseRow(strapi, {
          ...Object.fromEntries(SCALARS.map((f) => [f, values[f] ?? null])),
          ...relationIds,
          documentId,
          nameKey: nameKey(input.name),
          // Without purchases valid and supported until its own dates (db/purchases keeps them); its term's periods.
          ...ownTermKept(values),
          createdAt: now,
          updatedAt: now,
        });
        await getService(strapi, 'licenseTotal').add(trx, 1);
        const keys = input.keys?.length ? await getService(strapi, 'keys').insert(row.id, input.keys) : [];
        await getService(strapi, 'history').record([
          { license: { documentId, name: input.name }, action: 'created', actor },
          ...keys.map((k) => ({
            license: { documentId, name: input.name },
            action: 'key_added' as const,
            actor,
            changes: { key: k.documentId, label: k.label },
          })),
        ]);
      }).catch(uniqueRace);
      return documentId;
    },

    /**
     * Changes the fields sent, and only those: the license is read again under its lock, the
     * rules run on that row merged with the input, and the other fields are left as they are, so
     * a concurrent edit of another field is never written back over.
     */
    async update(documentId: string, input: LicenseEdit, actor: string, scope: Scope = null) {
      await this.apply(documentId, input, actor, { scope });
      return this.get(documentId);
    },

    /**
     * The update without reading the license back (the import's path): whether anything changed.
     * `skipHeldKeys`: a key to add that the license already holds is left out (decided under the lock).
     * `onLocked`: told the license's name as the lock read it (what the import's report says a row renamed).
     */
    async apply(
      documentId: string,
      input: LicenseEdit,
      actor: string,
      {
        skipHeldKeys = false,
        expectNameKey,
        onLocked,
        scope = null,
      }: { skipHeldKeys?: boolean; expectNameKey?: string; onLocked?: (license: { name: string }) => void; scope?: Scope } = {},
    ): Promise<boolean> {
      // Unknown relation targets are a 400 before any lock; the locked write checks them again.
      const relationIds = await resolveRelations(input);
      return withLicense(documentId, async (locked, trx) => {
        // A caller that found this license by its name (the import) writes only if it still has that
        // name under the lock: otherwise the row would undo a rename committed meanwhile.
        if (expectNameKey !== undefined && nameKey(locked.name) !== expectNameKey) {
          throw new ConflictError(`The license was renamed to "${locked.name}" meanwhile: this row no longer names it`, { field: 'name', name: locked.name });
        }
        onLocked?.({ name: locked.name });
        const existing = await findLicenseRowById(strapi, locked.id);
        // A writer's scope (../../scope), under the lock: a license moved out of it meanwhile, or an import's row naming one outside it, is as none.
        if (!placeInScope(scope, { organization: locked.organization, unit: locked.organizationalUnit })) throw notFound('License');
        // The seat fields and the own term's as the locking read saw them: in a long transaction (an import's) MySQL's
        // plain reads show the snapshot of its first read, not what committed before the lock.
        const before: Record<string, any> = { ...scalarsOf(existing), ...lockedFields(locked) };
        const values: Record<string, any> = {};
        for (const f of SCALARS) values[f] = f in input ? (input as any)[f] : before[f];
        finishValues(values, input.grossUnitPrice);
        settleCountingTerms(values, input);
        await lockRelationTargets(trx, input, relationIds);
        const unitId = 'organizationalUnit' in relationIds ? relationIds.organizationalUnit : locked.organizationalUnit;
        const orgId = 'organization' in relationIds ? relationIds.organization : locked.organization;
        await checkUnitBelongs(unitId, orgId, trx);
        await checkPlacement(strapi, scope, placeSent(relationIds), { organization: orgId ?? null, unit: unitId ?? null });
        await checkUnique(
          input.name !== undefined && nameKey(input.name) !== existing.nameKey ? input.name : undefined,
          input.inventoryNumber && input.inventoryNumber !== existing.inventoryNumber ? input.inventoryNumber : undefined,
          existing.id,
        );

        const changes: Record<string, { old: unknown; new: unknown }> = {};
        for (const f of SCALARS) {
          if (!sameValue(values[f], before[f])) changes[f] = { old: before[f], new: values[f] };
        }
        for (const r of RELATION_NAMES) {
          if (!(r in relationIds)) continue;
          const oldId = existing[r]?.id ?? null;
          if (oldId !== relationIds[r]) {
            changes[r] = { old: existing[r]?.documentId ?? null, new: (input as any)[r] ?? null };
          }
        }
        if (Object.keys(changes).length) {
          // The sent fields, and what the server derives from them.
          const data: Record<string, unknown> = { updatedAt: new Date() };
          for (const f of SCALARS) if (f in input || f in changes) data[f] = values[f] ?? null;
          if ('netUnitPrice' in input || 'vatRate' in input) data.grossUnitPrice = values.grossUnitPrice;
          if ('name' in input) data.nameKey = nameKey(values.name);
          data.periods = ownTermKept(values).periods;
          Object.assign(data, relationIds);
          await updateLicenseRow(strapi, locked.id, data);
          // Units follow the model and per-core terms; seat total, validity and over-allocation follow the quantity,
          // expiration date and model (with its purchases), under the same lock; under `block` never below the seats in use.
          const counting = countingChanged(changes);
          if (counting) await recountUnits(strapi, trx, locked, values as any);
          if (counting || changes.quantity || changes.overAssignment || changes.expirationDate || changes.supportDate) {
            await position.settle(trx, locked, {
              license: licenseTermOf(values),
              assignmentModel: values.assignmentModel,
              overAssignment: values.overAssignment,
              check: counting || changes.quantity || changes.overAssignment ? 'always' : 'fall',
              refuse: (total, used) =>
                new ConflictError(`The quantity is below the ${used} seats in use`, {
                  field: changes.quantity || !changes.expirationDate ? 'quantity' : 'expirationDate',
                  quantity: values.quantity,
                  used,
                  // The total differs from the quantity only with purchases (their seats count too).
                  ...(total !== values.quantity ? { total } : {}),
                }),
            });
          }
          await getService(strapi, 'history').record({ license: { documentId, name: values.name }, action: 'updated', actor, changes });
        }
        // Then the keys, in the same transaction: a failing item undoes the fields and the keys before it.
        let keyChanges = input.keys;
        if (keyChanges?.add && skipHeldKeys) {
          const add = [];
          for (const k of keyChanges.add) if (!(await getService(strapi, 'keys').holds(trx, locked.id, k.value))) add.push(k);
          keyChanges = { ...keyChanges, add };
        }
        if (keyChanges) await keys.changeKeys(trx, { id: locked.id, documentId, name: values.name }, keyChanges, actor);
        return Object.keys(changes).length > 0 || Boolean(keyChanges?.add?.length || keyChanges?.remove?.length);
      }).catch(uniqueRace);
    },

    async delete(documentId: string, actor: string) {
      await withLicense(documentId, async (license, trx) => {
        const removed = await deleteAssignmentsOfLicense(strapi, trx, license.id);
        await deleteKeysOfLicense(strapi, trx, license.id);
        const purchases = await deletePurchasesOfLicense(strapi, trx, license.id);
        await deleteLicenseRow(strapi, license.id);
        await getService(strapi, 'licenseTotal').add(trx, -1);
        await getService(strapi, 'history').record({
          license,
          action: 'deleted',
          actor,
          changes: { assignmentsRemoved: Number(removed), ...(purchases ? { purchasesRemoved: purchases } : {}) },
        });
      });
      return { documentId };
    },
  };
};
