/**
 * CRUD controllers for reference data, one per resource, all over the same service.
 * The `software` controller also serves the content API.
 */
import type { Core } from '@strapi/strapi';
import type { Context } from 'koa';
import { PAGE_SIZE_MAX } from '../../../shared/constants';
import { SYSTEM_FIELDS } from '../../../shared/fields/types';
import { searchText } from '../../../shared/schemas';
import { actorOf } from '../actor';
import { RESOURCES, searchCondition, type ResourceName } from '../services/reference';
import { getService } from '../plugin';
import { scopeOf } from '../scope';
import { takePersonUser } from '../persons-user';
import { contentListQuery } from '../query';
import { parseData, parseParam } from '../validation';

/** Strapi's own attributes, which a client may copy back from a read: dropped, never written. */
const READ_ONLY = SYSTEM_FIELDS;

export const referenceController =
  (name: ResourceName) =>
  ({ strapi }: { strapi: Core.Strapi }) => {
    const service = () => getService(strapi, 'reference');
    const schema = RESOURCES[name].schema;
    return {
      async find(ctx: Context) {
        // The content API speaks Strapi's REST query syntax (filters, sort, pagination) plus _q;
        // the admin pages use the flat page/pageSize/sort/_q parameters.
        if (ctx.state.route?.info?.type === 'content-api') {
          const query = await contentListQuery(strapi, RESOURCES[name].uid, ctx.query, ctx.state.auth, {
            extra: ['_q'],
            defaultPageSize: 25,
            maxPageSize: PAGE_SIZE_MAX,
          });
          const q = ctx.query._q === undefined ? undefined : parseParam(searchText(), ctx.query._q, '_q').trim();
          const conditions = [query.where, q ? searchCondition(strapi, RESOURCES[name], q) : undefined].filter(Boolean);
          const orderBy = [...(query.orderBy.length ? query.orderBy : [{ [RESOURCES[name].defaultSort]: 'asc' }]), { id: 'asc' }];
          const { data, total } = await service().rows(name, { ...query, where: conditions.length ? { $and: conditions } : {}, orderBy });
          ctx.body = { data, meta: { pagination: query.meta(query.withCount ? total : undefined) } };
          return;
        }
        const { data, pagination } = await service().list(name, ctx.query, scopeOf(ctx));
        ctx.body = { data, meta: { pagination } };
      },
      async findOne(ctx: Context) {
        ctx.body = { data: await service().get(name, ctx.params.documentId), meta: {} };
      },
      async create(ctx: Context) {
        const { body, user } = name === 'persons' ? takePersonUser(strapi, ctx.request.body) : { body: ctx.request.body };
        const data = { ...parseData(schema, body, READ_ONLY), ...(user !== undefined ? { user } : {}) };
        ctx.status = 201;
        ctx.body = { data: await service().create(name, data, scopeOf(ctx)), meta: {} };
      },
      async update(ctx: Context) {
        const { body, user } = name === 'persons' ? takePersonUser(strapi, ctx.request.body) : { body: ctx.request.body };
        const data = { ...parseData(schema.partial(), body, READ_ONLY), ...(user !== undefined ? { user } : {}) };
        ctx.body = { data: await service().update(name, ctx.params.documentId, data, actorOf(ctx), scopeOf(ctx)), meta: {} };
      },
      async delete(ctx: Context) {
        ctx.body = { data: await service().delete(name, ctx.params.documentId, actorOf(ctx)), meta: {} };
      },
    };
  };
