/**
 * A license's purchases (docs/api.md, "Purchases"), for both APIs: the actions are named find and
 * findOne so a read-only API token grants exactly the reads. Thin: the shared schemas validate, the
 * purchases service decides.
 */
import type { Core } from '@strapi/strapi';
import type { Context } from 'koa';
import { PURCHASE_READ_ONLY_FIELDS, purchaseCreateSchema, purchaseRenewSchema, purchaseUpdateSchema } from '../../../shared/schemas';
import { actorOf } from '../actor';
import { invalid, notFound } from '../errors';
import { getService } from '../plugin';
import { parseData } from '../validation';

/** The lists take no parameter: a license has at most PURCHASES_MAX of them, answered whole. */
const noQuery = (ctx: Context) => {
  const names = Object.keys(ctx.query ?? {});
  if (names.length) throw invalid(names.map((n) => ({ path: [n], message: 'is not a parameter of this list' })));
};

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const purchases = () => getService(strapi, 'purchases');
  return {
    async find(ctx: Context) {
      noQuery(ctx);
      ctx.body = { data: await purchases().list(ctx.params.documentId), meta: {} };
    },
    async findOne(ctx: Context) {
      noQuery(ctx);
      const found = (await purchases().list(ctx.params.documentId)).find((p) => p.documentId === ctx.params.purchaseDocumentId && !p.first);
      if (!found) throw notFound('Purchase');
      ctx.body = { data: found, meta: {} };
    },
    async create(ctx: Context) {
      const input = parseData(purchaseCreateSchema, ctx.request.body, PURCHASE_READ_ONLY_FIELDS);
      ctx.status = 201;
      ctx.body = { data: await purchases().create(ctx.params.documentId, input, actorOf(ctx)), meta: {} };
    },
    async update(ctx: Context) {
      const input = parseData(purchaseUpdateSchema, ctx.request.body, PURCHASE_READ_ONLY_FIELDS);
      ctx.body = { data: await purchases().update(ctx.params.documentId, ctx.params.purchaseDocumentId, input, actorOf(ctx)), meta: {} };
    },
    async delete(ctx: Context) {
      ctx.body = { data: await purchases().remove(ctx.params.documentId, ctx.params.purchaseDocumentId, actorOf(ctx)), meta: {} };
    },
    /** The body may be left out: the next term copies the last one. */
    async renew(ctx: Context) {
      const body = ctx.request.body;
      const empty = body === undefined || body === null || (typeof body === 'object' && !Array.isArray(body) && Object.keys(body).length === 0);
      const input = empty ? {} : parseData(purchaseRenewSchema, body, PURCHASE_READ_ONLY_FIELDS);
      ctx.status = 201;
      ctx.body = { data: await purchases().renew(ctx.params.documentId, input, actorOf(ctx)), meta: {} };
    },
  };
};
