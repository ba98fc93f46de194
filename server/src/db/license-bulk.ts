/**
 * The statements of a bulk create of licenses (services/license/bulk-insert, an import's new
 * licenses): what the checks of a create read for a whole run of rows at once, and the rows written
 * in multi-row INSERTs. The rules (which row may join a run, what a refusal falls back to) are the
 * service's; this module only runs the statements, in the caller's transaction.
 */
import type { Core } from '@strapi/strapi';
import type { Knex } from 'knex';
import { noteSoftware } from './compliance-changes';
import { UID } from '../../../shared/constants';
import { REFERENCE_RESOURCES, type ReferenceName } from '../../../shared/fields/reference';
import { chunks, columnOf, tableOf } from './meta';
import { locking } from './transactions';

/** Which of these name keys (`nameKey`) a license has already. */
export const takenLicenseNameKeys = async (strapi: Core.Strapi, trx: Knex.Transaction, keys: readonly string[]): Promise<Set<string>> => {
  const column = columnOf(strapi, UID.license, 'nameKey');
  const taken = new Set<string>();
  for (const part of chunks([...new Set(keys)])) {
    const rows = await strapi.db.connection(tableOf(strapi, UID.license)).transacting(trx).select(`${column} as key`).whereIn(column, part);
    for (const r of rows) taken.add(String(r.key));
  }
  return taken;
};

/**
 * The inventory numbers licenses have among these, as stored: compared by the database's rule (on
 * MySQL without case, as its unique index compares them), so the caller matches them loosely.
 */
export const takenInventoryNumbers = async (strapi: Core.Strapi, trx: Knex.Transaction, numbers: readonly string[]): Promise<string[]> => {
  const column = columnOf(strapi, UID.license, 'inventoryNumber');
  const taken: string[] = [];
  for (const part of chunks([...new Set(numbers)])) {
    const rows = await strapi.db.connection(tableOf(strapi, UID.license)).transacting(trx).select(`${column} as number`).whereIn(column, part);
    for (const r of rows) taken.push(String(r.number));
  }
  return taken;
};

/**
 * The organization of each of these organizational units (null: none), read under a share lock
 * (as a single create reads its unit: a move of the unit commits first or waits for this write);
 * a unit that is gone is absent.
 */
export const unitOrganizations = async (strapi: Core.Strapi, trx: Knex.Transaction, unitIds: readonly number[]): Promise<Map<number, number | null>> => {
  const column = columnOf(strapi, UID.organizationalUnit, 'organization');
  const found = new Map<number, number | null>();
  for (const part of chunks([...new Set(unitIds)].sort((a, b) => a - b))) {
    const q = strapi.db
      .connection(tableOf(strapi, UID.organizationalUnit))
      .transacting(trx)
      .select('id', `${column} as organization`)
      .whereIn('id', part)
      .orderBy('id');
    for (const r of await locking(strapi, q, 'share')) found.set(Number(r.id), r.organization == null ? null : Number(r.organization));
  }
  return found;
};

/** License rows created in multi-row INSERTs through the query engine (its conversions and defaults), in the caller's transaction. */
export const insertLicenseRows = async (strapi: Core.Strapi, rows: Record<string, unknown>[]): Promise<void> => {
  if (!rows.length) return;
  await strapi.db.query(UID.license).createMany({ data: rows });
  await noteSoftware(
    strapi,
    rows.map((r) => r.software as number | null | undefined),
  );
};

/**
 * The references of `target` with these name keys (unique: one at most each), by name key: an
 * import's look-ups by name, one statement per 500 names instead of one per name.
 */
export const referencesByNameKey = async (strapi: Core.Strapi, target: ReferenceName, keys: readonly string[]): Promise<Map<string, string>> => {
  const found = new Map<string, string>();
  for (const part of chunks([...new Set(keys)])) {
    const rows = await strapi.db.query(REFERENCE_RESOURCES[target].uid).findMany({ select: ['documentId', 'nameKey'], where: { nameKey: { $in: part } } });
    for (const r of rows as { documentId: string; nameKey: string }[]) found.set(r.nameKey, r.documentId);
  }
  return found;
};
