/**
 * The CSV import's statements (services/import): the look-ups its rows make by name, documentId,
 * e-mail or inventory number, a row's savepoint, a batch's transaction, and the connection pool it
 * yields to between batches. What a row may do, and in which batch, stays in the service.
 */
import type { Core } from '@strapi/strapi';
import type { Knex } from 'knex';
import { UID } from '../../../shared/constants';
import { REFERENCE_RESOURCES, type ReferenceName } from '../../../shared/fields/reference';

/** The look-ups below read this many keys per query. */
const CHUNK = 500;

/** A record an import row refers to. */
export interface RowRef {
  id: number;
  documentId: string;
}

/** A license a license file names, read before its rows run. */
export interface ImportedLicenseMatch extends RowRef {
  inventoryNumber: string | null;
}

/** The licenses with these name keys (see `nameKey`), by name key. */
export const licensesByNameKey = async (strapi: Core.Strapi, nameKeys: readonly string[]): Promise<Map<string, ImportedLicenseMatch>> => {
  const found = new Map<string, ImportedLicenseMatch>();
  for (let i = 0; i < nameKeys.length; i += CHUNK) {
    const rows = await strapi.db
      .query(UID.license)
      .findMany({ select: ['id', 'documentId', 'nameKey', 'inventoryNumber'], where: { nameKey: { $in: nameKeys.slice(i, i + CHUNK) } } });
    for (const l of rows) found.set(l.nameKey, { id: l.id, documentId: l.documentId, inventoryNumber: l.inventoryNumber ?? null });
  }
  return found;
};

/** The name keys of the licenses with these documentIds, by documentId. */
export const licenseNameKeysByDocumentId = async (strapi: Core.Strapi, documentIds: readonly string[]): Promise<Map<string, string>> => {
  const found = new Map<string, string>();
  for (let i = 0; i < documentIds.length; i += CHUNK) {
    const rows = await strapi.db
      .query(UID.license)
      .findMany({ select: ['documentId', 'nameKey'], where: { documentId: { $in: documentIds.slice(i, i + CHUNK) } } });
    for (const l of rows) found.set(l.documentId, l.nameKey);
  }
  return found;
};

/** The license with this documentId, or null. */
export const licenseRefByDocumentId = async (strapi: Core.Strapi, documentId: string): Promise<RowRef | null> =>
  strapi.db.query(UID.license).findOne({ select: ['id', 'documentId'], where: { documentId } });

/** The license with this name key, or null. */
export const licenseRefByNameKey = async (strapi: Core.Strapi, key: string): Promise<RowRef | null> =>
  strapi.db.query(UID.license).findOne({ select: ['id', 'documentId'], where: { nameKey: key } });

/** The person with this e-mail (without case) and this employee number, each only when given; or null. */
export const personRefFor = async (strapi: Core.Strapi, by: { email?: string; employeeNumber?: string }): Promise<RowRef | null> => {
  const where = {
    ...(by.email ? { email: { $eqi: by.email } } : {}),
    ...(by.employeeNumber ? { employeeNumber: by.employeeNumber } : {}),
  };
  return strapi.db.query(UID.person).findOne({ select: ['id', 'documentId'], where });
};

/** The asset with this inventory number, or null. */
export const assetRefByInventoryNumber = async (strapi: Core.Strapi, inventoryNumber: string): Promise<RowRef | null> =>
  strapi.db.query(UID.asset).findOne({ select: ['id', 'documentId'], where: { inventoryNumber } });

/** Whether the license has an assignment of this person or asset. */
export const assignmentExists = async (strapi: Core.Strapi, licenseId: number, kind: 'person' | 'asset', targetId: number): Promise<boolean> => {
  const found = await strapi.db.query(UID.assignment).findOne({
    select: ['id'],
    where: { license: { id: licenseId }, [kind]: { id: targetId } },
  });
  return Boolean(found);
};

/** How an import looks a reference up: by name key, or by name without case (a unit within an organization, when given). */
export type ReferenceLookup = { nameKey: string } | { name: string; organization?: string };

/** The documentIds of the references of `target` that match, two at most (two is already one too many). */
export const referenceDocumentIds = async (strapi: Core.Strapi, target: ReferenceName, by: ReferenceLookup): Promise<string[]> => {
  const where =
    'nameKey' in by ? { nameKey: by.nameKey } : { name: { $eqi: by.name }, ...(by.organization ? { organization: { documentId: by.organization } } : {}) };
  const rows = await strapi.db.query(REFERENCE_RESOURCES[target].uid).findMany({ select: ['documentId'], where, limit: 2 });
  return rows.map((r: { documentId: string }) => r.documentId);
};

/** Savepoint names are per connection; an import opens one at a time, so one name does. */
const SAVEPOINT = 'lm_import_row';

export const savepoint = async (trx: Knex.Transaction): Promise<void> => {
  await trx.raw(`SAVEPOINT ${SAVEPOINT}`);
};

export const releaseSavepoint = async (trx: Knex.Transaction): Promise<void> => {
  await trx.raw(`RELEASE SAVEPOINT ${SAVEPOINT}`);
};

/** Rejects when the savepoint is gone (MySQL ends the whole transaction on a deadlock). */
export const rollbackToSavepoint = async (trx: Knex.Transaction): Promise<void> => {
  await trx.raw(`ROLLBACK TO SAVEPOINT ${SAVEPOINT}`);
};

/** One batch of an import: a transaction on Strapi's connection, which the query engine and the services join. */
export const batchTransaction = async <T>(strapi: Core.Strapi, work: (trx: Knex.Transaction) => Promise<T>): Promise<T> =>
  strapi.db.transaction(({ trx }) => work(trx));

/** What an import reads of Strapi's connection pool (knex's tarn pool). */
export interface ConnectionPool {
  max: number;
  numUsed(): number;
  numPendingAcquires(): number;
}

/** Strapi's connection pool, when the driver has one. */
export const connectionPool = (strapi: Core.Strapi): ConnectionPool | undefined => (strapi.db.connection.client as { pool?: ConnectionPool }).pool;
