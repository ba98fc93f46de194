/**
 * Renewal reminders' rows and the licenses they are due for. A stage is claimed by inserting its
 * row (the unique index on license, kind, date and offset lets one run win) or by a conditional
 * update that only the run holding the row as read can make; every later write is conditional on
 * the claim's token.
 */
import type { Core } from '@strapi/strapi';
import { REMINDER_DATE_FIELD, UID, type ReminderKind, type ReminderState } from '../../../shared/constants';
import { columnOf, tableOf } from './meta';
import { scopeWhere, type ScopeIds } from './scope';

export interface ReminderRow {
  id: number;
  documentId: string;
  licenseDocumentId: string;
  licenseName: string | null;
  kind: ReminderKind;
  dueDate: string;
  offsetDays: number;
  recipients: unknown;
  pending: unknown;
  state: ReminderState;
  attempts: number;
  claimToken: string | null;
  claimedAt: string | Date | null;
  sentAt: string | Date | null;
  error: string | null;
  createdAt: string | Date;
}

/** A license a reminder may be due for: its kept dates (REMINDER_DATE_FIELD) and its own recipients. */
export interface ReminderLicense {
  id: number;
  documentId: string;
  name: string;
  validUntil: string | Date | null;
  supportUntil: string | Date | null;
  notifyEmails: unknown;
}

const reminders = (strapi: Core.Strapi) => strapi.db.query(UID.reminder);

/**
 * The next `limit` licenses after `afterId`, in id order, with a date of one of `kinds` from `from`
 * to `until` (both included).
 */
export const licensesWithDatesBetween = async (
  strapi: Core.Strapi,
  { afterId, kinds, from, until, limit }: { afterId: number; kinds: readonly ReminderKind[]; from: string; until: string; limit: number },
): Promise<ReminderLicense[]> =>
  strapi.db.query(UID.license).findMany({
    select: ['id', 'documentId', 'name', ...Object.values(REMINDER_DATE_FIELD), 'notifyEmails'],
    where: {
      id: { $gt: afterId },
      $or: kinds.map((kind) => ({ [REMINDER_DATE_FIELD[kind]]: { $gte: from, $lte: until } })),
    },
    orderBy: { id: 'asc' },
    limit,
  }) as Promise<ReminderLicense[]>;

/** Every reminder row of these licenses. */
export const remindersOfLicenses = async (strapi: Core.Strapi, licenseDocumentIds: string[]): Promise<ReminderRow[]> =>
  reminders(strapi).findMany({ where: { licenseDocumentId: { $in: licenseDocumentIds } } }) as Promise<ReminderRow[]>;

/** A first attempt's row, inserted; a unique violation when another run inserted it first. */
export const insertReminder = async (
  strapi: Core.Strapi,
  data: Omit<ReminderRow, 'id' | 'sentAt' | 'error' | 'createdAt'> & { createdAt: Date; claimedAt: Date; updatedAt: Date },
): Promise<ReminderRow> => reminders(strapi).create({ data }) as Promise<ReminderRow>;

/**
 * Takes a row for another attempt under a new token, conditional on the row as read (its
 * attempts, state and token) and, for a `sending` row, on its claim having lapsed before
 * `lapsedBefore`. True when this call changed it.
 */
export const reclaimReminder = async (
  strapi: Core.Strapi,
  row: Pick<ReminderRow, 'id' | 'attempts' | 'state' | 'claimToken'>,
  claim: { token: string; at: Date; lapsedBefore?: Date },
): Promise<boolean> => {
  const where: Record<string, unknown> = { id: row.id, attempts: row.attempts, state: row.state, claimToken: row.claimToken ?? null };
  if (claim.lapsedBefore) where.claimedAt = { $lt: claim.lapsedBefore };
  const { count } = await reminders(strapi).updateMany({
    where,
    data: { state: 'sending', attempts: row.attempts + 1, claimToken: claim.token, claimedAt: claim.at, updatedAt: claim.at },
  });
  return count === 1;
};

/** The recipients still pending on a row while `token` holds it (undefined when it does not). */
export const pendingOfClaimed = async (strapi: Core.Strapi, id: number, token: string): Promise<unknown> => {
  const held = await reminders(strapi).findOne({ where: { id, claimToken: token }, select: ['pending'] });
  return held?.pending;
};

/** Writes `data` to a row if `token` still holds it; false when another run took it over. */
export const writeClaimedReminder = async (strapi: Core.Strapi, id: number, token: string, data: Record<string, unknown>): Promise<boolean> => {
  const { count } = await reminders(strapi).updateMany({ where: { id, claimToken: token }, data: { ...data, updatedAt: new Date() } });
  return count === 1;
};

/** A page of reminder rows, newest first, and their total; `license` narrows to one license's. */
export const reminderPage = async (
  strapi: Core.Strapi,
  { offset, limit, license, scope }: { offset: number; limit: number; license?: string; scope?: ScopeIds | null },
): Promise<{ rows: ReminderRow[]; total: number }> => {
  if (scope) return scopedReminderPage(strapi, { offset, limit, license, scope });
  const where = license ? { licenseDocumentId: license } : {};
  const [rows, total] = await Promise.all([
    reminders(strapi).findMany({ where, orderBy: [{ createdAt: 'desc' }, { id: 'desc' }], offset, limit }),
    reminders(strapi).count({ where }),
  ]);
  return { rows: rows as ReminderRow[], total };
};

/**
 * The record of a reader with a scope (../scope): reminders of the licenses in it, the newest
 * first. The reminder keeps its license's documentId (it outlives the license): matched against
 * the scope's licenses in one statement, then the page's rows read by id.
 */
const scopedReminderPage = async (
  strapi: Core.Strapi,
  { offset, limit, license, scope }: { offset: number; limit: number; license?: string; scope: ScopeIds },
): Promise<{ rows: ReminderRow[]; total: number }> => {
  const knex = strapi.db.connection;
  const r = (a: string) => `r.${columnOf(strapi, UID.reminder, a)}`;
  const inScope = knex(`${tableOf(strapi, UID.license)} as l`)
    .select(`l.${columnOf(strapi, UID.license, 'documentId')}`)
    .where(scopeWhere(strapi, UID.license, 'l', scope));
  const base = knex(`${tableOf(strapi, UID.reminder)} as r`).whereIn(r('licenseDocumentId'), inScope);
  if (license) base.where(r('licenseDocumentId'), license);
  const [ids, [{ n }]] = await Promise.all([
    base
      .clone()
      .select('r.id')
      .orderBy([
        { column: r('createdAt'), order: 'desc' },
        { column: 'r.id', order: 'desc' },
      ])
      .offset(offset)
      .limit(limit),
    base.clone().count({ n: '*' }),
  ]);
  const order = ids.map((x: { id: number }) => Number(x.id));
  const rows = order.length ? await reminders(strapi).findMany({ where: { id: { $in: order } } }) : [];
  const byId = new Map(rows.map((row: { id: number }) => [Number(row.id), row]));
  return { rows: order.map((id) => byId.get(id)).filter(Boolean) as ReminderRow[], total: Number(n) };
};
