/**
 * Content API: the compliance report (docs/api.md, "Compliance"). A controller of its own with a
 * `find` action, so the API-token and Users & Permissions pickers show it as its own scope, and a
 * read-only API token may read it.
 */
import type { Core } from '@strapi/strapi';
import type { Context } from 'koa';
import { getService } from '../plugin';
import { parseComplianceQuery } from '../services/compliance';

export default ({ strapi }: { strapi: Core.Strapi }) => ({
  async find(ctx: Context) {
    ctx.body = await getService(strapi, 'compliance').report(parseComplianceQuery(ctx.query));
  },
});
