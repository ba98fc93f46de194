/** Seat arithmetic (docs/domain.md, "Seats"). */
import type { AssignmentModel } from '../../../shared/constants';
import type { Seats } from '../../../shared/contracts/licenses';

export type { Seats };

export const seats = (total: number, used: number): Seats => ({
  total,
  used,
  available: Math.max(0, total - used),
  shortfall: Math.max(0, used - total),
});

/** Which kind of assignment uses a seat under a model; the other kind is recorded only. */
export const countedKind = (model: AssignmentModel): 'person' | 'asset' => (model === 'per_computer' ? 'asset' : 'person');
