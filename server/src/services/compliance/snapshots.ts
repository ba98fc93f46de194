/**
 * Daily compliance snapshots: every software's row of a day stored once, with the day's totals
 * (the trend's point) in the same transaction, whichever process or call comes first. The unique
 * indexes on (date, software) and on the totals' (scope key, date) decide: a second writer of the
 * same day finds the day stored, or fails on an index and then finds it stored; never a duplicate
 * row. The trend reads the totals, or one software's rows (../../db/snapshots).
 */
import type { Core } from '@strapi/strapi';
import type { ComplianceRow, SnapshotResult, TrendPoint } from '../../../../shared/contracts/compliance';
import { DATE_FORMAT } from '../../../../shared/schemas';
import { isUniqueViolation, writeTransaction } from '../../db';
import { insertSnapshotRows, insertSnapshotTotals, snapshotCountOn, snapshotTrend, type SnapshotTarget } from '../../db/snapshots';
import { conditionedScopes, scopeKeyOf, type ScopeIds } from '../../scope';
import { overModels } from './rows';

/** The day was stored by another call while this one computed it. */
class AlreadyStored extends Error {}

const rowOf = (r: ComplianceRow) => ({
  softwareDocumentId: r.software.documentId,
  softwareName: r.software.name,
  ...overModels(r.byModel),
  shortfall: r.shortfall,
  unused: r.unused,
  expiredInUse: r.expiredInUse,
  status: r.status,
});

/**
 * `rowsOn(day, scope)`: the report's rows as of a day, of the whole register (scope null) or of an
 * organization scope. After the day's rows, those of each scope an admin user with conditions
 * reads now (../../scope, `conditionedScopes`): their trend (docs/domain.md, "Organization scope").
 */
export const snapshots = (strapi: Core.Strapi, rowsOn: (day: string, scope: ScopeIds | null) => Promise<ComplianceRow[]>) => {
  const storedOn = (day: string, trx?: Parameters<typeof snapshotCountOn>[2], t: SnapshotTarget = {}) => snapshotCountOn(strapi, day, trx, t);

  /** Stores a day's rows of one target, and their totals, once; false when they were stored already (by this call's rivals too). */
  const store = async (day: string, rows: ComplianceRow[], t: SnapshotTarget): Promise<boolean> => {
    const now = new Date();
    try {
      await writeTransaction(strapi, async (trx) => {
        // Again inside the transaction: a retried attempt, or a writer that committed meanwhile.
        if (await storedOn(day, trx, t)) throw new AlreadyStored();
        await insertSnapshotRows(strapi, day, rows.map(rowOf), now, t);
        await insertSnapshotTotals(strapi, trx, day, now, t);
      });
      return true;
    } catch (error) {
      if (error instanceof AlreadyStored || isUniqueViolation(error)) return false;
      throw error;
    }
  };

  const snapshot = async (day: string): Promise<SnapshotResult> => {
    if (!DATE_FORMAT.test(day) || Number.isNaN(Date.parse(`${day}T00:00:00Z`))) throw new Error(`compliance snapshot: not a day: ${day}`);
    const before = await storedOn(day);
    const rows = before ? [] : await rowsOn(day, null);
    const stored = before ? false : await store(day, rows, {});
    // Each scope on its own: a scope added since the day's rows were stored gets its rows on the next call.
    for (const { key, scope } of await conditionedScopes(strapi)) {
      if (!(await storedOn(day, undefined, { key }))) await store(day, await rowsOn(day, scope), { key });
    }
    return stored ? { date: day, software: rows.length, alreadyStored: false } : { date: day, software: await storedOn(day), alreadyStored: true };
  };

  /** The whole register's trend, or (`scope`) the trend of the scope's snapshots. */
  const trend = ({ from, until, software, scope }: { from: string; until: string; software?: string; scope?: ScopeIds | null }): Promise<TrendPoint[]> =>
    snapshotTrend(strapi, { from, until, software, ...(scope ? { key: scopeKeyOf(scope) } : {}) });

  return { snapshot, trend };
};
