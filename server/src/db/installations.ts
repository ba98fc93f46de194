/**
 * Installations' rows (docs/domain.md, "Installations"): devices found or added by their identity
 * and locked per push, a device's installations read, written and ended, assets matched by an
 * identifier, and the background re-recognition's batches.
 */
import type { Core } from '@strapi/strapi';
import type { Knex } from 'knex';
import { UID, type PluginUid, type Recognition } from '../../../shared/constants';
import type { MatchedBy } from '../domain/installations';
import { clientOf, columnOf, newDocumentId, tableOf } from './meta';
import { locking } from './transactions';
import { noteInstallations, noteInstalledOn, noteSoftware } from './compliance-changes';

const BATCH = 200;

/** The tables and columns the installations' statements use (./installation-list, ./installation-position, ./inventory-devices too). */
export const installationNames = (strapi: Core.Strapi) => {
  const col = (uid: PluginUid) => (a: string) => columnOf(strapi, uid, a);
  return {
    devices: tableOf(strapi, UID.inventoryDevice),
    installations: tableOf(strapi, UID.installation),
    assets: tableOf(strapi, UID.asset),
    assignments: tableOf(strapi, UID.assignment),
    licenses: tableOf(strapi, UID.license),
    software: tableOf(strapi, UID.software),
    persons: tableOf(strapi, UID.person),
    d: col(UID.inventoryDevice),
    i: col(UID.installation),
    a: col(UID.asset),
    s: col(UID.assignment),
    l: col(UID.license),
    sw: col(UID.software),
    p: col(UID.person),
  };
};
const names = installationNames;

/** A datetime column's value as the drivers return it (a Date, or SQLite's milliseconds). */
export const timeOf = (v: unknown): Date | null => (v == null ? null : new Date(v as string | number | Date));

export interface DeviceValues {
  hostname: string | null;
  serialNumber: string | null;
  uuid: string | null;
  inventoryNumber: string | null;
  source: string;
}

/** Adds the device with this identity unless a row has it (another push's, committed or not): never a unique violation. */
export const ensureDevice = async (strapi: Core.Strapi, identity: string, values: DeviceValues, now: Date): Promise<void> => {
  const { devices, d } = names(strapi);
  await strapi.db
    .connection(devices)
    .insert({
      document_id: newDocumentId(),
      [d('identity')]: identity,
      [d('hostname')]: values.hostname,
      [d('serialNumber')]: values.serialNumber,
      [d('uuid')]: values.uuid,
      [d('inventoryNumber')]: values.inventoryNumber,
      [d('source')]: values.source,
      [d('firstSeen')]: now,
      [d('lastSeen')]: now,
      created_at: now,
      updated_at: now,
      published_at: now,
    })
    .onConflict(d('identity'))
    .ignore();
};

export interface LockedDevice {
  id: number;
  documentId: string;
  assetId: number | null;
}

/** The device with this identity, locked for update: a second push of the same device waits for the first to commit. */
export const lockDevice = async (strapi: Core.Strapi, trx: Knex.Transaction, identity: string): Promise<LockedDevice | null> => {
  const { devices, d } = names(strapi);
  const q = strapi.db
    .connection(devices)
    .transacting(trx)
    .first('id', 'document_id', `${d('asset')} as asset`)
    .where(d('identity'), identity);
  const row = await locking(strapi, q, 'update');
  return row ? { id: Number(row.id), documentId: row.document_id, assetId: row.asset == null ? null : Number(row.asset) } : null;
};

export const updateDevice = async (
  strapi: Core.Strapi,
  trx: Knex.Transaction,
  id: number,
  values: Partial<DeviceValues> & { assetId?: number | null; lastSeen?: Date },
): Promise<void> => {
  const { devices, d } = names(strapi);
  const data: Record<string, unknown> = { updated_at: new Date() };
  for (const k of ['hostname', 'serialNumber', 'uuid', 'inventoryNumber', 'source', 'lastSeen'] as const) {
    if (values[k] !== undefined) data[d(k)] = values[k];
  }
  if (values.assetId !== undefined) data[d('asset')] = values.assetId;
  await strapi.db.connection(devices).transacting(trx).update(data).where('id', id);
  // Its asset counts its installations (db/compliance-positions).
  if (values.assetId !== undefined) await noteInstalledOn(strapi, { devices: [id] }, trx);
};

/**
 * The assets one identifier names (trimmed and lower-cased, as matching compares): two at most, as
 * an identifier two assets share matches neither.
 */
export const assetsWith = async (strapi: Core.Strapi, by: MatchedBy, key: string): Promise<number[]> => {
  const { assets, a } = names(strapi);
  const rows = await strapi.db
    .connection(assets)
    .select('id')
    .whereRaw('lower(trim(??)) = ?', [a(by), key])
    .orderBy('id')
    .limit(2);
  return rows.map((r: { id: number }) => Number(r.id));
};

export interface AssetRef {
  documentId: string;
  name: string;
}

export const assetRef = async (strapi: Core.Strapi, id: number | null): Promise<AssetRef | null> => {
  if (id == null) return null;
  const row = await strapi.db.query(UID.asset).findOne({ select: ['documentId', 'name'], where: { id } });
  return row ? { documentId: row.documentId, name: row.name } : null;
};

/** A device's installations, their ids by entry key; read with a lock on MySQL, whose plain reads keep the transaction's first snapshot. */
export const deviceEntries = async (strapi: Core.Strapi, trx: Knex.Transaction, deviceId: number): Promise<Map<string, { id: number; generation: number }>> => {
  const { installations, i } = names(strapi);
  const q = strapi.db
    .connection(installations)
    .transacting(trx)
    .select('id', `${i('entryKey')} as entryKey`, `${i('generation')} as generation`)
    .where(i('device'), deviceId);
  const rows = clientOf(strapi) === 'mysql' ? await q.forUpdate() : await q;
  return new Map(rows.map((r: { id: number; entryKey: string; generation: number }) => [r.entryKey, { id: Number(r.id), generation: Number(r.generation) }]));
};

/** What a rule made of an entry, as stored. */
export interface Recognized {
  recognition: Recognition;
  softwareId: number | null;
  ruleId: number | null;
}

export interface NewInstallation extends Recognized {
  entryKey: string;
  rawName: string;
  rawVersion: string | null;
  rawPublisher: string | null;
}

export const insertInstallations = async (
  strapi: Core.Strapi,
  trx: Knex.Transaction,
  deviceId: number,
  rows: NewInstallation[],
  { source, generation, now }: { source: string; generation: number; now: Date },
): Promise<void> => {
  const { installations, i } = names(strapi);
  const data = rows.map((r) => ({
    document_id: newDocumentId(),
    [i('device')]: deviceId,
    [i('entryKey')]: r.entryKey,
    [i('rawName')]: r.rawName,
    [i('rawVersion')]: r.rawVersion,
    [i('rawPublisher')]: r.rawPublisher,
    [i('recognition')]: r.recognition,
    [i('software')]: r.softwareId,
    [i('rule')]: r.ruleId,
    [i('generation')]: generation,
    [i('source')]: source,
    [i('firstSeen')]: now,
    [i('lastSeen')]: now,
    created_at: now,
    updated_at: now,
    published_at: now,
  }));
  // 16 columns a row: 50 rows stay far below every driver's bound-parameter limit.
  for (let k = 0; k < data.length; k += 50)
    await strapi.db
      .connection(installations)
      .transacting(trx)
      .insert(data.slice(k, k + 50));
  await noteSoftware(
    strapi,
    rows.map((r) => r.softwareId),
    trx,
  );
};

export const deleteInstallations = async (strapi: Core.Strapi, trx: Knex.Transaction, ids: number[]): Promise<void> => {
  const { installations } = names(strapi);
  await noteInstallations(strapi, ids, trx);
  for (let k = 0; k < ids.length; k += BATCH) {
    await strapi.db
      .connection(installations)
      .transacting(trx)
      .delete()
      .whereIn('id', ids.slice(k, k + BATCH));
  }
};

/** A device's installations were all seen now (the ended ones are deleted first). */
export const touchInstallations = async (strapi: Core.Strapi, trx: Knex.Transaction, deviceId: number, source: string, now: Date): Promise<void> => {
  const { installations, i } = names(strapi);
  await strapi.db
    .connection(installations)
    .transacting(trx)
    .update({ [i('lastSeen')]: now, [i('source')]: source })
    .where(i('device'), deviceId);
  await noteInstalledOn(strapi, { devices: [deviceId] }, trx);
};

/**
 * Sets what the rules of `generation` made of these installations, unless a newer generation's
 * recognition is stored already (a push or another process's run that read newer rules).
 * Returns how many rows changed.
 */
export const setRecognition = async (strapi: Core.Strapi, trx: Knex.Transaction, ids: number[], r: Recognized, generation: number): Promise<number> => {
  const { installations, i } = names(strapi);
  let changed = 0;
  // Of the software each had and of the one it gets (db/compliance-positions).
  await noteInstallations(strapi, ids, trx);
  await noteSoftware(strapi, [r.softwareId], trx);
  for (let k = 0; k < ids.length; k += BATCH) {
    changed += Number(
      await strapi.db
        .connection(installations)
        .transacting(trx)
        .update({ [i('recognition')]: r.recognition, [i('software')]: r.softwareId, [i('rule')]: r.ruleId, [i('generation')]: generation })
        .whereIn('id', ids.slice(k, k + BATCH))
        .where(i('generation'), '<', generation),
    );
  }
  return changed;
};

/** Installations recognized by rules older than `generation`, in id order after `afterId`: the re-recognition's next batch. */
export const outdatedInstallations = async (
  strapi: Core.Strapi,
  generation: number,
  afterId: number,
  limit: number,
): Promise<Array<{ id: number; rawName: string; rawVersion: string | null; rawPublisher: string | null }>> => {
  const { installations, i } = names(strapi);
  const rows = await strapi.db
    .connection(installations)
    .select('id', `${i('rawName')} as rawName`, `${i('rawVersion')} as rawVersion`, `${i('rawPublisher')} as rawPublisher`)
    .where(i('generation'), '<', generation)
    .where('id', '>', afterId)
    .orderBy('id')
    .limit(limit);
  return rows.map((r: { id: number; rawName: string; rawVersion: string | null; rawPublisher: string | null }) => ({ ...r, id: Number(r.id) }));
};

/** How many installations there are, and how many the rules of `generation` have not recognized yet. */
export const recognitionProgress = async (strapi: Core.Strapi, generation: number): Promise<{ total: number; pending: number }> => {
  const { installations, i } = names(strapi);
  const knex = strapi.db.connection;
  const [row] = await knex(installations).select(
    knex.raw('count(*) as total'),
    knex.raw('coalesce(sum(case when ?? < ? then 1 else 0 end), 0) as pending', [i('generation'), generation]),
  );
  return { total: Number(row.total), pending: Number(row.pending) };
};

/** The entry keys of the device with this identity (none when it has not pushed yet): a dry run's plan, no lock. */
export const deviceEntryKeys = async (strapi: Core.Strapi, identity: string): Promise<string[]> => {
  const { devices, installations, d, i } = names(strapi);
  const rows = await strapi.db
    .connection(`${installations} as i`)
    .join(`${devices} as d`, 'd.id', `i.${i('device')}`)
    .where(`d.${d('identity')}`, identity)
    .select(`i.${i('entryKey')} as entryKey`);
  return rows.map((r: { entryKey: string }) => r.entryKey);
};

/** A device's asset as last stored (a plain read before the push's transaction: whether to look for one). */
export const deviceAssetOf = async (strapi: Core.Strapi, identity: string): Promise<number | null | undefined> => {
  const { devices, d } = names(strapi);
  const row = await strapi.db
    .connection(devices)
    .first(`${d('asset')} as asset`)
    .where(d('identity'), identity);
  if (!row) return undefined;
  return row.asset == null ? null : Number(row.asset);
};

/** Software by row id, as events name them. */
export const softwareRefs = async (strapi: Core.Strapi, ids: number[]) => {
  const out: Array<{ id: number; documentId: string; name: string; version: string | null }> = [];
  for (let k = 0; k < ids.length; k += 500) {
    const rows = await strapi.db
      .query(UID.software)
      .findMany({ select: ['id', 'documentId', 'name', 'version'], where: { id: { $in: ids.slice(k, k + 500) } } });
    for (const { id, documentId, name, version } of rows as Array<{ id: number; documentId: string; name: string; version: string | null }>)
      out.push({ id: Number(id), documentId, name, version: version ?? null });
  }
  return out;
};
