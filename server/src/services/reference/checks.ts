/** The rules a reference write checks: relation targets, uniqueness, trees without cycles, a unit's parent in its organization. */
import type { Core } from '@strapi/strapi';
import type { Knex } from 'knex';
import { UID } from '../../../../shared/constants';
import { ConflictError, invalid, invalidField } from '../../errors';
import { isUniqueViolation, lockIds, resolveRelation } from '../../db';
import { organizationIdOfUnit, parentIdOf, referenceTaken } from '../../db/reference';
import type { ResourceDef } from './resources';

export const referenceChecks = (strapi: Core.Strapi) => {
  const resolveAll = async (d: ResourceDef, data: Record<string, any>) => {
    const ids: Record<string, number | null> = {};
    const errors: { path: string[]; message: string }[] = [];
    for (const [r, rel] of Object.entries(d.relations)) {
      if (!(r in data)) continue;
      try {
        ids[r] = (await resolveRelation(strapi, rel.uid, data[r], r)) ?? null;
      } catch (e: any) {
        errors.push(...(e.details?.errors ?? []));
      }
    }
    if (errors.length) throw invalid(errors);
    return ids;
  };

  /** Inside a write: share-locks the records its relations point at; one deleted meanwhile is a 400 on that field. */
  const lockTargets = async (trx: Knex.Transaction, d: ResourceDef, ids: Record<string, number | null>, data: Record<string, any>) => {
    for (const [r, id] of Object.entries(ids)) {
      if (id == null) continue;
      if (!(await lockIds(strapi, trx, d.relations[r].uid, [id], 'share')).size) {
        throw invalidField(r, `refers to no record (documentId ${data[r]})`, 'noRecord');
      }
    }
  };

  const checkUnique = async (d: ResourceDef, values: Record<string, any>, exceptId?: number) => {
    const except = exceptId ? { id: { $ne: exceptId } } : {};
    if (d.nameKey) {
      if (await referenceTaken(strapi, d.uid, { nameKey: d.nameKey(values), ...except }))
        throw new ConflictError(`${d.label} with this name already exists`, { field: 'name', value: values.name });
    }
    for (const field of d.unique ?? []) {
      if (values[field] == null) continue;
      if (await referenceTaken(strapi, d.uid, { [field]: values[field], ...except }))
        throw new ConflictError(`${d.label} with this ${field} already exists`, { field, value: values[field] });
    }
  };

  /**
   * A tree's parent must not be the record itself or one of its descendants. Inside the write, each
   * ancestor is share-locked before its parent is read, so a concurrent move of one either commits
   * first (and is seen here) or waits for this write: two moves cannot together make a cycle.
   */
  const checkNoCycle = async (trx: Knex.Transaction, d: ResourceDef, id: number, parentId: number | null | undefined) => {
    let current = parentId;
    const seen = new Set<number>();
    while (current) {
      if (current === id) throw invalidField('parent', 'would make a cycle: a record cannot be below itself', 'cycle');
      if (seen.has(current)) break;
      seen.add(current);
      await lockIds(strapi, trx, d.uid, [current], 'share');
      current = await parentIdOf(strapi, d.uid, current);
    }
  };

  /** An organizational unit's parent must be in the same organization. */
  const checkUnitParent = async (d: ResourceDef, orgId: number | null | undefined, parentId: number | null | undefined) => {
    if (d.uid !== UID.organizationalUnit || !parentId) return;
    if ((await organizationIdOfUnit(strapi, parentId)) !== orgId) throw invalidField('parent', 'must belong to the same organization', 'sameOrganization');
  };

  const uniqueRace = (d: ResourceDef) => (error: unknown) => {
    if (isUniqueViolation(error)) throw new ConflictError(`${d.label} with these values already exists`, {});
    throw error;
  };

  return { resolveAll, lockTargets, checkUnique, checkNoCycle, checkUnitParent, uniqueRace };
};
