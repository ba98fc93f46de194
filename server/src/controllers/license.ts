/**
 * Content API for licenses (api.md, "Content API"): Strapi's REST query conventions, the same
 * services and rules as the admin API, and never a key, masked or not.
 * Read handlers are find/findOne so Strapi's read-only API tokens grant exactly them.
 */
import type { Core } from '@strapi/strapi';
import type { Context } from 'koa';
import { z } from 'zod';
import { LICENSE_STATUSES, PAGE_SIZE_MAX, PLUGIN_ID, UID } from '../../../shared/constants';
import { assignmentCreateSchema, LICENSE_READ_ONLY_FIELDS, licenseCreateSchema } from '../../../shared/schemas';
import { actorOf } from '../actor';
import { statusWindow } from '../domain/status';
import type { PluginServices } from '../services';
import { parseData, parseParam } from '../validation';
import { pageOf, parseLicenseUpdate } from './admin-license';

const withoutKeys = <T extends { keys?: unknown }>(license: T) => {
  const { keys: _keys, ...rest } = license;
  return rest;
};

const restPagination = {
  page: z.coerce.number().int().min(1, { error: 'must be a whole number from 1' }),
  pageSize: z.coerce.number().int().min(1).max(PAGE_SIZE_MAX, { error: `must be a whole number from 1 to ${PAGE_SIZE_MAX}` }),
  status: z.enum(LICENSE_STATUSES, { error: `must be one of ${LICENSE_STATUSES.join(', ')}` }),
};

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const s = () => strapi.plugin(PLUGIN_ID).services as unknown as PluginServices;

  const publicAssignment = (a: Record<string, any>) => ({
    ...a,
    key: a.key ? { documentId: a.key.documentId, label: a.key.label } : null,
  });

  return {
    async find(ctx: Context) {
      const { pagination = {}, status, filters, sort } = ctx.query as Record<string, any>;
      const schema = strapi.getModel(UID.license);
      const auth = ctx.state.auth;
      await strapi.contentAPI.validate.query({ filters, sort }, schema, { auth });
      const sanitized = await strapi.contentAPI.sanitize.query({ filters, sort }, schema, { auth });
      const page = pagination.page === undefined ? 1 : parseParam(restPagination.page, pagination.page, 'pagination.page');
      const pageSize =
        pagination.pageSize === undefined ? 25 : parseParam(restPagination.pageSize, pagination.pageSize, 'pagination.pageSize');
      const query = strapi.get('query-params').transform(UID.license, {
        filters: sanitized.filters,
        sort: sanitized.sort ?? 'name:asc',
      });
      const conditions: Record<string, unknown>[] = query.where ? [query.where] : [];
      if (status !== undefined) {
        const wanted = parseParam(restPagination.status, status, 'status');
        const w = statusWindow((await s().settings.get()).expiringWithinDays);
        if (wanted === 'expired') conditions.push({ expirationDate: { $lt: w.today } });
        if (wanted === 'expiring') conditions.push({ expirationDate: { $gte: w.today, $lte: w.expiringUntil } });
        if (wanted === 'active') conditions.push({ $or: [{ expirationDate: { $null: true } }, { expirationDate: { $gt: w.expiringUntil } }] });
      }
      const where = conditions.length ? { $and: conditions } : {};
      const [rows, total] = await Promise.all([
        strapi.db.query(UID.license).findMany({
          where,
          orderBy: [...(query.orderBy ?? []), { id: 'asc' }],
          offset: (page - 1) * pageSize,
          limit: pageSize,
          populate: Object.fromEntries(
            ['category', 'software', 'organization', 'organizationalUnit', 'locationStructure', 'supplier'].map((r) => [r, true])
          ),
        }),
        strapi.db.query(UID.license).count({ where }),
      ]);
      const data = await s().license.present(rows);
      ctx.body = { data, meta: { pagination: { page, pageSize, pageCount: Math.ceil(total / pageSize), total } } };
    },
    async findOne(ctx: Context) {
      ctx.body = { data: await s().license.get(ctx.params.documentId, { withKeys: false }), meta: {} };
    },
    async create(ctx: Context) {
      const input = parseData(licenseCreateSchema, ctx.request.body, LICENSE_READ_ONLY_FIELDS);
      ctx.status = 201;
      ctx.body = { data: withoutKeys(await s().license.create(input, actorOf(ctx))), meta: {} };
    },
    async update(ctx: Context) {
      const input = parseLicenseUpdate(ctx.request.body);
      ctx.body = { data: withoutKeys(await s().license.update(ctx.params.documentId, input, actorOf(ctx))), meta: {} };
    },
    async delete(ctx: Context) {
      ctx.body = { data: await s().license.delete(ctx.params.documentId, actorOf(ctx)), meta: {} };
    },
    async findAssignments(ctx: Context) {
      const { page, pageSize } = pageOf(ctx.query);
      const kind = ctx.query.kind === undefined ? undefined : parseParam(z.enum(['person', 'asset'], { error: 'must be person or asset' }), ctx.query.kind, 'kind');
      const { data, pagination } = await s().assignments.list(ctx.params.documentId, kind, page, pageSize);
      ctx.body = { data: data.map(publicAssignment), meta: { pagination } };
    },
    async createAssignment(ctx: Context) {
      const input = parseData(assignmentCreateSchema, ctx.request.body);
      ctx.status = 201;
      ctx.body = { data: publicAssignment(await s().assignments.add(ctx.params.documentId, input, actorOf(ctx))), meta: {} };
    },
    async deleteAssignment(ctx: Context) {
      const { documentId, assignmentDocumentId } = ctx.params;
      ctx.body = { data: await s().assignments.remove(documentId, assignmentDocumentId, actorOf(ctx)), meta: {} };
    },
  };
};
