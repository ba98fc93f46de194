/**
 * Daily compliance snapshots: every software's row of a day stored once, whichever process or call
 * comes first. The unique index on (date, software) decides: a second writer of the same day
 * finds the day stored, or fails on the index and then finds it stored; never a duplicate row.
 */
import type { Core } from '@strapi/strapi';
import { UID } from '../../../../shared/constants';
import type { ComplianceRow, SnapshotResult, TrendPoint } from '../../../../shared/contracts/compliance';
import { DATE_FORMAT } from '../../../../shared/schemas';
import { columnOf, isUniqueViolation, newDocumentId, tableOf, writeTransaction } from '../../db';

/** The day was stored by another call while this one computed it. */
class AlreadyStored extends Error {}

const BATCH = 200;

const dayOf = (v: unknown): string => (v instanceof Date ? v.toISOString().slice(0, 10) : String(v).slice(0, 10));

export const snapshots = (strapi: Core.Strapi, rowsOn: (day: string) => Promise<ComplianceRow[]>) => {
  const col = (attribute: string) => columnOf(strapi, UID.complianceSnapshot, attribute);
  const table = () => tableOf(strapi, UID.complianceSnapshot);
  const storedOn = async (day: string, trx?: Core.Strapi['db']['connection']) => {
    const q = (trx ?? strapi.db.connection)(table()).where(col('date'), day).count({ n: '*' });
    return Number((await q)[0].n);
  };

  const snapshot = async (day: string): Promise<SnapshotResult> => {
    if (!DATE_FORMAT.test(day) || Number.isNaN(Date.parse(`${day}T00:00:00Z`))) throw new Error(`compliance snapshot: not a day: ${day}`);
    const before = await storedOn(day);
    if (before) return { date: day, software: before, alreadyStored: true };
    const rows = await rowsOn(day);
    const now = new Date();
    try {
      await writeTransaction(strapi, async (trx) => {
        // Again inside the transaction: a retried attempt, or a writer that committed meanwhile.
        if (await storedOn(day, trx)) throw new AlreadyStored();
        for (let i = 0; i < rows.length; i += BATCH) {
          await strapi.db.query(UID.complianceSnapshot).createMany({
            data: rows.slice(i, i + BATCH).map((r) => ({
              documentId: newDocumentId(),
              date: day,
              softwareDocumentId: r.software.documentId,
              softwareName: r.software.name,
              licensed: r.byModel.per_user.licensed + r.byModel.per_computer.licensed,
              used: r.byModel.per_user.used + r.byModel.per_computer.used,
              shortfall: r.shortfall,
              unused: r.unused,
              expiredInUse: r.expiredInUse,
              status: r.status,
              createdAt: now,
              updatedAt: now,
              publishedAt: now,
            })),
          });
        }
      });
    } catch (error) {
      if (error instanceof AlreadyStored || isUniqueViolation(error)) return { date: day, software: await storedOn(day), alreadyStored: true };
      throw error;
    }
    return { date: day, software: rows.length, alreadyStored: false };
  };

  const trend = async ({ from, until, software }: { from: string; until: string; software?: string }): Promise<TrendPoint[]> => {
    const knex = strapi.db.connection;
    const status = col('status');
    const count = (value: string, alias: string) => knex.raw('sum(case when ?? = ? then 1 else 0 end) as ??', [status, value, alias]);
    const q = knex(table())
      .select(
        `${col('date')} as date`,
        count('non_compliant', 'non_compliant'),
        count('at_risk', 'at_risk'),
        knex.raw('sum(??) as shortfall', [col('shortfall')]),
        knex.raw('sum(??) as licensed', [col('licensed')]),
        knex.raw('sum(??) as used', [col('used')])
      )
      .where(col('date'), '>=', from)
      .where(col('date'), '<=', until)
      .groupBy(col('date'))
      .orderBy(col('date'), 'asc');
    if (software) q.where(col('softwareDocumentId'), software);
    return (await q).map((r: Record<string, unknown>) => ({
      date: dayOf(r.date),
      nonCompliant: Number(r.non_compliant),
      atRisk: Number(r.at_risk),
      shortfall: Number(r.shortfall),
      licensed: Number(r.licensed),
      used: Number(r.used),
    }));
  };

  return { snapshot, trend };
};
