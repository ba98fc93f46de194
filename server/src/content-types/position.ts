/**
 * The compliance report's kept rows (docs/domain.md, "Compliance", "Kept compliance rows"): each software's row
 * of the whole register as of today, its costs per currency, and the changes noted by the writes
 * since it was worked out (server/src/db/compliance-positions). Plain ids, not relations: a kept row
 * never blocks a software's deletion, and the report drops it with the next change.
 */
import { COMPLIANCE_STATUSES } from '../../../shared/compliance';
import { collection, text } from './define';

const count = () => ({ type: 'integer', column: { defaultTo: 0, notNullable: true } });
/** Cents (two-decimal amounts times 100): integers add exactly in every database. */
const cents = () => ({ type: 'biginteger', column: { defaultTo: 0, notNullable: true } });

/**
 * One software's row, narrow: what the report sorts, filters and counts by (software id 0: the
 * bookkeeping row, whose lock serializes the writers of kept rows and whose `meta` holds the
 * settings the rows were worked out with). The row as answered is apart (compliance-position-row):
 * a page's sort reads these columns of every software, and wide rows in the same table made it read
 * every software's whole row.
 */
export const compliancePosition = collection(
  'compliance-position',
  'compliance-positions',
  'Compliance position',
  {
    softwareId: { type: 'integer', required: true },
    softwareDocumentId: text(64),
    // The sort keys of the software's name and version (shared/compliance sortKey).
    nameKey: text(),
    versionKey: text(),
    status: { type: 'enumeration', enum: [...COMPLIANCE_STATUSES] },
    licenses: count(),
    shortfall: count(),
    unused: count(),
    expiredInUse: count(),
    installed: count(),
    // used / licensed over the limited models (the utilization sort); null when nothing is licensed.
    ratio: { type: 'float' },
    // The bookkeeping row's settings fingerprint and generation (null on a software's row).
    meta: { type: 'json' },
    // When time alone changes the row: the next day, or an installation going stale.
    staleAt: { type: 'datetime' },
    // 1: a cost too large for the cents columns: its costs are in its row only, and the totals add them apart.
    oversize: count(),
  },
  [
    { name: 'lm_positions_software_uq', columns: ['software_id'], type: 'unique' },
    { name: 'lm_positions_stale_idx', columns: ['stale_at'] },
    // The totals count the statuses from this index alone, not from the wide rows.
    { name: 'lm_positions_status_idx', columns: ['status'] },
    // The rows whose costs the totals add apart: found without reading every row.
    { name: 'lm_positions_oversize_idx', columns: ['oversize'] },
    // The software order read from the index, not sorted, where the index is in code point order (SQLite's binary comparison).
    { name: 'lm_positions_keys_idx', columns: ['name_key', 'version_key', 'software_document_id'] },
  ],
);

/** A kept software's row as the report answers it, its reconciliation counts aside. */
export const compliancePositionRow = collection(
  'compliance-position-row',
  'compliance-position-rows',
  'Compliance position row',
  {
    softwareId: { type: 'integer', required: true },
    row: { type: 'json' },
  },
  [{ name: 'lm_position_rows_software_uq', columns: ['software_id'], type: 'unique' }],
);

/** A kept row's costs in one currency (the totals add them per currency). */
export const compliancePositionCost = collection(
  'compliance-position-cost',
  'compliance-position-costs',
  'Compliance position cost',
  {
    softwareId: { type: 'integer', required: true },
    currency: text(3),
    trueUp: cents(),
    unusedValue: cents(),
    annualRecurring: cents(),
    committed: cents(),
  },
  [
    { name: 'lm_position_costs_software_idx', columns: ['software_id'] },
    // The totals' sums per currency read from this index alone, in currency order.
    { name: 'lm_position_costs_sums_idx', columns: ['currency', 'true_up', 'unused_value', 'annual_recurring', 'committed'] },
  ],
);

/**
 * A software whose kept row a write changed, noted in the write's transaction (null: every row).
 * Inserts only: concurrent writers never wait on each other here.
 */
export const complianceChange = collection('compliance-change', 'compliance-changes', 'Compliance change', {
  softwareId: { type: 'integer' },
});
