/** Reference reads: a record or a page of them, as the API shows them (relations as { documentId, ...fields }). */
import type { ReferenceRecord } from '../../../../shared/contracts/reference';
import type { Core } from '@strapi/strapi';
import { z } from 'zod';
import { DOCUMENT_ID, searchText } from '../../../../shared/schemas';
import { notFound } from '../../errors';
import { listPageOf, queryReader } from '../../validation';
import { relationOut } from '../../db';
import { findReferenceRow, referencePage, searchIdsCondition } from '../../db/reference';
import { RESOURCES, type ResourceDef, type ResourceName } from './resources';
import { scopeFilter, type Scope } from '../../scope';
import { personUserRelation, USER_POPULATE, userOut } from '../../persons-user';
import { UID } from '../../../../shared/constants';

export const populateOf = (d: ResourceDef, withUser = false) => ({
  ...Object.fromEntries(Object.entries(d.relations).map(([r, rel]) => [r, { select: ['id', 'documentId', ...rel.fields] }])),
  // A person's Users & Permissions user, when persons have one (../../persons-user).
  ...(withUser && d.uid === UID.person ? { user: USER_POPULATE } : {}),
});

export const present = (d: ResourceDef, row: Record<string, any>): ReferenceRecord => {
  const out: ReferenceRecord = { documentId: row.documentId };
  for (const f of d.scalars) out[f] = row[f] ?? (d.lists.includes(f) ? [] : null);
  for (const [r, rel] of Object.entries(d.relations)) out[r] = relationOut(row[r], rel.fields as string[]);
  // A person's Users & Permissions user (an asset's `user` is a person: a relation above).
  if (d.uid === UID.person && 'user' in row) out.user = userOut(row.user);
  out.createdAt = row.createdAt;
  out.updatedAt = row.updatedAt;
  return out;
};

const listQuery = {
  q: searchText(),
  documentId: z.string().regex(DOCUMENT_ID, { error: 'must be a documentId' }),
};

/** A query-engine condition: the record holds the search text in one of its searched fields, by the case-fold rule (db/search-text). */
export const searchCondition = (strapi: Core.Strapi, d: ResourceDef, q: string) => searchIdsCondition(strapi, d.uid, d.search, q);

export const referenceReads = (strapi: Core.Strapi) => {
  const findRow = async (d: ResourceDef, documentId: string) => {
    if (!DOCUMENT_ID.test(documentId)) throw notFound(d.label);
    const row = await findReferenceRow(strapi, d.uid, documentId, populateOf(d, personUserRelation(strapi)));
    if (!row) throw notFound(d.label);
    return row as Record<string, any>;
  };

  /** One page of presented records for a checked query-engine query; the total unless withCount is false. */
  const pageOf = async (name: ResourceName, q: { where: object; orderBy: object[]; offset: number; limit: number; withCount?: boolean }) => {
    const d: ResourceDef = RESOURCES[name];
    const { rows, total } = await referencePage(strapi, d.uid, { ...q, populate: populateOf(d, personUserRelation(strapi)) });
    return { data: rows.map((r: any) => present(d, r)), total: total as number };
  };

  /** The admin list (docs/api.md): page, pageSize, sort, `_q` and a relation's documentId. */
  const list = async (name: ResourceName, query: Record<string, unknown>, scope: Scope = null) => {
    const d: ResourceDef = RESOURCES[name];
    const get = queryReader(query);
    const { page, pageSize } = listPageOf(query);
    const sortSchema = z.string().regex(new RegExp(`^(${d.sorts.join('|')})(:(asc|desc))?$`), {
      error: `must be one of ${d.sorts.join(', ')}, with :asc or :desc`,
    });
    const [field, order = 'asc'] = (get('sort', sortSchema) ?? d.defaultSort).split(':');
    const q = get('_q', listQuery.q)?.trim();
    const conditions: Record<string, unknown>[] = q ? [searchCondition(strapi, d, q)] : [];
    // Under a scope (routes/admin: persons, assets, units), its records only.
    if (scope) conditions.push(scopeFilter(strapi, d.uid, scope));
    // Filter by a relation's documentId, e.g. /organizational-units?organization=<documentId>.
    for (const relation of Object.keys(d.relations)) {
      const documentId = get(relation, listQuery.documentId);
      if (documentId) conditions.push({ [relation]: { documentId } });
    }
    const where = conditions.length ? { $and: conditions } : {};
    const { data, total } = await pageOf(name, { where, orderBy: [{ [field]: order }, { id: order }], offset: (page - 1) * pageSize, limit: pageSize });
    return { data, pagination: { page, pageSize, pageCount: Math.ceil(total / pageSize), total } };
  };

  return { findRow, pageOf, list };
};
