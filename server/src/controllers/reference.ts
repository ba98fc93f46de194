/**
 * CRUD controllers for reference data, one per resource, all over the same service.
 * The `software` controller also serves the content API.
 */
import type { Core } from '@strapi/strapi';
import type { Context } from 'koa';
import { PLUGIN_ID } from '../../../shared/constants';
import { actorOf } from '../actor';
import { RESOURCES, type ResourceName } from '../services/reference';
import type { PluginServices } from '../services';
import { parseData } from '../validation';

const READ_ONLY = ['id', 'documentId', 'createdAt', 'updatedAt', 'publishedAt', 'locale'] as const;

export const referenceController =
  (name: ResourceName) =>
  ({ strapi }: { strapi: Core.Strapi }) => {
    const service = () => (strapi.plugin(PLUGIN_ID).services as unknown as PluginServices).reference;
    const schema = RESOURCES[name].schema;
    return {
      async find(ctx: Context) {
        const { data, pagination } = await service().list(name, ctx.query);
        ctx.body = { data, meta: { pagination } };
      },
      async findOne(ctx: Context) {
        ctx.body = { data: await service().get(name, ctx.params.documentId), meta: {} };
      },
      async create(ctx: Context) {
        const data = parseData(schema, ctx.request.body, READ_ONLY);
        ctx.status = 201;
        ctx.body = { data: await service().create(name, data), meta: {} };
      },
      async update(ctx: Context) {
        const data = parseData(schema.partial(), ctx.request.body, READ_ONLY);
        ctx.body = { data: await service().update(name, ctx.params.documentId, data), meta: {} };
      },
      async delete(ctx: Context) {
        ctx.body = { data: await service().delete(name, ctx.params.documentId, actorOf(ctx)), meta: {} };
      },
    };
  };
