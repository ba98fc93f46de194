/**
 * Compliance (docs/domain.md, "Compliance"): the report, its daily snapshots and their trend.
 * The database pools the licenses per software and model and picks the reference prices
 * (db/compliance, one statement, one row per software) and pools the terms active on the day per
 * software and price (a second statement: recurring cost, and the further purchases' reference price candidates); the rules
 * (./rows) turn those rows into positions, status and exact costs, then sort, page and total them.
 * Memory follows the number of software in the report, never the number of licenses.
 */
import type { Core } from '@strapi/strapi';
import type { ComplianceQuery } from '../../../../shared/compliance';
import { ASSIGNMENT_MODELS, seatLimited, type RecurringBilling } from '../../../../shared/constants';
import type { ComplianceResponse, ComplianceRow, SnapshotResult, TrendPoint } from '../../../../shared/contracts/compliance';
import { formatMoney } from '../../../../shared/money';
import { statusWindow } from '../../domain/status';
import { addDays, dayOfColumn } from '../../../../shared/days';
import { getService } from '../../plugin';
import type { Scope } from '../../scope';
import { complianceAggregates, complianceCommitted, complianceFilter, complianceTerms } from '../../db/compliance-report';
import { MODEL_PREFIX, TERM_ROW, type ComplianceFilter } from '../../db/compliance';
import {
  referenceOf,
  rowOf,
  sortRows,
  totalsOf,
  type CommittedTerms,
  type PriceCandidate,
  type RecurringTerms,
  type ReferencePrices,
  type SoftwareAggregate,
} from './rows';
import { snapshots } from './snapshots';
import { keptPositions } from './positions';
import { reconciliation } from './reconciliation';
import { assignedNotInstalled, installedAggregates, unlicensedCounts, type InstalledAggregate } from '../../db/installation-position';
import { staleBefore } from '../installations/present';
import { softwareRefs } from '../../db/installations';

const NO_SEATS = { licensed: 0, used: 0, expiring: 0 };
/** A software installed and licensed by none of the report's licenses. */
const unlicensedAggregate = (software: SoftwareAggregate['software'], { software: _id, ...installed }: InstalledAggregate): SoftwareAggregate => ({
  software,
  licenses: 0,
  models: Object.fromEntries(ASSIGNMENT_MODELS.map((m) => [m, NO_SEATS])) as SoftwareAggregate['models'],
  siteActive: 0,
  expiredInUse: 0,
  nextExpiration: null,
  installed,
});

/**
 * The counts that check each installed asset or assigned asset (installedUnlicensed,
 * assignedNotInstalled), for some rows only: they decide no status or sort, so a page needs
 * them for its own rows, an export for all. `idOf`: each row's software id by documentId.
 */
export const reconcileOf =
  (strapi: Core.Strapi, filter: ComplianceFilter, since: Date, idOf: Map<string, number>) =>
  async (some: ComplianceRow[]): Promise<ComplianceRow[]> => {
    const ids = some.map((r) => idOf.get(r.software.documentId)!).filter((id) => id !== undefined);
    const installedIds = some.filter((r) => r.installed > 0).map((r) => idOf.get(r.software.documentId)!);
    const [unlicensed, notInstalled] = await Promise.all([
      unlicensedCounts(strapi, filter, since, installedIds),
      assignedNotInstalled(strapi, filter, since, ids),
    ]);
    return some.map((r) => {
      const id = idOf.get(r.software.documentId)!;
      return { ...r, installedUnlicensed: unlicensed.get(id) ?? 0, assignedNotInstalled: notInstalled.get(id) ?? 0 };
    });
  };

export { parseComplianceQuery, parseExportQuery, parseTrendQuery } from './query';

/** A reference price candidate from a statement's columns; none without a price or a currency. */
const candidate = (price: unknown, currency: unknown, day: unknown): PriceCandidate | null =>
  price == null || currency == null ? null : { amount: formatMoney(String(price)), currency: String(currency), day: dayOfColumn(day) };

export default ({ strapi }: { strapi: Core.Strapi }) => {
  /**
   * Every software's row for the query's filters, as of a day (today by default), sorted, not paged,
   * and what fills in their reconciliation counts (`reconcile`).
   */
  const build = async (query: ComplianceQuery, asOf?: string, scope: Scope = null, software?: number[]) => {
    const { expiringWithinDays } = await getService(strapi, 'settings').get();
    const window = statusWindow(expiringWithinDays, asOf ? new Date(`${asOf}T00:00:00Z`) : new Date());
    const filter = { ...(await complianceFilter(strapi, query, scope)), ...(software ? { software } : {}) };
    const since = await staleBefore(strapi);
    const [aggregates, terms, committed, installed] = await Promise.all([
      complianceAggregates(strapi, filter, window),
      complianceTerms(strapi, filter, window),
      complianceCommitted(strapi, filter),
      installedAggregates(strapi, filter, since),
    ]);
    const idOf = new Map<string, number>();
    const installedOf = new Map(installed.map((r) => [r.software, r]));
    const recurringOf = new Map<number, RecurringTerms[]>();
    const committedOf = new Map<number, CommittedTerms[]>();
    for (const { software, ...c } of committed) committedOf.set(software, [...(committedOf.get(software) ?? []), c]);
    // Per software and model, the purchase bought last: among the rows of its latest day, the highest id.
    const boughtOf = new Map<string, { id: number; price: PriceCandidate | null }>();
    for (const r of terms) {
      if (r.kind === TERM_ROW.recurring) {
        const list = recurringOf.get(Number(r.software)) ?? [];
        list.push({ currency: String(r.currency), billing: r.billing as RecurringBilling, grossUnitPrice: String(r.price), quantity: Number(r.quantity) });
        recurringOf.set(Number(r.software), list);
      } else {
        const key = `${r.software}:${r.model}`;
        if ((boughtOf.get(key)?.id ?? -1) < Number(r.id)) boughtOf.set(key, { id: Number(r.id), price: candidate(r.price, r.currency, r.day) });
      }
    }
    const all: ComplianceRow[] = aggregates.map((r: Record<string, unknown>) => {
      const n = (k: string) => Number(r[k] ?? 0);
      const aggregate: SoftwareAggregate = {
        software: { documentId: String(r.document_id), name: String(r.name), version: (r.version as string | null) ?? null },
        licenses: n('licenses'),
        models: Object.fromEntries(
          ASSIGNMENT_MODELS.map((m) => {
            const x = MODEL_PREFIX[m];
            return [m, { licensed: n(`${x}_licensed`), used: n(`${x}_used`), expiring: n(`${x}_expiring`) }];
          }),
        ) as SoftwareAggregate['models'],
        siteActive: n('site_active'),
        expiredInUse: n('expired_in_use'),
        nextExpiration: dayOfColumn(r.next_expiration),
        installed: installedOf.get(Number(r.software)),
      };
      idOf.set(String(r.document_id), Number(r.software));
      installedOf.delete(Number(r.software));
      const prices: ReferencePrices = {};
      for (const m of ASSIGNMENT_MODELS.filter(seatLimited)) {
        const x = MODEL_PREFIX[m];
        const price = referenceOf(candidate(r[`${x}_price`], r[`${x}_currency`], r[`${x}_day`]), boughtOf.get(`${r.software}:${m}`)?.price ?? null);
        if (price) prices[m] = price;
      }
      return rowOf(aggregate, prices, recurringOf.get(Number(r.software)), committedOf.get(Number(r.software)));
    });
    // Software installed but without a license the report pools: a row of its own (not when a category
    // narrows the report, which says nothing of installations).
    if (filter.category === undefined) {
      for (const { id, ...software } of await softwareRefs(strapi, [...installedOf.keys()])) {
        all.push(rowOf(unlicensedAggregate(software, installedOf.get(id)!)));
        idOf.set(software.documentId, id);
      }
    }
    const kept = query.status ? all.filter((row) => row.status === query.status) : all;
    const reconcile = reconcileOf(strapi, filter, since, idOf);
    // Only the software with unlicensed installations: their counts worked out for every installed row first.
    if (query.unlicensed) {
      const counted = await reconcile(kept.filter((r) => r.installed > 0));
      return {
        rows: sortRows(
          counted.filter((r) => r.installedUnlicensed > 0),
          query.sort,
        ),
        reconcile,
        idOf,
      };
    }
    return { rows: sortRows(kept, query.sort), reconcile, idOf };
  };
  /** Every row, reconciled (the CSV export). */
  const rows = async (query: ComplianceQuery, asOf?: string, scope: Scope = null): Promise<ComplianceRow[]> => {
    const built = await build(query, asOf, scope);
    return built.reconcile(built.rows);
  };

  // A day's snapshot stores statuses and counts: the reconciliation's lists are not needed.
  const { snapshot, trend } = snapshots(
    strapi,
    async (day, scope) => (await build({ sort: { field: 'software', order: 'asc' }, page: 1, pageSize: 1 }, day, scope)).rows,
  );

  const kept = keptPositions(
    strapi,
    async (software) => build({ sort: { field: 'software', order: 'asc' }, page: 1, pageSize: 1 }, undefined, null, software),
    async (idOf, since, some) => reconcileOf(strapi, await complianceFilter(strapi, {}), since, idOf)(some),
  );

  return {
    rows,
    /** Brings the kept rows up to date (./positions); false when the report cannot read them. */
    refreshKept: kept.refresh,
    /** The kept rows that differ from the rows worked out afresh (verify-seats; ./positions). */
    keptDifferences: kept.differences,
    /** A software's reconciliation lists (./reconciliation). */
    reconciliation: reconciliation(strapi),

    /** The report (docs/api.md, "Compliance"): a page of rows, the pagination and the totals of every filtered row. */
    async report(query: ComplianceQuery, asOf?: string, scope: Scope = null): Promise<ComplianceResponse> {
      // The whole register today, of one status or all: its kept rows (./positions).
      const whole = !asOf && !scope && !query.organization && !query.category && !query.q && !query.unlicensed;
      const fromKept = whole ? await kept.report(query) : null;
      if (fromKept) return fromKept;
      const { rows: all, reconcile } = await build(query, asOf, scope);
      const start = (query.page - 1) * query.pageSize;
      return {
        data: await reconcile(all.slice(start, start + query.pageSize)),
        meta: {
          pagination: { page: query.page, pageSize: query.pageSize, pageCount: Math.ceil(all.length / query.pageSize), total: all.length },
          totals: totalsOf(all),
        },
      };
    },

    /** Stores the day's rows once (see ./snapshots); the daily job calls it. */
    snapshot: (day: string): Promise<SnapshotResult> => snapshot(day),

    /**
     * One point per day with a snapshot, oldest first, for the last `days` days up to today (the
     * daily job's today, in the reminders' time zone); never a day after it, whatever is stored.
     */
    async trend({ days, software }: { days: number; software?: string }, scope: Scope = null): Promise<TrendPoint[]> {
      const today = await getService(strapi, 'reminders').today();
      return trend({ from: addDays(today, -(days - 1)), until: today, software, scope });
    },
  };
};
