/**
 * Content API: the compliance report (docs/api.md, "Compliance"). A controller of its own with a
 * `find` action, so the API-token and Users & Permissions pickers show it as its own scope, and a
 * read-only API token may read it.
 */
import type { Core } from '@strapi/strapi';
import type { Context } from 'koa';
import { complianceQuerySchemas } from '../../../shared/compliance';
import { invalid } from '../errors';
import { getService } from '../plugin';
import { unknownParams } from '../query';
import { isRecord } from '../query/values';
import { parseComplianceQuery } from '../services/compliance';

/** The report's parameters, and Strapi's `pagination[page]`/`[pageSize]`. */
const PARAMS = [...Object.keys(complianceQuerySchemas), 'pagination'];

export default ({ strapi }: { strapi: Core.Strapi }) => ({
  async find(ctx: Context) {
    const { pagination } = ctx.query as Record<string, unknown>;
    const unknown = [
      ...unknownParams(ctx.query, PARAMS),
      ...(isRecord(pagination)
        ? Object.keys(pagination)
            .filter((key) => key !== 'page' && key !== 'pageSize')
            .map((key) => ({ path: ['pagination', key], message: 'is not a pagination parameter of this list (page, pageSize)' }))
        : []),
    ];
    if (unknown.length) throw invalid(unknown);
    ctx.body = await getService(strapi, 'compliance').report(parseComplianceQuery(ctx.query));
  },
});
