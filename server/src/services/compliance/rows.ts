/**
 * The compliance rules of docs/domain.md ("Compliance") over the per-software aggregates that
 * db/compliance returns: positions, shortfall, unused, utilization, status, costs, the sort, the page and
 * the totals. Pure and exact: counts are integers, money is decimal.js; only the utilization sort
 * compares doubles (ratioOf), the number SQL sorts the kept rows by.
 */
import Decimal from 'decimal.js';
import { AT_RISK_UTILIZATION, compareKeys, sortKey, type ComplianceQuery, type ComplianceStatus } from '../../../../shared/compliance';
import { ASSIGNMENT_MODELS, seatLimited, type AssignmentModel, type RecurringBilling } from '../../../../shared/constants';
import { annualOf } from '../../domain/purchases';
import type { ComplianceCost, ComplianceRow, ComplianceTotals, ModelPosition, ReferencePrice } from '../../../../shared/contracts/compliance';
import { formatMoney, Money } from '../../../../shared/money';

export interface ModelAggregate {
  licensed: number;
  used: number;
  /** Quantity of the non-expired licenses that expire within the window. */
  expiring: number;
}

export interface SoftwareAggregate {
  software: { documentId: string; name: string; version: string | null };
  licenses: number;
  models: Record<AssignmentModel, ModelAggregate>;
  /** Site licenses not expired: one covers the software. */
  siteActive: number;
  expiredInUse: number;
  nextExpiration: string | null;
  /** Its counting installations (db/installation-position); none when it has none. */
  installed?: InstalledCounts;
}

/** What a software's installed assets count, in each model's unit, and how many no license covers. */
export interface InstalledCounts {
  assets: number;
  persons: number;
  processors: number;
  cores: number;
}

/** An installed asset counted in a model's unit: a person (its user), a computer, its processors, its cores. */
const INSTALLED_UNIT = { per_user: 'persons', per_computer: 'assets', per_processor: 'processors', per_core: 'cores' } as const;

/**
 * The model a software's installations are counted in (docs/domain.md, "Compliance"): the limited
 * model with the most seats licensed, then the most used, then in ASSIGNMENT_MODELS order; a
 * software with neither counts computers.
 */
export const installedModel = (models: Record<AssignmentModel, { licensed: number; used: number }>): Exclude<AssignmentModel, 'site'> => {
  let best: Exclude<AssignmentModel, 'site'> | null = null;
  for (const m of MODELS as Array<Exclude<AssignmentModel, 'site'>>) {
    if (models[m].licensed === 0 && models[m].used === 0) continue;
    if (!best || models[m].licensed > models[best].licensed || (models[m].licensed === models[best].licensed && models[m].used > models[best].used)) best = m;
  }
  return best ?? 'per_computer';
};

export type ReferencePrices = Partial<Record<AssignmentModel, ReferencePrice>>;

/** A model's reference price candidate (db/compliance): a license's own price, or a further purchase's, and the day it was bought. */
export interface PriceCandidate extends ReferencePrice {
  day: string | null;
}

/**
 * The latest active purchase's unit price (docs/domain.md, "Compliance"): the further purchase when
 * it was bought on the license's day or later, or neither has a day (purchases come after the
 * license they add to); the license's own when only it has a day or it is later. No day is the oldest.
 */
export const referenceOf = (own: PriceCandidate | null, bought: PriceCandidate | null): ReferencePrice | null => {
  let pick = own ?? bought;
  if (own && bought) pick = bought.day === null ? (own.day === null ? bought : own) : own.day === null || bought.day >= own.day ? bought : own;
  return pick && { amount: pick.amount, currency: pick.currency };
};

/** The models with positions: a site license's quantity is informative and its users are never short. */
const MODELS: readonly AssignmentModel[] = ASSIGNMENT_MODELS.filter(seatLimited);
/** Licensed and used over every limited model: units of different models are added as they are (a seat, a core, a processor). */
export const overModels = (models: Record<AssignmentModel, { licensed: number; used: number }>) =>
  MODELS.reduce((t, m) => ({ licensed: t.licensed + models[m].licensed, used: t.used + models[m].used }), { licensed: 0, used: 0 });
const ZERO = new Money(0);
/** Most rows add nothing to most sums: zero is written and read back without decimal.js. */
const ZERO_TEXT = formatMoney(ZERO);
const moneyText = (d: Decimal) => (d === ZERO ? ZERO_TEXT : formatMoney(d));
const plus = (d: Decimal, amount: string) => (amount === ZERO_TEXT ? d : d.plus(amount));

/** used / licensed rounded half up to 4 decimals, in integers (BigInt: no float, no overflow). */
export const utilizationOf = (used: number, licensed: number): string | null => {
  if (licensed <= 0) return null;
  const scaled = (BigInt(used) * 20000n + BigInt(licensed)) / (2n * BigInt(licensed));
  return `${scaled / 10000n}.${String(scaled % 10000n).padStart(4, '0')}`;
};

/** domain.md: covered by a site license; else non_compliant below 0 now; at_risk below 0 once the window's licenses expire, or at ≥ 0.9 utilization. */
export const statusOf = (models: Record<AssignmentModel, ModelAggregate>, siteActive = 0): ComplianceStatus => {
  if (siteActive > 0) return 'covered';
  if (MODELS.some((m) => models[m].licensed - models[m].used < 0)) return 'non_compliant';
  if (MODELS.some((m) => models[m].licensed - models[m].expiring - models[m].used < 0)) return 'at_risk';
  const { licensed, used } = overModels(models);
  // used / licensed ≥ 9/10, compared in integers.
  if (licensed > 0 && used * AT_RISK_UTILIZATION.denominator >= licensed * AT_RISK_UTILIZATION.numerator) return 'at_risk';
  return 'compliant';
};

/** A software's recurring terms active on the report's day with one billing and price (db/compliance, `recurringSql`). */
export interface RecurringTerms {
  currency: string;
  billing: RecurringBilling;
  grossUnitPrice: string;
  quantity: number;
}

/**
 * What a software's terms in one currency commit, whatever the day (db/compliance, committedSql):
 * `cents` (an integer's text) × `times` cents: a sum of terms (times 1), or one large term (its quantity × periods).
 */
export interface CommittedTerms {
  currency: string;
  cents: string;
  times: number;
}

/** Committed cost is added in integer cents (BigInt): every software has it, and integers add exactly and fast. */
type Sums = Map<string, { trueUp: Decimal; unusedValue: Decimal; annualRecurring: Decimal; committed: bigint }>;

/** Cents as a two-decimal amount: 12345n → "123.45". */
export const centsText = (cents: bigint): string => {
  const sign = cents < 0n ? '-' : '';
  const digits = (cents < 0n ? -cents : cents).toString().padStart(3, '0');
  return `${sign}${digits.slice(0, -2)}.${digits.slice(-2)}`;
};
/** A two-decimal amount (as centsText writes it), or an integer's text (as drivers answer a sum of cents, "117200" or "117200.00"), as cents. */
export const centsOf = (amount: string, isCents: boolean): bigint => {
  const [whole, fraction = ''] = amount.split('.');
  return isCents ? BigInt(whole) : BigInt(whole + fraction.padEnd(2, '0'));
};

/** The currency's sums, made at zero when it has none yet: every entry carries the four amounts. */
const sumIn = (sums: Sums, currency: string) => {
  const sum = sums.get(currency) ?? { trueUp: ZERO, unusedValue: ZERO, annualRecurring: ZERO, committed: 0n };
  sums.set(currency, sum);
  return sum;
};

/**
 * Per currency: Σ over the models with a reference price, shortfall × price and unused × price;
 * Σ over the recurring terms, what they cost a year, and over every term what it commits (domain/purchases,
 * as a license's `cost`).
 */
const costsOf = (
  byModel: Record<AssignmentModel, ModelPosition>,
  recurring: RecurringTerms[],
  committed: CommittedTerms[],
  covered: boolean,
): ComplianceCost[] => {
  const sums: Sums = new Map();
  // A covered software owes no true-up; its licenses' unused seats still have a value.
  for (const m of MODELS) {
    const { referencePrice } = byModel[m];
    if (!referencePrice) continue;
    const position = byModel[m].reconciledPosition ?? byModel[m].position;
    const sum = sumIn(sums, referencePrice.currency);
    // A position is a shortfall or a surplus, never both: one multiplication.
    if (position < 0 && !covered) sum.trueUp = sum.trueUp.plus(new Money(referencePrice.amount).times(-position));
    if (position > 0) sum.unusedValue = sum.unusedValue.plus(new Money(referencePrice.amount).times(position));
  }
  for (const r of recurring) {
    const sum = sumIn(sums, r.currency);
    sum.annualRecurring = sum.annualRecurring.plus(annualOf(r.grossUnitPrice, r.quantity, r.billing));
  }
  for (const c of committed) {
    const sum = sumIn(sums, c.currency);
    sum.committed += centsOf(c.cents, true) * BigInt(c.times);
  }
  return sumsOut(sums);
};

const sumsOut = (sums: Sums): ComplianceCost[] =>
  [...sums.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([currency, s]) => ({
      currency,
      trueUp: moneyText(s.trueUp),
      unusedValue: moneyText(s.unusedValue),
      annualRecurring: moneyText(s.annualRecurring),
      committed: centsText(s.committed),
    }));

export const rowOf = (
  a: SoftwareAggregate,
  prices: ReferencePrices = {},
  recurring: RecurringTerms[] = [],
  committed: CommittedTerms[] = [],
): ComplianceRow => {
  // Once the software has a counting installation, its installed units count in one model (installedModel):
  // that model's position is licensed − the larger of used and installed, and status, shortfall and costs follow it.
  const counting = a.installed && a.installed.assets > 0 ? a.installed : null;
  const inModel = counting ? installedModel(a.models) : null;
  const installedIn = (m: AssignmentModel) => (counting && m === inModel ? counting[INSTALLED_UNIT[m]] : null);
  const reconciled = Object.fromEntries(ASSIGNMENT_MODELS.map((m) => [m, { ...a.models[m], used: Math.max(a.models[m].used, installedIn(m) ?? 0) }])) as Record<
    AssignmentModel,
    ModelAggregate
  >;
  const byModel = Object.fromEntries(
    ASSIGNMENT_MODELS.map((m) => {
      const { licensed, used } = a.models[m];
      // Site: the quantity as bought (informative), the persons and assets assigned, never a position.
      if (!seatLimited(m)) return [m, { licensed, used, position: 0, installed: null, reconciledPosition: null, referencePrice: null }];
      const installed = installedIn(m);
      return [
        m,
        {
          licensed,
          used,
          position: licensed - used,
          installed,
          reconciledPosition: installed === null ? null : licensed - reconciled[m].used,
          referencePrice: prices[m] ?? null,
        },
      ];
    }),
  ) as Record<AssignmentModel, ModelPosition>;
  const positions = MODELS.map((m) => byModel[m].reconciledPosition ?? byModel[m].position);
  const { licensed, used } = overModels(a.models);
  const status = statusOf(reconciled, a.siteActive);
  return {
    software: a.software,
    licenses: a.licenses,
    byModel,
    shortfall: status === 'covered' ? 0 : positions.reduce((s, p) => s + Math.max(0, -p), 0),
    unused: positions.reduce((s, p) => s + Math.max(0, p), 0),
    expiredInUse: a.expiredInUse,
    utilization: utilizationOf(used, licensed),
    status,
    nextExpiration: a.nextExpiration,
    installed: a.installed?.assets ?? 0,
    // Filled in for the rows a report answers (services/compliance reconcile): they decide nothing here.
    installedUnlicensed: 0,
    assignedNotInstalled: 0,
    costs: costsOf(byModel, recurring, committed, status === 'covered'),
  };
};

/** A row's order among equals: its software's name, version and documentId (shared/compliance sortKey). */
const keysOf = (rows: ComplianceRow[]) => {
  const keys = new Map(rows.map((r) => [r, [sortKey(r.software.name), sortKey(r.software.version)] as const]));
  return (a: ComplianceRow, b: ComplianceRow) => {
    const [x, y] = [keys.get(a)!, keys.get(b)!];
    return compareKeys(x[0], y[0]) || compareKeys(x[1], y[1]) || (a.software.documentId < b.software.documentId ? -1 : 1);
  };
};

/**
 * used / licensed for sorting, as a double (the kept rows' `ratio` column holds the same number):
 * distinct ratios of seat counts below 2^26 never round to one double. Null (nothing licensed) sorts last in both orders.
 */
export const ratioOf = (r: Pick<ComplianceRow, 'byModel'>): number | null => {
  const { licensed, used } = overModels(r.byModel);
  return licensed > 0 ? used / licensed : null;
};

/** The query's sort; ties (and `software`) by name, version, documentId. */
export const sortRows = (rows: ComplianceRow[], sort: ComplianceQuery['sort']): ComplianceRow[] => {
  const dir = sort.order === 'desc' ? -1 : 1;
  const bySoftware = keysOf(rows);
  if (sort.field === 'software') return [...rows].sort((a, b) => dir * bySoftware(a, b));
  if (sort.field === 'utilization') {
    const keyed = rows.map((row) => ({ row, key: ratioOf(row) }));
    keyed.sort((a, b) => {
      if (a.key === null || b.key === null) return a.key === b.key ? bySoftware(a.row, b.row) : a.key === null ? 1 : -1;
      return dir * (a.key - b.key) || bySoftware(a.row, b.row);
    });
    return keyed.map((k) => k.row);
  }
  const field = sort.field;
  return [...rows].sort((a, b) => dir * (a[field] - b[field]) || bySoftware(a, b));
};

export const totalsOf = (rows: ComplianceRow[]): ComplianceTotals => {
  const sums: Sums = new Map();
  for (const row of rows) {
    for (const c of row.costs) {
      const sum = sumIn(sums, c.currency);
      sum.trueUp = plus(sum.trueUp, c.trueUp);
      sum.unusedValue = plus(sum.unusedValue, c.unusedValue);
      sum.annualRecurring = plus(sum.annualRecurring, c.annualRecurring);
      sum.committed += centsOf(c.committed, false);
    }
  }
  return {
    software: rows.length,
    nonCompliant: rows.filter((r) => r.status === 'non_compliant').length,
    atRisk: rows.filter((r) => r.status === 'at_risk').length,
    costs: sumsOut(sums),
  };
};
