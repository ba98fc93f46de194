/**
 * A software's reconciliation lists (docs/api.md, "Compliance"): its installed assets that no
 * license covers, and its reclaim candidates (asset assignments whose current inventory shows no
 * installation) with each one's value and their total per currency, exact decimal.
 */
import type { Core } from '@strapi/strapi';
import type Decimal from 'decimal.js';
import { UID } from '../../../../shared/constants';
import { formatMoney, Money } from '../../../../shared/money';
import { idsByDocumentId } from '../../db';
import { complianceFilter } from '../../db/compliance-report';
import type { Scope } from '../../scope';
import { reclaimCandidates, unlicensedAssets } from '../../db/installation-position';
import { notFound } from '../../errors';
import { staleBefore } from '../installations/present';
import { csvStream } from '../csv';

export const RECONCILIATION_LISTS = ['installedUnlicensed', 'assignedNotInstalled'] as const;
export type ReconciliationList = (typeof RECONCILIATION_LISTS)[number];

export interface ReconciliationQuery {
  list: ReconciliationList;
  page: number;
  pageSize: number;
  organization?: string;
  category?: string;
}

/** A candidate's value: its license's gross unit price × the units it uses; null without a price or currency. */
const valueOf = (price: string | null, currency: string | null, units: number) =>
  price === null || currency === null ? null : { amount: formatMoney(new Money(price).times(units)), currency };

const iso = (d: Date | null) => d?.toISOString() ?? null;

export const reconciliation = (strapi: Core.Strapi) => {
  const read = async (softwareDocumentId: string, query: ReconciliationQuery, scope: Scope, all = false) => {
    const softwareId = (await idsByDocumentId(strapi, UID.software, [softwareDocumentId])).get(softwareDocumentId);
    if (softwareId === undefined) throw notFound('Software');
    const filter = await complianceFilter(strapi, query, scope);
    const since = await staleBefore(strapi);
    const page = all ? { offset: 0, limit: Number.MAX_SAFE_INTEGER } : { offset: (query.page - 1) * query.pageSize, limit: query.pageSize };
    const pagination = (total: number) => ({ page: query.page, pageSize: query.pageSize, pageCount: Math.ceil(total / query.pageSize), total });
    if (query.list === 'installedUnlicensed') {
      const { rows, total } = await unlicensedAssets(strapi, softwareId, filter, since, page);
      return { list: query.list, data: rows.map((r) => ({ ...r, lastSeen: iso(r.lastSeen) })), meta: { pagination: pagination(total) } };
    }
    const { rows, prices } = await reclaimCandidates(strapi, softwareId, filter, since, page);
    const sums = new Map<string, Decimal>();
    for (const p of prices) {
      const v = valueOf(p.price, p.currency, p.units);
      if (v) sums.set(v.currency, (sums.get(v.currency) ?? new Money(0)).plus(v.amount));
    }
    return {
      list: query.list,
      data: rows.map(({ price, currency, units, lastSeen, ...r }) => ({ ...r, units, value: valueOf(price, currency, units), lastSeen: iso(lastSeen) })),
      meta: {
        pagination: pagination(prices.length),
        value: [...sums.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([currency, amount]) => ({ currency, amount: formatMoney(amount) })),
      },
    };
  };

  return {
    read: (softwareDocumentId: string, query: ReconciliationQuery, scope: Scope = null) => read(softwareDocumentId, query, scope),
    /** Every row of the list as CSV, through the plugin's one CSV writer. */
    async csv(softwareDocumentId: string, query: ReconciliationQuery, delimiter: string, scope: Scope = null) {
      const out = await read(softwareDocumentId, query, scope, true);
      if (out.list === 'installedUnlicensed') {
        return csvStream(
          ['asset', 'hostname', 'serialNumber', 'user', 'installations', 'lastSeen'],
          out.data.map((r) => [
            r.asset.name,
            r.asset.hostname,
            r.asset.serialNumber,
            r.user ? [r.user.firstName, r.user.lastName].filter(Boolean).join(' ') : '',
            r.installations,
            r.lastSeen,
          ]),
          delimiter,
        );
      }
      return csvStream(
        ['license', 'asset', 'hostname', 'units', 'value', 'currency', 'lastSeen'],
        out.data.map((r) => [r.license.name, r.asset.name, r.asset.hostname, r.units, r.value?.amount ?? '', r.value?.currency ?? '', r.lastSeen]),
        delimiter,
      );
    },
  };
};
