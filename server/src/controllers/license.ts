/**
 * Content API for licenses (docs/api.md, "Content API"): Strapi's REST query conventions, the same
 * services and rules as the admin API, and never a key, masked or not.
 * Read handlers are find/findOne so Strapi's read-only API tokens grant exactly them; a license's
 * assignments have their own controller (./assignment) for the same reason.
 */
import type { Core } from '@strapi/strapi';
import type { Context } from 'koa';
import { PAGE_SIZE_MAX, UID } from '../../../shared/constants';
import { LICENSE_KEPT_SORTS } from '../../../shared/fields/license';
import { LICENSE_READ_ONLY_FIELDS, licenseCreateSchema } from '../../../shared/schemas';
import { actorOf } from '../actor';
import { getService } from '../plugin';
import { licenseStatusParam, parseValidity, VALIDITY_PARAMS } from '../services/license';
import { parseData, parseParam } from '../validation';
import { contentListQuery } from '../query';
import { parseLicenseUpdate } from './admin-license';

const withoutKeys = <T extends { keys?: unknown }>(license: T) => {
  const { keys: _keys, ...rest } = license;
  return rest;
};

export default ({ strapi }: { strapi: Core.Strapi }) => {
  return {
    async find(ctx: Context) {
      const query = await contentListQuery(strapi, UID.license, ctx.query, ctx.state.auth, {
        extra: ['status', ...VALIDITY_PARAMS],
        keptSorts: LICENSE_KEPT_SORTS,
        defaultPageSize: 25,
        maxPageSize: PAGE_SIZE_MAX,
      });
      const status = ctx.query.status === undefined ? undefined : parseParam(licenseStatusParam, ctx.query.status, 'status');
      const { data, total } = await getService(strapi, 'license').findMany(query, status, parseValidity(ctx.query));
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
