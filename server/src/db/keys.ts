/**
 * The license key rows: stored values (ciphertext) read in id batches for rotation and the startup
 * check, written by compare-and-set, keys created, found, listed masked and deleted. Encryption,
 * masking and what a write may do stay in the keys service; no plaintext reaches this module.
 */
import type { Core } from '@strapi/strapi';
import type { Knex } from 'knex';
import { UID } from '../../../shared/constants';
import type { MaskedKey } from '../../../shared/contracts/licenses';
import { columnOf, tableOf } from './meta';
import { locking } from './transactions';

export interface StoredKeyValue {
  documentId: string;
  value: string;
}

/** A key row as the query engine reads it: its id, documentId, stored value and the other fields. */
export interface KeyRow extends StoredKeyValue {
  id: number;
  [field: string]: any;
}

const names = (strapi: Core.Strapi) => ({
  table: tableOf(strapi, UID.key),
  value: columnOf(strapi, UID.key, 'value'),
  documentId: columnOf(strapi, UID.key, 'documentId'),
  license: columnOf(strapi, UID.key, 'license'),
});

/** Up to `limit` stored values after row `after`, by id, whose value does not start with `prefix`. */
export const keyValuesNotStartingWith = async (
  strapi: Core.Strapi,
  { prefix, after, limit }: { prefix: string; after: number; limit: number },
): Promise<Array<StoredKeyValue & { id: number }>> => {
  const n = names(strapi);
  return strapi.db
    .connection(n.table)
    .select('id', { documentId: n.documentId, value: n.value })
    .where('id', '>', after)
    .andWhere(n.value, 'not like', `${prefix}%`)
    .orderBy('id', 'asc')
    .limit(limit);
};

/** How many stored values do not start with `prefix`. */
export const countKeyValuesNotStartingWith = async (strapi: Core.Strapi, prefix: string): Promise<number> => {
  const n = names(strapi);
  const [{ n: count }] = await strapi.db.connection(n.table).where(n.value, 'not like', `${prefix}%`).count({ n: '*' });
  return Number(count);
};

/** The distinct first `length` characters of the stored values that start with `prefix`. */
export const distinctKeyValuePrefixes = async (strapi: Core.Strapi, prefix: string, length: number): Promise<string[]> => {
  const n = names(strapi);
  const rows: Array<{ prefix: string }> = await strapi.db
    .connection(n.table)
    .distinct(strapi.db.connection.raw('substr(??, 1, ?) as prefix', [n.value, length]))
    .where(n.value, 'like', `${prefix}%`);
  return rows.map((r) => r.prefix);
};

/** The first `limit` stored values, by id, that start with `prefix`. */
export const keyValuesStartingWith = async (strapi: Core.Strapi, prefix: string, limit: number): Promise<StoredKeyValue[]> => {
  const n = names(strapi);
  return strapi.db
    .connection(n.table)
    .select({ documentId: n.documentId, value: n.value })
    .where(n.value, 'like', `${prefix}%`)
    .orderBy('id', 'asc')
    .limit(limit);
};

/**
 * Writes a row's new value only if it still holds the value read (compare-and-set), in the
 * transaction; true when it was written.
 */
export const replaceKeyValue = async (
  strapi: Core.Strapi,
  trx: Knex.Transaction,
  { id, from, to }: { id: number; from: string; to: string },
): Promise<boolean> => {
  const n = names(strapi);
  const written = await strapi.db
    .connection(n.table)
    .transacting(trx)
    .where({ id, [n.value]: from })
    .update({ [n.value]: to });
  return Number(written) === 1;
};

/** The stored values of a license's keys, share-locked in the transaction (read as committed now). */
export const keyValuesOfLicense = async (strapi: Core.Strapi, trx: Knex.Transaction, licenseId: number): Promise<StoredKeyValue[]> => {
  const n = names(strapi);
  const q = strapi.db.connection(n.table).transacting(trx).select({ documentId: n.documentId, value: n.value }).where(n.license, licenseId);
  return locking(strapi, q, 'share');
};

/** Creates a key row through the query engine (in the caller's transaction); returns the row. */
export const insertKeyRow = async (strapi: Core.Strapi, data: Record<string, unknown>): Promise<KeyRow> => strapi.db.query(UID.key).create({ data });

/** A key of a license by its documentId (a key of another license is not found): the row, or null. */
export const findKeyOfLicense = async (strapi: Core.Strapi, licenseId: number, keyDocumentId: string): Promise<KeyRow | null> =>
  strapi.db.query(UID.key).findOne({
    where: { documentId: keyDocumentId, license: { id: licenseId } },
  });

/** The masked keys of these licenses, by license id, each list in id order. */
export const maskedKeysOf = async (strapi: Core.Strapi, licenseIds: number[]): Promise<Map<number, MaskedKey[]>> => {
  const byLicense = new Map<number, MaskedKey[]>();
  if (!licenseIds.length) return byLicense;
  const licenseColumn = columnOf(strapi, UID.key, 'license');
  const rows = await strapi.db
    .connection(tableOf(strapi, UID.key))
    .select('id', 'document_id', 'masked_value', 'label', 'activation_limit', 'notes', licenseColumn)
    .whereIn(licenseColumn, licenseIds)
    .orderBy('id', 'asc');
  for (const r of rows) {
    const list = byLicense.get(r[licenseColumn]) ?? [];
    list.push({
      documentId: r.document_id,
      label: r.label ?? null,
      maskedValue: r.masked_value,
      activationLimit: r.activation_limit ?? null,
      notes: r.notes ?? null,
    });
    byLicense.set(r[licenseColumn], list);
  }
  return byLicense;
};

/** Unbinds a key from its assignments and deletes it, inside the caller's transaction. */
export const deleteKeyRow = async (strapi: Core.Strapi, trx: Knex.Transaction, keyId: number): Promise<void> => {
  const keyColumn = columnOf(strapi, UID.assignment, 'key');
  await strapi.db
    .connection(tableOf(strapi, UID.assignment))
    .transacting(trx)
    .where(keyColumn, keyId)
    .update({ [keyColumn]: null });
  await strapi.db.query(UID.key).delete({ where: { id: keyId } });
};

/** Deletes every key of a license in the transaction (the license's delete). */
export const deleteKeysOfLicense = async (strapi: Core.Strapi, trx: Knex.Transaction, licenseId: number): Promise<void> => {
  await strapi.db
    .connection(tableOf(strapi, UID.key))
    .transacting(trx)
    .where(columnOf(strapi, UID.key, 'license'), licenseId)
    .delete();
};
