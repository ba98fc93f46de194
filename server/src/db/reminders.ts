/**
 * Renewal reminders' rows and the licenses they are due for. A stage is claimed by inserting its
 * row (the unique index on license, kind, date and offset lets one run win) or by a conditional
 * update that only the run holding the row as read can make; every later write is conditional on
 * the claim's token.
 */
import type { Core } from '@strapi/strapi';
import { REMINDER_DATE_FIELD, UID, type ReminderKind, type ReminderState } from '../../../shared/constants';

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
  { offset, limit, license }: { offset: number; limit: number; license?: string },
): Promise<{ rows: ReminderRow[]; total: number }> => {
  const where = license ? { licenseDocumentId: license } : {};
  const [rows, total] = await Promise.all([
    reminders(strapi).findMany({ where, orderBy: [{ createdAt: 'desc' }, { id: 'desc' }], offset, limit }),
    reminders(strapi).count({ where }),
  ]);
  return { rows: rows as ReminderRow[], total };
};
