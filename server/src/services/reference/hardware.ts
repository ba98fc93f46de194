/**
 * An asset's hardware edit and the licenses that count it (docs/domain.md, "Seats"): the one write
 * of reference data that moves seats.
 */
import type { Core } from '@strapi/strapi';
import type { Knex } from 'knex';
import { countsHardware, unitsOf } from '../../../../shared/units';
import { assignmentsOfTarget, countUsedSeats, hardwareOf, setUnits } from '../../db/assignments';
import { lockLicenses } from '../../db/licenses';
import { ConflictError } from '../../errors';
import { getService } from '../../plugin';
import { seatTotal } from '../license/model';

/** What an asset's assignments' units are worked out from (shared/units). */
export const HARDWARE_FIELDS = ['processors', 'coresPerProcessor'] as const;

/** A license a hardware edit would take past its seats, or that could no longer count the asset. */
type Refusal = { documentId: string; name: string } & ({ reason: 'seats'; used: number; total: number; shortfall: number } | { reason: 'noCores' });

/**
 * After an asset's processors or cores changed, in the caller's transaction, which holds the asset's
 * update lock: the licenses it is assigned to are locked (in id order, after the asset, as an
 * assignment locks them), the units it uses on each hardware-counted one worked out again and their
 * counts kept. Under `block`, a 409 naming each license the change takes past its seats (and each
 * per-core license that can no longer count it), and the caller's transaction changes nothing.
 */
export const rehardware = async (
  strapi: Core.Strapi,
  trx: Knex.Transaction,
  asset: { id: number; documentId: string; name: string },
  actor: string,
): Promise<void> => {
  const assetId = asset.id;
  const ofTarget = assignmentsOfTarget(strapi, trx, 'asset', assetId);
  const licenseIds = await ofTarget.licenseIds();
  if (!licenseIds.length) return;
  const licenses = (await lockLicenses(strapi, trx, licenseIds, 'update')).filter((l) => countsHardware(l.assignmentModel));
  if (!licenses.length) return;
  const rows = await ofTarget.lockRows();
  const hardware = (await hardwareOf(strapi, trx, [assetId])).get(assetId)!;
  const refused: Refusal[] = [];
  const changed: Array<{ id: number; units: number }> = [];
  // Per license whose units move: the asset's units and the seats used before and after, for its history.
  const moved: Array<{ license: (typeof licenses)[number]; units: { old: number; new: number }; used: number }> = [];
  for (const license of licenses) {
    const units = unitsOf(license, hardware);
    if (units === null) refused.push({ documentId: license.documentId, name: license.name, reason: 'noCores' });
    else
      for (const r of rows) {
        if (Number(r.license) !== license.id || r.units === units) continue;
        changed.push({ id: Number(r.id), units });
        moved.push({ license, units: { old: r.units, new: units }, used: await countUsedSeats(strapi, trx, license.id, license.assignmentModel) });
      }
  }
  await setUnits(strapi, trx, changed);
  await getService(strapi, 'seatCounts').recount(
    trx,
    licenses.map((l) => l.id),
  );
  for (const license of licenses.filter((l) => l.overAssignment === 'block')) {
    const used = await countUsedSeats(strapi, trx, license.id, license.assignmentModel);
    const total = seatTotal(license);
    if (total !== null && used > total)
      refused.push({ documentId: license.documentId, name: license.name, used, total, shortfall: used - total, reason: 'seats' });
  }
  if (refused.length) {
    throw new ConflictError(`The asset's new hardware does not fit ${refused.length} of its license(s): ${refused.map((r) => r.name).join(', ')}`, {
      licenses: refused,
    });
  }
  // Each license's history says its seats moved, and why (its seat events are decided from it: services/events).
  await getService(strapi, 'history').record(
    moved.map(({ license, units, used }) => ({
      license: { documentId: license.documentId, name: license.name },
      action: 'units_changed' as const,
      actor,
      changes: {
        asset: { documentId: asset.documentId, name: asset.name },
        units,
        seatsUsed: { old: used, new: used - units.old + units.new },
      },
    })),
  );
};
