/**
 * Admin API: the users forms pick from. `find`: the admin users an organization's or unit's form
 * offers as its administrators (docs/api.md, "Administrators"), only for a role without conditions
 * on managing reference data, which alone may change them (routes/admin). `users`: the Users &
 * Permissions users a person's form offers as its user (docs/api.md, "Self-service").
 */
import type { Core } from '@strapi/strapi';
import type { Context } from 'koa';
import { searchText } from '../../../shared/schemas';
import { errors } from '@strapi/utils';
import { adminUserPage, upUserPage } from '../db/scope';
import { personUserRelation } from '../persons-user';
import { listPageOf, queryReader } from '../validation';

export default ({ strapi }: { strapi: Core.Strapi }) => ({
  async find(ctx: Context) {
    const { page, pageSize } = listPageOf(ctx.query);
    const q = queryReader(ctx.query)('_q', searchText())?.trim();
    const { data, total } = await adminUserPage(strapi, { q, offset: (page - 1) * pageSize, limit: pageSize });
    ctx.body = { data, meta: { pagination: { page, pageSize, pageCount: Math.ceil(total / pageSize), total } } };
  },
  async users(ctx: Context) {
    if (!personUserRelation(strapi)) throw new errors.NotFoundError('Persons have no user here (the plugin config persons.userRelation is off)');
    const { page, pageSize } = listPageOf(ctx.query);
    const q = queryReader(ctx.query)('_q', searchText())?.trim();
    const { data, total } = await upUserPage(strapi, { q, offset: (page - 1) * pageSize, limit: pageSize });
    ctx.body = { data, meta: { pagination: { page, pageSize, pageCount: Math.ceil(total / pageSize), total } } };
  },
});
