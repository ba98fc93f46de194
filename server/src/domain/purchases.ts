/**
 * Purchases (docs/domain.md, "Purchases"): which terms are active on a day, the seat total and the
 * last day covered that follow from them, their cost, and a renewal's next term. Pure: the license's
 * own fields are its first purchase, the others come from license-purchase rows.
 */
import type Decimal from 'decimal.js';
import type { Billing, RecurringBilling } from '../../../shared/constants';
import { addDays, addMonths, daysBetween, monthsBetween } from '../../../shared/days';
import { formatMoney, Money } from '../../../shared/money';

export interface Term {
  /** The license's own fields: active until its expiration date, whatever its start. */
  first?: boolean;
  quantity: number;
  purchaseDate: string | null;
  termStart: string | null;
  /** None: perpetual. */
  termEnd: string | null;
  supportEnd: string | null;
  billing: Billing;
  grossUnitPrice: string | null;
  currency: string | null;
}

/** The license fields its first purchase is made of. */
export interface LicenseTerm {
  quantity: number;
  purchaseDate: string | null;
  expirationDate: string | null;
  supportDate: string | null;
  billing?: Billing | null;
  grossUnitPrice: string | null;
  currency: string | null;
}

export const firstTerm = (l: LicenseTerm): Term => ({
  first: true,
  quantity: l.quantity,
  purchaseDate: l.purchaseDate,
  termStart: l.purchaseDate,
  termEnd: l.expirationDate,
  supportEnd: l.supportDate,
  billing: l.billing ?? 'one_time',
  grossUnitPrice: l.grossUnitPrice,
  currency: l.currency,
});

/** The day a purchase's term begins: its start, else its purchase date; null: it has always been. */
export const termBegins = (t: Term): string | null => (t.first ? null : (t.termStart ?? t.purchaseDate));

export const isActive = (t: Term, day: string): boolean => {
  const begins = termBegins(t);
  return (begins === null || begins <= day) && (t.termEnd === null || day <= t.termEnd);
};

export interface Position {
  /** `seats.total`: the quantity of every term active on the day. */
  total: number;
  /** What the license keeps beside its quantity: total − quantity. */
  extraSeats: number;
  /** The latest end among the terms; null when an active one has none. */
  validUntil: string | null;
  /** The latest support end, for the support reminders. */
  supportUntil: string | null;
}

const latest = (days: Array<string | null>): string | null => days.reduce<string | null>((a, d) => (d !== null && (a === null || d > a) ? d : a), null);

/**
 * A license's position on a day. Without further purchases it is the license as it always was: its
 * quantity, whatever its expiration date (an expired license keeps its seats; its status says so).
 */
export const positionOn = (license: LicenseTerm, purchases: Term[], day: string): Position => {
  if (!purchases.length) return { total: license.quantity, extraSeats: 0, validUntil: license.expirationDate, supportUntil: license.supportDate };
  const all = [firstTerm(license), ...purchases];
  const active = all.filter((t) => isActive(t, day));
  const total = active.reduce((n, t) => n + t.quantity, 0);
  return {
    total,
    extraSeats: total - license.quantity,
    validUntil: active.some((t) => t.termEnd === null) ? null : latest(all.map((t) => t.termEnd)),
    supportUntil: latest(all.map((t) => t.supportEnd)),
  };
};

/* Cost ------------------------------------------------------------------------------------------ */

const MONTHS_PER_PERIOD: Record<RecurringBilling, number> = { monthly: 1, quarterly: 3, yearly: 12 };

export const isRecurring = (billing: Billing): billing is RecurringBilling => billing !== 'one_time';

/** What a recurring term costs a year: gross × quantity × its periods in a year. */
export const annualOf = (grossUnitPrice: Decimal.Value, quantity: number, billing: RecurringBilling): Decimal =>
  new Money(grossUnitPrice).times(quantity).times(12 / MONTHS_PER_PERIOD[billing]);

/**
 * The periods a recurring term is paid for: its months over the period's, a part period counted
 * whole; one when the term has no start or no end, or is paid once. Kept on each term's row
 * (`periods`), so the compliance report adds committed cost in SQL.
 */
export const periodsIn = (t: Pick<Term, 'billing' | 'termStart' | 'purchaseDate' | 'termEnd'>): number => {
  if (!isRecurring(t.billing)) return 1;
  const start = t.termStart ?? t.purchaseDate;
  if (!start || !t.termEnd) return 1;
  const months = monthsBetween(start, addDays(t.termEnd, 1));
  return Math.max(1, Math.ceil(months / MONTHS_PER_PERIOD[t.billing] - 1e-9));
};

export interface Cost {
  currency: string;
  /** Each recurring term active on the day: gross × quantity × its periods in a year. */
  annualRecurring: string;
  /** One-time terms' gross × quantity, and recurring terms' gross × quantity × their periods. */
  committed: string;
}

/** The cost of these terms on a day, per currency (in code order); terms without a price or currency add nothing. */
export const costOn = (terms: Term[], day: string): Cost[] => {
  const sums = new Map<string, { annual: Decimal; committed: Decimal }>();
  for (const t of terms) {
    if (t.grossUnitPrice === null || !t.currency) continue;
    const sum = sums.get(t.currency) ?? { annual: new Money(0), committed: new Money(0) };
    const each = new Money(t.grossUnitPrice).times(t.quantity);
    if (isRecurring(t.billing)) {
      if (isActive(t, day)) sum.annual = sum.annual.plus(annualOf(t.grossUnitPrice, t.quantity, t.billing));
      sum.committed = sum.committed.plus(each.times(periodsIn(t)));
    } else {
      sum.committed = sum.committed.plus(each);
    }
    sums.set(t.currency, sum);
  }
  return [...sums.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([currency, s]) => ({ currency, annualRecurring: formatMoney(s.annual), committed: formatMoney(s.committed) }));
};

/* Renewal --------------------------------------------------------------------------------------- */

/**
 * The term after `t`: from the day after its end, as long as it lasted (whole calendar months when
 * it was whole months, else the same number of days; one billing period when its start is unknown).
 * Null when it has no end (nothing to follow).
 */
export const nextTerm = (t: Term): { termStart: string; termEnd: string } | null => {
  if (t.termEnd === null) return null;
  const termStart = addDays(t.termEnd, 1);
  const start = t.termStart ?? t.purchaseDate;
  if (!start) {
    const months = isRecurring(t.billing) ? MONTHS_PER_PERIOD[t.billing] : 12;
    return { termStart, termEnd: addDays(addMonths(termStart, months), -1) };
  }
  const months = Math.round(monthsBetween(start, termStart));
  if (months > 0 && addMonths(start, months) === termStart) return { termStart, termEnd: addDays(addMonths(termStart, months), -1) };
  return { termStart, termEnd: addDays(termStart, daysBetween(start, t.termEnd)) };
};

/** What a renewal follows: the recurring term that ends last (the license's own among them); null when none is recurring. */
export const renewalBase = (terms: Term[]): Term | null => {
  const recurring = terms.filter((t) => isRecurring(t.billing));
  if (!recurring.length) return null;
  // One without an end covers every later day: nothing comes after it.
  const open = recurring.find((t) => t.termEnd === null);
  if (open) return open;
  return recurring.reduce((a, t) => (t.termEnd! > a.termEnd! ? t : a));
};
