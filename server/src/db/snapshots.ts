/**
 * The daily compliance snapshots: each software's row of a day per target (the whole register, or
 * one organization scope's rows keyed by `scopeKey`), and each day's totals per target, the trend's
 * point, written in the transaction that writes the day's rows (so a day has both or neither). How
 * many rows a day holds, a day's rows and totals inserted, the totals of days stored before they
 * existed filled in at startup, and the trend: the totals rows of the range (one per day), or one
 * software's rows through its (software, date) index. Unique indexes keep one row per software
 * and day, and one totals row per target and day.
 */
import type { Core } from '@strapi/strapi';
import type { Knex } from 'knex';
import { UID } from '../../../shared/constants';
import type { TrendPoint } from '../../../shared/contracts/compliance';
import { columnOf, newDocumentId, tableOf } from './meta';
import { writeTransaction } from './transactions';
import { TREND_DAYS_MAX } from '../../../shared/compliance';
import { addDays, dayOfColumn, isoDay } from '../../../shared/days';

/** One software's row of a day, as stored. */
export interface SnapshotRow {
  softwareDocumentId: string;
  softwareName: string;
  licensed: number;
  used: number;
  shortfall: number;
  unused: number;
  expiredInUse: number;
  status: string;
}

const BATCH = 200;

/** Where a day's rows go: the whole register's table, or a scope's rows (`key`) in their own. */
export type SnapshotTarget = { key?: string };
const uidOf = (t: SnapshotTarget) => (t.key === undefined ? UID.complianceSnapshot : UID.complianceScopeSnapshot);
const col = (strapi: Core.Strapi, attribute: string, t: SnapshotTarget = {}) => columnOf(strapi, uidOf(t), attribute);

const TOTALS = UID.complianceSnapshotTotal;
/** The whole register's scope key in the totals table (a scope's is a 64-character hash). */
const REGISTER = '';
const totalsCol = (strapi: Core.Strapi, attribute: string) => columnOf(strapi, TOTALS, attribute);
/** The sums a totals row keeps, as the trend answers them. */
const SUMS = ['nonCompliant', 'atRisk', 'shortfall', 'licensed', 'used'] as const;

/**
 * A trend point's sums over a target's rows, as select columns (`software` the number of rows):
 * the one definition of a point, for the totals written with a day, those filled in for older
 * days, and one software's trend.
 */
const sumsOf = (strapi: Core.Strapi, t: SnapshotTarget) => {
  const knex = strapi.db.connection;
  const c = (attribute: string) => col(strapi, attribute, t);
  const count = (value: string, alias: string) => knex.raw('sum(case when ?? = ? then 1 else 0 end) as ??', [c('status'), value, alias]);
  return [
    knex.raw('count(*) as ??', ['software']),
    count('non_compliant', 'nonCompliant'),
    count('at_risk', 'atRisk'),
    ...(['shortfall', 'licensed', 'used'] as const).map((a) => knex.raw('sum(??) as ??', [c(a), a])),
  ];
};

const pointOf = (r: Record<string, unknown>): TrendPoint => ({
  date: dayOfColumn(r.date) as string,
  nonCompliant: Number(r.nonCompliant),
  atRisk: Number(r.atRisk),
  shortfall: Number(r.shortfall),
  licensed: Number(r.licensed),
  used: Number(r.used),
});

/** A totals row of a day and target from its sums (`r`: software and SUMS), by column. */
const totalsRecord = (strapi: Core.Strapi, day: string, key: string, r: Record<string, unknown>, now: Date) => {
  const record: Record<string, unknown> = {
    [totalsCol(strapi, 'documentId')]: newDocumentId(),
    [totalsCol(strapi, 'date')]: day,
    [totalsCol(strapi, 'scopeKey')]: key,
    [totalsCol(strapi, 'software')]: Number(r.software),
    [totalsCol(strapi, 'createdAt')]: now,
    [totalsCol(strapi, 'updatedAt')]: now,
    [totalsCol(strapi, 'publishedAt')]: now,
  };
  for (const a of SUMS) record[totalsCol(strapi, a)] = Number(r[a] ?? 0);
  return record;
};

/** How many rows the day holds, on the app's connection or inside `trx`. */
export const snapshotCountOn = async (strapi: Core.Strapi, day: string, trx?: Knex.Transaction | Knex, t: SnapshotTarget = {}): Promise<number> => {
  const q = (trx ?? strapi.db.connection)(tableOf(strapi, uidOf(t)))
    .where(col(strapi, 'date', t), day)
    .count({ n: '*' });
  if (t.key !== undefined) q.where(col(strapi, 'scopeKey', t), t.key);
  return Number((await q)[0].n);
};

/** Inserts a day's rows, BATCH per statement, in the current transaction; `now` their timestamps. */
export const insertSnapshotRows = async (strapi: Core.Strapi, day: string, rows: SnapshotRow[], now: Date, t: SnapshotTarget = {}): Promise<void> => {
  const key = t.key === undefined ? {} : { scopeKey: t.key };
  for (let i = 0; i < rows.length; i += BATCH) {
    await strapi.db.query(uidOf(t)).createMany({
      data: rows.slice(i, i + BATCH).map((r) => ({ documentId: newDocumentId(), date: day, ...key, ...r, createdAt: now, updatedAt: now, publishedAt: now })),
    });
  }
};

/**
 * Inserts the day's totals of the target in `trx`, summed from the rows it just inserted there;
 * none when the day has no rows (a day has rows and totals, or neither). A second totals row of
 * the day fails on the unique index (scope key, date), and with it the day's transaction.
 */
export const insertSnapshotTotals = async (strapi: Core.Strapi, trx: Knex.Transaction, day: string, now: Date, t: SnapshotTarget = {}): Promise<void> => {
  const knex = strapi.db.connection;
  const q = knex(tableOf(strapi, uidOf(t)))
    .transacting(trx)
    .select(sumsOf(strapi, t))
    .where(col(strapi, 'date', t), day);
  if (t.key !== undefined) q.where(col(strapi, 'scopeKey', t), t.key);
  const [sums] = await q;
  // Totals left without their rows (rows deleted by hand) follow the rows now written: a day's
  // totals are always its rows' sums. The caller found no rows of the day inside this transaction.
  await knex(tableOf(strapi, TOTALS))
    .transacting(trx)
    .where(columnOf(strapi, TOTALS, 'date'), day)
    .where(columnOf(strapi, TOTALS, 'scopeKey'), t.key ?? REGISTER)
    .delete();
  if (!Number(sums?.software)) return;
  await knex(tableOf(strapi, TOTALS))
    .transacting(trx)
    .insert(totalsRecord(strapi, day, t.key ?? REGISTER, sums, now));
};

/**
 * The totals of days stored before they existed (rows, no totals), filled in at startup; answers
 * how many it wrote. Filled in once rather than summed by every trend request: a register of
 * 20,000 software stored daily for a year before the upgrade has 7.3 million rows, and summing
 * them per request is the cost the totals remove. Only the days a trend can show (the last
 * TREND_DAYS_MAX, with a day's margin each side for the reminders' time zone): a day before them
 * is never shown again, and a day after today enters them at a later start.
 *
 * Cheap when there is nothing to fill: it reads the window's totals (a row a day and target), then
 * sums the rows of the window's days without any (`date in (...)`: on a day with no rows, one
 * probe of the (date, ...) unique index finds nothing). A day of the scopes' rows counts as having
 * totals when any scope has them on it: a scope's rows and totals are written together, by this
 * version. Each totals row is inserted ignoring one the unique index (scope key, date) holds
 * already, in one transaction: two processes starting at once both fill, and a day is stored once;
 * a day stored meanwhile by the daily snapshot keeps the totals it was written with.
 */
export const fillSnapshotTotals = async (strapi: Core.Strapi): Promise<number> => {
  const knex = strapi.db.connection;
  const totals = tableOf(strapi, TOTALS);
  const [totalsKey, totalsDate] = [totalsCol(strapi, 'scopeKey'), totalsCol(strapi, 'date')];
  const today = isoDay(new Date());
  const window = Array.from({ length: TREND_DAYS_MAX + 3 }, (_, i) => addDays(today, 1 - i));
  const records: Array<Record<string, unknown>> = [];
  const now = new Date();
  // The register's rows, then the scopes' (any key that is not the register's picks the scopes' table).
  for (const t of [{}, { key: REGISTER }] as SnapshotTarget[]) {
    const scoped = t.key !== undefined;
    const kept = knex(totals).distinct({ d: totalsDate }).whereIn(totalsDate, window);
    if (scoped) kept.whereNot(totalsKey, REGISTER);
    else kept.where(totalsKey, REGISTER);
    const done = new Set((await kept).map((r: { d: unknown }) => dayOfColumn(r.d)));
    const missing = window.filter((d) => !done.has(d));
    if (!missing.length) continue;
    const [date, key] = [col(strapi, 'date', t), scoped ? col(strapi, 'scopeKey', t) : null];
    const sums = await knex(tableOf(strapi, uidOf(t)))
      .select(knex.raw('?? as date', [date]), ...(key ? [knex.raw('?? as ??', [key, 'scopeKey'])] : []), ...sumsOf(strapi, t))
      .whereIn(date, missing)
      .groupBy(key ? [date, key] : [date]);
    for (const r of sums) records.push(totalsRecord(strapi, dayOfColumn(r.date) as string, key ? String(r.scopeKey) : REGISTER, r, now));
  }
  if (!records.length) return 0;
  await writeTransaction(strapi, async (trx) => {
    for (let i = 0; i < records.length; i += BATCH) {
      await knex(totals)
        .transacting(trx)
        .insert(records.slice(i, i + BATCH))
        .onConflict([totalsKey, totalsDate])
        .ignore();
    }
  });
  return records.length;
};

/**
 * One point per stored day from `from` to `until`, oldest first. The target's totals rows (one a
 * day, through the unique index on scope key and date); `software` narrows to that software's rows
 * (one a day, through the index on software and date).
 */
export const snapshotTrend = async (
  strapi: Core.Strapi,
  { from, until, software, key }: { from: string; until: string; software?: string; key?: string },
): Promise<TrendPoint[]> => {
  const knex = strapi.db.connection;
  if (software) {
    const t: SnapshotTarget = { key };
    const c = (attribute: string) => col(strapi, attribute, t);
    const q = knex(tableOf(strapi, uidOf(t)))
      .select(knex.raw('?? as date', [c('date')]), ...sumsOf(strapi, t))
      .where(c('softwareDocumentId'), software)
      .where(c('date'), '>=', from)
      .where(c('date'), '<=', until)
      .groupBy(c('date'))
      .orderBy(c('date'), 'asc');
    if (key !== undefined) q.where(c('scopeKey'), key);
    return (await q).map(pointOf);
  }
  const c = (attribute: string) => totalsCol(strapi, attribute);
  const rows = await knex(tableOf(strapi, TOTALS))
    .select(knex.raw('?? as date', [c('date')]), ...SUMS.map((a) => knex.raw('?? as ??', [c(a), a])))
    .where(c('scopeKey'), key ?? REGISTER)
    .where(c('date'), '>=', from)
    .where(c('date'), '<=', until)
    .orderBy(c('date'), 'asc');
  return rows.map(pointOf);
};
