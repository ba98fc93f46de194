/**
 * Names and ids from Strapi's database layer: table and column names from Strapi's own metadata
 * (never spelled by hand), documentId lookups, relations read back.
 */
import type { Core } from '@strapi/strapi';
import type { Knex } from 'knex';
import { createHash } from 'node:crypto';
import { createId } from '@paralleldrive/cuid2';
import type { PluginUid } from '../../../shared/constants';
import { invalidField } from '../errors';

export const newDocumentId = (): string => createId();

/** Ids or keys per statement: far below every driver's bound-parameter limit. */
const CHUNK = 500;

/** A list in statements' worth: CHUNK items each. */
export const chunks = <T>(list: readonly T[]): T[][] => {
  const out: T[][] = [];
  for (let i = 0; i < list.length; i += CHUNK) out.push(list.slice(i, i + CHUNK));
  return out;
};

/**
 * The value behind a case-insensitive unique index: a SHA-256 of the trimmed, lower-cased parts.
 * Fixed length, so any name fits the indexed column on every database.
 */
export const nameKey = (...parts: Array<string | null | undefined>): string =>
  createHash('sha256')
    .update(JSON.stringify(parts.map((p) => (p ?? '').trim().toLowerCase())))
    .digest('hex');

interface AttributeMeta {
  columnName?: string;
  joinColumn?: { name: string };
}

export const tableOf = (strapi: Core.Strapi, uid: PluginUid): string => strapi.db.metadata.get(uid).tableName;

/** The column of an attribute; for a many-to-one relation, its foreign-key column. */
export const columnOf = (strapi: Core.Strapi, uid: PluginUid, attribute: string): string => {
  const meta = strapi.db.metadata.get(uid).attributes[attribute] as AttributeMeta | undefined;
  if (!meta) throw new Error(`${uid} has no attribute ${attribute}`);
  const name = meta.joinColumn?.name ?? meta.columnName;
  if (!name) throw new Error(`${uid}.${attribute} has no column`);
  return name;
};

/** The knex builder bound to the current transaction, when there is one. */
export const knexOf = (strapi: Core.Strapi): Knex => strapi.db.connection;

export const clientOf = (strapi: Core.Strapi): 'sqlite' | 'postgres' | 'mysql' => {
  const client = strapi.db.dialect.client as string;
  if (client === 'postgres') return 'postgres';
  if (client === 'mysql' || client === 'mysql2') return 'mysql';
  return 'sqlite';
};

/** Maps documentIds to row ids; unknown ones are absent from the map. */
export const idsByDocumentId = async (strapi: Core.Strapi, uid: PluginUid, documentIds: string[]): Promise<Map<string, number>> => {
  const map = new Map<string, number>();
  const unique = [...new Set(documentIds)];
  for (let i = 0; i < unique.length; i += 500) {
    const rows = await strapi.db.query(uid).findMany({
      select: ['id', 'documentId'],
      where: { documentId: { $in: unique.slice(i, i + 500) } },
    });
    for (const row of rows) map.set(row.documentId, row.id);
  }
  return map;
};

/**
 * Resolves a relation written as a documentId to its row id: undefined when not sent, null when
 * cleared, and a 400 naming the field when nothing has that documentId.
 */
export const resolveRelation = async (
  strapi: Core.Strapi,
  uid: PluginUid,
  documentId: string | null | undefined,
  field: string,
): Promise<number | null | undefined> => {
  if (documentId === undefined || documentId === null) return documentId;
  const row = await strapi.db.query(uid).findOne({ select: ['id'], where: { documentId } });
  if (!row) throw invalidField(field, `refers to no record (documentId ${documentId})`, 'noRecord');
  return row.id;
};

/** A relation read back: { documentId, ...fields } or null. */
export const relationOut = <T extends Record<string, unknown>>(
  row: Record<string, unknown> | null | undefined,
  fields: readonly (keyof T & string)[],
): ({ documentId: string } & Partial<T>) | null => {
  if (!row) return null;
  const out: Record<string, unknown> = { documentId: row.documentId };
  for (const f of fields) out[f] = row[f] ?? null;
  return out as { documentId: string } & Partial<T>;
};
