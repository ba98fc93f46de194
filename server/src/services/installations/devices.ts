/**
 * Devices and the names still unrecognized (docs/api.md, "Installations"): the admin's lists, and a
 * device linked to an asset by hand ("Link to asset"), which no push replaces.
 */
import type { Core } from '@strapi/strapi';
import { UID } from '../../../../shared/constants';
import { idsByDocumentId, resolveRelation, writeTransaction } from '../../db';
import { licensesOfAsset } from '../../db/installation-position';
import { unrecognizedGroups } from '../../db/installation-list';
import { updateDevice } from '../../db/installations';
import { deviceByDocumentId, devicePage, lockDeviceByDocumentId, type DeviceRow } from '../../db/inventory-devices';
import { notFound } from '../../errors';
import type { Scope } from '../../scope';
import { documentIdsInScope } from '../../db/scope';

type Paging = { page: number; pageSize: number };
const pagination = ({ page, pageSize }: Paging, total: number) => ({ page, pageSize, pageCount: Math.ceil(total / pageSize), total });

/** A device as the admin reads it. */
export const presentDevice = ({ id: _id, ...r }: DeviceRow) => ({
  ...r,
  firstSeen: r.firstSeen?.toISOString() ?? null,
  lastSeen: r.lastSeen?.toISOString() ?? null,
});

export const inventoryDevices = (strapi: Core.Strapi) => ({
  async list(query: Paging & { unmatched?: boolean; q?: string }, scope: Scope = null) {
    const { rows, total } = await devicePage(strapi, { ...query, scope }, { offset: (query.page - 1) * query.pageSize, limit: query.pageSize });
    return { data: rows.map(presentDevice), meta: { pagination: pagination(query, total) } };
  },

  /** Links a device to an asset (or unlinks it with null), under the lock a push takes: the push before or after sees it. */
  async link(documentId: string, asset: string | null) {
    const assetId = await resolveRelation(strapi, UID.asset, asset, 'asset');
    await writeTransaction(strapi, async (trx) => {
      const device = await lockDeviceByDocumentId(strapi, trx, documentId);
      if (!device) throw notFound('Device');
      await updateDevice(strapi, trx, device.id, { assetId: assetId ?? null });
    });
    return presentDevice((await deviceByDocumentId(strapi, documentId))!);
  },

  /** The licenses that cover an asset (its own assignments, and its user's); a 404 for an unknown asset. */
  async assetLicenses(documentId: string, scope: Scope = null) {
    const id = (await idsByDocumentId(strapi, UID.asset, [documentId])).get(documentId);
    if (id === undefined) throw notFound('Asset');
    const licenses = await licensesOfAsset(strapi, id);
    // A reader with a scope (../../scope) sees the licenses in it only.
    const shown = scope
      ? await documentIdsInScope(
          strapi,
          UID.license,
          licenses.map((l) => l.documentId),
          scope,
        )
      : null;
    return shown ? licenses.filter((l) => shown.has(l.documentId)) : licenses;
  },

  /** Unrecognized entries by publisher and name, most installations first. */
  async unrecognized(query: Paging & { q?: string }, scope: Scope = null) {
    const { rows, total } = await unrecognizedGroups(strapi, { ...query, scope }, { offset: (query.page - 1) * query.pageSize, limit: query.pageSize });
    return { data: rows, meta: { pagination: pagination(query, total) } };
  },
});
