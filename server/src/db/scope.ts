/**
 * What an admin user's organizations and units are (docs/domain.md, "Permissions"), and where a
 * record sits among them. A scope is two lists of row ids; a record is in it when its organization
 * is in the first or its unit in the second.
 */
import type { Core } from '@strapi/strapi';
import type { Knex } from 'knex';
import { UID, type PluginUid } from '../../../shared/constants';
import { columnOf, knexOf, tableOf } from './meta';

export interface ScopeIds {
  organizations: number[];
  units: number[];
}

/** The stored list of admin user ids (json): a string on some clients, parsed on others. */
const idsIn = (value: unknown): number[] => {
  const list = typeof value === 'string' ? (JSON.parse(value) as unknown) : value;
  return Array.isArray(list) ? list.filter((n): n is number => typeof n === 'number') : [];
};

/** The organizations that name the user among their administrators. */
export const administeredOrganizations = async (strapi: Core.Strapi, userId: number): Promise<number[]> => {
  const col = columnOf(strapi, UID.organization, 'administrators');
  const rows = await knexOf(strapi)(tableOf(strapi, UID.organization)).select('id', `${col} as administrators`).whereNotNull(col);
  return rows.filter((r) => idsIn(r.administrators).includes(userId)).map((r) => Number(r.id));
};

/** The units that name the user among their administrators, and every unit below them. */
export const administeredUnits = async (strapi: Core.Strapi, userId: number): Promise<number[]> => {
  const admins = columnOf(strapi, UID.organizationalUnit, 'administrators');
  const parent = columnOf(strapi, UID.organizationalUnit, 'parent');
  const rows = await knexOf(strapi)(tableOf(strapi, UID.organizationalUnit)).select('id', `${parent} as parent`, `${admins} as administrators`);
  const children = new Map<number, number[]>();
  for (const r of rows) if (r.parent != null) children.set(Number(r.parent), [...(children.get(Number(r.parent)) ?? []), Number(r.id)]);
  const found = new Set<number>();
  const stack = rows.filter((r) => idsIn(r.administrators).includes(userId)).map((r) => Number(r.id));
  // A unit tree has no cycles (the reference rules refuse them); `found` stops one anyway.
  while (stack.length) {
    const id = stack.pop()!;
    if (found.has(id)) continue;
    found.add(id);
    stack.push(...(children.get(id) ?? []));
  }
  return [...found];
};

/**
 * Where a record of `uid` sits: its organization and unit row ids; null when there is no such
 * record. Through the query engine, which joins the transaction a caller is in (an import's).
 */
export const placeOf = async (
  strapi: Core.Strapi,
  uid: PluginUid,
  documentId: string,
): Promise<{ organization: number | null; unit: number | null } | null> => {
  // An organization is its own place; a unit is in its organization and is itself the unit.
  const isOrganization = uid === UID.organization;
  const isUnit = uid === UID.organizationalUnit;
  const id = { select: ['id'] };
  const populate = isOrganization ? {} : isUnit ? { organization: id } : { organization: id, organizationalUnit: id };
  const row = await strapi.db.query(uid).findOne({ select: ['id'], where: { documentId }, populate });
  if (!row) return null;
  const organization = isOrganization ? row.id : row.organization?.id;
  const unit = isUnit ? row.id : row.organizationalUnit?.id;
  return { organization: organization == null ? null : Number(organization), unit: unit == null ? null : Number(unit) };
};

/**
 * The query-engine filter of records of `uid` in the scope (units: their organization, or
 * themselves): their ids as a subquery on the foreign keys' indexes. A filter through the
 * relations would join the organizations and units and make the engine read `distinct` rows.
 */
export const scopeFilter = (strapi: Core.Strapi, uid: PluginUid, scope: ScopeIds): Record<string, unknown> => ({
  id: {
    $in: knexOf(strapi)(`${tableOf(strapi, uid)} as sf`)
      .select('sf.id')
      .where(scopeWhere(strapi, uid, 'sf', scope)),
  },
});

/**
 * A knex where for rows of `alias` (a table with organization and unit columns of `uid`, or the
 * units table itself) in the scope. Empty lists match nothing.
 */
export const scopeWhere = (strapi: Core.Strapi, uid: PluginUid, alias: string, scope: ScopeIds) =>
  inScope(
    scope,
    `${alias}.${columnOf(strapi, uid, 'organization')}`,
    `${alias}.${uid === UID.organizationalUnit ? 'id' : columnOf(strapi, uid, 'organizationalUnit')}`,
  );

/** Rows whose organization or unit column is in the scope; empty lists match nothing. */
export const inScope = (scope: ScopeIds, organization: string, unit: string) => (b: Knex.QueryBuilder) => {
  if (!scope.organizations.length && !scope.units.length) b.whereRaw('1 = 0');
  if (scope.organizations.length) b.orWhereIn(organization, scope.organizations);
  if (scope.units.length) b.orWhereIn(unit, scope.units);
};

/** The organizations these units belong to (the query engine: in the caller's transaction, if any). */
export const organizationsOfUnits = async (strapi: Core.Strapi, unitIds: number[]): Promise<number[]> => {
  if (!unitIds.length) return [];
  const rows = await strapi.db
    .query(UID.organizationalUnit)
    .findMany({ select: ['id'], where: { id: { $in: unitIds } }, populate: { organization: { select: ['id'] } } });
  return [...new Set(rows.map((r: { organization?: { id: number } | null }) => r.organization?.id).filter((n): n is number => n != null))];
};

/** Which of these rows of `uid` are outside the scope (or missing); in the caller's transaction, if any. */
export const idsOutsideScope = async (strapi: Core.Strapi, uid: PluginUid, ids: number[], scope: ScopeIds): Promise<number[]> => {
  const inside = new Set<number>();
  for (let i = 0; i < ids.length; i += 500) {
    const rows = await strapi.db
      .query(uid)
      .findMany({ select: ['id'], where: { $and: [{ id: { $in: ids.slice(i, i + 500) } }, scopeFilter(strapi, uid, scope)] } });
    for (const r of rows) inside.add(Number(r.id));
  }
  return ids.filter((id) => !inside.has(id));
};

/** Which of these ids name no admin user. */
export const missingAdminUsers = async (strapi: Core.Strapi, ids: number[]): Promise<number[]> => {
  const found = await strapi.db.query('admin::user').findMany({ select: ['id'], where: { id: { $in: ids } } });
  const have = new Set(found.map((u: { id: number }) => u.id));
  return ids.filter((id) => !have.has(id));
};

/** A page of admin users, by name: what the administrators' picker shows (no password, no token, no role). */
export const adminUserPage = async (strapi: Core.Strapi, { q, offset, limit }: { q?: string; offset: number; limit: number }) => {
  const like = q ? { $containsi: q } : undefined;
  const where = like ? { $or: [{ firstname: like }, { lastname: like }, { email: like }] } : {};
  const [rows, total] = await Promise.all([
    strapi.db.query('admin::user').findMany({
      select: ['id', 'firstname', 'lastname', 'email', 'isActive'],
      where,
      orderBy: [{ lastname: 'asc' }, { firstname: 'asc' }, { id: 'asc' }],
      offset,
      limit,
    }),
    strapi.db.query('admin::user').count({ where }),
  ]);
  return {
    data: rows.map((u: Record<string, unknown>) => ({
      id: u.id as number,
      firstname: (u.firstname as string | null) ?? null,
      lastname: (u.lastname as string | null) ?? null,
      email: u.email as string,
      isActive: Boolean(u.isActive),
    })),
    total: Number(total),
  };
};

/** Which of these documentIds of `uid` are records in the scope (in the caller's transaction, if any). */
export const documentIdsInScope = async (strapi: Core.Strapi, uid: PluginUid, documentIds: string[], scope: ScopeIds): Promise<Set<string>> => {
  const inside = new Set<string>();
  const unique = [...new Set(documentIds)];
  for (let i = 0; i < unique.length; i += 500) {
    const rows = await strapi.db
      .query(uid)
      .findMany({ select: ['documentId'], where: { $and: [{ documentId: { $in: unique.slice(i, i + 500) } }, scopeFilter(strapi, uid, scope)] } });
    for (const r of rows) inside.add(String(r.documentId));
  }
  return inside;
};

/** A subquery of the ids of the assets in the scope (an installation's or device's place is its asset's). */
export const assetIdsInScope = (strapi: Core.Strapi, scope: ScopeIds) =>
  knexOf(strapi)(`${tableOf(strapi, UID.asset)} as sa`)
    .select('sa.id')
    .where(scopeWhere(strapi, UID.asset, 'sa', scope));

/** A subquery of the ids of the devices matched to an asset in the scope. */
export const deviceIdsInScope = (strapi: Core.Strapi, scope: ScopeIds) =>
  knexOf(strapi)(`${tableOf(strapi, UID.inventoryDevice)} as sd`)
    .select('sd.id')
    .whereIn(`sd.${columnOf(strapi, UID.inventoryDevice, 'asset')}`, assetIdsInScope(strapi, scope));

/** Whether every one of these ids is a Users & Permissions user. */
export const usersExist = async (strapi: Core.Strapi, ids: number[]): Promise<boolean> =>
  Number(await strapi.db.query('plugin::users-permissions.user').count({ where: { id: { $in: ids } } })) === new Set(ids).size;

/** A page of Users & Permissions users (id, username, e-mail), by username: what a person's user picker shows. */
export const upUserPage = async (strapi: Core.Strapi, { q, offset, limit }: { q?: string; offset: number; limit: number }) => {
  const like = q ? { $containsi: q } : undefined;
  const where = like ? { $or: [{ username: like }, { email: like }] } : {};
  const users = strapi.db.query('plugin::users-permissions.user');
  const [rows, total] = await Promise.all([
    users.findMany({ select: ['id', 'username', 'email'], where, orderBy: [{ username: 'asc' }, { id: 'asc' }], offset, limit }),
    users.count({ where }),
  ]);
  return {
    data: rows.map((u: Record<string, unknown>) => ({ id: u.id as number, username: (u.username as string) ?? null, email: (u.email as string) ?? null })),
    total: Number(total),
  };
};

/** The roles' permissions for one action: each permission's role and conditions (admin's own tables, through the query engine). */
export const rolePermissions = async (strapi: Core.Strapi, action: string): Promise<Array<{ role: number; conditions: string[] }>> => {
  const rows = await strapi.db.query('admin::permission').findMany({ select: ['id', 'conditions'], where: { action }, populate: { role: { select: ['id'] } } });
  return rows
    .filter((r: { role?: { id: number } | null }) => r.role)
    .map((r: { role: { id: number }; conditions?: unknown }) => ({
      role: r.role.id,
      conditions: Array.isArray(r.conditions) ? (r.conditions as string[]) : [],
    }));
};

/** The active admin users in any of these roles, with all their roles. */
export const usersInRoles = async (strapi: Core.Strapi, roleIds: number[]): Promise<Array<{ id: number; roles: number[] }>> => {
  if (!roleIds.length) return [];
  const rows = await strapi.db
    .query('admin::user')
    .findMany({ select: ['id'], where: { isActive: true, roles: { id: { $in: roleIds } } }, populate: { roles: { select: ['id'] } } });
  return rows.map((u: { id: number; roles?: Array<{ id: number }> }) => ({ id: u.id, roles: (u.roles ?? []).map((r) => r.id) }));
};
