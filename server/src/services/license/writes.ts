/**
 * What every license write shares: the row locked and read first (withLicense), the relation
 * targets resolved and share-locked, and the rules on the merged values (docs/domain.md).
 */
import type { Core } from '@strapi/strapi';
import type { Knex } from 'knex';
import { grossFromNet } from '../../../../shared/money';
import { crossFieldErrors, type LicenseValues } from '../../../../shared/schemas';
import { ConflictError, invalid, invalidField } from '../../errors';
import { isUniqueViolation, lockIds, nameKey, resolveRelation, UniqueViolation } from '../../db';
import { licenseTaken, unitOrganization, withLicense as lockedWrite } from '../../db/licenses';
import { LICENSE_RELATIONS, RELATION_NAMES, type LockedLicense, type RelationName } from './model';

/** Equal for the history: null and undefined alike, lists (notifyEmails) by their items. */
export const sameValue = (a: unknown, b: unknown) =>
  (a == null && b == null) || (Array.isArray(a) || Array.isArray(b) ? JSON.stringify(a ?? []) === JSON.stringify(b ?? []) : a === b);

export const licenseWrites = (strapi: Core.Strapi) => {
  /** Resolves every relation sent to its row id; a missing target is a 400 on that field. */
  const resolveRelations = async (input: Partial<Record<RelationName, string | null>>) => {
    const ids: Partial<Record<RelationName, number | null>> = {};
    const errors: { path: string[]; message: string }[] = [];
    for (const r of RELATION_NAMES) {
      if (!(r in input)) continue;
      try {
        ids[r] = await resolveRelation(strapi, LICENSE_RELATIONS[r].uid, input[r], r);
      } catch (e: any) {
        errors.push(...(e.details?.errors ?? [{ path: [r], message: 'refers to no record' }]));
      }
    }
    if (errors.length) throw invalid(errors);
    return ids;
  };

  /**
   * Inside a write: share-locks the relation targets a license will point at, so a concurrent
   * delete of one either finishes first (then this is a 400) or waits until this write commits
   * (then it sees the license and refuses with 409).
   */
  const lockRelationTargets = async (
    trx: Knex.Transaction,
    input: Partial<Record<RelationName, string | null>>,
    ids: Partial<Record<RelationName, number | null>>,
  ) => {
    for (const r of RELATION_NAMES) {
      const id = ids[r];
      if (id == null) continue;
      if (!(await lockIds(strapi, trx, LICENSE_RELATIONS[r].uid, [id], 'share')).size) {
        throw invalidField(r, `refers to no record (documentId ${input[r]})`, 'noRecord');
      }
    }
  };

  /**
   * Organizational structure must belong to the license's organization, when both are set. Inside a
   * write (`trx`) the unit is read under a share lock, so a move of the unit to another organization
   * either commits first and is seen (MySQL's plain reads would show the transaction's older
   * snapshot) or waits and then counts this license (reference service, "in use").
   */
  const checkUnitBelongs = async (unitId: number | null | undefined, organizationId: number | null | undefined, trx?: Knex.Transaction) => {
    if (!unitId || !organizationId) return;
    // Without `trx` the query engine, not the bare connection: it joins a transaction the caller is
    // in (an import's), where a second connection would wait on SQLite's only one.
    if ((await unitOrganization(strapi, unitId, trx)) !== organizationId) {
      throw invalidField('organizationalUnit', 'must belong to the selected organization', 'selectedOrganization');
    }
  };

  /** Prices and dates after defaults: the gross price computed, and the cross-field rules. */
  const finishValues = (values: LicenseValues, sentGross: string | null | undefined) => {
    values.grossUnitPrice = values.netUnitPrice != null && values.vatRate != null ? grossFromNet(values.netUnitPrice, values.vatRate) : null;
    const errors = crossFieldErrors(values, sentGross);
    if (errors.length) throw invalid(errors);
  };

  const checkUnique = async (name: string | undefined, inventoryNumber: string | null | undefined, exceptId?: number) => {
    if (name !== undefined) {
      if (await licenseTaken(strapi, { nameKey: nameKey(name) }, exceptId))
        throw new ConflictError('A license with this name already exists', { field: 'name', value: name });
    }
    if (inventoryNumber) {
      if (await licenseTaken(strapi, { inventoryNumber }, exceptId)) {
        throw new ConflictError('A license with this inventory number already exists', {
          field: 'inventoryNumber',
          value: inventoryNumber,
        });
      }
    }
  };

  /** A unique index that a concurrent writer won between our check and our write. */
  const uniqueRace = (error: unknown): never => {
    if (isUniqueViolation(error)) {
      const index = error instanceof UniqueViolation ? error.index : '';
      throw new ConflictError('A license with this name or inventory number already exists', {
        field: index.includes('inventory') ? 'inventoryNumber' : 'name',
      });
    }
    throw error;
  };

  /**
   * Runs a write on one license: its row locked and read first, a 404 when it is gone (also when
   * it was deleted between the request's arrival and the lock), retried as a deadlock victim.
   * The locking read (db/licenses) reads the row in the same statement, so a seat check or an edit
   * decides on the row as it is now and not on a copy read before the lock. On MySQL it comes first
   * in every write, so the transaction's later plain reads see all that committed before the lock.
   */
  const withLicense = <T>(
    documentId: string,
    work: (license: LockedLicense, trx: Knex.Transaction) => Promise<T>,
    options?: { mode?: 'update' | 'share'; before?: (trx: Knex.Transaction) => Promise<void> },
  ): Promise<T> => lockedWrite(strapi, documentId, work, options);

  return { resolveRelations, lockRelationTargets, checkUnitBelongs, finishValues, checkUnique, uniqueRace, withLicense };
};
