/** Renewal reminders' admin API (docs/api.md, "Renewal reminders"): preview, run now, the record. */
import type { Core } from '@strapi/strapi';
import type { Context } from 'koa';
import { ACTIONS } from '../../../shared/constants';
import { DOCUMENT_ID, dayOfRun, reminderRunSchema } from '../../../shared/schemas';
import { z } from 'zod';
import { getService } from '../plugin';
import { scopeOf } from '../scope';
import { listPageOf, parseData, queryReader } from '../validation';

const licenseParam = z.string().regex(DOCUMENT_ID, { error: 'must be a documentId' });

/** An empty body (or none) runs for today; anything else must be `{ data: { on? } }`. */
const isEmptyBody = (body: unknown) => body == null || (typeof body === 'object' && !Array.isArray(body) && Object.keys(body).length === 0);

export default ({ strapi }: { strapi: Core.Strapi }) => ({
  async preview(ctx: Context) {
    const reminders = getService(strapi, 'reminders');
    const on = queryReader(ctx.query)('on', dayOfRun()) ?? (await reminders.today());
    ctx.body = { data: await reminders.preview(on, scopeOf(ctx)), meta: { on } };
  },
  async run(ctx: Context) {
    const { on } = isEmptyBody(ctx.request.body) ? { on: undefined } : parseData(reminderRunSchema, ctx.request.body);
    // The whole daily job, as the cron would run it for that day.
    const { reminders, snapshot } = await getService(strapi, 'daily').run(on);
    ctx.body = { data: { ...reminders!, snapshot }, meta: {} };
  },
  async find(ctx: Context) {
    const { page, pageSize } = listPageOf(ctx.query);
    const license = queryReader(ctx.query)('license', licenseParam);
    const { data, pagination } = await getService(strapi, 'reminders').list(page, pageSize, license, scopeOf(ctx));
    // The record is open to readers; its recipients (people's addresses) only to who may edit them, as
    // in GET /settings, and so is a failure's reason: a mail server's answer may quote an address.
    const withRecipients = ctx.state.userAbility?.can(ACTIONS.settings) ?? false;
    ctx.body = { data: withRecipients ? data : data.map(({ recipients: _recipients, error: _error, ...reminder }) => reminder), meta: { pagination } };
  },
});
