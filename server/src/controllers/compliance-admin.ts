/** Admin API: the compliance report, its trend and its CSV export (docs/api.md, "Compliance"). */
import type { Core } from '@strapi/strapi';
import type { Context } from 'koa';
import { getService } from '../plugin';
import { parseComplianceQuery, parseExportQuery, parseTrendQuery } from '../services/compliance';
import { complianceCsv } from '../services/compliance/csv';
import { csvHeaders } from '../services/csv';
import { totalsOf } from '../services/compliance/rows';

export default ({ strapi }: { strapi: Core.Strapi }) => ({
  async find(ctx: Context) {
    ctx.body = await getService(strapi, 'compliance').report(parseComplianceQuery(ctx.query));
  },
  async trend(ctx: Context) {
    const { days, software } = parseTrendQuery(ctx.query);
    ctx.body = { data: await getService(strapi, 'compliance').trend({ days, software }), meta: { days, software: software ?? null } };
  },
  async export(ctx: Context) {
    // Every filtered row, in the list's order: page and pageSize do not apply to a download.
    const { delimiter } = parseExportQuery(ctx.query);
    const rows = await getService(strapi, 'compliance').rows(parseComplianceQuery(ctx.query));
    csvHeaders(ctx, 'compliance');
    ctx.body = complianceCsv(rows, totalsOf(rows), delimiter);
  },
});
