/**
 * Reference data: one set of CRUD rules over the resources described in ./resources; reads in
 * ./reads, the write rules in ./checks.
 */
import type { Core } from '@strapi/strapi';
import type { Knex } from 'knex';
import { UID } from '../../../../shared/constants';
import { ConflictError, customMessage, invalidField, notFound } from '../../errors';
import { checkPlacement, placeSent, type Scope } from '../../scope';
import { missingAdminUsers, usersExist } from '../../db/scope';
import { getService } from '../../plugin';
import { lockIds, newDocumentId, writeTransaction } from '../../db';
import { countReferring, deleteReference, insertReference, updateReference } from '../../db/reference';
import { referenceChecks } from './checks';
import { HARDWARE_FIELDS, rehardware } from './hardware';
import { present, referenceReads } from './reads';
import { RESOURCES, type ResourceDef, type ResourceName } from './resources';

export { RESOURCE_NAMES, RESOURCES, type ResourceName } from './resources';
export { searchCondition } from './reads';

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const def = (name: ResourceName): ResourceDef => RESOURCES[name];
  const { findRow, pageOf, list } = referenceReads(strapi);
  const { resolveAll, lockTargets, checkUnique, checkNoCycle, checkUnitParent, uniqueRace } = referenceChecks(strapi);

  /**
   * A 409 counting who refers to the record, if anything does. Called under the record's update
   * lock: a writer that starts to use it share-locks it first, so it either waits (and then sees
   * the change) or is counted here.
   */
  const refuseInUse = async (trx: Knex.Transaction, d: ResourceDef, id: number, cannot: string) => {
    const usage: Record<string, number> = {};
    for (const u of d.usedBy) {
      const count = await countReferring(strapi, trx, u.uid, u.attribute, id);
      if (count) usage[u.as] = (usage[u.as] ?? 0) + count;
    }
    if (!Object.keys(usage).length) return;
    const what = Object.entries(usage)
      .map(([k, v]) => `${v} ${k}`)
      .join(', ');
    throw new ConflictError(`${d.label} is in use and cannot ${cannot}: used by ${what}`, { licenses: usage.licenses ?? 0, usedBy: usage });
  };

  /**
   * Under a scope (routes/admin): a person, asset or unit stays in it and is given no organization
   * or unit outside it (a unit's place is its organization and its parent); an organization's or
   * unit's administrators change only without conditions, or a scoped user could widen their own scope.
   * Administrators named must be admin users.
   */
  const checkScoped = async (
    d: ResourceDef,
    scope: Scope,
    data: Record<string, any>,
    ids: Record<string, number | null>,
    place: { organization: number | null; unit: number | null },
    existing?: Record<string, any>,
  ) => {
    if (d.uid === UID.person && data.user != null && !(await usersExist(strapi, [data.user])))
      throw invalidField('user', 'refers to no Users & Permissions user', 'noRecord');
    if (Array.isArray(data.administrators) && data.administrators.length) {
      const missing = await missingAdminUsers(strapi, data.administrators);
      if (missing.length) throw invalidField(['administrators', String(data.administrators.indexOf(missing[0]))], 'must be an admin user', 'adminUser');
    }
    if (scope === null) return;
    const before = [...((existing?.administrators as number[] | null) ?? [])].sort();
    if ('administrators' in data && JSON.stringify([...data.administrators].sort()) !== JSON.stringify(before)) {
      throw invalidField('administrators', customMessage('administratorsUnconditioned'), 'administratorsUnconditioned');
    }
    if (d.uid === UID.organizationalUnit) {
      await checkPlacement(
        strapi,
        scope,
        { ...('organization' in ids ? { organization: ids.organization } : {}), ...('parent' in ids ? { unit: ids.parent } : {}) },
        place,
        { organization: 'organization', unit: 'parent' },
      );
    } else if (d.uid === UID.person || d.uid === UID.asset) {
      await checkPlacement(strapi, scope, placeSent(ids), place);
    }
  };

  /** A person's `user` when the write sends it (../../persons-user): a foreign key. */
  const userOf = (d: ResourceDef, data: Record<string, any>) => (d.uid === UID.person && 'user' in data ? { user: data.user } : {});

  return {
    list,
    rows: pageOf,

    async get(name: ResourceName, documentId: string) {
      const d = def(name);
      return present(d, await findRow(d, documentId));
    },

    async create(name: ResourceName, data: Record<string, any>, scope: Scope = null) {
      const d = def(name);
      const ids = await resolveAll(d, data);
      await checkUnitParent(d, ids.organization, ids.parent);
      await checkScoped(d, scope, data, ids, { organization: ids.organization ?? null, unit: ids.organizationalUnit ?? ids.parent ?? null });
      await checkUnique(d, data);
      const now = new Date();
      const documentId = newDocumentId();
      await writeTransaction(strapi, async (trx) => {
        await lockTargets(trx, d, ids, data);
        await insertReference(strapi, d.uid, {
          ...Object.fromEntries(d.scalars.filter((f) => f in data).map((f) => [f, data[f]])),
          ...userOf(d, data),
          ...ids,
          ...(d.nameKey ? { nameKey: d.nameKey(data) } : {}),
          documentId,
          createdAt: now,
          updatedAt: now,
        });
      }).catch(uniqueRace(d));
      return this.get(name, documentId);
    },

    /**
     * Changes the fields sent: the record is locked first, then read again, merged with the input
     * and checked (cycle, unit parent, uniqueness of the merged name) under that lock, so the checks
     * decide on the record as it is written, not on a copy read before a concurrent edit.
     */
    async update(name: ResourceName, documentId: string, data: Record<string, any>, actor = 'License Manager', scope: Scope = null) {
      const d = def(name);
      const { id } = await findRow(d, documentId);
      // Unknown relation targets are a 400 before any lock; lockTargets checks them again under it.
      const ids = await resolveAll(d, data);
      await writeTransaction(strapi, async (trx) => {
        if (!(await lockIds(strapi, trx, d.uid, [id], 'update')).size) throw notFound(d.label);
        await lockTargets(trx, d, ids, data);
        const existing = await findRow(d, documentId);
        const merged: Record<string, any> = { ...present(d, existing), ...data };
        if (d.tree && 'parent' in ids) await checkNoCycle(trx, d, id, ids.parent);
        const orgId = 'organization' in ids ? ids.organization : existing.organization?.id;
        // A unit's licenses, persons, assets and child units would be left under another
        // organization's unit: while any refers to it, it stays in its organization.
        if (d.uid === UID.organizationalUnit && orgId !== existing.organization?.id) {
          await refuseInUse(trx, d, id, 'move to another organization');
        }
        const parentId = 'parent' in ids ? ids.parent : existing.parent?.id;
        await checkUnitParent(d, orgId, parentId);
        const unitId = d.uid === UID.organizationalUnit ? parentId : 'organizationalUnit' in ids ? ids.organizationalUnit : existing.organizationalUnit?.id;
        await checkScoped(d, scope, data, ids, { organization: orgId ?? null, unit: unitId ?? null }, existing);
        await checkUnique(d, merged, id);
        await updateReference(strapi, d.uid, id, {
          ...Object.fromEntries(d.scalars.filter((f) => f in data).map((f) => [f, data[f]])),
          ...userOf(d, data),
          ...ids,
          ...(d.nameKey ? { nameKey: d.nameKey(merged) } : {}),
          updatedAt: new Date(),
        });
        // An asset's hardware moves the units it uses on its per-core and per-processor licenses, in this transaction.
        if (d.uid === UID.asset && HARDWARE_FIELDS.some((f) => f in data && data[f] !== existing[f])) {
          await rehardware(strapi, trx, { id, documentId, name: String(merged.name) }, actor);
        }
      }).catch(uniqueRace(d));
      return this.get(name, documentId);
    },

    /**
     * Refuses (409) while anything refers to the record; persons and assets take their assignments
     * along. The record is locked first and its uses counted under that lock, so a license that
     * starts to use it at the same moment either waits for the delete (and gets a 400) or is counted.
     */
    async delete(name: ResourceName, documentId: string, actor: string) {
      const d = def(name);
      const existing = await findRow(d, documentId);
      await writeTransaction(strapi, async (trx) => {
        if (!(await lockIds(strapi, trx, d.uid, [existing.id], 'update')).size) throw notFound(d.label);
        await refuseInUse(trx, d, existing.id, 'be deleted');
        if (d.assignmentKind) {
          await getService(strapi, 'assignments').removeAllOf(trx, d.assignmentKind, existing.id, documentId, actor);
        }
        await deleteReference(strapi, d.uid, existing.id);
      });
      return { documentId };
    },
  };
};
