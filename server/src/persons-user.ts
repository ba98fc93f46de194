/**
 * A person's Users & Permissions user (docs/domain.md, "Self-service"): with the plugin config
 * `persons: { userRelation: true }` and Users & Permissions installed, persons get a `user`
 * relation, written as the user's id and read as `{ id, username, email }`; the signed-in user's
 * own licenses (`GET /api/license-manager/me/licenses`) are those of the person it names.
 */
import type { Core } from '@strapi/strapi';
import { z } from 'zod';
import { PLUGIN_ID, UID } from '../../shared/constants';
import { invalid } from './errors';
import { fieldErrorsOf } from './validation';

export const UP_USER = 'plugin::users-permissions.user';

/** Whether persons have the `user` relation: the config asks for it and Users & Permissions is installed. */
export const personUserRelation = (strapi: Core.Strapi): boolean =>
  Boolean(strapi.config.get<{ persons?: { userRelation?: boolean } }>(`plugin::${PLUGIN_ID}`)?.persons?.userRelation) &&
  Boolean(strapi.plugin('users-permissions'));

/** In `register`, before the tables are synced: the relation, a foreign key on the persons' table. */
export const addPersonUser = (strapi: Core.Strapi) => {
  if (!personUserRelation(strapi)) return;
  strapi.get('content-types').extend(UID.person, (ct: { attributes: Record<string, unknown> }) => {
    ct.attributes.user = { type: 'relation', relation: 'manyToOne', target: UP_USER, useJoinTable: false };
  });
};

const userSchema = z.union([z.number().int().positive(), z.null()], { error: 'must be the id of a Users & Permissions user, or null' });

/**
 * A person write's `user`, taken out of the body the reference schema reads: undefined when not
 * sent; a 400 naming `user` when it is not an id (or persons have no user).
 */
export const takePersonUser = (strapi: Core.Strapi, body: unknown): { body: unknown; user?: number | null } => {
  const data = (body as { data?: Record<string, unknown> } | null)?.data;
  if (!data || typeof data !== 'object' || !('user' in data)) return { body };
  const { user, ...rest } = data;
  if (!personUserRelation(strapi))
    throw invalid([{ path: ['user'], message: 'is not a field of persons here (the plugin config persons.userRelation is off)' }]);
  const parsed = userSchema.safeParse(user);
  if (!parsed.success) throw invalid(fieldErrorsOf(parsed.error).map((e) => ({ ...e, path: ['user'] })));
  return { body: { ...(body as object), data: rest }, user: parsed.data };
};

/** How a person's user reads: its id, username and e-mail, never its password or tokens. */
export const USER_POPULATE = { select: ['id', 'username', 'email'] };
export const userOut = (user: { id: number; username?: string | null; email?: string | null } | null | undefined) =>
  user ? { id: user.id, username: user.username ?? null, email: user.email ?? null } : null;
