/** Seat arithmetic (docs/domain.md, "Seats"). */
import type { AssignmentModel } from '../../../shared/constants';
import type { Seats } from '../../../shared/contracts/licenses';

export type { Seats };

/** `total` null: a site license, no limit (nothing available to count down, never a shortfall). */
export const seats = (total: number | null, used: number): Seats =>
  total === null
    ? { total: null, used, available: null, shortfall: 0 }
    : {
        total,
        used,
        available: Math.max(0, total - used),
        shortfall: Math.max(0, used - total),
      };

/**
 * Which kind of assignment uses a seat under a limited model; the other kind is recorded only (and
 * none under the hardware models). A site license limits neither (seatLimited).
 */
export const countedKind = (model: AssignmentModel): 'person' | 'asset' => (model === 'per_user' ? 'person' : 'asset');

/** A license's kept counts: its assignments of each kind, and the units its asset assignments use. */
export interface KeptCounts {
  persons: number;
  assets: number;
  assetUnits: number;
}

/** The seats a license uses under its model: persons, computers, the units (cores, processors) of its assets, or (site) everyone and everything assigned. */
export const usedSeats = (model: AssignmentModel, counts: KeptCounts): number =>
  model === 'per_user' ? counts.persons : model === 'per_computer' ? counts.assets : model === 'site' ? counts.persons + counts.assets : counts.assetUnits;
