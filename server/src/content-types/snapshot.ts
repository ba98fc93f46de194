/**
 * The daily compliance snapshots (docs/domain.md, "Compliance"): each software's row of a day, of
 * the whole register and of each organization scope, and each day's totals per target, which the
 * trend reads (server/src/db/snapshots).
 */
import { COMPLIANCE_STATUSES } from '../../../shared/compliance';
import { collection, text } from './define';

/**
 * A compliance snapshot's row of one software (new objects each call: Strapi writes column names
 * into them). Plain values, not a relation: the trend outlives a software's deletion, and a
 * snapshot never blocks it.
 */
const snapshotRow = () => ({
  softwareDocumentId: text(64, { required: true }),
  softwareName: text(),
  licensed: { type: 'integer' },
  used: { type: 'integer' },
  shortfall: { type: 'integer' },
  unused: { type: 'integer' },
  expiredInUse: { type: 'integer' },
  status: { type: 'enumeration', enum: [...COMPLIANCE_STATUSES], required: true },
});

/** A sum of the day's rows (bigint: over every software of the register). */
const sum = () => ({ type: 'biginteger', column: { defaultTo: 0, notNullable: true } });

export const complianceSnapshot = collection(
  'compliance-snapshot',
  'compliance-snapshots',
  'Compliance snapshot',
  // One software's compliance row on one day.
  { date: { type: 'date', required: true }, ...snapshotRow() },
  [
    // A day is stored once: a second writer of the same day fails on this index and sees it done.
    { name: 'lm_snapshots_date_software_uq', columns: ['date', 'software_document_id'], type: 'unique' },
    // One software's trend: its row of each day in the range.
    { name: 'lm_snapshots_software_date_idx', columns: ['software_document_id', 'date'] },
  ],
);

// The same rows for one organization scope (server/src/scope): the licenses of the organizations and
// units an admin user with conditions reads, keyed by a hash of them; what that user's trend reads.
export const complianceScopeSnapshot = collection(
  'compliance-scope-snapshot',
  'compliance-scope-snapshots',
  'Compliance snapshot of a scope',
  { date: { type: 'date', required: true }, scopeKey: text(64, { required: true }), ...snapshotRow() },
  [
    { name: 'lm_scope_snapshots_uq', columns: ['date', 'scope_key', 'software_document_id'], type: 'unique' },
    { name: 'lm_scope_snapshots_software_idx', columns: ['scope_key', 'software_document_id', 'date'] },
  ],
);

/**
 * A day's totals of one target: the trend's point, written in the transaction that writes the
 * day's rows. One table for both targets: the whole register is the scope key '' (never a scope's
 * hash), so one unique index guards every target's day and is the index the trend reads
 * (`scope_key = ? and date between ? and ?`). Not NULL for the register: a unique index lets NULLs
 * repeat, and then it would not stop a second register row of a day.
 */
export const complianceSnapshotTotal = collection(
  'compliance-snapshot-total',
  'compliance-snapshot-totals',
  'Compliance snapshot totals',
  {
    date: { type: 'date', required: true },
    scopeKey: text(64, { column: { defaultTo: '', notNullable: true } }),
    // The day's rows (software), and of them the non-compliant and at-risk ones.
    software: { type: 'integer', column: { defaultTo: 0, notNullable: true } },
    nonCompliant: { type: 'integer', column: { defaultTo: 0, notNullable: true } },
    atRisk: { type: 'integer', column: { defaultTo: 0, notNullable: true } },
    shortfall: sum(),
    licensed: sum(),
    used: sum(),
  },
  [{ name: 'lm_snapshot_totals_uq', columns: ['scope_key', 'date'], type: 'unique' }],
);
