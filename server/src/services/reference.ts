/**
 * Reference data (software, license types, organizations, organizational units, locations,
 * persons, assets): one set of CRUD rules, each resource's fields described once in
 * shared/fields/reference, its rules (search, uniqueness, who uses it) below.
 */
import type { Core } from '@strapi/strapi';
import type { Knex } from 'knex';
import { z } from 'zod';
import { UID, type PluginUid } from '../../../shared/constants';
import { REFERENCE_NAMES, REFERENCE_RESOURCES, publicFieldsOf, type ReferenceName } from '../../../shared/fields/reference';
import type { ReferenceRecord } from '../../../shared/contracts/reference';
import { DOCUMENT_ID, referenceSchema, searchText } from '../../../shared/schemas';
import { ConflictError, invalid, invalidField, notFound } from '../errors';
import { listPageOf, queryReader } from '../validation';
import { clientOf, columnOf, isUniqueViolation, lockIds, nameKey, newDocumentId, relationOut, resolveRelation, tableOf, writeTransaction } from './db';
import { getService } from '../plugin';

interface RelationDef {
  uid: PluginUid;
  fields: readonly string[];
}

/** The server's rules for a resource, beyond its fields. */
interface Rules {
  search: readonly string[];
  defaultSort: string;
  /** A case-insensitive unique key kept in the private `nameKey` column. */
  nameKey?: (data: Record<string, any>) => string;
  /** Other unique attributes (unique when present). */
  unique?: readonly string[];
  /** Who refers to a record: deletion is refused (409) while any does. */
  usedBy: ReadonlyArray<{ uid: PluginUid; attribute: string; as: string }>;
  /** Tree resources: `parent` may not point at the record itself or below it. */
  tree?: boolean;
  /** Persons and assets: their assignments go with them. */
  assignmentKind?: 'person' | 'asset';
}

interface ResourceDef extends Rules {
  uid: PluginUid;
  label: string;
  schema: z.ZodObject<any>;
  scalars: readonly string[];
  relations: Record<string, RelationDef>;
  sorts: readonly string[];
}

const RULES: Record<ReferenceName, Rules> = {
  software: {
    search: ['name', 'version'],
    defaultSort: 'name',
    nameKey: (d) => nameKey(d.name, d.version),
    usedBy: [{ uid: UID.license, attribute: 'software', as: 'licenses' }],
  },
  categories: {
    search: ['name'],
    defaultSort: 'name',
    nameKey: (d) => nameKey(d.name),
    usedBy: [{ uid: UID.license, attribute: 'category', as: 'licenses' }],
  },
  organizations: {
    search: ['name', 'taxId'],
    defaultSort: 'name',
    nameKey: (d) => nameKey(d.name),
    usedBy: [
      { uid: UID.license, attribute: 'organization', as: 'licenses' },
      { uid: UID.license, attribute: 'supplier', as: 'licensesSupplied' },
      { uid: UID.software, attribute: 'manufacturer', as: 'software' },
      { uid: UID.organizationalUnit, attribute: 'organization', as: 'organizationalUnits' },
      { uid: UID.person, attribute: 'organization', as: 'persons' },
      { uid: UID.asset, attribute: 'organization', as: 'assets' },
    ],
  },
  'organizational-units': {
    search: ['name'],
    defaultSort: 'name',
    usedBy: [
      { uid: UID.license, attribute: 'organizationalUnit', as: 'licenses' },
      { uid: UID.organizationalUnit, attribute: 'parent', as: 'children' },
      { uid: UID.person, attribute: 'organizationalUnit', as: 'persons' },
      { uid: UID.asset, attribute: 'organizationalUnit', as: 'assets' },
    ],
    tree: true,
  },
  locations: {
    search: ['name', 'address'],
    defaultSort: 'name',
    usedBy: [
      { uid: UID.license, attribute: 'locationStructure', as: 'licenses' },
      { uid: UID.location, attribute: 'parent', as: 'children' },
      { uid: UID.person, attribute: 'location', as: 'persons' },
      { uid: UID.asset, attribute: 'location', as: 'assets' },
    ],
    tree: true,
  },
  persons: {
    search: ['firstName', 'lastName', 'email', 'employeeNumber'],
    defaultSort: 'lastName',
    unique: ['email', 'employeeNumber'],
    usedBy: [{ uid: UID.asset, attribute: 'user', as: 'assets' }],
    assignmentKind: 'person',
  },
  assets: {
    search: ['name', 'inventoryNumber', 'serialNumber', 'hostname'],
    defaultSort: 'name',
    unique: ['inventoryNumber'],
    usedBy: [],
    assignmentKind: 'asset',
  },
};

/** A resource's description (shared/fields/reference) with its rules: fields, relations, sorts. */
const resourceDef = (name: ReferenceName): ResourceDef => {
  const spec = REFERENCE_RESOURCES[name];
  const fields = publicFieldsOf(name);
  const relations: Record<string, RelationDef> = {};
  for (const [field, f] of fields) if (f.kind === 'relation') relations[field] = { uid: REFERENCE_RESOURCES[f.target].uid, fields: f.shows };
  // Sortable columns in the list's column order, then Strapi's timestamps.
  const sortable = spec.columns.filter((c) => fields.some(([n, f]) => n === c && f.sortable));
  return {
    uid: spec.uid,
    label: spec.noun,
    schema: referenceSchema(name),
    scalars: fields.filter(([, f]) => f.kind !== 'relation').map(([n]) => n),
    relations,
    sorts: [...sortable, 'createdAt', 'updatedAt'],
    ...RULES[name],
  };
};

export const RESOURCES = Object.fromEntries(REFERENCE_NAMES.map((name) => [name, resourceDef(name)])) as Record<ReferenceName, ResourceDef>;

export type ResourceName = ReferenceName;

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const def = (name: ResourceName): ResourceDef => RESOURCES[name];

  const populateOf = (d: ResourceDef) =>
    Object.fromEntries(Object.entries(d.relations).map(([r, rel]) => [r, { select: ['id', 'documentId', ...rel.fields] }]));

  const present = (d: ResourceDef, row: Record<string, any>): ReferenceRecord => {
    const out: ReferenceRecord = { documentId: row.documentId };
    for (const f of d.scalars) out[f] = row[f] ?? null;
    for (const [r, rel] of Object.entries(d.relations)) out[r] = relationOut(row[r], rel.fields as string[]);
    out.createdAt = row.createdAt;
    out.updatedAt = row.updatedAt;
    return out;
  };

  const findRow = async (d: ResourceDef, documentId: string) => {
    if (!DOCUMENT_ID.test(documentId)) throw notFound(d.label);
    const row = await strapi.db.query(d.uid).findOne({ where: { documentId }, populate: populateOf(d) });
    if (!row) throw notFound(d.label);
    return row as Record<string, any>;
  };

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
        throw invalidField(r, `refers to no record (documentId ${data[r]})`);
      }
    }
  };

  const checkUnique = async (d: ResourceDef, values: Record<string, any>, exceptId?: number) => {
    const except = exceptId ? { id: { $ne: exceptId } } : {};
    if (d.nameKey) {
      const taken = await strapi.db.query(d.uid).findOne({ select: ['id'], where: { nameKey: d.nameKey(values), ...except } });
      if (taken) throw new ConflictError(`${d.label} with this name already exists`, { field: 'name', value: values.name });
    }
    for (const field of d.unique ?? []) {
      if (values[field] == null) continue;
      const taken = await strapi.db.query(d.uid).findOne({ select: ['id'], where: { [field]: values[field], ...except } });
      if (taken) throw new ConflictError(`${d.label} with this ${field} already exists`, { field, value: values[field] });
    }
  };

  /** A tree's parent must not be the record itself or one of its descendants. */
  const checkNoCycle = async (d: ResourceDef, id: number, parentId: number | null | undefined) => {
    let current = parentId;
    const seen = new Set<number>();
    while (current) {
      if (current === id) throw invalidField('parent', 'would make a cycle: a record cannot be below itself');
      if (seen.has(current)) break;
      seen.add(current);
      const row = await strapi.db.query(d.uid).findOne({ where: { id: current }, populate: { parent: { select: ['id'] } } });
      current = row?.parent?.id ?? null;
    }
  };

  /** An organizational unit's parent must be in the same organization. */
  const checkUnitParent = async (d: ResourceDef, orgId: number | null | undefined, parentId: number | null | undefined) => {
    if (d.uid !== UID.organizationalUnit || !parentId) return;
    const parent = await strapi.db.query(d.uid).findOne({ where: { id: parentId }, populate: { organization: { select: ['id'] } } });
    if (parent?.organization?.id !== orgId) throw invalidField('parent', 'must belong to the same organization');
  };

  const uniqueRace = (d: ResourceDef) => (error: unknown) => {
    if (isUniqueViolation(error)) throw new ConflictError(`${d.label} with these values already exists`, {});
    throw error;
  };

  const listQuery = {
    q: searchText(),
    documentId: z.string().regex(DOCUMENT_ID, { error: 'must be a documentId' }),
  };

  /** One page of presented records for a checked query-engine query; the total unless withCount is false. */
  const pageOf = async (name: ResourceName, q: { where: object; orderBy: object[]; offset: number; limit: number; withCount?: boolean }) => {
    const d = def(name);
    const [rows, total] = await Promise.all([
      strapi.db.query(d.uid).findMany({ where: q.where, populate: populateOf(d), orderBy: q.orderBy, offset: q.offset, limit: q.limit }),
      q.withCount === false ? undefined : strapi.db.query(d.uid).count({ where: q.where }),
    ]);
    return { data: rows.map((r: any) => present(d, r)), total: total as number };
  };

  return {
    async list(name: ResourceName, query: Record<string, unknown>) {
      const d = def(name);
      const get = queryReader(query);
      const { page, pageSize } = listPageOf(query);
      const sortSchema = z.string().regex(new RegExp(`^(${d.sorts.join('|')})(:(asc|desc))?$`), {
        error: `must be one of ${d.sorts.join(', ')}, with :asc or :desc`,
      });
      const [field, order = 'asc'] = (get('sort', sortSchema) ?? d.defaultSort).split(':');
      const q = get('_q', listQuery.q)?.trim();
      const conditions: Record<string, unknown>[] = q ? [{ $or: d.search.map((f) => ({ [f]: { $containsi: q } })) }] : [];
      // Filter by a relation's documentId, e.g. /organizational-units?organization=<documentId>.
      for (const relation of Object.keys(d.relations)) {
        const documentId = get(relation, listQuery.documentId);
        if (documentId) conditions.push({ [relation]: { documentId } });
      }
      const where = conditions.length ? { $and: conditions } : {};
      const { data, total } = await pageOf(name, { where, orderBy: [{ [field]: order }, { id: order }], offset: (page - 1) * pageSize, limit: pageSize });
      return { data, pagination: { page, pageSize, pageCount: Math.ceil(total / pageSize), total } };
    },

    rows: pageOf,

    async get(name: ResourceName, documentId: string) {
      const d = def(name);
      return present(d, await findRow(d, documentId));
    },

    async create(name: ResourceName, data: Record<string, any>) {
      const d = def(name);
      const ids = await resolveAll(d, data);
      await checkUnitParent(d, ids.organization, ids.parent);
      await checkUnique(d, data);
      const now = new Date();
      const documentId = newDocumentId();
      await writeTransaction(strapi, async (trx) => {
        await lockTargets(trx, d, ids, data);
        await strapi.db.query(d.uid).create({
          data: {
            ...Object.fromEntries(d.scalars.filter((f) => f in data).map((f) => [f, data[f]])),
            ...ids,
            ...(d.nameKey ? { nameKey: d.nameKey(data) } : {}),
            documentId,
            createdAt: now,
            updatedAt: now,
          },
        });
      }).catch(uniqueRace(d));
      return this.get(name, documentId);
    },

    async update(name: ResourceName, documentId: string, data: Record<string, any>) {
      const d = def(name);
      const existing = await findRow(d, documentId);
      const ids = await resolveAll(d, data);
      const merged: Record<string, any> = { ...present(d, existing), ...data };
      if (d.tree && 'parent' in ids) await checkNoCycle(d, existing.id, ids.parent);
      const orgId = 'organization' in ids ? ids.organization : existing.organization?.id;
      const parentId = 'parent' in ids ? ids.parent : existing.parent?.id;
      await checkUnitParent(d, orgId, parentId);
      await checkUnique(d, merged, existing.id);
      await writeTransaction(strapi, async (trx) => {
        if (!(await lockIds(strapi, trx, d.uid, [existing.id], 'update')).size) throw notFound(d.label);
        await lockTargets(trx, d, ids, data);
        await strapi.db.query(d.uid).update({
          where: { id: existing.id },
          data: {
            ...Object.fromEntries(d.scalars.filter((f) => f in data).map((f) => [f, data[f]])),
            ...ids,
            ...(d.nameKey ? { nameKey: d.nameKey(merged) } : {}),
            updatedAt: new Date(),
          },
        });
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
        const usage: Record<string, number> = {};
        for (const u of d.usedBy) {
          const q = strapi.db.connection(tableOf(strapi, u.uid)).transacting(trx).where(columnOf(strapi, u.uid, u.attribute), existing.id).count({ n: '*' });
          // On MySQL a locking read sees rows committed after this transaction's snapshot.
          const [{ n: count }] = await (clientOf(strapi) === 'mysql' ? q.forShare() : q);
          if (Number(count)) usage[u.as] = (usage[u.as] ?? 0) + Number(count);
        }
        if (Object.keys(usage).length) {
          const what = Object.entries(usage)
            .map(([k, v]) => `${v} ${k}`)
            .join(', ');
          throw new ConflictError(`${d.label} is in use and cannot be deleted: used by ${what}`, {
            licenses: usage.licenses ?? 0,
            usedBy: usage,
          });
        }
        if (d.assignmentKind) {
          await getService(strapi, 'assignments').removeAllOf(trx, d.assignmentKind, existing.id, documentId, actor);
        }
        await strapi.db.query(d.uid).delete({ where: { id: existing.id } });
      });
      return { documentId };
    },
  };
};
