/**
 * Installations (docs/api.md, "Inventory" and "Installations"): the content API's inventory push,
 * and the admin's installations list, recognition progress and recognition rules. Thin: the shared
 * schemas validate, the installations service decides.
 */
import type { Core } from '@strapi/strapi';
import type { Context } from 'koa';
import { errors } from '@strapi/utils';
import { z } from 'zod';
import { INSTALLATION_STATES, INVENTORY_BYTES_MAX, PAGE_SIZE_DEFAULT } from '../../../shared/constants';
import { DOCUMENT_ID, listPageSchemas, relation, searchText } from '../../../shared/schemas';
import { installationRuleSchema, installationRuleUpdateSchema } from '../../../shared/schemas/installation-rule';
import { invalid } from '../errors';
import { getService } from '../plugin';
import { scopeOf } from '../scope';
import { listPageOf, parseData, parseParam, queryReader } from '../validation';

const IDS_MAX = 100;
const documentIds = z
  .array(z.string().regex(DOCUMENT_ID, { error: 'must be documentIds, separated by commas' }), { error: 'must be documentIds, separated by commas' })
  .max(IDS_MAX, { error: `must name at most ${IDS_MAX} records` });
/** A list parameter: repeated (`software=a&software=b`) or comma-separated (`software=a,b`). */
const idsOf = (value: unknown, name: string): string[] | undefined => {
  if (value === undefined || value === '') return undefined;
  const list = (Array.isArray(value) ? value : [value]).flatMap((v) => (typeof v === 'string' ? v.split(',') : [v])).filter((v) => v !== '');
  return parseParam(documentIds, list, name);
};
const stateSchema = z.enum(INSTALLATION_STATES, { error: `must be one of ${INSTALLATION_STATES.join(', ')}` });
const PARAMS = ['page', 'pageSize', 'software', 'asset', 'state', 'q'];
const deviceStateSchema = z.enum(['unmatched', 'all'], { error: 'must be unmatched or all' });
const deviceLinkSchema = z.strictObject({ asset: relation() }, { error: 'must be an object' });
/** Any other parameter is a 400 naming it. */
const onlyParams = (query: Record<string, unknown>, known: string[]) => {
  const unknown = Object.keys(query).filter((k) => !known.includes(k));
  if (unknown.length) throw invalid(unknown.map((n) => ({ path: [n], message: 'is not a parameter of this list' })));
};

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const installations = () => getService(strapi, 'installations');
  return {
    /** Content API: one device's inventory. Past INVENTORY_BYTES_MAX a 413 before the body is read any further. */
    async push(ctx: Context) {
      if ((ctx.request.length ?? 0) > INVENTORY_BYTES_MAX) {
        throw new errors.PayloadTooLargeError(`The inventory is larger than ${INVENTORY_BYTES_MAX / 1024 / 1024} MB; a push holds one device`, {
          max: INVENTORY_BYTES_MAX,
        });
      }
      ctx.body = { data: await installations().push(ctx.request.body), meta: {} };
    },
    async find(ctx: Context) {
      onlyParams(ctx.query, PARAMS);
      const { page, pageSize } = listPageOf(ctx.query);
      const get = queryReader(ctx.query);
      const [state, q] = [get('state', stateSchema), get('q', searchText())];
      ctx.body = await installations().list(
        {
          page,
          pageSize,
          software: idsOf(ctx.query.software, 'software'),
          asset: idsOf(ctx.query.asset, 'asset'),
          state,
          q,
        },
        scopeOf(ctx),
      );
    },
    /** Unrecognized names by publisher and name, with their counts. */
    async unrecognized(ctx: Context) {
      onlyParams(ctx.query, ['page', 'pageSize', 'q']);
      ctx.body = await installations().devices.unrecognized({ ...listPageOf(ctx.query), q: queryReader(ctx.query)('q', searchText()) }, scopeOf(ctx));
    },
    async findDevices(ctx: Context) {
      onlyParams(ctx.query, ['page', 'pageSize', 'q', 'state']);
      const get = queryReader(ctx.query);
      const state = get('state', deviceStateSchema);
      ctx.body = await installations().devices.list({ ...listPageOf(ctx.query), q: get('q', searchText()), unmatched: state === 'unmatched' }, scopeOf(ctx));
    },
    /** "Link to asset": `{ data: { asset: documentId | null } }`. */
    async linkDevice(ctx: Context) {
      const { asset } = parseData(deviceLinkSchema, ctx.request.body);
      ctx.body = { data: await installations().devices.link(ctx.params.documentId, asset), meta: {} };
    },
    /** An asset's licenses, beside its installations in its window: assigned to it or to its user. */
    async assetLicenses(ctx: Context) {
      ctx.body = { data: await installations().devices.assetLicenses(ctx.params.documentId, scopeOf(ctx)), meta: {} };
    },
    /** How far the background re-recognition is. */
    async recognition(ctx: Context) {
      ctx.body = { data: await installations().recognition.progress(), meta: {} };
    },
    async findRules(ctx: Context) {
      ctx.body = { data: await installations().rules.list(), meta: {} };
    },
    async createRule(ctx: Context) {
      const input = parseData(installationRuleSchema, ctx.request.body);
      ctx.status = 201;
      ctx.body = { data: await installations().rules.create(input), meta: {} };
    },
    async updateRule(ctx: Context) {
      const input = parseData(installationRuleUpdateSchema, ctx.request.body);
      ctx.body = { data: await installations().rules.update(ctx.params.documentId, input), meta: {} };
    },
    async deleteRule(ctx: Context) {
      ctx.body = { data: await installations().rules.remove(ctx.params.documentId), meta: {} };
    },
    /** The stored installations a rule would take, without saving it: the first page (pageSize) and the total. */
    async testRule(ctx: Context) {
      const input = parseData(installationRuleSchema, ctx.request.body);
      const pageSize = queryReader(ctx.query)('pageSize', listPageSchemas.pageSize) ?? PAGE_SIZE_DEFAULT;
      const { data, total } = await installations().rules.test(input, pageSize);
      ctx.body = { data, meta: { pagination: { page: 1, pageSize, pageCount: Math.ceil(total / pageSize), total } } };
    },
  };
};
