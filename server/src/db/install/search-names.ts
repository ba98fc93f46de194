/** The license search index's names (db/search-index): its table, triggers, and the columns it reads, from Strapi's metadata. */
import type { Core } from '@strapi/strapi';
import { UID } from '../../../../shared/constants';
import { SEARCHED } from '../../services/license/model';
import { columnOf, tableOf } from '../meta';

export const FTS_TABLE = 'lm_license_search';

export const searchNames = (strapi: Core.Strapi) => {
  const license = tableOf(strapi, UID.license);
  const software = tableOf(strapi, UID.software);
  return {
    license,
    software,
    searched: SEARCHED.map((a) => columnOf(strapi, UID.license, a)),
    softwareId: columnOf(strapi, UID.license, 'software'),
    softwareName: columnOf(strapi, UID.software, 'name'),
    name: columnOf(strapi, UID.license, 'name'),
  };
};

export type SearchNames = ReturnType<typeof searchNames>;

/** A quoted identifier (SQLite and PostgreSQL). */
export const q = (id: string) => `"${id.replace(/"/g, '""')}"`;
