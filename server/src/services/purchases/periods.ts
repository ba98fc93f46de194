/**
 * The periods each term keeps (docs/domain.md, "Purchases": the license's own term and each
 * purchase's), which the compliance report's committed cost multiplies by. Writes keep them; this
 * sets them at startup where none is kept yet (a database from before, a bulk loader's rows) and,
 * for `npm run verify-seats`, finds (and with `repair` sets) those that differ from their terms.
 */
import type { Core } from '@strapi/strapi';
import { BILLINGS, UID, type Billing } from '../../../../shared/constants';
import { periodRows, setPeriods, type PeriodFields, type PeriodRow, type TermTable } from '../../db/purchases';
import { periodsIn } from '../../domain/purchases';

const BATCH = 1000;
const TABLES: Array<[TermTable, 'license' | 'purchase']> = [
  [UID.license, 'license'],
  [UID.purchase, 'purchase'],
];

/** What a term's row should keep; a billing no write could store counts as paid once. */
export const periodsOf = (t: PeriodFields): number =>
  periodsIn({ ...t, billing: BILLINGS.includes(t.billing as Billing) ? (t.billing as Billing) : 'one_time' });

export interface PeriodDifference {
  /** The license's own term, or a purchase. */
  of: 'license' | 'purchase';
  documentId: string;
  kept: number | null;
  counted: number;
}

/** Sets the rows' periods, grouped by value: a statement per value and batch. */
const set = async (strapi: Core.Strapi, uid: TermTable, rows: PeriodRow[], onlyMissing: boolean) => {
  const byValue = new Map<number, number[]>();
  for (const r of rows) {
    const periods = periodsOf(r.term);
    byValue.set(periods, [...(byValue.get(periods) ?? []), r.id]);
  }
  for (const [periods, ids] of byValue) await setPeriods(strapi, uid, periods, ids, onlyMissing);
};

export const termPeriods = (strapi: Core.Strapi) => ({
  /** Sets the periods of every term without them; how many. */
  async fill(): Promise<number> {
    let filled = 0;
    for (const [uid] of TABLES) {
      // Filled rows leave the `missing` walk, so each batch starts after the last one read.
      for (let after = 0, rows = await periodRows(strapi, uid, after, BATCH, true); rows.length; rows = await periodRows(strapi, uid, after, BATCH, true)) {
        await set(strapi, uid, rows, true);
        filled += rows.length;
        after = rows[rows.length - 1].id;
      }
    }
    return filled;
  },

  /** Every term whose kept periods are not its term's; with `repair`, set right. */
  async differences({ repair = false } = {}): Promise<PeriodDifference[]> {
    const out: PeriodDifference[] = [];
    for (const [uid, of] of TABLES) {
      for (let after = 0, rows = await periodRows(strapi, uid, after, BATCH); rows.length; rows = await periodRows(strapi, uid, after, BATCH)) {
        const wrong = rows.filter((r) => r.periods !== periodsOf(r.term));
        out.push(...wrong.map((r) => ({ of, documentId: r.documentId, kept: r.periods, counted: periodsOf(r.term) })));
        if (repair && wrong.length) await set(strapi, uid, wrong, false);
        after = rows[rows.length - 1].id;
      }
    }
    return out;
  },
});
