/**
 * The compliance report's statement, built from knex and the tables' names (no Strapi here): one
 * statement pools the licenses of each software per model (the seats each license keeps, as the
 * license list reads them) and picks each model's reference price candidates among the licenses,
 * one row per software, never one per license. A second (termsSql) answers the terms active on the
 * day: the recurring ones pooled per software and price, and the further purchases' reference price candidates.
 */
import type { Knex } from 'knex';
import type { StatusWindow } from '../domain/status';
import { holdsText } from './search-text';
import { usedSeatsSql } from './license-list';
import { inScope, type ScopeIds } from './scope';
import { ASSIGNMENT_MODELS, RECURRING_BILLINGS, seatLimited, type AssignmentModel } from '../../../shared/constants';

export interface ComplianceNames {
  license: string;
  software: string;
  l: {
    software: string;
    organization: string;
    organizationalUnit: string;
    category: string;
    assignmentModel: string;
    quantity: string;
    /** With the quantity, the seat total (db/purchases keeps it). */
    extraSeats: string;
    /** The last day the license and its purchases cover (kept): what "expired" and "expiring" are about. */
    validUntil: string;
    purchaseDate: string;
    grossUnitPrice: string;
    currency: string;
    seatsUsed: string;
    expirationDate: string;
    billing: string;
    /** The periods its own term is paid for (kept, domain/purchases periodsIn). */
    periods: string;
  };
  s: { documentId: string; name: string; version: string };
  /** The further purchases (db/purchases). */
  purchase: string;
  p: {
    license: string;
    quantity: string;
    purchaseDate: string;
    termStart: string;
    termEnd: string;
    billing: string;
    grossUnitPrice: string;
    currency: string;
    periods: string;
  };
}

/** The pooled licenses: organization and category as row ids (-1 when no record has the documentId). */
export interface ComplianceFilter {
  client: 'sqlite' | 'postgres' | 'mysql';
  organization?: number;
  category?: number;
  q?: string;
  scope?: ScopeIds; // The reader's organization scope (server/src/scope): licenses and assets of its organizations or units.
  software?: number[]; // Only these software (row ids): the kept rows a change moved (services/compliance/positions).
}

const [EXPIRED, EXPIRING, ACTIVE] = [0, 1, 2];
/** Each model's columns in the report's row: `<prefix>_licensed`, `_used`, `_expiring`, `_price`, `_currency`, `_day`. */
export const MODEL_PREFIX = { per_user: 'u', per_computer: 'c', per_core: 'k', per_processor: 'p', site: 's' } as const satisfies Record<
  AssignmentModel,
  string
>;
const PREFIXES = ASSIGNMENT_MODELS.map((m) => [m, MODEL_PREFIX[m]] as const);
/** The models with a reference price: a site license has no seats to price (its row is covered). */
const PRICED = PREFIXES.filter(([m]) => seatLimited(m));
const AGGREGATES = [
  'software',
  'licenses',
  ...PREFIXES.flatMap(([, x]) => [`${x}_licensed`, `${x}_used`, `${x}_expiring`]),
  'site_active',
  'expired_in_use',
  'next_expiration',
];

/** Narrows licenses (alias `l`) by organization, category, scope and software. */
const narrowed = (base: Knex.QueryBuilder, n: ComplianceNames, filter: ComplianceFilter, l: string) => {
  if (filter.software) base.whereIn(`${l}.${n.l.software}`, filter.software);
  if (filter.organization !== undefined) base.where(`${l}.${n.l.organization}`, filter.organization);
  if (filter.category !== undefined) base.where(`${l}.${n.l.category}`, filter.category);
  if (filter.scope) base.where(inScope(filter.scope, `${l}.${n.l.organization}`, `${l}.${n.l.organizationalUnit}`));
  return base;
};

/** The licenses a report pools: those with a software, narrowed by organization, category and the software's name. */
const pooled = (knex: Knex, n: ComplianceNames, filter: ComplianceFilter) => {
  const base = narrowed(knex(`${n.license} as l`).whereNotNull(`l.${n.l.software}`), n, filter, 'l');
  if (filter.q) {
    base.whereExists(
      knex(`${n.software} as sq`)
        .select(knex.raw('1'))
        .whereRaw('?? = ??', ['sq.id', `l.${n.l.software}`])
        .whereRaw(...holdsText(knex, `sq.${n.s.name}`, filter.q)),
    );
  }
  return base;
};

/** Latest day first, no day last: SQLite and MySQL sort NULLs last in a descending order already; PostgreSQL only when told. */
const latestFirst = (q: Knex.QueryBuilder, f: ComplianceFilter, day: Knex.Raw) => q.orderByRaw(`? desc${f.client === 'postgres' ? ' nulls last' : ''}`, [day]);

/**
 * The reference price's license of a software (`g.software`) and model: the most recently purchased
 * license whose own term (its first purchase) is active on the day, with a gross price and a
 * currency; no purchase date counts as the oldest, and among equals the latest created (highest id)
 * wins. One seek on (software, model, purchase date).
 */
const referenceSql = (knex: Knex, n: ComplianceNames, filter: ComplianceFilter, window: StatusWindow, model: string) => {
  const exp = `r.${n.l.expirationDate}`;
  const q = narrowed(knex(`${n.license} as r`).select('r.id'), n, filter, 'r')
    .whereRaw('?? = ??', [`r.${n.l.software}`, 'g.software'])
    .where(`r.${n.l.assignmentModel}`, model)
    .whereNotNull(`r.${n.l.grossUnitPrice}`)
    .whereNotNull(`r.${n.l.currency}`)
    .where((b) => b.whereNull(exp).orWhere(exp, '>=', window.today));
  return latestFirst(q, filter, knex.raw('??', [`r.${n.l.purchaseDate}`]))
    .orderBy('r.id', 'desc')
    .limit(1);
};

/**
 * Per software: licenses, and per model (MODEL_PREFIX: `u_` per_user, `c_` per_computer, …) the non-expired quantity,
 * the seats used on all licenses, the quantity expiring within the window, the license reference
 * price candidate with its currency and purchase date; the seats used on expired licenses; the next expiration on or after the day.
 */
export const aggregatesSql = (knex: Knex, n: ComplianceNames, filter: ComplianceFilter, window: StatusWindow): Knex.QueryBuilder => {
  const exp = `l.${n.l.validUntil}`;
  // Each license's expiry bucket as of the day: expired, expiring within the window, or neither.
  const bucket = knex.raw('(case when ?? < ? then ? when ?? <= ? then ? else ? end)', [
    exp,
    window.today,
    EXPIRED,
    exp,
    window.expiringUntil,
    EXPIRING,
    ACTIVE,
  ]);
  // First per software, model and bucket, so each license's seat count is computed once (a
  // database inlines a derived column into every expression that reads it).
  const buckets = pooled(knex, n, filter)
    .select(
      `l.${n.l.software} as software`,
      `l.${n.l.assignmentModel} as model`,
      knex.raw('? as bucket', [bucket]),
      knex.raw('count(*) as licenses'),
      // Its seat total: the quantity and what its active purchases add (docs/domain.md, "Purchases").
      knex.raw('sum(?? + ??) as quantity', [`l.${n.l.quantity}`, `l.${n.l.extraSeats}`]),
      knex.raw('sum(?) as used', [usedSeatsSql(knex, n, 'l')]),
      knex.raw('min(??) as next_expiration', [exp]),
    )
    // By the bucket's alias: PostgreSQL would not see the repeated expression, with its own bindings, as the same.
    .groupBy(`l.${n.l.software}`, `l.${n.l.assignmentModel}`, 'bucket');
  // Then pivoted to one row per software.
  const isModel = (model: AssignmentModel) => knex.raw('?? = ?', ['m.model', model]);
  const inBucket = (op: '=' | '<>', b: number) => knex.raw(`?? ${op} ?`, ['m.bucket', b]);
  const and = (a: Knex.Raw, b: Knex.Raw) => knex.raw('(? and ?)', [a, b]);
  const sum = (when: Knex.Raw, value: 'quantity' | 'used', alias: string) => knex.raw('sum(case when ? then ?? else 0 end) as ??', [when, `m.${value}`, alias]);
  const grouped = knex
    .from(buckets.as('m'))
    .select(
      'm.software',
      knex.raw('sum(??) as licenses', ['m.licenses']),
      ...PREFIXES.flatMap(([m, x]) => [
        sum(and(isModel(m), inBucket('<>', EXPIRED)), 'quantity', `${x}_licensed`),
        sum(isModel(m), 'used', `${x}_used`),
        sum(and(isModel(m), inBucket('=', EXPIRING)), 'quantity', `${x}_expiring`),
      ]),
      // The site licenses not expired: any one covers its software (docs/domain.md, "Compliance").
      knex.raw('sum(case when ? then ?? else 0 end) as ??', [and(isModel('site'), inBucket('<>', EXPIRED)), 'm.licenses', 'site_active']),
      sum(inBucket('=', EXPIRED), 'used', 'expired_in_use'),
      knex.raw('min(case when ? then ?? end) as next_expiration', [inBucket('<>', EXPIRED), 'm.next_expiration']),
    )
    .groupBy('m.software');
  const withReferences = knex
    .from(grouped.as('g'))
    .select('g.*', Object.fromEntries(PRICED.map(([m, x]) => [`${x}_reference`, referenceSql(knex, n, filter, window, m)])));
  const joined = knex.from(withReferences.as('w')).join(`${n.software} as s`, 's.id', 'w.software');
  for (const [, x] of PRICED) joined.leftJoin(`${n.license} as p${x}`, `p${x}.id`, `w.${x}_reference`);
  return joined.select(
    // Not w.*: the references are read once, by the joins.
    ...AGGREGATES.map((c) => `w.${c}`),
    `s.${n.s.documentId} as document_id`,
    `s.${n.s.name} as name`,
    `s.${n.s.version} as version`,
    ...PRICED.flatMap(([, x]) => [
      `p${x}.${n.l.grossUnitPrice} as ${x}_price`,
      `p${x}.${n.l.currency} as ${x}_currency`,
      `p${x}.${n.l.purchaseDate} as ${x}_day`,
    ]),
  );
};

/** The kinds of row ./termsSql answers. */
export const TERM_ROW = { recurring: 'recurring', bought: 'bought' } as const;

/**
 * One statement over the terms active on the window's day with a price and a currency (docs/domain.md,
 * "Purchases"), one scan of the further purchases, its rows of two kinds:
 * - `recurring`: per software (row id), model, currency, billing and gross unit price, the summed quantity of
 *   the recurring terms: the license's own (its first purchase, active until its expiration date) and
 *   its further purchases (active from their term start, else purchase date, through their term end);
 * - `bought`: per software and model, the further purchases bought last (the latest day, its purchase
 *   date else its term start; none counts as the oldest), one row per price, currency and billing
 *   among them with its highest id. The rules (services/compliance) take the highest id as the
 *   model's purchase reference price candidate and weigh it against the license's own.
 * Rows follow a software's prices and days of purchase, never its licenses.
 */
export const termsSql = (knex: Knex, n: ComplianceNames, filter: ComplianceFilter, window: StatusWindow): Knex.QueryBuilder => {
  const begins = knex.raw('coalesce(??, ??)', [`p.${n.p.termStart}`, `p.${n.p.purchaseDate}`]);
  const purchases = pooled(knex, n, filter)
    .join(`${n.purchase} as p`, `p.${n.p.license}`, 'l.id')
    .select(
      `l.${n.l.software} as software`,
      `l.${n.l.assignmentModel} as model`,
      knex.raw('coalesce(??, ??) as ??', [`p.${n.p.purchaseDate}`, `p.${n.p.termStart}`, 'day']),
      `p.${n.p.currency} as currency`,
      `p.${n.p.billing} as billing`,
      `p.${n.p.grossUnitPrice} as price`,
      knex.raw('sum(??) as quantity', [`p.${n.p.quantity}`]),
      knex.raw('max(??) as id', ['p.id']),
    )
    .where((b) => b.whereRaw('? is null', [begins]).orWhereRaw('? <= ?', [begins, window.today]))
    .where((b) => b.whereNull(`p.${n.p.termEnd}`).orWhere(`p.${n.p.termEnd}`, '>=', window.today))
    .whereNotNull(`p.${n.p.grossUnitPrice}`)
    .whereNotNull(`p.${n.p.currency}`)
    .groupBy(`l.${n.l.software}`, `l.${n.l.assignmentModel}`, 'day', `p.${n.p.currency}`, `p.${n.p.billing}`, `p.${n.p.grossUnitPrice}`);
  // Every member fills every column (a `recurring` row's model, day and id are not read): PostgreSQL types a bare null in a union as text.
  const own = pooled(knex, n, filter)
    .select(
      knex.raw('? as kind', [TERM_ROW.recurring]),
      `l.${n.l.software} as software`,
      `l.${n.l.assignmentModel} as model`,
      knex.raw('max(??) as day', [`l.${n.l.purchaseDate}`]),
      `l.${n.l.currency} as currency`,
      `l.${n.l.billing} as billing`,
      `l.${n.l.grossUnitPrice} as price`,
      knex.raw('sum(??) as quantity', [`l.${n.l.quantity}`]),
      knex.raw('max(??) as id', ['l.id']),
    )
    .whereIn(`l.${n.l.billing}`, RECURRING_BILLINGS)
    .whereNotNull(`l.${n.l.grossUnitPrice}`)
    .whereNotNull(`l.${n.l.currency}`)
    .where((b) => b.whereNull(`l.${n.l.expirationDate}`).orWhere(`l.${n.l.expirationDate}`, '>=', window.today))
    .groupBy(`l.${n.l.software}`, `l.${n.l.assignmentModel}`, `l.${n.l.currency}`, `l.${n.l.billing}`, `l.${n.l.grossUnitPrice}`);
  const further = knex('t')
    .select(
      knex.raw('? as kind', [TERM_ROW.recurring]),
      'software',
      'model',
      knex.raw('max(??) as day', ['day']),
      'currency',
      'billing',
      'price',
      knex.raw('sum(??) as quantity', ['quantity']),
      knex.raw('max(??) as id', ['id']),
    )
    .whereIn('billing', RECURRING_BILLINGS)
    .groupBy('software', 'model', 'currency', 'billing', 'price');
  const latest = knex('t')
    .select('software', 'model', knex.raw('max(??) as ??', ['day', 'latest']))
    .groupBy('software', 'model');
  const bought = knex('t as b')
    .join(latest.as('x'), (j) => j.on('x.software', 'b.software').andOn('x.model', 'b.model'))
    .select(knex.raw('? as kind', [TERM_ROW.bought]), 'b.software', 'b.model', 'b.day', 'b.currency', 'b.billing', 'b.price', 'b.quantity', 'b.id')
    .whereRaw('(?? = ?? or (?? is null and ?? is null))', ['b.day', 'x.latest', 'b.day', 'x.latest']);
  // Each member a derived table: knex would put the first one's group by after the union, and SQLite takes no parenthesised member.
  return knex
    .with('t', purchases)
    .select('*')
    .from(own.as('o'))
    .unionAll(knex.select('*').from(further.as('f')))
    .unionAll(knex.select('*').from(bought.as('r')));
};

/** A term's amount in cents past which SQLite leaves it out of its sum: sums of smaller ones stay exact JavaScript integers (2^53) over a million terms. */
export const COMMITTED_SUMMED_MAX = 9_000_000_000;

/**
 * The terms with a price and a currency of the pooled licenses, their own (`own`) or their further
 * purchases', as software, currency, gross cents and times (quantity × periods; a term whose periods
 * startup has not kept yet counts one).
 */
const pricedTerms = (knex: Knex, n: ComplianceNames, filter: ComplianceFilter, own: boolean) => {
  const [t, price, currency, quantity, periods] = own
    ? ['l', n.l.grossUnitPrice, n.l.currency, n.l.quantity, n.l.periods]
    : ['p', n.p.grossUnitPrice, n.p.currency, n.p.quantity, n.p.periods];
  const base = own ? pooled(knex, n, filter).whereNotNull(`l.${n.l.quantity}`) : pooled(knex, n, filter).join(`${n.purchase} as p`, `p.${n.p.license}`, 'l.id');
  const cents = filter.client === 'sqlite' ? 'cast(round(?? * 100) as integer)' : 'round(?? * 100)';
  return base
    .select(
      `l.${n.l.software} as software`,
      `${t}.${currency} as currency`,
      knex.raw(`${cents} as cents`, [`${t}.${price}`]),
      knex.raw('?? * coalesce(??, 1) as times', [`${t}.${quantity}`, `${t}.${periods}`]),
    )
    .whereNotNull(`${t}.${price}`)
    .whereNotNull(`${t}.${currency}`);
};

/**
 * What every term with a price and a currency commits, whatever the day (docs/domain.md, "Purchases"),
 * in cents (gross cents × quantity × periods), per software and currency: `cents`, their sum, from
 * the licenses' own terms (read from the compliance index alone) and from their
 * purchases, a row each. PostgreSQL and MySQL add exact decimals. SQLite, whose decimals are floats,
 * adds integer cents, leaving out of the sum the terms above COMMITTED_SUMMED_MAX (an integer product
 * that overflows becomes a float, past the bound too) and counting them in `large`, so that no sum
 * overflows or rounds: committedTermsSql reads them.
 */
export const committedSql = (knex: Knex, n: ComplianceNames, filter: ComplianceFilter): Knex.QueryBuilder => {
  const amount = knex.raw('?? * ??', ['t.cents', 't.times']);
  const small = knex.raw('? <= ?', [amount, COMMITTED_SUMMED_MAX]);
  const summed = (own: boolean) =>
    knex
      .from(pricedTerms(knex, n, filter, own).as('t'))
      .select(
        't.software',
        't.currency',
        filter.client === 'sqlite'
          ? knex.raw('sum(case when ? then ? end) as cents', [small, amount])
          : // As text: Strapi's PostgreSQL driver parses numeric into a float.
            knex.raw(`cast(sum(?) as ${filter.client === 'postgres' ? 'text' : 'char'}) as cents`, [amount]),
        filter.client === 'sqlite' ? knex.raw('sum(case when ? then 0 else 1 end) as large', [small]) : knex.raw('0 as large'),
      )
      .groupBy('t.software', 't.currency');
  // Each member a derived table, as in termsSql.
  return knex
    .select('*')
    .from(summed(true).as('o'))
    .unionAll(knex.select('*').from(summed(false).as('f')));
};

/** SQLite: the terms committedSql left out of its sums, of these software (row ids): their currency, cents and quantity × periods. */
export const committedTermsSql = (knex: Knex, n: ComplianceNames, filter: ComplianceFilter, software: number[]): Knex.QueryBuilder => {
  const large = (own: boolean) =>
    knex
      .from(pricedTerms(knex, n, filter, own).as('t'))
      .select('t.software', 't.currency', 't.cents', 't.times')
      .whereIn('t.software', software)
      .whereRaw('?? * ?? > ?', ['t.cents', 't.times', COMMITTED_SUMMED_MAX]);
  return knex
    .select('*')
    .from(large(true).as('o'))
    .unionAll(knex.select('*').from(large(false).as('f')));
};
