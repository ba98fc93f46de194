/**
 * Devices as the admin lists and links them (docs/api.md, "Installations"): a page of devices with
 * their asset and how many installations they report, and a device's asset set by hand.
 */
import type { Core } from '@strapi/strapi';
import { assetIdsInScope, type ScopeIds } from './scope';
import type { Knex } from 'knex';
import { installationNames, timeOf, type AssetRef } from './installations';
import { locking } from './transactions';
import { holdsText } from './search-text';

export interface DeviceRow {
  id: number;
  documentId: string;
  hostname: string | null;
  serialNumber: string | null;
  uuid: string | null;
  inventoryNumber: string | null;
  source: string | null;
  firstSeen: Date | null;
  lastSeen: Date | null;
  asset: AssetRef | null;
  installations: number;
}

/** A page of devices, last seen first: the unmatched ones only with `unmatched`; `q` in the hostname or serial number. */
export const devicePage = async (
  strapi: Core.Strapi,
  f: { unmatched?: boolean; q?: string; documentId?: string; scope?: ScopeIds | null },
  { offset, limit }: { offset: number; limit: number },
): Promise<{ rows: DeviceRow[]; total: number }> => {
  const { devices, installations, assets, d, i, a } = installationNames(strapi);
  const knex = strapi.db.connection;
  const where = (q: Knex.QueryBuilder) => {
    if (f.unmatched) q.whereNull(`d.${d('asset')}`);
    // The reader's organization scope (../scope): devices matched to its assets only.
    if (f.scope) q.whereIn(`d.${d('asset')}`, assetIdsInScope(strapi, f.scope));
    if (f.documentId) q.where('d.document_id', f.documentId);
    if (f.q) {
      const text = f.q;
      q.where((b) => {
        for (const column of [`d.${d('hostname')}`, `d.${d('serialNumber')}`]) b.orWhereRaw(...holdsText(knex, column, text));
      });
    }
    return q;
  };
  const [{ n }] = await where(knex(`${devices} as d`)).count({ n: '*' });
  const count = knex(`${installations} as i`)
    .count('*')
    .whereRaw('?? = ??', [`i.${i('device')}`, 'd.id']);
  const rows = await where(knex(`${devices} as d`))
    .leftJoin(`${assets} as a`, 'a.id', `d.${d('asset')}`)
    .select(
      'd.id as id',
      'd.document_id as documentId',
      ...(['hostname', 'serialNumber', 'uuid', 'inventoryNumber', 'source', 'firstSeen', 'lastSeen'] as const).map((k) => `d.${d(k)} as ${k}`),
      'a.document_id as assetDocumentId',
      `a.${a('name')} as assetName`,
      knex.raw('(?) as installations', [count]),
    )
    .orderBy([{ column: `d.${d('lastSeen')}`, order: 'desc' }, { column: 'd.id' }])
    .offset(offset)
    .limit(limit);
  return {
    total: Number(n),
    rows: rows.map((r: Record<string, any>) => ({
      id: Number(r.id),
      documentId: r.documentId,
      hostname: r.hostname,
      serialNumber: r.serialNumber,
      uuid: r.uuid,
      inventoryNumber: r.inventoryNumber,
      source: r.source,
      firstSeen: timeOf(r.firstSeen),
      lastSeen: timeOf(r.lastSeen),
      asset: r.assetDocumentId ? { documentId: r.assetDocumentId, name: r.assetName } : null,
      installations: Number(r.installations),
    })),
  };
};

/** A device by documentId, locked for update as a push locks it; null when there is none. */
export const lockDeviceByDocumentId = async (strapi: Core.Strapi, trx: Knex.Transaction, documentId: string): Promise<{ id: number } | null> => {
  const { devices } = installationNames(strapi);
  const row = await locking(strapi, strapi.db.connection(devices).transacting(trx).first('id').where('document_id', documentId), 'update');
  return row ? { id: Number(row.id) } : null;
};

/** One device as the list shows it; null when there is none. */
export const deviceByDocumentId = async (strapi: Core.Strapi, documentId: string): Promise<DeviceRow | null> =>
  (await devicePage(strapi, { documentId }, { offset: 0, limit: 1 })).rows[0] ?? null;
