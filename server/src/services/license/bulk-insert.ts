/**
 * Creates of many licenses at once (an import's new licenses, issue 30), by the rules of `insert`
 * (./index) and never others: a create whose rules could refuse it is not written here but left to
 * `insert`, which says why. So the caller runs such a row on its own, and the rows written here are
 * the ones `insert` would write as they are.
 *
 * - `prepare`: the rules that need no database (defaults, per-core terms, prices and dates), per row.
 * - `check`: what the database says, read for the whole run at once: the relation targets (resolved
 *   and share-locked, one statement per relation and 500 targets), the units' organizations (under
 *   their share lock), the writer's scope, the names and inventory numbers already taken. The rows
 *   any of it could refuse are named, to run on their own.
 * - `write`: the license rows in multi-row INSERTs, the license total +N once, the keys, and the
 *   history (one multi-row INSERT; its webhook events as `insert`'s). A unique index that a concurrent
 *   writer won meanwhile fails the whole write: the caller rolls it back and runs its rows on their own.
 */
import type { Core } from '@strapi/strapi';
import type { Knex } from 'knex';
import { UID } from '../../../../shared/constants';
import { licenseDefaults } from '../../../../shared/fields/license';
import type { LicenseCreateInput } from '../../../../shared/schemas';
import { getService } from '../../plugin';
import { checkPlacement, placeSent, type Scope } from '../../scope';
import { idsByDocumentId, lockIds, nameKey, newDocumentId, writeTransaction } from '../../db';
import { insertLicenseRows, takenInventoryNumbers, takenLicenseNameKeys, unitOrganizations } from '../../db/license-bulk';
import { settleCountingTerms } from './counting';
import { LICENSE_RELATIONS, RELATION_NAMES, SCALARS, type RelationName } from './model';
import { ownTermKept } from './present';
import { licenseWrites } from './writes';

/** A create ready to be written with others: its values after the rules, and (after `check`) its relations' row ids. */
export interface PreparedLicense {
  input: LicenseCreateInput;
  values: Record<string, any>;
  documentId: string;
  relationIds: Partial<Record<RelationName, number | null>>;
}

/** How the database compares inventory numbers, loosely: a number matched here but not there only runs on its own. */
const looseNumber = (n: string) => n.trim().toLowerCase();

export const licenseBulkInsert = (strapi: Core.Strapi) => {
  const { finishValues } = licenseWrites(strapi);

  return {
    /** The create's rules that read nothing, as `insert` applies them; null when they refuse it (`insert` then says why). */
    async prepare(input: LicenseCreateInput): Promise<PreparedLicense | null> {
      const config = await getService(strapi, 'settings').get();
      const values: Record<string, any> = { ...input };
      try {
        for (const [f, d] of Object.entries(licenseDefaults(config))) values[f] = values[f] ?? d;
        settleCountingTerms(values, input);
        delete values.keys;
        finishValues(values, input.grossUnitPrice);
      } catch {
        return null;
      }
      return { input, values, documentId: newDocumentId(), relationIds: {} };
    },

    /**
     * In the write's transaction, for a run of prepared creates: their relations resolved and
     * share-locked, and the checks of `insert`. Answers the indexes of those any check could refuse
     * (or that would clash with an earlier one of the run): they run on their own.
     */
    async check(trx: Knex.Transaction, list: PreparedLicense[], scope: Scope): Promise<Set<number>> {
      const own = new Set<number>();
      // A deadlock victim is a 409 `busy` (../../db writeTransaction), as in `insert`.
      return writeTransaction(strapi, async () => {
        for (const r of RELATION_NAMES) {
          const sent = list.map((p) => p.input[r]);
          const documentIds = sent.filter((d): d is string => typeof d === 'string');
          const uid = LICENSE_RELATIONS[r].uid;
          const ids = documentIds.length ? await idsByDocumentId(strapi, uid, documentIds) : new Map<string, number>();
          const locked = ids.size ? await lockIds(strapi, trx, uid, [...ids.values()], 'share') : new Set<number>();
          list.forEach((p, i) => {
            if (!(r in p.input)) return;
            const d = sent[i];
            if (typeof d !== 'string') p.relationIds[r] = d as null | undefined;
            else if (ids.has(d) && locked.has(ids.get(d)!)) p.relationIds[r] = ids.get(d)!;
            else own.add(i);
          });
        }
        const unitIds = list.map((p) => p.relationIds.organizationalUnit).filter((u): u is number => typeof u === 'number');
        const orgOfUnit = unitIds.length ? await unitOrganizations(strapi, trx, unitIds) : new Map<number, number | null>();
        for (const [i, p] of list.entries()) {
          const { organization, organizationalUnit: unit } = p.relationIds;
          if (unit && organization && orgOfUnit.get(unit) !== organization) own.add(i);
          if (scope === null || own.has(i)) continue;
          // The writer's scope (../../scope), as `insert` checks it; it reads only when a unit or organization is outside it.
          await checkPlacement(strapi, scope, placeSent(p.relationIds), { organization: organization ?? null, unit: unit ?? null }).catch(() => own.add(i));
        }
        const names = await takenLicenseNameKeys(
          strapi,
          trx,
          list.map((p) => nameKey(p.input.name)),
        );
        const sentNumbers = list.map((p) => (p.input.inventoryNumber ? looseNumber(p.input.inventoryNumber) : ''));
        const numbers = new Set(
          (
            await takenInventoryNumbers(
              strapi,
              trx,
              list.map((p) => p.input.inventoryNumber).filter((n): n is string => Boolean(n)),
            )
          ).map(looseNumber),
        );
        list.forEach((p, i) => {
          if (names.has(nameKey(p.input.name))) own.add(i);
          const n = sentNumbers[i];
          if (!n) return;
          // A number taken, or set by an earlier row of the run: the later row runs on its own, after it.
          if (numbers.has(n)) own.add(i);
          numbers.add(n);
        });
        return own;
      });
    },

    /** Writes checked creates together (`check` first, and none it named): a refusal of any fails them all. */
    async write(trx: Knex.Transaction, list: PreparedLicense[], actor: string): Promise<void> {
      const now = new Date();
      await writeTransaction(strapi, async () => {
        await insertLicenseRows(
          strapi,
          list.map((p) => ({
            ...Object.fromEntries(SCALARS.map((f) => [f, p.values[f] ?? null])),
            ...p.relationIds,
            documentId: p.documentId,
            nameKey: nameKey(p.input.name),
            ...ownTermKept(p.values),
            createdAt: now,
            updatedAt: now,
          })),
        );
        await getService(strapi, 'licenseTotal').add(trx, list.length);
        const withKeys = list.filter((p) => p.input.keys?.length);
        const idOf = withKeys.length
          ? await idsByDocumentId(
              strapi,
              UID.license,
              withKeys.map((p) => p.documentId),
            )
          : new Map<string, number>();
        const entries = [];
        for (const p of list) {
          const license = { documentId: p.documentId, name: p.input.name };
          entries.push({ license, action: 'created' as const, actor });
          if (!p.input.keys?.length) continue;
          const keys = await getService(strapi, 'keys').insert(idOf.get(p.documentId)!, p.input.keys);
          entries.push(...keys.map((k) => ({ license, action: 'key_added' as const, actor, changes: { key: k.documentId, label: k.label } })));
        }
        await getService(strapi, 'history').record(entries);
      });
    },
  };
};
