/**
 * A license's position kept in its row (docs/domain.md, "Purchases"): after any write that changes a
 * term (a purchase write, a license edit of its quantity or expiration date) and when a term begins
 * or ends (the daily job), under the license's lock. The one place the seat rule meets the purchases:
 * under `block`, a write that leaves fewer seats than are in use is refused, as a quantity edit is.
 */
import type { Core } from '@strapi/strapi';
import type { Knex } from 'knex';
import { isoDay } from '../../../../shared/days';
import { seatLimited } from '../../../../shared/constants';
import { countUsedSeats } from '../../db/assignments';
import { setKeptPosition } from '../../db/purchases';
import { positionOn, type LicenseTerm, type Position, type Term } from '../../domain/purchases';
import { ConflictError } from '../../errors';
import { getService } from '../../plugin';
import { seatTotal, type LockedLicense } from '../license/model';
import { termsOf } from '../license/present';

/** The day terms are counted on: UTC, as a license's status (domain/status). */
export const purchaseDay = (now = new Date()): string => isoDay(now);

export interface Settle {
  /** The license's own fields after the write (its first purchase). */
  license: LicenseTerm;
  /** Its further purchases after the write; read in the transaction when not given. */
  terms?: Term[];
  /** The model and policy after the write (a license edit may change them). */
  assignmentModel: LockedLicense['assignmentModel'];
  overAssignment: LockedLicense['overAssignment'];
  /**
   * When the seats in use are checked against the new total under `block`: `fall` when the total
   * falls (purchase writes), `always` (a license edit of its model or policy: the seats in use change),
   * `never` (a term that ended: time is not refused; the shortfall shows).
   */
  check: 'fall' | 'always' | 'never';
  /** What the refusal names: the field the write changed. */
  refuse: (total: number, used: number) => ConflictError;
}

export const keptPosition = (strapi: Core.Strapi) => ({
  /**
   * Works out the position after a write, refuses it when the seat rule says so, then keeps it and
   * the over-allocation derived from it. Returns the seat total before and after.
   */
  async settle(trx: Knex.Transaction, locked: LockedLicense, s: Settle): Promise<{ position: Position; old: number | null; new: number | null }> {
    const terms = s.terms ?? (await termsOf(strapi, [locked.id], trx)).get(locked.id) ?? [];
    const position = positionOn(s.license, terms, purchaseDay());
    const before = seatTotal(locked);
    // A site license has no total (seatTotal): nothing to refuse, before or after.
    const after = seatLimited(s.assignmentModel) ? position.total : null;
    if (after !== null && s.overAssignment === 'block' && s.check !== 'never' && (s.check === 'always' || before === null || after < before)) {
      const used = await countUsedSeats(strapi, trx, locked.id, s.assignmentModel);
      if (used > after) throw s.refuse(after, used);
    }
    await setKeptPosition(strapi, trx, locked.id, position);
    await getService(strapi, 'seatCounts').derive(trx, [locked.id]);
    return { position, old: before, new: after };
  },
});
