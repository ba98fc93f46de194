/**
 * The license rows: read by documentId or id, created, changed and deleted, locked and read in one
 * statement, and the lookups of the uniqueness checks. The rules (what a write may change, in which
 * order, under which lock) are the license service's; this module only runs the statements.
 */
import type { Core } from '@strapi/strapi';
import type { Knex } from 'knex';
import { UID, type PluginUid } from '../../../shared/constants';
import { POPULATE, type LicenseRow, type LockedLicense } from '../services/license/model';
import { columnOf, tableOf } from './meta';
import { locking } from './transactions';

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
export const insertLicenseRow = async (strapi: Core.Strapi, data: Record<string, unknown>): Promise<{ id: number }> =>
  strapi.db.query(UID.license).create({ data });

/** Writes these fields of a license row (in the caller's transaction). */
export const updateLicenseRow = async (strapi: Core.Strapi, id: number, data: Record<string, unknown>): Promise<void> => {
  await strapi.db.query(UID.license).update({ where: { id }, data });
};

/** Deletes a license row (its assignments and keys are deleted first, by the caller). */
export const deleteLicenseRow = async (strapi: Core.Strapi, id: number): Promise<void> => {
  await strapi.db.query(UID.license).delete({ where: { id } });
};

/** Deletes every assignment of a license in the transaction; returns how many there were. */
export const deleteAssignmentsOfLicense = async (strapi: Core.Strapi, trx: Knex.Transaction, licenseId: number): Promise<number> =>
  Number(
    await strapi.db
      .connection(tableOf(strapi, UID.assignment))
      .transacting(trx)
      .where(columnOf(strapi, UID.assignment, 'license'), licenseId)
      .delete()
  );

/** Whether another license (not `exceptId`) has this name key, or this inventory number. */
export const licenseTaken = async (
  strapi: Core.Strapi,
  where: { nameKey: string } | { inventoryNumber: string },
  exceptId?: number
): Promise<boolean> => {
  const taken = await strapi.db
    .query(UID.license)
    .findOne({ select: ['id'], where: { ...where, ...(exceptId ? { id: { $ne: exceptId } } : {}) } });
  return Boolean(taken);
};

/**
 * Locks a license row until the transaction ends and reads it in the same statement (see the
 * license service's withLicense). Null when the license was deleted meanwhile.
 */
export const lockLicense = async (
  strapi: Core.Strapi,
  trx: Knex.Transaction,
  id: number,
  mode: 'update' | 'share' = 'update'
): Promise<LockedLicense | null> => {
  const col = (a: string) => columnOf(strapi, UID.license, a);
  const q = strapi.db
    .connection(tableOf(strapi, UID.license))
    .transacting(trx)
    .first(
      'id',
      `${col('documentId')} as documentId`,
      `${col('name')} as name`,
      `${col('quantity')} as quantity`,
      `${col('assignmentModel')} as assignmentModel`,
      `${col('overAssignment')} as overAssignment`
    )
    .where({ id });
  const row = await locking(strapi, q, mode);
  return row ? { ...row, id: Number(row.id), quantity: Number(row.quantity) } : null;
};

/**
 * The organization of an organizational unit: inside a write (`trx`) read under a share lock;
 * without one through the query engine, which joins a transaction the caller is in (an import's),
 * where a second connection would wait on SQLite's only one. Undefined when the unit is gone.
 */
export const unitOrganization = async (strapi: Core.Strapi, unitId: number, trx?: Knex.Transaction): Promise<number | undefined> => {
  if (trx) {
    const column = columnOf(strapi, UID.organizationalUnit, 'organization');
    const [unit] = await locking(strapi, strapi.db.connection(tableOf(strapi, UID.organizationalUnit)).select(column).where('id', unitId).transacting(trx), 'share');
    return unit == null ? undefined : Number(unit[column]);
  }
  const unit = await strapi.db.query(UID.organizationalUnit).findOne({ where: { id: unitId }, populate: { organization: { select: ['id'] } } });
  return unit?.organization?.id;
};

/** How many history events name this license's documentId (the history outlives the license). */
export const countEventsOfLicense = async (strapi: Core.Strapi, licenseDocumentId: string): Promise<number> =>
  Number(await strapi.db.query(UID.event).count({ where: { licenseDocumentId } }));
