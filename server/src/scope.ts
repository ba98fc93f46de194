/**
 * Organization scope (docs/domain.md, "Permissions"). Strapi's `admin::hasPermissions` checks an
 * action, never its conditions; so, as Strapi's upload plugin does, the plugin reads the
 * conditions from the user's ability on every request and narrows each route to them: the
 * `scope` policy (./policies) resolves them once per request, checks the record a route names and
 * leaves the scope in `ctx.state` for the lists and writes below the controllers.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { Core } from '@strapi/strapi';
import type { Context } from 'koa';
import { ACTIONS, CONDITIONS, type PluginUid } from '../../shared/constants';
import { invalidField } from './errors';
import { createHash } from 'node:crypto';
import { administeredOrganizations, administeredUnits, organizationsOfUnits, placeOf, rolePermissions, usersInRoles, type ScopeIds } from './db/scope';

export { scopeFilter } from './db/scope';

export type { ScopeIds } from './db/scope';
/** The records an action may touch: null when its permission has no condition (everything). */
export type Scope = ScopeIds | null;

/**
 * What a condition's handler answers: a filter on a record, as Strapi's conditions do, that this
 * file recognizes by its path. Sift (which CASL matches objects with) finds no such path on a
 * record, so an ability asked about an object directly says no rather than yes.
 */
const markerOf = (kind: keyof typeof CONDITIONS, userId: number) => ({ [`license-manager.${kind}.administrators`]: userId });

export const registerConditions = async (strapi: Core.Strapi) => {
  await strapi.service('admin::permission').conditionProvider.registerMany(
    (Object.keys(CONDITIONS) as Array<keyof typeof CONDITIONS>).map((kind) => ({
      displayName: CONDITIONS[kind].displayName,
      name: CONDITIONS[kind].name,
      plugin: 'license-manager',
      handler: (user: { id: number }) => markerOf(kind, user.id),
    })),
  );
};

interface Rule {
  inverted?: boolean;
  conditions?: unknown;
}
interface Ability {
  rulesFor: (action: string, subject: string) => Rule[];
}

/** Every condition object in a rule's `{ $and: [{ $or: [...] }] }`, flattened. */
const leavesOf = (c: unknown): Record<string, unknown>[] => {
  if (!c || typeof c !== 'object') return [];
  const o = c as Record<string, unknown>;
  if (Array.isArray(o.$and)) return o.$and.flatMap(leavesOf);
  if (Array.isArray(o.$or)) return o.$or.flatMap(leavesOf);
  return [o];
};

/**
 * The scope of `action` for the request's admin user. A permission without conditions (any role
 * the user has) is everything; otherwise the union of what its conditions name. A condition the
 * plugin does not know (Strapi's "Is creator", another plugin's) names no record of the plugin.
 */
export const resolveScope = async (strapi: Core.Strapi, ctx: Context, action: string): Promise<Scope> => {
  const cache: Map<string, Scope> = (ctx.state.licenseManagerScopes ??= new Map());
  if (cache.has(action)) return cache.get(action)!;
  const ability = ctx.state.userAbility as Ability | undefined;
  const user = ctx.state.user as { id?: number } | undefined;
  let scope: Scope = null;
  const rules = ability ? ability.rulesFor(action, 'all').filter((r) => !r.inverted) : [];
  if (ability && user?.id && rules.length && rules.every((r) => r.conditions)) {
    const wanted = new Set<keyof typeof CONDITIONS>();
    for (const leaf of rules.flatMap((r) => leavesOf(r.conditions))) {
      for (const kind of Object.keys(CONDITIONS) as Array<keyof typeof CONDITIONS>) {
        if (JSON.stringify(leaf) === JSON.stringify(markerOf(kind, user.id))) wanted.add(kind);
      }
    }
    scope = {
      organizations: wanted.has('organizations') ? await administeredOrganizations(strapi, user.id) : [],
      units: wanted.has('units') ? await administeredUnits(strapi, user.id) : [],
    };
  }
  cache.set(action, scope);
  return scope;
};

/**
 * The scope the route's policy resolved (null: everything; also on routes outside the admin API);
 * on a route that checks two actions, `action` picks one's.
 */
export const scopeOf = (ctx: Context, action?: string): Scope =>
  ((action ? (ctx.state.licenseManagerScopes as Map<string, Scope> | undefined)?.get(action) : ctx.state.licenseManagerScope) as Scope | undefined) ?? null;

/** Whether a record at this place is in the scope: its organization or its unit. */
export const placeInScope = (scope: Scope, place: { organization: number | null; unit: number | null }): boolean =>
  scope === null ||
  (place.organization !== null && scope.organizations.includes(place.organization)) ||
  (place.unit !== null && scope.units.includes(place.unit));

/** Whether the record of `uid` with this documentId exists and is in the scope. */
export const recordInScope = async (strapi: Core.Strapi, scope: Scope, uid: PluginUid, documentId: string): Promise<boolean> => {
  if (scope === null) return true;
  const place = await placeOf(strapi, uid, documentId);
  return place !== null && placeInScope(scope, place);
};

type Place = { organization: number | null; unit: number | null };

/**
 * A 400 when a write under a scope would give a record an organization or unit outside it, or
 * leave the record outside it (where its writer could no longer see it): naming the field.
 * `sent`: the organization and unit the write sets (absent: unchanged); `result`: the record's
 * place after it. An organization of one of the scope's units may be given (a unit's record names it).
 */
export const checkPlacement = async (
  strapi: Core.Strapi,
  scope: Scope,
  sent: Partial<Place>,
  result: Place,
  fields = { organization: 'organization', unit: 'organizationalUnit' },
) => {
  if (scope === null) return;
  const outside = 'must be one of your organizations';
  if (sent.organization != null && !scope.organizations.includes(sent.organization)) {
    if (!(await organizationsOfUnits(strapi, scope.units)).includes(sent.organization)) throw invalidField(fields.organization, outside, 'outsideScope');
  }
  if (sent.unit != null && !scope.units.includes(sent.unit)) {
    const [org] = await organizationsOfUnits(strapi, [sent.unit]);
    if (org === undefined || !scope.organizations.includes(org))
      throw invalidField(fields.unit, 'must be one of your organizational units', 'outsideScopeUnit');
  }
  if (!placeInScope(scope, result)) {
    throw scope.organizations.length || !scope.units.length
      ? invalidField(fields.organization, outside, 'outsideScope')
      : invalidField(fields.unit, 'must be one of your organizational units', 'outsideScopeUnit');
  }
};

/** The organization and unit a write sets, from its resolved relation ids (absent: not sent). */
export const placeSent = (ids: { organization?: number | null; organizationalUnit?: number | null }): Partial<Place> => ({
  ...('organization' in ids ? { organization: ids.organization } : {}),
  ...('organizationalUnit' in ids ? { unit: ids.organizationalUnit } : {}),
});

/**
 * The scope of the request being answered, for the writes that lock a license (db/licenses
 * `withLicense`): the route's policy checked the license before the controller ran; the lock checks
 * it again, so a license moved out of the scope meanwhile is a 404 rather than written. A
 * middleware around every request gives it a holder; the policy fills it in.
 */
const requestScopes = new AsyncLocalStorage<{ scope: Scope }>();
export const scopeHolder = (_ctx: Context, next: () => Promise<unknown>) => requestScopes.run({ scope: null }, next);
export const holdScope = (scope: Scope) => {
  const holder = requestScopes.getStore();
  if (holder) holder.scope = scope;
};
/** The request's scope; null outside a request (the daily job, a background pass) or without conditions. */
export const requestScope = (): Scope => requestScopes.getStore()?.scope ?? null;

/** A scope's key among the compliance snapshots: a hash of its organizations and units. */
export const scopeKeyOf = (scope: ScopeIds): string =>
  createHash('sha256')
    .update(JSON.stringify([[...scope.organizations].sort((a, b) => a - b), [...scope.units].sort((a, b) => a - b)]))
    .digest('hex');

/**
 * The scopes in which admin users read licenses now, each once: those of the active users whose
 * every role grants reading licenses only with conditions. The daily snapshot stores each one's
 * rows (services/compliance/snapshots), which that user's trend reads.
 */
export const conditionedScopes = async (strapi: Core.Strapi): Promise<Array<{ key: string; scope: ScopeIds }>> => {
  const permissions = await rolePermissions(strapi, ACTIONS.read);
  const unconditioned = new Set(permissions.filter((p) => !p.conditions.length).map((p) => p.role));
  const kindsOf = new Map<number, Set<keyof typeof CONDITIONS>>();
  for (const p of permissions.filter((q) => q.conditions.length)) {
    const kinds = kindsOf.get(p.role) ?? new Set();
    for (const kind of Object.keys(CONDITIONS) as Array<keyof typeof CONDITIONS>) if (p.conditions.includes(CONDITIONS[kind].id)) kinds.add(kind);
    kindsOf.set(p.role, kinds);
  }
  const scopes = new Map<string, ScopeIds>();
  for (const user of await usersInRoles(strapi, [...kindsOf.keys()])) {
    if (user.roles.some((r) => unconditioned.has(r))) continue;
    const kinds = new Set(user.roles.flatMap((r) => [...(kindsOf.get(r) ?? [])]));
    const scope = {
      organizations: kinds.has('organizations') ? await administeredOrganizations(strapi, user.id) : [],
      units: kinds.has('units') ? await administeredUnits(strapi, user.id) : [],
    };
    scopes.set(scopeKeyOf(scope), scope);
  }
  return [...scopes].map(([key, scope]) => ({ key, scope }));
};
