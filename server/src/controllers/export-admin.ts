/** Admin API: the CSV exports (docs/api.md, "Import and export"), streamed. */
import type { Core } from '@strapi/strapi';
import type { Context } from 'koa';
import { getService } from '../plugin';
import { scopeOf } from '../scope';
import { parseExportQuery } from '../services/compliance';
import { csvHeaders } from '../services/csv';
import { parseListQuery } from '../services/license';
import { queryReader } from '../validation';
import { z } from 'zod';

export default ({ strapi }: { strapi: Core.Strapi }) => ({
  async licenses(ctx: Context) {
    // The list's filters, search and sort, checked as the list checks them; page and pageSize do not apply.
    const { delimiter } = parseExportQuery(ctx.query);
    const { page: _p, pageSize: _s, ...query } = parseListQuery(ctx.query);
    csvHeaders(ctx, 'licenses');
    ctx.body = getService(strapi, 'export').licenses(query, delimiter, scopeOf(ctx));
  },
  async assignments(ctx: Context) {
    const { delimiter } = parseExportQuery(ctx.query);
    const license = queryReader(ctx.query)('license', z.string());
    const body = await getService(strapi, 'export').assignments(license, delimiter, scopeOf(ctx));
    csvHeaders(ctx, 'assignments');
    ctx.body = body;
  },
  async purchases(ctx: Context) {
    const { delimiter } = parseExportQuery(ctx.query);
    const license = queryReader(ctx.query)('license', z.string());
    const body = await getService(strapi, 'export').purchases(license, delimiter, scopeOf(ctx));
    csvHeaders(ctx, 'purchases');
    ctx.body = body;
  },
});
