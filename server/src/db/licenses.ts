/**
 * The license rows: read by documentId or id, created, changed and deleted, locked and read in one
 * statement (every license and assignment write starts with it: withLicense), the seat fields, and
 * the lookups of the uniqueness checks. The rules (what a write may change, in which
 * order, under which lock) are the license service's; this module only runs the statements.
 */
import type { Core } from '@strapi/strapi';
import { placeInScope, requestScope } from '../scope';
import type { Knex } from 'knex';
import { UID, type AssignmentModel, type OverAssignment, type PluginUid } from '../../../shared/constants';
import { dayOfColumn } from '../../../shared/days';
import { DOCUMENT_ID } from '../../../shared/schemas';
import { notFound } from '../errors';
import { POPULATE, type LicenseRow, type LockedLicense } from '../services/license/model';
import { columnOf, tableOf } from './meta';
import { locking, writeTransaction } from './transactions';
import { noteLicenses } from './compliance-changes';

/** The id of the row of a type with this documentId, or undefined when none has it. */
export const rowIdOf = async (strapi: Core.Strapi, uid: PluginUid, documentId: string): Promise<number | undefined> => {
  const row = await strapi.db.query(uid).findOne({ select: ['id'], where: { documentId } });
  return row?.id;
};

/** A license with its relations populated (the shown fields of each), by documentId; null when none has it. */
export const findLicenseRow = async (strapi: Core.Strapi, documentId: string): Promise<LicenseRow | null> =>
  (await strapi.db.query(UID.license).findOne({ where: { documentId }, populate: POPULATE })) as LicenseRow | null;

/** The same read by row id, in the transaction the caller is in (the query engine joins it). */
export const findLicenseRowById = async (strapi: Core.Strapi, id: number): Promise<LicenseRow> =>
  (await strapi.db.query(UID.license).findOne({ where: { id }, populate: POPULATE })) as LicenseRow;

/** Creates a license row through the query engine (in the caller's transaction); returns its id. */
export const insertLicenseRow = async (strapi: Core.Strapi, data: Record<string, unknown>): Promise<{ id: number }> => {
  const row = await strapi.db.query(UID.license).create({ data });
  await noteLicenses(strapi, [row.id]);
  return row;
};

/** Writes these fields of a license row (in the caller's transaction). */
export const updateLicenseRow = async (strapi: Core.Strapi, id: number, data: Record<string, unknown>): Promise<void> => {
  // Its compliance rows: of the software it had and of the one it has (db/compliance-positions).
  await noteLicenses(strapi, [id]);
  await strapi.db.query(UID.license).update({ where: { id }, data });
  await noteLicenses(strapi, [id]);
};

/** Deletes a license row (its assignments and keys are deleted first, by the caller). */
export const deleteLicenseRow = async (strapi: Core.Strapi, id: number): Promise<void> => {
  await noteLicenses(strapi, [id]);
  await strapi.db.query(UID.license).delete({ where: { id } });
};

/** Deletes every assignment of a license in the transaction; returns how many there were. */
export const deleteAssignmentsOfLicense = async (strapi: Core.Strapi, trx: Knex.Transaction, licenseId: number): Promise<number> =>
  Number(
    await strapi.db
      .connection(tableOf(strapi, UID.assignment))
      .transacting(trx)
      .where(columnOf(strapi, UID.assignment, 'license'), licenseId)
      .delete(),
  );

/** Whether another license (not `exceptId`) has this name key, or this inventory number. */
export const licenseTaken = async (strapi: Core.Strapi, where: { nameKey: string } | { inventoryNumber: string }, exceptId?: number): Promise<boolean> => {
  const taken = await strapi.db.query(UID.license).findOne({ select: ['id'], where: { ...where, ...(exceptId ? { id: { $ne: exceptId } } : {}) } });
  return Boolean(taken);
};

/**
 * The organization of an organizational unit: inside a write (`trx`) read under a share lock;
 * without one through the query engine, which joins a transaction the caller is in (an import's),
 * where a second connection would wait on SQLite's only one. Undefined when the unit is gone.
 */
export const unitOrganization = async (strapi: Core.Strapi, unitId: number, trx?: Knex.Transaction): Promise<number | undefined> => {
  if (trx) {
    const column = columnOf(strapi, UID.organizationalUnit, 'organization');
    const [unit] = await locking(
      strapi,
      strapi.db.connection(tableOf(strapi, UID.organizationalUnit)).select(column).where('id', unitId).transacting(trx),
      'share',
    );
    return unit == null ? undefined : Number(unit[column]);
  }
  const unit = await strapi.db.query(UID.organizationalUnit).findOne({ where: { id: unitId }, populate: { organization: { select: ['id'] } } });
  return unit?.organization?.id;
};

/** A license's row id by documentId; undefined when none has it. */
export const licenseIdOf = (strapi: Core.Strapi, documentId: string): Promise<number | undefined> => rowIdOf(strapi, UID.license, documentId);

/**
 * Locks a license row until the transaction ends and reads it in the same statement, so a seat
 * check or an edit decides on the row as it is now and not on a copy read before the lock. Null
 * when the license was deleted meanwhile. On MySQL this locking read comes first in every write,
 * so the transaction's later plain reads see all that committed before the lock was granted.
 */
export const lockLicense = async (strapi: Core.Strapi, trx: Knex.Transaction, id: number, mode: 'update' | 'share' = 'update'): Promise<LockedLicense | null> =>
  (await lockLicenses(strapi, trx, [id], mode))[0] ?? null;

/** The same for several licenses, locked in id order (so two writers never wait on each other in a cycle); those still there. */
export const lockLicenses = async (
  strapi: Core.Strapi,
  trx: Knex.Transaction,
  ids: number[],
  mode: 'update' | 'share' = 'update',
): Promise<LockedLicense[]> => {
  const col = (a: string) => columnOf(strapi, UID.license, a);
  const sorted = [...new Set(ids)].sort((a, b) => a - b);
  const out: LockedLicense[] = [];
  for (let i = 0; i < sorted.length; i += 500) {
    const q = strapi.db
      .connection(tableOf(strapi, UID.license))
      .transacting(trx)
      .select(
        'id',
        `${col('documentId')} as documentId`,
        `${col('name')} as name`,
        `${col('quantity')} as quantity`,
        `${col('extraSeats')} as extraSeats`,
        // With the quantity, what a license's own purchase counts by (db/purchases): read here, under the lock.
        `${col('expirationDate')} as expirationDate`,
        `${col('supportDate')} as supportDate`,
        // And what its own term's kept periods follow (with the expiration date).
        `${col('purchaseDate')} as purchaseDate`,
        `${col('billing')} as billing`,
        `${col('assignmentModel')} as assignmentModel`,
        `${col('overAssignment')} as overAssignment`,
        // And how it counts an asset (shared/units).
        `${col('coreFactor')} as coreFactor`,
        `${col('minCoresPerProcessor')} as minCoresPerProcessor`,
        `${col('minCoresPerServer')} as minCoresPerServer`,
        `${col('organization')} as organization`,
        `${col('organizationalUnit')} as organizationalUnit`,
      )
      .whereIn('id', sorted.slice(i, i + 500))
      .orderBy('id');
    for (const row of await locking(strapi, q, mode)) {
      out.push({
        ...row,
        id: Number(row.id),
        quantity: row.quantity == null ? null : Number(row.quantity),
        extraSeats: Number(row.extraSeats),
        expirationDate: dayOfColumn(row.expirationDate),
        supportDate: dayOfColumn(row.supportDate),
        purchaseDate: dayOfColumn(row.purchaseDate),
        billing: row.billing ?? 'one_time',
        coreFactor: String(row.coreFactor),
        minCoresPerProcessor: Number(row.minCoresPerProcessor),
        minCoresPerServer: Number(row.minCoresPerServer),
        organization: row.organization == null ? null : Number(row.organization),
        organizationalUnit: row.organizationalUnit == null ? null : Number(row.organizationalUnit),
      });
    }
  }
  return out;
};

/**
 * Runs a write on one license: its row locked and read first, a 404 when it is gone (also when
 * it was deleted between the request's arrival and the lock), retried as a deadlock victim.
 * `before` takes the locks the writer needs before the license's (persons and assets).
 */
export const withLicense = async <T>(
  strapi: Core.Strapi,
  documentId: string,
  work: (license: LockedLicense, trx: Knex.Transaction) => Promise<T>,
  { mode = 'update' as 'update' | 'share', before }: { mode?: 'update' | 'share'; before?: (trx: Knex.Transaction) => Promise<void> } = {},
): Promise<T> => {
  if (!DOCUMENT_ID.test(documentId)) throw notFound('License');
  const id = await licenseIdOf(strapi, documentId);
  if (id === undefined) throw notFound('License');
  return writeTransaction(strapi, async (trx) => {
    if (before) await before(trx);
    const license = await lockLicense(strapi, trx, id, mode);
    // Gone, or (under the lock) outside the request's organization scope: moved out of it meanwhile.
    if (!license || !placeInScope(requestScope(), { organization: license.organization, unit: license.organizationalUnit })) throw notFound('License');
    return work(license, trx);
  });
};

/** What a license's seats depend on, read in the caller's transaction (under its lock); null when it is gone. */
export const licenseSeatFields = async (
  strapi: Core.Strapi,
  documentId: string,
): Promise<{ id: number; quantity: number | null; extraSeats: number; assignmentModel: AssignmentModel; overAssignment: OverAssignment } | null> =>
  strapi.db.query(UID.license).findOne({ select: ['id', 'quantity', 'extraSeats', 'assignmentModel', 'overAssignment'], where: { documentId } });
