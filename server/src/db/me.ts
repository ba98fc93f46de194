/**
 * A signed-in user's own licenses (services/me): the persons that are theirs, and the licenses
 * assigned to those persons or to the assets whose user they are.
 */
import type { Core } from '@strapi/strapi';
import { UID } from '../../../shared/constants';
import { columnOf, tableOf } from './meta';

/** The persons linked to the user (`user`, when persons have it) or, when asked, with its e-mail (case-insensitive). */
export const personIdsOf = async (strapi: Core.Strapi, { userId, email }: { userId?: number; email?: string }): Promise<number[]> => {
  if (userId === undefined && !email) return [];
  const knex = strapi.db.connection;
  const p = (a: string) => `p.${columnOf(strapi, UID.person, a)}`;
  const rows = await knex(`${tableOf(strapi, UID.person)} as p`)
    .select('p.id')
    .where((b) => {
      b.whereRaw('1 = 0');
      if (userId !== undefined) b.orWhere(p('user'), userId);
      if (email) b.orWhereRaw('lower(??) = ?', [p('email'), email.trim().toLowerCase()]);
    })
    .limit(100);
  return rows.map((r: { id: number | string }) => Number(r.id));
};

export interface MyLicenseRow {
  documentId: string;
  name: string;
  assignmentModel: string;
  validUntil: unknown;
  softwareDocumentId: string | null;
  softwareName: string | null;
  softwareVersion: string | null;
  assetDocumentId: string | null;
  assetName: string | null;
}

/** The assignments to these persons or to their assets, with their license, software and asset (at most 1000). */
export const licensesOfPersons = async (strapi: Core.Strapi, personIds: number[]): Promise<MyLicenseRow[]> => {
  if (!personIds.length) return [];
  const knex = strapi.db.connection;
  const s = (a: string) => `s.${columnOf(strapi, UID.assignment, a)}`;
  const l = (a: string) => `l.${columnOf(strapi, UID.license, a)}`;
  const theirAssets = knex(tableOf(strapi, UID.asset))
    .select('id')
    .whereIn(columnOf(strapi, UID.asset, 'user'), personIds);
  return knex(`${tableOf(strapi, UID.assignment)} as s`)
    .join(`${tableOf(strapi, UID.license)} as l`, 'l.id', s('license'))
    .leftJoin(`${tableOf(strapi, UID.software)} as sw`, 'sw.id', l('software'))
    .leftJoin(`${tableOf(strapi, UID.asset)} as a`, 'a.id', s('asset'))
    .where((b) => b.whereIn(s('person'), personIds).orWhereIn(s('asset'), theirAssets))
    .select(
      'l.document_id as documentId',
      `${l('name')} as name`,
      `${l('assignmentModel')} as assignmentModel`,
      `${l('validUntil')} as validUntil`,
      'sw.document_id as softwareDocumentId',
      `sw.${columnOf(strapi, UID.software, 'name')} as softwareName`,
      `sw.${columnOf(strapi, UID.software, 'version')} as softwareVersion`,
      'a.document_id as assetDocumentId',
      `a.${columnOf(strapi, UID.asset, 'name')} as assetName`,
    )
    .orderBy([{ column: l('name') }, { column: 'l.id' }, { column: 'a.id' }])
    .limit(1000);
};
