/**
 * The assignments table (license-assignment) and what a write of it reads of the persons, assets
 * and keys it points to. The locks and their order are the caller's (services/assignments): every
 * function here that takes a transaction runs in it, and none decides anything.
 */
import type { Core } from '@strapi/strapi';
import type { Knex } from 'knex';
import { UID, seatLimited, type AssignmentModel } from '../../../shared/constants';
import { countedKind } from '../domain/seats';
import { countsHardware, type Hardware } from '../../../shared/units';
import { clientOf, columnOf, newDocumentId, tableOf } from './meta';
import { locking } from './transactions';

export type Kind = 'person' | 'asset';

export const KIND_UID = { person: UID.person, asset: UID.asset } as const;

/** The query engine's populate for an assignment read: its person, asset and key as reads show them. */
const POPULATE = {
  person: { select: ['documentId', 'firstName', 'lastName', 'email'] },
  asset: { select: ['documentId', 'name', 'inventoryNumber', 'hostname'] },
  key: { select: ['documentId', 'label', 'maskedValue'] },
};

/** An assignment as the query engine loads it, person, asset and key populated. */
export type AssignmentRow = Record<string, any>;

const names = (strapi: Core.Strapi) => ({
  table: tableOf(strapi, UID.assignment),
  license: columnOf(strapi, UID.assignment, 'license'),
  person: columnOf(strapi, UID.assignment, 'person'),
  asset: columnOf(strapi, UID.assignment, 'asset'),
  key: columnOf(strapi, UID.assignment, 'key'),
  units: columnOf(strapi, UID.assignment, 'units'),
});

/** Counts a license's assignments of a kind. On MySQL a shared lock reads the latest rows, not the snapshot. */
export const countAssignments = async (strapi: Core.Strapi, trx: Knex.Transaction | null, licenseId: number, kind: Kind): Promise<number> => {
  const c = names(strapi);
  const q = strapi.db.connection(c.table).where(c.license, licenseId).whereNotNull(c[kind]).count({ n: '*' });
  if (trx) q.transacting(trx);
  if (trx && clientOf(strapi) === 'mysql') q.forShare();
  const [{ n: count }] = await q;
  return Number(count);
};

/** The units a license's asset assignments use (docs/domain.md, "Seats"). On MySQL a shared lock reads the latest rows. */
export const sumAssetUnits = async (strapi: Core.Strapi, trx: Knex.Transaction | null, licenseId: number): Promise<number> => {
  const c = names(strapi);
  const q = strapi.db.connection(c.table).where(c.license, licenseId).whereNotNull(c.asset).sum({ n: c.units });
  if (trx) q.transacting(trx);
  if (trx && clientOf(strapi) === 'mysql') q.forShare();
  const [{ n: sum }] = await q;
  return Number(sum ?? 0);
};

/** The seats a license uses under a model: its assignments of the kind the model counts, their units under a hardware model, or all of them (site). */
export const countUsedSeats = async (strapi: Core.Strapi, trx: Knex.Transaction | null, licenseId: number, model: AssignmentModel): Promise<number> => {
  if (countsHardware(model)) return sumAssetUnits(strapi, trx, licenseId);
  if (!seatLimited(model)) return (await countAssignments(strapi, trx, licenseId, 'person')) + (await countAssignments(strapi, trx, licenseId, 'asset'));
  return countAssignments(strapi, trx, licenseId, countedKind(model));
};

/**
 * Assets' processors and cores, read in the transaction under a shared lock (the latest rows on
 * MySQL): what the units of their assignments are worked out from. Only the assets still there.
 */
export const hardwareOf = async (strapi: Core.Strapi, trx: Knex.Transaction, assetIds: number[]): Promise<Map<number, Hardware>> => {
  const processors = columnOf(strapi, UID.asset, 'processors');
  const cores = columnOf(strapi, UID.asset, 'coresPerProcessor');
  const out = new Map<number, Hardware>();
  const sorted = [...new Set(assetIds)].sort((a, b) => a - b);
  for (let i = 0; i < sorted.length; i += 500) {
    const q = strapi.db
      .connection(tableOf(strapi, UID.asset))
      .transacting(trx)
      .select('id', `${processors} as processors`, `${cores} as cores`)
      .whereIn('id', sorted.slice(i, i + 500))
      .orderBy('id');
    for (const r of await locking(strapi, q, 'share')) {
      out.set(Number(r.id), { processors: Number(r.processors), coresPerProcessor: r.cores == null ? null : Number(r.cores) });
    }
  }
  return out;
};

/** A license's asset assignments in the transaction: each row's id, asset id and units. */
export const assetAssignmentsOf = async (
  strapi: Core.Strapi,
  trx: Knex.Transaction,
  licenseId: number,
): Promise<Array<{ id: number; asset: number; units: number }>> => {
  const c = names(strapi);
  const rows = await strapi.db.connection(c.table).transacting(trx).select('id', c.asset, c.units).where(c.license, licenseId).whereNotNull(c.asset);
  return rows.map((r: any) => ({ id: Number(r.id), asset: Number(r[c.asset]), units: Number(r[c.units]) }));
};

/** Sets assignments' units: one statement per value and 500 rows. */
export const setUnits = async (strapi: Core.Strapi, trx: Knex.Transaction, units: Array<{ id: number; units: number }>): Promise<void> => {
  const c = names(strapi);
  const byValue = new Map<number, number[]>();
  for (const u of units) byValue.set(u.units, [...(byValue.get(u.units) ?? []), u.id]);
  for (const [value, ids] of byValue) {
    for (let i = 0; i < ids.length; i += 500) {
      await strapi.db
        .connection(c.table)
        .transacting(trx)
        .whereIn('id', ids.slice(i, i + 500))
        .update({ [c.units]: value });
    }
  }
};

/** One page of a license's assignments (of a kind, when given), newest first, and how many there are. */
export const assignmentPage = async (
  strapi: Core.Strapi,
  licenseId: number,
  kind: Kind | undefined,
  page: number,
  pageSize: number,
): Promise<{ rows: AssignmentRow[]; total: number }> => {
  const where: Record<string, unknown> = { license: { id: licenseId } };
  if (kind) where[kind] = { id: { $notNull: true } };
  const [rows, total] = await Promise.all([
    strapi.db.query(UID.assignment).findMany({
      where,
      populate: POPULATE,
      orderBy: [{ assignedAt: 'desc' }, { id: 'desc' }],
      offset: (page - 1) * pageSize,
      limit: pageSize,
    }),
    strapi.db.query(UID.assignment).count({ where }),
  ]);
  return { rows, total };
};

/** A license's assignments of a kind, in the transaction: each row's id, the person's (or asset's) id and its units. */
export const assignedOfKind = async (
  strapi: Core.Strapi,
  trx: Knex.Transaction,
  licenseId: number,
  kind: Kind,
): Promise<Array<{ id: number; target: number; units: number }>> => {
  const c = names(strapi);
  const rows = await strapi.db.connection(c.table).transacting(trx).select('id', c[kind], c.units).where(c.license, licenseId).whereNotNull(c[kind]);
  return rows.map((r: any) => ({ id: r.id, target: r[c[kind]], units: Number(r[c.units]) }));
};

/** Deletes assignments by id, 500 a statement. */
export const deleteAssignments = async (strapi: Core.Strapi, trx: Knex.Transaction, ids: number[]): Promise<void> => {
  const { table } = names(strapi);
  for (let i = 0; i < ids.length; i += 500) {
    await strapi.db
      .connection(table)
      .transacting(trx)
      .whereIn('id', ids.slice(i, i + 500))
      .delete();
  }
};

/** Inserts an assignment of a license to each of these persons (or assets), 200 a statement. */
export const insertAssignments = async (
  strapi: Core.Strapi,
  trx: Knex.Transaction,
  licenseId: number,
  kind: Kind,
  targetIds: number[],
  actor: string,
  unitsOf: (targetId: number) => number = () => 1,
): Promise<void> => {
  const c = names(strapi);
  const now = new Date();
  const rows = targetIds.map((id) => ({
    document_id: newDocumentId(),
    [c.license]: licenseId,
    [c[kind]]: id,
    [c.units]: unitsOf(id),
    assigned_at: now,
    assigned_by: actor,
    created_at: now,
    updated_at: now,
  }));
  for (let i = 0; i < rows.length; i += 200) {
    await strapi.db
      .connection(c.table)
      .transacting(trx)
      .insert(rows.slice(i, i + 200));
  }
};

/** The row id of a person (or asset) by documentId, or undefined. */
export const targetIdOf = async (strapi: Core.Strapi, kind: Kind, documentId: string | undefined): Promise<number | undefined> => {
  const row = await strapi.db.query(KIND_UID[kind]).findOne({ select: ['id'], where: { documentId } });
  return row ? (row.id as number) : undefined;
};

/** The row id of a key of this license by documentId, or undefined (a key of another license is none). */
export const keyIdOfLicense = async (strapi: Core.Strapi, keyDocumentId: string, licenseId: number): Promise<number | undefined> => {
  const key = await strapi.db.query(UID.key).findOne({ select: ['id'], where: { documentId: keyDocumentId, license: { id: licenseId } } });
  return key ? (key.id as number) : undefined;
};

/** Whether this person (or asset) is assigned to the license, in the transaction. */
export const isAssigned = async (strapi: Core.Strapi, trx: Knex.Transaction, licenseId: number, kind: Kind, targetId: number): Promise<boolean> => {
  const c = names(strapi);
  const exists = await strapi.db
    .connection(c.table)
    .transacting(trx)
    .first('id')
    .where({ [c.license]: licenseId, [c[kind]]: targetId });
  return Boolean(exists);
};

/** Inserts one assignment. */
export const insertAssignment = async (
  strapi: Core.Strapi,
  trx: Knex.Transaction,
  input: { documentId: string; licenseId: number; kind: Kind; targetId: number; keyId: number | null; actor: string; note: string | null; units: number },
): Promise<void> => {
  const c = names(strapi);
  const now = new Date();
  await strapi.db
    .connection(c.table)
    .transacting(trx)
    .insert({
      document_id: input.documentId,
      [c.license]: input.licenseId,
      [c[input.kind]]: input.targetId,
      [c.key]: input.keyId,
      [c.units]: input.units,
      assigned_at: now,
      assigned_by: input.actor,
      note: input.note,
      created_at: now,
      updated_at: now,
    });
};

/** An assignment by documentId (of this license, when given), populated as reads show it; null when none. */
export const findAssignment = async (strapi: Core.Strapi, documentId: string, licenseId?: number): Promise<AssignmentRow | null> =>
  strapi.db.query(UID.assignment).findOne({
    where: licenseId === undefined ? { documentId } : { documentId, license: { id: licenseId } },
    populate: POPULATE,
  });

/** Deletes one assignment by id. */
export const deleteAssignment = async (strapi: Core.Strapi, trx: Knex.Transaction, id: number): Promise<void> => {
  await strapi.db.connection(names(strapi).table).transacting(trx).where('id', id).delete();
};

/** The assignments of one person (or asset), in the transaction: the statements a deletion of it runs. */
export const assignmentsOfTarget = (strapi: Core.Strapi, trx: Knex.Transaction, kind: Kind, targetId: number) => {
  const c = names(strapi);
  const ofTarget = () => strapi.db.connection(c.table).transacting(trx).where(c[kind], targetId);
  return {
    /** The ids of the licenses it is assigned to (one per assignment). */
    licenseIds: async (): Promise<number[]> => (await ofTarget().select(c.license)).map((r: any) => Number(r[c.license])).filter(Boolean),
    /** Its assignments read again under a shared lock: each one's id, license id and units. */
    lockRows: async (): Promise<Array<{ id: number; license: number; units: number }>> =>
      (await locking(strapi, ofTarget().select('id', c.license, c.units), 'share')).map((r: any) => ({
        id: r.id,
        license: r[c.license],
        units: Number(r[c.units]),
      })),
    delete: async (): Promise<void> => {
      await ofTarget().delete();
    },
  };
};

/** The documentId, name and model of these licenses (for the history). */
export const licenseNames = async (
  strapi: Core.Strapi,
  ids: number[],
): Promise<Array<{ id: number; documentId: string; name: string; assignmentModel: AssignmentModel }>> =>
  strapi.db.query(UID.license).findMany({ select: ['id', 'documentId', 'name', 'assignmentModel'], where: { id: { $in: ids } } });

/** Persons (documentId, first and last name) or assets (documentId, name) by id, 500 a statement. */
export const namedRows = async (strapi: Core.Strapi, kind: Kind, ids: number[]): Promise<Record<string, any>[]> => {
  const fields = kind === 'person' ? ['documentId', 'firstName', 'lastName'] : ['documentId', 'name'];
  const rows: Record<string, any>[] = [];
  for (let i = 0; i < ids.length; i += 500) {
    rows.push(...(await strapi.db.query(KIND_UID[kind]).findMany({ select: fields, where: { id: { $in: ids.slice(i, i + 500) } } })));
  }
  return rows;
};
