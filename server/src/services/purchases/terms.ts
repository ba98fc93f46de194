/**
 * Terms end by the passing of time, not by a write (docs/domain.md, "Purchases"): the daily job walks
 * every license with purchases, works out its position for the day and, where the kept one differs,
 * sets it under the license's lock, deciding again on the row as the lock reads it. A second process
 * running the same day finds nothing left to change, so each change (and its history entry) happens
 * once. `npm run verify-seats` reads the same differences.
 */
import type { Core } from '@strapi/strapi';
import { dayOfColumn } from '../../../../shared/days';
import { findLicenseRowById, withLicense } from '../../db/licenses';
import { licensesWithPurchases, positionRows } from '../../db/purchases';
import { positionOn, type Position } from '../../domain/purchases';
import { getService } from '../../plugin';
import { licenseTermOf, scalarsOf, termsOf } from '../license/present';
import { keptPosition, purchaseDay } from './position';

const BATCH = 500;

export interface PositionDifference {
  documentId: string;
  name: string;
  stored: { extraSeats: number; validUntil: string | null };
  counted: { extraSeats: number; validUntil: string | null };
}

const differs = (row: Record<string, any>, p: Position) =>
  Number(row.extraSeats) !== p.extraSeats || dayOfColumn(row.validUntil) !== p.validUntil || dayOfColumn(row.supportUntil) !== p.supportUntil;

export const purchaseTerms = (strapi: Core.Strapi) => {
  const position = keptPosition(strapi);

  /** Every license with purchases whose kept position is not the one of `day`. */
  const differences = async (day: string): Promise<Array<PositionDifference & { id: number }>> => {
    const out: Array<PositionDifference & { id: number }> = [];
    for (let after = 0; ; ) {
      const ids = await licensesWithPurchases(strapi, after, BATCH);
      if (!ids.length) return out;
      after = ids[ids.length - 1];
      const [rows, terms] = await Promise.all([positionRows(strapi, ids), termsOf(strapi, ids)]);
      for (const row of rows) {
        const p = positionOn(licenseTermOf(scalarsOf(row)), terms.get(row.id) ?? [], day);
        if (!differs(row, p)) continue;
        out.push({
          id: row.id,
          documentId: row.documentId,
          name: row.name,
          stored: { extraSeats: Number(row.extraSeats), validUntil: dayOfColumn(row.validUntil) },
          counted: { extraSeats: p.extraSeats, validUntil: p.validUntil },
        });
      }
    }
  };

  return {
    differences: (day = purchaseDay()) => differences(day).then((list) => list.map(({ id: _id, ...d }) => d)),

    /**
     * Brings every license whose term began or ended up to `day` (default today): its seat total,
     * validity and over-allocation, with a `term_changed` history entry. Never refused: under `block`
     * a total that fell below the seats in use shows as a shortfall. Returns how many changed here.
     */
    async refresh(): Promise<number> {
      let changed = 0;
      for (const stale of await differences(purchaseDay())) {
        await withLicense(strapi, stale.documentId, async (locked, trx) => {
          const row = await findLicenseRowById(strapi, locked.id);
          const license = licenseTermOf(scalarsOf(row));
          const terms = (await termsOf(strapi, [locked.id], trx)).get(locked.id) ?? [];
          const now = positionOn(license, terms, purchaseDay());
          // Another process (or a write) set it meanwhile: nothing left to do.
          if (!differs(row, now)) return;
          const was = dayOfColumn(row.validUntil);
          const settled = await position.settle(trx, locked, {
            license,
            terms,
            assignmentModel: locked.assignmentModel,
            overAssignment: locked.overAssignment,
            check: 'never',
            refuse: () => {
              throw new Error('never refused');
            },
          });
          await getService(strapi, 'history').record({
            license: { documentId: locked.documentId, name: locked.name },
            action: 'term_changed',
            actor: 'License Manager',
            changes: {
              ...(settled.old !== settled.new ? { seatsTotal: { old: settled.old, new: settled.new } } : {}),
              ...(was !== settled.position.validUntil ? { validUntil: { old: was, new: settled.position.validUntil } } : {}),
            },
          });
          changed += 1;
        }).catch((error) => {
          // Deleted meanwhile: nothing to keep.
          if ((error as { status?: number }).status !== 404) throw error;
        });
      }
      return changed;
    },
  };
};
