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

const col = (strapi: Core.Strapi, attribute: string) => columnOf(strapi, UID.complianceSnapshot, attribute);

/** How many rows the day holds, on the app's connection or inside `trx`. */
export const snapshotCountOn = async (strapi: Core.Strapi, day: string, trx?: Knex.Transaction | Knex): Promise<number> => {
  const q = (trx ?? strapi.db.connection)(tableOf(strapi, UID.complianceSnapshot)).where(col(strapi, 'date'), day).count({ n: '*' });
  return Number((await q)[0].n);
};

/** Inserts a day's rows, BATCH per statement, in the current transaction; `now` their timestamps. */
export const insertSnapshotRows = async (strapi: Core.Strapi, day: string, rows: SnapshotRow[], now: Date): Promise<void> => {
  for (let i = 0; i < rows.length; i += BATCH) {
    await strapi.db.query(UID.complianceSnapshot).createMany({
      data: rows.slice(i, i + BATCH).map((r) => ({ documentId: newDocumentId(), date: day, ...r, createdAt: now, updatedAt: now, publishedAt: now })),
    });
  }
};

/** One point per stored day from `from` to `until`, oldest first; `software` narrows to one software's rows. */
export const snapshotTrend = async (
  strapi: Core.Strapi,
  { from, until, software }: { from: string; until: string; software?: string },
): Promise<TrendPoint[]> => {
  const knex = strapi.db.connection;
  const c = (attribute: string) => col(strapi, attribute);
  const status = c('status');
  const count = (value: string, alias: string) => knex.raw('sum(case when ?? = ? then 1 else 0 end) as ??', [status, value, alias]);
  const q = knex(tableOf(strapi, UID.complianceSnapshot))
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
  return (await q).map((r: Record<string, unknown>) => ({
    date: dayOfColumn(r.date) as string,
    nonCompliant: Number(r.non_compliant),
    atRisk: Number(r.at_risk),
    shortfall: Number(r.shortfall),
    licensed: Number(r.licensed),
    used: Number(r.used),
  }));
};
