/**
 * Reference data's rows (software, license types, organizations, units, locations, persons,
 * assets): reads with their relations, the writes of the reference service, the checks it makes
 * under its locks (a name taken, a parent, who uses a record) and the search condition of its lists.
 */
import type { Core } from '@strapi/strapi';
import type { Knex } from 'knex';
import { UID, type PluginUid } from '../../../shared/constants';
import { clientOf, columnOf, nameKey, newDocumentId, tableOf } from './meta';
import { holdsText } from './search-text';
import { noteInstalledOn, noteSoftware } from './compliance-changes';

type Row = Record<string, any>;
/** Strapi's query-engine populate, where and orderBy. */
type Populate = Record<string, { select: string[] }>;
type Where = Record<string, unknown>;

/** A record with its relations populated, by documentId; null when none has it. */
export const findReferenceRow = async (strapi: Core.Strapi, uid: PluginUid, documentId: string, populate: Populate): Promise<Row | null> =>
  (await strapi.db.query(uid).findOne({ where: { documentId }, populate })) ?? null;

/** One page of records with their relations, and their total unless withCount is false. */
export const referencePage = async (
  strapi: Core.Strapi,
  uid: PluginUid,
  q: { where: object; populate: Populate; orderBy: object[]; offset: number; limit: number; withCount?: boolean },
): Promise<{ rows: Row[]; total: number | undefined }> => {
  const [rows, total] = await Promise.all([
    strapi.db.query(uid).findMany({ where: q.where, populate: q.populate, orderBy: q.orderBy, offset: q.offset, limit: q.limit }),
    q.withCount === false ? undefined : strapi.db.query(uid).count({ where: q.where }),
  ]);
  return { rows, total: total as number | undefined };
};

/** A query-engine condition: the record holds the text in one of the fields, by the case-fold rule (./search-text). */
export const searchIdsCondition = (strapi: Core.Strapi, uid: PluginUid, fields: readonly string[], q: string) => {
  const knex = strapi.db.connection;
  const ids = knex(tableOf(strapi, uid)).select('id');
  ids.where((b) => {
    for (const f of fields) b.orWhereRaw(...holdsText(knex, columnOf(strapi, uid, f), q));
  });
  return { id: { $in: ids } };
};

/** True when a record matches `where` (a name or unique value already taken). */
export const referenceTaken = async (strapi: Core.Strapi, uid: PluginUid, where: Where): Promise<boolean> =>
  Boolean(await strapi.db.query(uid).findOne({ select: ['id'], where }));

/** A tree record's parent id (null at the root or when the record is gone). */
export const parentIdOf = async (strapi: Core.Strapi, uid: PluginUid, id: number): Promise<number | null> => {
  const row = await strapi.db.query(uid).findOne({ where: { id }, populate: { parent: { select: ['id'] } } });
  return row?.parent?.id ?? null;
};

/** An organizational unit's organization id (undefined when the unit or its organization is missing). */
export const organizationIdOfUnit = async (strapi: Core.Strapi, unitId: number): Promise<number | undefined> => {
  const unit = await strapi.db.query(UID.organizationalUnit).findOne({ where: { id: unitId }, populate: { organization: { select: ['id'] } } });
  return unit?.organization?.id;
};

/**
 * How many rows of `uid` refer to `id` through `attribute`, inside the write. On MySQL a locking
 * read, which sees rows committed after this transaction's snapshot.
 */
export const countReferring = async (strapi: Core.Strapi, trx: Knex.Transaction, uid: PluginUid, attribute: string, id: number): Promise<number> => {
  const q = strapi.db
    .connection(tableOf(strapi, uid))
    .transacting(trx)
    .where(columnOf(strapi, uid, attribute), id)
    .count({ n: '*' });
  const [{ n: count }] = await (clientOf(strapi) === 'mysql' ? q.forShare() : q);
  return Number(count);
};

export const insertReference = async (strapi: Core.Strapi, uid: PluginUid, data: Row): Promise<void> => {
  await strapi.db.query(uid).create({ data });
};

/**
 * The compliance rows a software or an asset (what its installations count) is in (./compliance-changes).
 * A person's write moves none: it is deleted only when no asset names it as user.
 */
const noteRows = async (strapi: Core.Strapi, uid: PluginUid, id: number) => {
  if (uid === UID.software) await noteSoftware(strapi, [id]);
  if (uid === UID.asset) await noteInstalledOn(strapi, { assets: [id] });
};

export const updateReference = async (strapi: Core.Strapi, uid: PluginUid, id: number, data: Row): Promise<void> => {
  await strapi.db.query(uid).update({ where: { id }, data });
  await noteRows(strapi, uid, id);
};

export const deleteReference = async (strapi: Core.Strapi, uid: PluginUid, id: number): Promise<void> => {
  await noteRows(strapi, uid, id);
  await strapi.db.query(uid).delete({ where: { id } });
};

/** How many records of a reference type there are. */
export const countReferences = async (strapi: Core.Strapi, uid: PluginUid): Promise<number> => Number(await strapi.db.query(uid).count());

/** Inserts license types (categories) by name, with their name keys. */
export const insertCategories = async (strapi: Core.Strapi, names: readonly string[]): Promise<void> => {
  const now = new Date();
  await strapi.db.query(UID.category).createMany({
    data: names.map((name) => ({
      documentId: newDocumentId(),
      name,
      nameKey: nameKey(name),
      createdAt: now,
      updatedAt: now,
    })),
  });
};
