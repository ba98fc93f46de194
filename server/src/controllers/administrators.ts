/**
 * Admin API: the admin users an organization's or unit's form offers as its administrators
 * (docs/api.md, "Administrators"). Only for a role without conditions on managing reference data,
 * which alone may change them (routes/admin).
 */
import type { Core } from '@strapi/strapi';
import type { Context } from 'koa';
import { searchText } from '../../../shared/schemas';
import { adminUserPage } from '../db/scope';
import { listPageOf, queryReader } from '../validation';

export default ({ strapi }: { strapi: Core.Strapi }) => ({
  async find(ctx: Context) {
    const { page, pageSize } = listPageOf(ctx.query);
    const q = queryReader(ctx.query)('_q', searchText())?.trim();
    const { data, total } = await adminUserPage(strapi, { q, offset: (page - 1) * pageSize, limit: pageSize });
    ctx.body = { data, meta: { pagination: { page, pageSize, pageCount: Math.ceil(total / pageSize), total } } };
  },
});
