/**
 * The report's kept rows (docs/domain.md, "Kept compliance rows"): each software's row of the whole register
 * as of today, kept in the database (db/compliance-positions) so that a report reads its page and
 * totals without pooling every license. Writes note the software they move in their own
 * transaction; the report first works out again the noted rows and the rows time has made stale
 * (the day's turn, an installation no longer seen), then reads. Other reports (a filter, a scope,
 * another day) are worked out whole.
 */
import type { Core } from '@strapi/strapi';
import type { ComplianceQuery } from '../../../../shared/compliance';
import { sortKey } from '../../../../shared/compliance';
import type { ComplianceCost, ComplianceResponse, ComplianceRow } from '../../../../shared/contracts/compliance';
import { addDays } from '../../../../shared/days';
import { statusWindow } from '../../domain/status';
import { getService } from '../../plugin';
import {
  firstSightings,
  keptState,
  readKeptRows,
  readKeptPage,
  readKeptTotals,
  staleSoftware,
  writeKept,
  type CostTexts,
  type KeptRow,
} from '../../db/compliance-positions';
import { noteAll, readChanges } from '../../db/compliance-changes';
import { centsOf, centsText, ratioOf } from './rows';
import { staleBefore } from '../installations/present';
import { importWriting } from '../../db/transactions';
import { ConflictError } from '../../errors';

/** Raised when a kept row's shape or rules change: every row is then worked out again. */
const KEPT_VERSION = 1;
/** Above this many noted software, one pass over the register costs less than a pass over them. */
const PARTIAL_MAX = 2000;
/** Refreshes lost to a concurrent one before this report is worked out whole. */
const ATTEMPTS = 3;
const BIGINT_MAX = 2n ** 63n - 1n;
const DAY_MS = 86_400_000;
const AMOUNTS = ['trueUp', 'unusedValue', 'annualRecurring', 'committed'] as const;

/** Every row of the register as of now (of these software only, when given) and each one's software id. */
export type BuildKept = (software?: number[]) => Promise<{ rows: ComplianceRow[]; idOf: Map<string, number> }>;
/** What fills in a page's reconciliation counts (services/compliance reconcileOf). */
export type Reconcile = (idOf: Map<string, number>, since: Date, rows: ComplianceRow[]) => Promise<ComplianceRow[]>;

const keptRowOf = (row: ComplianceRow, software: number, staleAt: Date): KeptRow => {
  const costs = row.costs.map((c) => ({
    currency: c.currency,
    trueUp: centsOf(c.trueUp, false),
    unusedValue: centsOf(c.unusedValue, false),
    annualRecurring: centsOf(c.annualRecurring, false),
    committed: centsOf(c.committed, false),
  }));
  const big = (v: bigint) => v > BIGINT_MAX || v < -BIGINT_MAX;
  return {
    software,
    documentId: row.software.documentId,
    nameKey: sortKey(row.software.name),
    versionKey: sortKey(row.software.version),
    status: row.status,
    licenses: row.licenses,
    shortfall: row.shortfall,
    unused: row.unused,
    expiredInUse: row.expiredInUse,
    installed: row.installed,
    ratio: ratioOf(row),
    row,
    staleAt,
    oversize: costs.some((c) => big(c.trueUp) || big(c.unusedValue) || big(c.annualRecurring) || big(c.committed)),
    costs,
  };
};

/** A software whose kept row differs from its row worked out afresh: each one's status (null: no row). */
export interface KeptDifference {
  documentId: string;
  name: string;
  kept: string | null;
  counted: string | null;
}

/** JSON with its keys in order: PostgreSQL and MySQL give a JSON column's keys back in their own order. */
const canonical = (value: unknown): string =>
  JSON.stringify(value, (_key, v) =>
    v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : 1))) : v,
  );

/** SQLite's answer to a sum past 64 bits: the report is then worked out whole. */
const overflowed = (error: unknown) => /integer overflow/i.test(String((error as Error)?.message ?? ''));

export const keptPositions = (strapi: Core.Strapi, build: BuildKept, reconcile: Reconcile) => {
  /**
   * Brings the kept rows up to date; false (the report is then worked out whole) after refreshes
   * lost to concurrent ones, or when the rows cannot be written now: an import holding SQLite's
   * write lock, or a writer the database keeps refusing. A report does not fail for them.
   */
  const refresh = async (): Promise<boolean> => {
    for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
      const now = new Date();
      const { expiringWithinDays, staleAfterDays } = await getService(strapi, 'settings').get();
      const fingerprint = `${KEPT_VERSION}:${expiringWithinDays}:${staleAfterDays}`;
      const state = await keptState(strapi);
      const current = state.meta?.fingerprint === fingerprint;
      if (current && !state.changed && (!state.staleAt || state.staleAt > now)) return true;
      if (importWriting.has(strapi)) return false;
      // The changes first, then the rows: a change noted after this read stays noted for the next report.
      const changes = await readChanges(strapi);
      let software: number[] | null = null;
      if (current && changes.every((c) => c.software !== null)) {
        const ids = new Set([...changes.map((c) => c.software!), ...(await staleSoftware(strapi, now))]);
        if (ids.size <= PARTIAL_MAX) software = [...ids];
      }
      const [{ rows, idOf }, sightings] = await Promise.all([
        build(software ?? undefined),
        firstSightings(strapi, await staleBefore(strapi, now), software ?? undefined),
      ]);
      const tomorrow = new Date(`${addDays(statusWindow(0, now).today, 1)}T00:00:00Z`).getTime();
      const kept = rows.map((row) => {
        const id = idOf.get(row.software.documentId)!;
        const seen = sightings.get(id);
        // The row changes by itself at the day's turn, or when its first-seen counting installation goes stale.
        const staleAt = seen ? Math.min(tomorrow, seen.getTime() + staleAfterDays * DAY_MS) : tomorrow;
        return keptRowOf(row, id, new Date(staleAt));
      });
      const written = await writeKept(strapi, {
        generation: state.meta?.generation ?? 0,
        fingerprint,
        software,
        rows: kept,
        changes: changes.map((c) => c.id),
      }).catch((error) => {
        if (error instanceof ConflictError) return false;
        throw error;
      });
      if (written) return true;
    }
    return false;
  };

  return {
    refresh,
    /**
     * The kept rows that differ from the rows worked out afresh, once the noted changes are worked in
     * (a software noted meanwhile is not a difference): what verify-seats prints. `repair`: every row
     * is worked out again. `software`: only these (row ids).
     */
    async differences({ repair = false, software }: { repair?: boolean; software?: number[] } = {}): Promise<KeptDifference[]> {
      await refresh();
      const [stored, { rows, idOf }] = await Promise.all([readKeptRows(strapi, software), build(software)]);
      const noted = await readChanges(strapi);
      if (noted.some((c) => c.software === null)) return [];
      const pending = new Set(noted.map((c) => c.software));
      const out: KeptDifference[] = [];
      for (const row of rows) {
        const id = idOf.get(row.software.documentId)!;
        const kept = stored.get(id) as ComplianceRow | undefined;
        stored.delete(id);
        if (pending.has(id) || (kept && canonical(kept) === canonical(row))) continue;
        out.push({ documentId: row.software.documentId, name: row.software.name, kept: kept?.status ?? null, counted: row.status });
      }
      for (const [id, kept] of stored) {
        const row = kept as ComplianceRow;
        if (!pending.has(id)) out.push({ documentId: row.software.documentId, name: row.software.name, kept: row.status, counted: null });
      }
      if (repair && out.length) {
        await noteAll(strapi);
        await refresh();
      }
      return out;
    },
    /** The report from the kept rows (no filter but the status), or null when it must be worked out whole. */
    async report(query: ComplianceQuery): Promise<ComplianceResponse | null> {
      if (!(await refresh())) return null;
      try {
        const [page, totals] = await Promise.all([readKeptPage(strapi, query), readKeptTotals(strapi, query.status)]);
        const rows = page.map((p) => p.row as unknown as ComplianceRow);
        const idOf = new Map(page.map((p, i) => [rows[i].software.documentId, p.software]));
        const data = await reconcile(idOf, await staleBefore(strapi), rows);
        // Per currency, the columns' sums of cents and the oversize rows' amounts, added as integers.
        const sums = new Map<string, bigint[]>();
        const add = (c: CostTexts, isCents: boolean) => {
          const sum = sums.get(c.currency) ?? [0n, 0n, 0n, 0n];
          AMOUNTS.forEach((a, i) => (sum[i] += centsOf(String(c[a]), isCents)));
          sums.set(String(c.currency), sum);
        };
        totals.costs.forEach((c) => add(c, true));
        totals.oversize.flat().forEach((c) => add(c, false));
        const costs = [...sums.entries()]
          .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
          .map(([currency, sum]) => ({ currency, ...Object.fromEntries(AMOUNTS.map((a, i) => [a, centsText(sum[i])])) }) as ComplianceCost);
        return {
          data,
          meta: {
            pagination: { page: query.page, pageSize: query.pageSize, pageCount: Math.ceil(totals.software / query.pageSize), total: totals.software },
            totals: { software: totals.software, nonCompliant: totals.nonCompliant, atRisk: totals.atRisk, costs },
          },
        };
      } catch (error) {
        if (overflowed(error)) return null;
        throw error;
      }
    },
  };
};
