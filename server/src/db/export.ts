/**
 * The CSV export's statement (services/export): the assignments with their license, person and
 * asset, one batch at a time in id order; the licenses that have purchases, for the purchases export.
 * The licenses' export reads through the list (license-list). Every statement goes through `knex`:
 * the export's read snapshot (read-snapshot).
 */
import type { Core } from '@strapi/strapi';
import type { Knex } from 'knex';
import { UID } from '../../../shared/constants';
import { columnOf, tableOf } from './meta';
import { scopeWhere, type ScopeIds } from './scope';

/** An assignment as the export writes it: names and numbers, not ids (but its own, for the next batch). */
export interface AssignmentExportRow {
  id: number;
  license: string | null;
  firstName: string | null;
  lastName: string | null;
  personEmail: string | null;
  personEmployeeNumber: string | null;
  asset: string | null;
  assetInventoryNumber: string | null;
  /** As the driver answers a datetime: a Date, a string or a number. */
  assignedAt: unknown;
  assignedBy: string | null;
}

/**
 * The next `limit` assignments after id `after`, by id (a keyset on the primary key: stable, and
 * no sort per batch as (license name, id) order would need); of one license when `licenseId` is given.
 */
export const assignmentExportBatch = async (
  strapi: Core.Strapi,
  knex: Knex,
  batch: { after: number; limit: number; licenseId?: number; scope?: ScopeIds | null },
): Promise<AssignmentExportRow[]> => {
  const a = (f: string) => `a.${columnOf(strapi, UID.assignment, f)}`;
  const p = (f: string) => `p.${columnOf(strapi, UID.person, f)}`;
  const s = (f: string) => `s.${columnOf(strapi, UID.asset, f)}`;
  const licenseName = `l.${columnOf(strapi, UID.license, 'name')}`;
  const q = knex(`${tableOf(strapi, UID.assignment)} as a`)
    .join(`${tableOf(strapi, UID.license)} as l`, 'l.id', a('license'))
    .leftJoin(`${tableOf(strapi, UID.person)} as p`, 'p.id', a('person'))
    .leftJoin(`${tableOf(strapi, UID.asset)} as s`, 's.id', a('asset'))
    .select(
      'a.id as id',
      `${licenseName} as license`,
      `${p('firstName')} as firstName`,
      `${p('lastName')} as lastName`,
      `${p('email')} as personEmail`,
      `${p('employeeNumber')} as personEmployeeNumber`,
      `${s('name')} as asset`,
      `${s('inventoryNumber')} as assetInventoryNumber`,
      `${a('assignedAt')} as assignedAt`,
      `${a('assignedBy')} as assignedBy`,
    )
    .where('a.id', '>', batch.after)
    .orderBy('a.id')
    .limit(batch.limit);
  if (batch.licenseId !== undefined) q.where(a('license'), batch.licenseId);
  // The exporter's scope: assignments of its licenses (whoever they assign).
  if (batch.scope) q.where(scopeWhere(strapi, UID.license, 'l', batch.scope));
  return q;
};

/**
 * The next `limit` licenses after id `after` that have further purchases, with their names, by id
 * (the purchases export reads their purchases with purchasesOf); only `licenseId` when given.
 */
export const purchaseExportLicenses = async (
  strapi: Core.Strapi,
  knex: Knex,
  batch: { after: number; limit: number; licenseId?: number; scope?: ScopeIds | null },
): Promise<Array<{ id: number; name: string }>> => {
  const q = knex(`${tableOf(strapi, UID.license)} as l`)
    .select('id', `${columnOf(strapi, UID.license, 'name')} as name`)
    .whereIn('id', knex(tableOf(strapi, UID.purchase)).select(columnOf(strapi, UID.purchase, 'license')))
    .where('id', '>', batch.after)
    .orderBy('id')
    .limit(batch.limit);
  if (batch.licenseId !== undefined) q.where('id', batch.licenseId);
  if (batch.scope) q.where(scopeWhere(strapi, UID.license, 'l', batch.scope));
  return (await q).map((r: { id: number | string; name: string }) => ({ id: Number(r.id), name: r.name }));
};
