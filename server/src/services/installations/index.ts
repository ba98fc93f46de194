/**
 * Installations (docs/domain.md, "Installations"): a device's inventory push (its installations
 * replaced, recognized by the rules, the device matched to an asset), the installations list, and
 * the recognition rules (./rules) with their background re-recognition (./recognition).
 */
import type { Core } from '@strapi/strapi';
import type { Scope } from '../../scope';
import { errors } from '@strapi/utils';
import type { z } from 'zod';
import { INVENTORY_ENTRIES_MAX, UID, type InstallationState } from '../../../../shared/constants';
import { inventoryEntryCount, readInventory } from '../../../../shared/schemas/inventory';
import { deviceMatchKeys, entryIdentity, planPush, type MatchedBy } from '../../domain/installations';
import { RetryTransaction, idsByDocumentId, nameKey, writeTransaction } from '../../db';
import {
  assetRef,
  assetsWith,
  deleteInstallations,
  deviceAssetOf,
  deviceEntries,
  ensureDevice,
  insertInstallations,
  lockDevice,
  setRecognition,
  softwareRefs,
  touchInstallations,
  updateDevice,
  type AssetRef,
  type Recognized,
} from '../../db/installations';
import { installationPage } from '../../db/installation-list';
import { shareRulesGeneration } from '../../db/installation-rules';
import { invalid, invalidField } from '../../errors';
import { fieldErrorsOf } from '../../validation';
import { recognition, recognizedBy } from './recognition';
import { inventoryDevices } from './devices';
import { getService } from '../../plugin';
import { firstUnlicensed } from '../../db/installation-position';
import { installationRules } from './rules';
import { presentInstallation, staleBefore } from './present';

export interface PushResult {
  asset: AssetRef | null;
  recognized: number;
  unrecognized: number;
  ignored: number;
  ended: number;
}

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const job = recognition(strapi);
  const rules = installationRules(strapi, job);
  const devices = inventoryDevices(strapi);
  const events = () => getService(strapi, 'events');

  /** The one asset an identifier names, trying them in order (serial number, uuid, hostname, inventory number); null when none does. */
  const matchAsset = async (keys: Array<{ by: MatchedBy; key: string }>): Promise<number | null> => {
    for (const { by, key } of keys) {
      const ids = await assetsWith(strapi, by, key);
      // Two assets with the same identifier: not a match (a wrong asset would be worse than none).
      if (ids.length === 1) return ids[0];
    }
    return null;
  };

  return {
    rules,
    recognition: job,
    devices,

    /**
     * One device's inventory (docs/api.md, "Inventory"): its installations become the pushed set.
     * The same push twice changes nothing but the last-seen times; two pushes of one device wait
     * for each other on the device's row.
     */
    async push(body: unknown): Promise<PushResult> {
      const count = typeof body === 'object' && body !== null && !Array.isArray(body) ? inventoryEntryCount(body as Record<string, unknown>) : 0;
      if (count > INVENTORY_ENTRIES_MAX) {
        throw new errors.PayloadTooLargeError(`The inventory has ${count} software entries; a push holds at most ${INVENTORY_ENTRIES_MAX}`, {
          entries: count,
          max: INVENTORY_ENTRIES_MAX,
        });
      }
      const read = readInventory(body);
      if (!read.success) throw invalid(fieldErrorsOf({ issues: read.issues } as z.ZodError));
      const { device, software, source } = read.push;
      const keys = deviceMatchKeys(device);
      if (!keys.length) {
        throw invalidField('device', 'has no identifier but placeholders (such as "To be filled by O.E.M."): it cannot be matched', 'deviceIdentified');
      }
      const identity = nameKey(keys[0].by, keys[0].key);

      const now = new Date();
      const deviceValues = { ...device, source };
      await ensureDevice(strapi, identity, deviceValues, now);
      // Plain reads before the transaction (on MySQL a plain read inside it would fix its snapshot before the lock).
      const stored = await deviceAssetOf(strapi, identity);
      const matched = stored == null ? await matchAsset(keys) : null;

      const written = await writeTransaction(strapi, async (trx) => {
        const locked = await lockDevice(strapi, trx, identity);
        if (!locked) throw new RetryTransaction();
        // The rules as of the generation, share-locked: a rule write waits for this push, or this push for it.
        const generation = await shareRulesGeneration(strapi, trx);
        const ruleList = await job.rulesAt(generation);
        const entries = software.map((e) => ({ ...e, entryKey: entryIdentity(e), ...recognizedBy(ruleList, e) }));
        const existing = await deviceEntries(strapi, trx, locked.id);
        const plan = planPush(existing.keys(), entries);
        await deleteInstallations(
          strapi,
          trx,
          plan.ended.map((k) => existing.get(k)!.id),
        );
        await insertInstallations(
          strapi,
          trx,
          locked.id,
          plan.added.map((e) => ({ ...e, rawName: e.name, rawVersion: e.version, rawPublisher: e.publisher })),
          { source, generation, now },
        );
        // Entries seen again that older rules recognized: this push's rules say what they are now.
        const outdated = new Map<string, { r: Recognized; ids: number[] }>();
        for (const e of plan.kept) {
          const row = existing.get(e.entryKey)!;
          if (row.generation >= generation) continue;
          const k = `${e.recognition}:${e.softwareId}:${e.ruleId}`;
          (outdated.get(k) ?? outdated.set(k, { r: e, ids: [] }).get(k)!).ids.push(row.id);
        }
        for (const { r, ids } of outdated.values()) await setRecognition(strapi, trx, ids, r, generation);
        await touchInstallations(strapi, trx, locked.id, source, now);
        const assetId = locked.assetId ?? matched;
        await updateDevice(strapi, trx, locked.id, { ...deviceValues, lastSeen: now, assetId });
        const counts = { recognized: 0, unrecognized: 0, ignored: 0 };
        for (const e of entries) counts[e.recognition]++;
        // The software this push gives their first unlicensed installation (an event each, after the commit).
        const firsts: number[] = [];
        if (assetId !== null && events().listened('installation.unlicensed')) {
          const added = new Map<number, string[]>();
          for (const e of plan.added) if (e.softwareId !== null) added.set(e.softwareId, [...(added.get(e.softwareId) ?? []), e.entryKey]);
          const since = await staleBefore(strapi, now);
          for (const [softwareId, keys] of added) {
            if (await firstUnlicensed(strapi, trx, { softwareId, assetId, deviceId: locked.id, added: keys }, since)) firsts.push(softwareId);
          }
        }
        return { assetId, deviceDocumentId: locked.documentId, counts, ended: plan.ended.length, firsts };
      });
      const asset = await assetRef(strapi, written.assetId);
      const result = { asset, ...written.counts, ended: written.ended };
      const deviceOut = { documentId: written.deviceDocumentId, hostname: device.hostname, serialNumber: device.serialNumber };
      events().emit('inventory.push', { license: null, device: deviceOut, source, ...result });
      for (const { id: _id, ...software } of await softwareRefs(strapi, written.firsts)) {
        events().emit('installation.unlicensed', { license: null, software, asset, device: deviceOut });
      }
      return result;
    },

    /** A page of installations (docs/api.md, "Installations"): by software, asset and state. */
    async list(query: { page: number; pageSize: number; software?: string[]; asset?: string[]; state?: InstallationState; q?: string }, scope: Scope = null) {
      const ids = async (uid: typeof UID.software | typeof UID.asset, documentIds?: string[]) =>
        documentIds ? [...(await idsByDocumentId(strapi, uid, documentIds)).values()] : undefined;
      const before = await staleBefore(strapi);
      const { rows, total } = await installationPage(
        strapi,
        {
          softwareIds: await ids(UID.software, query.software),
          assetIds: await ids(UID.asset, query.asset),
          state: query.state,
          q: query.q,
          staleBefore: before,
          scope,
        },
        { offset: (query.page - 1) * query.pageSize, limit: query.pageSize },
      );
      return {
        data: rows.map((r) => presentInstallation(r, before)),
        meta: { pagination: { page: query.page, pageSize: query.pageSize, pageCount: Math.ceil(total / query.pageSize), total } },
      };
    },
  };
};
