/** Admin API: the compliance report, its trend and its CSV export (docs/api.md, "Compliance"). */
import type { Core } from '@strapi/strapi';
import type { Context } from 'koa';
import { getService } from '../plugin';
import { scopeOf } from '../scope';
import { parseComplianceQuery, parseExportQuery, parseTrendQuery } from '../services/compliance';
import { complianceCsv } from '../services/compliance/csv';
import { csvHeaders } from '../services/csv';
import { totalsOf } from '../services/compliance/rows';
import { RECONCILIATION_LISTS, type ReconciliationQuery } from '../services/compliance/reconciliation';
import { z } from 'zod';
import { complianceQuerySchemas as s, CSV_DELIMITERS, complianceExportSchemas } from '../../../shared/compliance';
import { invalid } from '../errors';
import { listPageOf, queryReader } from '../validation';

const RECONCILIATION_PARAMS = ['list', 'page', 'pageSize', 'organization', 'category', 'format', 'delimiter'];
const listSchema = z.enum(RECONCILIATION_LISTS, { error: `must be one of ${RECONCILIATION_LISTS.join(', ')}` });

/** A reconciliation list's parameters: `list` is required; a bad or unknown one is a 400 naming it. */
const parseReconciliationQuery = (query: Record<string, unknown>): ReconciliationQuery & { csv: boolean; delimiter: string } => {
  const unknown = Object.keys(query).filter((k) => !RECONCILIATION_PARAMS.includes(k));
  if (unknown.length) throw invalid(unknown.map((n) => ({ path: [n], message: 'is not a parameter of this list' })));
  const get = queryReader(query);
  const list = get('list', listSchema);
  if (!list) throw invalid([{ path: ['list'], message: `is required: one of ${RECONCILIATION_LISTS.join(', ')}` }]);
  return {
    list,
    ...listPageOf(query),
    organization: get('organization', s.organization),
    category: get('category', s.category),
    csv: get('format', complianceExportSchemas.format) === 'csv',
    delimiter: CSV_DELIMITERS[get('delimiter', complianceExportSchemas.delimiter) ?? 'comma'],
  };
};

export default ({ strapi }: { strapi: Core.Strapi }) => ({
  async find(ctx: Context) {
    ctx.body = await getService(strapi, 'compliance').report(parseComplianceQuery(ctx.query), undefined, scopeOf(ctx));
  },
  async trend(ctx: Context) {
    const { days, software } = parseTrendQuery(ctx.query);
    ctx.body = { data: await getService(strapi, 'compliance').trend({ days, software }, scopeOf(ctx)), meta: { days, software: software ?? null } };
  },
  /** A software's installed-unlicensed assets or reclaim candidates (docs/api.md, "Compliance"); `format=csv` downloads every row. */
  async reconciliation(ctx: Context) {
    const { csv, delimiter, ...query } = parseReconciliationQuery(ctx.query);
    const lists = getService(strapi, 'compliance').reconciliation;
    if (!csv) {
      ctx.body = await lists.read(ctx.params.softwareDocumentId, query, scopeOf(ctx));
      return;
    }
    const body = await lists.csv(ctx.params.softwareDocumentId, query, delimiter, scopeOf(ctx));
    csvHeaders(ctx, query.list);
    ctx.body = body;
  },
  async export(ctx: Context) {
    // Every filtered row, in the list's order: page and pageSize do not apply to a download.
    const { delimiter } = parseExportQuery(ctx.query);
    const rows = await getService(strapi, 'compliance').rows(parseComplianceQuery(ctx.query), undefined, scopeOf(ctx));
    csvHeaders(ctx, 'compliance');
    ctx.body = complianceCsv(rows, totalsOf(rows), delimiter);
  },
});
