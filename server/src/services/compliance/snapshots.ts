/**
 * Daily compliance snapshots: every software's row of a day stored once, whichever process or call
 * comes first. The unique index on (date, software) decides: a second writer of the same day
 * finds the day stored, or fails on the index and then finds it stored; never a duplicate row.
 */
import type { Core } from '@strapi/strapi';
import type { ComplianceRow, SnapshotResult, TrendPoint } from '../../../../shared/contracts/compliance';
import { DATE_FORMAT } from '../../../../shared/schemas';
import { isUniqueViolation, writeTransaction } from '../../db';
import { insertSnapshotRows, snapshotCountOn, snapshotTrend } from '../../db/snapshots';
import { overModels } from './rows';

/** The day was stored by another call while this one computed it. */
class AlreadyStored extends Error {}

export const snapshots = (strapi: Core.Strapi, rowsOn: (day: string) => Promise<ComplianceRow[]>) => {
  const storedOn = (day: string, trx?: Parameters<typeof snapshotCountOn>[2]) => snapshotCountOn(strapi, day, trx);

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
        await insertSnapshotRows(
          strapi,
          day,
          rows.map((r) => ({
            softwareDocumentId: r.software.documentId,
            softwareName: r.software.name,
            ...overModels(r.byModel),
            shortfall: r.shortfall,
            unused: r.unused,
            expiredInUse: r.expiredInUse,
            status: r.status,
          })),
          now,
        );
      });
    } catch (error) {
      if (error instanceof AlreadyStored || isUniqueViolation(error)) return { date: day, software: await storedOn(day), alreadyStored: true };
      throw error;
    }
    return { date: day, software: rows.length, alreadyStored: false };
  };

  const trend = ({ from, until, software }: { from: string; until: string; software?: string }): Promise<TrendPoint[]> =>
    snapshotTrend(strapi, { from, until, software });

  return { snapshot, trend };
};
