/**
 * Content API for licenses (docs/api.md, "Content API"): Strapi's REST query conventions, the same
 * services and rules as the admin API, and never a key, masked or not.
 * Read handlers are find/findOne so Strapi's read-only API tokens grant exactly them; a license's
 * assignments have their own controller (./assignment) for the same reason.
 */
import type { Core } from '@strapi/strapi';
import type { Context } from 'koa';
import { z } from 'zod';
import { LICENSE_STATUSES, PAGE_SIZE_MAX, UID } from '../../../shared/constants';
import { LICENSE_READ_ONLY_FIELDS, licenseCreateSchema } from '../../../shared/schemas';
import { actorOf } from '../actor';
import { statusWindow } from '../domain/status';
import { getService } from '../plugin';
import { parseData, parseParam } from '../validation';
import { contentListQuery } from '../query';
import { parseLicenseUpdate } from './admin-license';

const withoutKeys = <T extends { keys?: unknown }>(license: T) => {
  const { keys: _keys, ...rest } = license;
  return rest;
};

const licenseStatus = z.enum(LICENSE_STATUSES, { error: `must be one of ${LICENSE_STATUSES.join(', ')}` });

export default ({ strapi }: { strapi: Core.Strapi }) => {
  return {
    async find(ctx: Context) {
      const query = await contentListQuery(strapi, UID.license, ctx.query, ctx.state.auth, {
        extra: ['status'],
        defaultPageSize: 25,
        maxPageSize: PAGE_SIZE_MAX,
      });
      const conditions: Record<string, unknown>[] = query.where ? [query.where] : [];
      const { status } = ctx.query;
      if (status !== undefined) {
        const wanted = parseParam(licenseStatus, status, 'status');
        const w = statusWindow((await getService(strapi, 'settings').get()).expiringWithinDays);
        if (wanted === 'expired') conditions.push({ expirationDate: { $lt: w.today } });
        if (wanted === 'expiring') conditions.push({ expirationDate: { $gte: w.today, $lte: w.expiringUntil } });
        if (wanted === 'active') conditions.push({ $or: [{ expirationDate: { $null: true } }, { expirationDate: { $gt: w.expiringUntil } }] });
      }
      const where = conditions.length ? { $and: conditions } : {};
      const [rows, total] = await Promise.all([
        strapi.db.query(UID.license).findMany({
          where,
          orderBy: [...(query.orderBy.length ? query.orderBy : [{ name: 'asc' }]), { id: 'asc' }],
          offset: query.offset,
          limit: query.limit,
          populate: Object.fromEntries(
            ['category', 'software', 'organization', 'organizationalUnit', 'locationStructure', 'supplier'].map((r) => [r, true])
          ),
        }),
        query.withCount ? strapi.db.query(UID.license).count({ where }) : undefined,
      ]);
      const data = await getService(strapi, 'license').present(rows);
      ctx.body = { data, meta: { pagination: query.meta(total) } };
    },
    async findOne(ctx: Context) {
      ctx.body = { data: await getService(strapi, 'license').get(ctx.params.documentId, { withKeys: false }), meta: {} };
    },
    async create(ctx: Context) {
      const input = parseData(licenseCreateSchema, ctx.request.body, LICENSE_READ_ONLY_FIELDS);
      ctx.status = 201;
      ctx.body = { data: withoutKeys(await getService(strapi, 'license').create(input, actorOf(ctx))), meta: {} };
    },
    async update(ctx: Context) {
      const input = parseLicenseUpdate(ctx.request.body);
      ctx.body = { data: withoutKeys(await getService(strapi, 'license').update(ctx.params.documentId, input, actorOf(ctx))), meta: {} };
    },
    async delete(ctx: Context) {
      ctx.body = { data: await getService(strapi, 'license').delete(ctx.params.documentId, actorOf(ctx)), meta: {} };
    },
  };
};
