/**
 * The daily compliance snapshots' rows: how many a day holds, a day's rows inserted, and the trend
 * summed per day. The unique index on (date, software) keeps one row per software and day.
 */
import type { Core } from '@strapi/strapi';
import type { Knex } from 'knex';
import { UID } from '../../../shared/constants';
import type { TrendPoint } from '../../../shared/contracts/compliance';
import { columnOf, newDocumentId, tableOf } from './meta';
import { dayOfColumn } from '../../../shared/days';

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

/** One point per stored day from `from` to `until`, oldest first; `software` narrows to one software's rows. */
export const snapshotTrend = async (
  strapi: Core.Strapi,
  { from, until, software, key }: { from: string; until: string; software?: string; key?: string },
): Promise<TrendPoint[]> => {
  const knex = strapi.db.connection;
  const t: SnapshotTarget = { key };
  const c = (attribute: string) => col(strapi, attribute, t);
  const status = c('status');
  const count = (value: string, alias: string) => knex.raw('sum(case when ?? = ? then 1 else 0 end) as ??', [status, value, alias]);
  const q = knex(tableOf(strapi, uidOf(t)))
    .select(
      `${c('date')} as date`,
      count('non_compliant', 'non_compliant'),
      count('at_risk', 'at_risk'),
      knex.raw('sum(??) as shortfall', [c('shortfall')]),
      knex.raw('sum(??) as licensed', [c('licensed')]),
      knex.raw('sum(??) as used', [c('used')]),
    )
    .where(c('date'), '>=', from)
    .where(c('date'), '<=', until)
    .groupBy(c('date'))
    .orderBy(c('date'), 'asc');
  if (software) q.where(c('softwareDocumentId'), software);
  if (key !== undefined) q.where(c('scopeKey'), key);
  return (await q).map((r: Record<string, unknown>) => ({
    date: dayOfColumn(r.date) as string,
    nonCompliant: Number(r.non_compliant),
    atRisk: Number(r.at_risk),
    shortfall: Number(r.shortfall),
    licensed: Number(r.licensed),
    used: Number(r.used),
  }));
};
