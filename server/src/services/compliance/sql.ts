/**
 * The compliance report's two statements, built from knex and the tables' names (no Strapi here):
 * `aggregates` pools the licenses of each software per model (one row per software, the seats
 * counted per license on the assignments' covering indexes, as the license list does), and
 * `referencePrices` picks each software and model's reference price. Both answer one row per
 * software, never one per license. Names are identifier bindings, values value bindings.
 */
import type { Knex } from 'knex';
import type { StatusWindow } from '../../domain/status';
import { likePattern } from '../db';
import { usedSeatsSql } from '../license/list-sql';
import { PER_COMPUTER } from '../license/model';

export interface ComplianceNames {
  license: string;
  assignment: string;
  software: string;
  l: { software: string; organization: string; category: string; assignmentModel: string; quantity: string; expirationDate: string; purchaseDate: string; grossUnitPrice: string; currency: string };
  a: { license: string; person: string; asset: string };
  s: { documentId: string; name: string; version: string };
}

/** The pooled licenses: organization and category as row ids (-1 when no record has the documentId). */
export interface ComplianceFilter {
  organization?: number;
  category?: number;
  q?: string;
}

/** The licenses a report pools: those with a software, narrowed by organization and category. */
const pooled = (knex: Knex, n: ComplianceNames, filter: ComplianceFilter) => {
  const base = knex(`${n.license} as l`).whereNotNull(`l.${n.l.software}`);
  if (filter.organization !== undefined) base.where(`l.${n.l.organization}`, filter.organization);
  if (filter.category !== undefined) base.where(`l.${n.l.category}`, filter.category);
  if (filter.q) {
    base.whereExists(
      knex(`${n.software} as sq`)
        .select(knex.raw('1'))
        .whereRaw('?? = ??', ['sq.id', `l.${n.l.software}`])
        .whereRaw("lower(??) like ? escape '!'", [`sq.${n.s.name}`, likePattern(filter.q)])
    );
  }
  return base;
};

/**
 * Per software: licenses, and per model (`u_` per_user, `c_` per_computer) the non-expired quantity,
 * the seats used on all licenses, the quantity expiring within the window; the seats used on
 * expired licenses; the next expiration on or after the day.
 */
export const aggregatesSql = (knex: Knex, n: ComplianceNames, filter: ComplianceFilter, window: StatusWindow): Knex.QueryBuilder => {
  const exp = `x.expiration`;
  const isComputer = knex.raw('?? = ?', ['x.model', PER_COMPUTER]);
  const notExpired = knex.raw('(?? is null or ?? >= ?)', [exp, exp, window.today]);
  const expiring = knex.raw('(?? >= ? and ?? <= ?)', [exp, window.today, exp, window.expiringUntil]);
  const sum = (when: Knex.Raw, value: string, alias: string) => knex.raw(`sum(case when ? then ?? else 0 end) as ??`, [when, value, alias]);
  const and = (a: Knex.Raw, b: Knex.Raw) => knex.raw('(? and ?)', [a, b]);
  const not = (a: Knex.Raw) => knex.raw('(not ?)', [a]);

  const perLicense = pooled(knex, n, filter).select(
    `l.${n.l.software} as software`,
    `l.${n.l.assignmentModel} as model`,
    `l.${n.l.quantity} as quantity`,
    `l.${n.l.expirationDate} as expiration`,
    knex.raw('? as used', [usedSeatsSql(knex, n, 'l')])
  );
  const grouped = knex
    .from(perLicense.as('x'))
    .select(
      'x.software',
      knex.raw('count(*) as licenses'),
      sum(and(not(isComputer), notExpired), 'x.quantity', 'u_licensed'),
      sum(not(isComputer), 'x.used', 'u_used'),
      sum(and(not(isComputer), expiring), 'x.quantity', 'u_expiring'),
      sum(and(isComputer, notExpired), 'x.quantity', 'c_licensed'),
      sum(isComputer, 'x.used', 'c_used'),
      sum(and(isComputer, expiring), 'x.quantity', 'c_expiring'),
      sum(not(notExpired), 'x.used', 'expired_in_use'),
      knex.raw('min(case when ?? >= ? then ?? end) as next_expiration', [exp, window.today, exp])
    )
    .groupBy('x.software');
  return knex
    .from(grouped.as('g'))
    .join(`${n.software} as s`, 's.id', 'g.software')
    .select('g.*', `s.${n.s.documentId} as document_id`, `s.${n.s.name} as name`, `s.${n.s.version} as version`);
};

/**
 * Per software and model, the reference price: the gross unit price (and currency) of the most
 * recently purchased non-expired license that has both; no purchase date counts as oldest, and
 * among equals the latest created (highest id) wins.
 */
export const referencePricesSql = (knex: Knex, n: ComplianceNames, filter: ComplianceFilter, window: StatusWindow): Knex.QueryBuilder => {
  const exp = `l.${n.l.expirationDate}`;
  const purchase = `l.${n.l.purchaseDate}`;
  const model = knex.raw('(case when ?? = ? then ? else ? end)', [`l.${n.l.assignmentModel}`, PER_COMPUTER, PER_COMPUTER, 'per_user']);
  const ranked = pooled(knex, n, filter)
    .whereNotNull(`l.${n.l.grossUnitPrice}`)
    .whereNotNull(`l.${n.l.currency}`)
    .where((b) => b.whereNull(exp).orWhere(exp, '>=', window.today))
    .select(
      `l.${n.l.software} as software`,
      knex.raw('? as model', [model]),
      `l.${n.l.grossUnitPrice} as price`,
      `l.${n.l.currency} as currency`,
      knex.raw('row_number() over (partition by ??, ? order by (case when ?? is null then 1 else 0 end), ?? desc, ?? desc) as rn', [
        `l.${n.l.software}`,
        model,
        purchase,
        purchase,
        'l.id',
      ])
    );
  return knex.from(ranked.as('r')).select('r.software', 'r.model', 'r.price', 'r.currency').where('r.rn', 1);
};
