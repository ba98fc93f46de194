/**
 * The `scope` policy on every admin route (../routes/admin): resolves the organization scope of
 * the route's action (../scope) and, for a route that names a record, answers 404 for one outside
 * it, exactly as for one that does not exist, so the answer never tells that it does.
 */
import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import { notFound } from '../errors';
import type { Context } from 'koa';
import type { PluginUid } from '../../../shared/constants';
import { holdScope, recordInScope, resolveScope } from '../scope';

export type ScopeMode =
  /** Data no condition narrows (software, license types, locations, recognition rules, settings read). */
  | { kind: 'all' }
  /** Lists, reports and creates: narrowed below the controller with `scopeOf(ctx)`. */
  | { kind: 'scoped' }
  /** The record the path's `param` names must be in the scope; a 404 naming `noun` otherwise. */
  | { kind: 'record'; uid: PluginUid; param: string; noun: string }
  /** Not for a role with conditions on the action: a 403 (global settings, who administers what). */
  | { kind: 'unconditioned' };

export interface ScopeConfig {
  action: string;
  mode: ScopeMode;
}

export default async (ctx: Context, config: ScopeConfig, { strapi }: { strapi: Core.Strapi }) => {
  const { mode } = config;
  // Data no condition narrows: read whole, whatever the conditions.
  if (mode.kind === 'all') return true;
  const scope = await resolveScope(strapi, ctx, config.action);
  ctx.state.licenseManagerScope = scope;
  holdScope(scope);
  if (scope === null) return true;
  if (mode.kind === 'unconditioned') throw new errors.ForbiddenError('This action is not available to a role whose permission has conditions');
  if (mode.kind === 'record') {
    const documentId = String(ctx.params?.[mode.param] ?? '');
    if (!(await recordInScope(strapi, scope, mode.uid, documentId))) throw notFound(mode.noun);
  }
  return true;
};
