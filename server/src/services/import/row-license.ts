/**
 * The license an assignment or purchase row names: by `licenseDocumentId`, or by `license` (its
 * name without case); and the group key that puts a license's rows in one transaction (run.ts),
 * a row naming it by documentId with those naming it by name.
 */
import type { Core } from '@strapi/strapi';
import { DOCUMENT_ID } from '../../../../shared/schemas';
import { nameKey } from '../../db';
import { licenseNameKeysByDocumentId, licenseRefByDocumentId, licenseRefByNameKey } from '../../db/import';
import type { ConvertedRow } from './cells';
import type { ReadImport } from './read-file';
import { rowText } from './row';
import { UID } from '../../../../shared/constants';
import { recordInScope, type Scope } from '../../scope';

const text = rowText;

export const rowLicenses = async (strapi: Core.Strapi, read: ReadImport, refuse: (row: ConvertedRow, field: string) => never, scope: Scope = null) => {
  const documentIds = [...new Set(read.rows.map((r) => text(r, 'licenseDocumentId')).filter((id) => DOCUMENT_ID.test(id)))];
  const nameKeyOf = await licenseNameKeysByDocumentId(strapi, documentIds);
  return {
    /** The row's license, or the row's error naming the column that names none. */
    async find(row: ConvertedRow) {
      const byId = text(row, 'licenseDocumentId');
      const field = byId !== '' ? 'licenseDocumentId' : 'license';
      const found =
        byId !== ''
          ? DOCUMENT_ID.test(byId)
            ? await licenseRefByDocumentId(strapi, byId)
            : null
          : await licenseRefByNameKey(strapi, nameKey(text(row, 'license')));
      // Outside the importer's scope a license is as none (../../scope).
      if (!found || !(await recordInScope(strapi, scope, UID.license, found.documentId))) return refuse(row, field);
      return found;
    },
    keysOf(row: ConvertedRow): string[] {
      const byId = text(row, 'licenseDocumentId');
      if (byId !== '') return [`license:${nameKeyOf.get(byId) ?? byId}`];
      return text(row, 'license') === '' ? [] : [`license:${nameKey(text(row, 'license'))}`];
    },
  };
};
