/**
 * The compliance report's reads through Strapi: the names its statement (./compliance) is built
 * from, its filters' documentIds as row ids, and the statement run on the app's connection.
 */
import type { Core } from '@strapi/strapi';
import { UID } from '../../../shared/constants';
import type { StatusWindow } from '../domain/status';
import { aggregatesSql, committedSql, committedTermsSql, termsSql, type ComplianceFilter, type ComplianceNames } from './compliance';
import { clientOf, columnOf, tableOf } from './meta';

const namesOf = (strapi: Core.Strapi): ComplianceNames => {
  const l = (a: string) => columnOf(strapi, UID.license, a);
  return {
    license: tableOf(strapi, UID.license),
    software: tableOf(strapi, UID.software),
    l: {
      software: l('software'),
      organization: l('organization'),
      organizationalUnit: l('organizationalUnit'),
      category: l('category'),
      assignmentModel: l('assignmentModel'),
      quantity: l('quantity'),
      extraSeats: l('extraSeats'),
      validUntil: l('validUntil'),
      purchaseDate: l('purchaseDate'),
      grossUnitPrice: l('grossUnitPrice'),
      currency: l('currency'),
      seatsUsed: l('seatsUsed'),
      expirationDate: l('expirationDate'),
      billing: l('billing'),
      periods: l('periods'),
    },
    s: {
      documentId: columnOf(strapi, UID.software, 'documentId'),
      name: columnOf(strapi, UID.software, 'name'),
      version: columnOf(strapi, UID.software, 'version'),
    },
    purchase: tableOf(strapi, UID.purchase),
    p: Object.fromEntries(
      (['license', 'quantity', 'purchaseDate', 'termStart', 'termEnd', 'billing', 'grossUnitPrice', 'currency', 'periods'] as const).map((a) => [
        a,
        columnOf(strapi, UID.purchase, a),
      ]),
    ) as ComplianceNames['p'],
  };
};

/** The report's filters by documentId, software name text aside. */
export interface ComplianceFilterQuery {
  organization?: string;
  category?: string;
  q?: string;
}

/** documentId filters as row ids; one that names nothing pools no license (-1, as the license list's filters). */
export const complianceFilter = async (
  strapi: Core.Strapi,
  query: ComplianceFilterQuery,
  scope?: ComplianceFilter['scope'] | null,
): Promise<ComplianceFilter> => {
  const filter: ComplianceFilter = { client: clientOf(strapi), q: query.q, ...(scope ? { scope } : {}) };
  for (const [param, uid] of [
    ['organization', UID.organization],
    ['category', UID.category],
  ] as const) {
    const documentId = query[param];
    if (!documentId) continue;
    const row = await strapi.db.query(uid).findOne({ select: ['id'], where: { documentId } });
    filter[param] = row?.id ?? -1;
  }
  return filter;
};

/** One row per software pooled by the filter, as of the window's day (columns as ./compliance names them). */
export const complianceAggregates = async (strapi: Core.Strapi, filter: ComplianceFilter, window: StatusWindow): Promise<Record<string, unknown>[]> =>
  await aggregatesSql(strapi.db.connection, namesOf(strapi), filter, window);

/** The terms active on the window's day: recurring ones pooled by price, and the further purchases bought last (./compliance). */
export const complianceTerms = async (strapi: Core.Strapi, filter: ComplianceFilter, window: StatusWindow): Promise<Record<string, unknown>[]> =>
  await termsSql(strapi.db.connection, namesOf(strapi), filter, window);

/**
 * What every term of the pooled licenses commits, per software and currency (./compliance): `cents`
 * (an integer's text) × `times`. A sum of terms (times 1), and on SQLite each term too large to sum, read apart (rare).
 */
export const complianceCommitted = async (
  strapi: Core.Strapi,
  filter: ComplianceFilter,
): Promise<Array<{ software: number; currency: string; cents: string; times: number }>> => {
  const knex = strapi.db.connection;
  const n = namesOf(strapi);
  const sums: Array<Record<string, any>> = await committedSql(knex, n, filter);
  const out = sums
    .filter((r) => r.cents != null)
    .map((r) => ({ software: Number(r.software), currency: String(r.currency), cents: String(r.cents), times: 1 }));
  const large = [...new Set(sums.filter((r) => Number(r.large) > 0).map((r) => Number(r.software)))];
  for (let i = 0; i < large.length; i += 500) {
    for (const r of await committedTermsSql(knex, n, filter, large.slice(i, i + 500)))
      out.push({ software: Number(r.software), currency: String(r.currency), cents: String(r.cents), times: Number(r.times) });
  }
  return out;
};
