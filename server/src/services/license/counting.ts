/**
 * How a license counts its seats when its model or per-core terms are written (docs/domain.md,
 * "Seats"): the terms belong to per-core licenses only, and a change of model or terms works out the
 * units of every asset assignment again, under the license's lock, before the seat rule decides.
 */
import type { Core } from '@strapi/strapi';
import type { Knex } from 'knex';
import Decimal from 'decimal.js';
import { LICENSE_FIELDS, PER_CORE_TERMS } from '../../../../shared/fields/license';
import { assetAssignmentsOf, countAssignments, hardwareOf, setUnits } from '../../db/assignments';
import { countsHardware, unitsOf, type CountingTerms } from '../../../../shared/units';
import { ConflictError, customMessage, invalid } from '../../errors';
import { customIssue } from '../../../../shared/issues';
import { formatMoney } from '../../../../shared/money';
import { getService } from '../../plugin';
import type { LockedLicense } from './model';

/** The terms that count an asset as it is, as reads show them ("1.00", 0, 0). */
const NEUTRAL = {
  coreFactor: formatMoney(new Decimal(LICENSE_FIELDS.coreFactor.default)),
  minCoresPerProcessor: LICENSE_FIELDS.minCoresPerProcessor.default,
  minCoresPerServer: LICENSE_FIELDS.minCoresPerServer.default,
};

const isDefault = (field: (typeof PER_CORE_TERMS)[number], value: unknown) => value == null || new Decimal(String(value)).equals(LICENSE_FIELDS[field].default);

/**
 * A 400 naming each per-core term sent with another value than its default for a license that is
 * not per-core; then, unless per-core, the terms set to their defaults (a model change clears them,
 * so reads and the CSV never show terms that count nothing).
 */
export const settleCountingTerms = (values: Record<string, any>, input: Record<string, unknown>): void => {
  if (values.assignmentModel === 'per_core') return;
  const sent = PER_CORE_TERMS.filter((f) => f in input && !isDefault(f, input[f]));
  if (sent.length) throw invalid(sent.map((f) => ({ path: [f], message: customMessage('perCoreOnly'), ...customIssue('perCoreOnly') })));
  for (const f of PER_CORE_TERMS) values[f] = NEUTRAL[f];
};

export const countingChanged = (changes: Record<string, unknown>): boolean => 'assignmentModel' in changes || PER_CORE_TERMS.some((f) => f in changes);

/**
 * After a write of the license's model or per-core terms, under its lock: the units of each of its
 * asset assignments from the assets' hardware (read under their shared locks), then its kept counts.
 * A 409 when a hardware model meets a person assignment or an asset whose cores are unknown; the seat
 * rule then runs on the new units (purchases/position `settle`).
 */
export const recountUnits = async (strapi: Core.Strapi, trx: Knex.Transaction, license: LockedLicense, terms: CountingTerms): Promise<void> => {
  if (countsHardware(terms.assignmentModel)) {
    const persons = await countAssignments(strapi, trx, license.id, 'person');
    if (persons) {
      throw new ConflictError(`A license counted per core or per processor is assigned to assets only: it has ${persons} person assignment(s)`, {
        field: 'assignmentModel',
        persons,
      });
    }
  }
  const rows = await assetAssignmentsOf(strapi, trx, license.id);
  const hardware = await hardwareOf(
    strapi,
    trx,
    rows.map((r) => r.asset),
  );
  const changed: Array<{ id: number; units: number }> = [];
  let unknownCores = 0;
  for (const r of rows) {
    const units = unitsOf(terms, hardware.get(r.asset) ?? { processors: 1, coresPerProcessor: null });
    if (units === null) unknownCores++;
    else if (units !== r.units) changed.push({ id: r.id, units });
  }
  if (unknownCores) {
    throw new ConflictError(`${unknownCores} assigned asset(s) have no cores per processor: a per-core license counts them`, {
      field: 'assignmentModel',
      assetsWithoutCores: unknownCores,
    });
  }
  await setUnits(strapi, trx, changed);
  await getService(strapi, 'seatCounts').recount(trx, [license.id]);
};
