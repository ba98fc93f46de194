/**
 * The admin license list as one SQL statement, built from a knex instance, the tables' and columns'
 * names and the parsed list query: no Strapi here, so unit tests compare its `.toSQL()` on every
 * client. Names are identifier bindings (`??`) and values value bindings (`?`); nothing is pasted in.
 */
import type { Knex } from 'knex';
import { statusRange, type StatusWindow } from '../../domain/status';
import { likePattern } from '../db';
import type { LicenseListQuery } from './list-query';

export interface LicenseListNames {
  license: string;
  software: string;
  /** License attribute → column: id, documentId, timestamps, the scalars, the relations, the seat counts. */
  l: Record<string, string>;
  softwareName: string;
  /** Each relation shown on a row: its attribute, table and shown field → column (documentId first). */
  relations: Array<{ name: string; table: string; columns: Record<string, string> }>;
  /** License attributes read on a page row, and those `_q` searches. */
  pageAttributes: readonly string[];
  searched: readonly string[];
}

/** The list query with its documentId filters resolved to row ids (-1 when none has it). */
export type LicenseListInput = Omit<LicenseListQuery, 'software' | 'category' | 'organization'> & {
  software?: number;
  category?: number;
  organization?: number;
};

/**
 * SQL for the seats a license row uses: its kept `seatsUsed` (services/seat-counts), the count of the
 * kind its model counts. No assignment is read: sorting and filtering on seats read an index.
 */
export const usedSeatsSql = (knex: Knex, n: { l: Record<'seatsUsed', string> }, alias: string): Knex.Raw =>
  knex.raw('??', [`${alias}.${n.l.seatsUsed}`]);

/**
 * `page`: the page's rows (license columns under their attribute names, each relation's fields as
 * `<relation>__<field>`, `used` seats and the `total`); `count`: the filtered total, for a page past
 * the last one, where no row carries it.
 */
export const licenseListSql = (
  knex: Knex,
  n: LicenseListNames,
  query: LicenseListInput,
  { window, total: kept }: { window: StatusWindow; total?: number }
): { page: Knex.QueryBuilder; count: Knex.QueryBuilder } => {
  const base = knex(`${n.license} as l`);
  if (query.q) {
    const pattern = likePattern(query.q);
    base.leftJoin(`${n.software} as s`, 's.id', `l.${n.l.software}`).where((b) => {
      const columns = n.searched.map((a) => `l.${n.l[a]}`).concat(`s.${n.softwareName}`);
      for (const col of columns) b.orWhereRaw("lower(??) like ? escape '!'", [col, pattern]);
    });
  }
  for (const param of ['software', 'category', 'organization'] as const) {
    if (query[param] !== undefined) base.where(`l.${n.l[param]}`, query[param]);
  }
  if (query.assignmentModel) base.where(`l.${n.l.assignmentModel}`, query.assignmentModel);
  if (query.status) {
    const expiration = `l.${n.l.expirationDate}`;
    const range = statusRange(query.status, window);
    if ('before' in range) base.where(expiration, '<', range.before);
    else if ('from' in range) base.whereBetween(expiration, [range.from, range.to]);
    else base.where((b) => b.whereNull(expiration).orWhere(expiration, '>', range.after));
  }
  // The kept flag (services/seat-counts), read through its index with the name.
  if (query.overAllocated !== undefined) base.where(`l.${n.l.overAllocated}`, query.overAllocated);
  // The caller's kept number of licenses when nothing filters (services/license-total), else a count.
  const total = kept !== undefined && isUnfiltered(query) ? knex.raw('? as total', [kept]) : base.clone().count({ total: '*' }).as('total');
  const used = usedSeatsSql(knex, n, 'l');

  // Every sort is a license attribute (LICENSE_SORTS), seatsUsed the kept one; each has an index.
  const sortColumn = `l.${n.l[query.sort.field]}`;
  // The page's ids, seats and the total in a derived table, then the page's rows joined to their
  // relations. A search visits every row anyway, so its total comes from that same pass instead of
  // repeating the filter; otherwise a separate count lets the page stop after its rows.
  // The outer query orders by the page's own copy of the sort value, so it reads the page's rows
  // and looks each license up (SQLite would otherwise walk the whole sort index to avoid a sort of 25).
  const pageIds = base
    .clone()
    .select('l.id', knex.raw('? as used', [used]), knex.raw('?? as sort_value', [sortColumn]), query.q ? knex.raw('count(*) over () as total') : total)
    .orderBy(sortColumn, query.sort.order)
    .orderBy('l.id', query.sort.order)
    .limit(query.pageSize)
    .offset((query.page - 1) * query.pageSize);
  const page = withShownColumns(n, knex.from(pageIds.as('p')).join(`${n.license} as l`, 'l.id', 'p.id'))
    .select('p.used', 'p.total')
    .orderBy('p.sort_value', query.sort.order)
    .orderBy('p.id', query.sort.order);
  return { page, count: base.clone().count({ total: '*' }) };
};

/** Whether a list query reads every license (its total is then the kept number of licenses). */
export const isUnfiltered = (q: LicenseListInput): boolean =>
  !q.q && [q.software, q.category, q.organization, q.assignmentModel, q.status, q.overAllocated].every((v) => v === undefined);

/** A page row's columns on the license `l`: its attributes and, joined, the fields that name each relation. */
const withShownColumns = (n: LicenseListNames, qb: Knex.QueryBuilder) => {
  n.relations.forEach((r, i) => qb.leftJoin(`${r.table} as r${i}`, `r${i}.id`, `l.${n.l[r.name]}`));
  return qb.select(
    ...n.pageAttributes.map((a) => `l.${n.l[a]} as ${a}`),
    ...n.relations.flatMap((r, i) => Object.entries(r.columns).map(([f, column]) => `r${i}.${column} as ${r.name}__${f}`))
  );
};

/**
 * The content API's page: licenses picked by id (Strapi's query engine has applied the client's
 * filters, sort and paging), read as list rows with their seats in one statement, in any order.
 */
export const licenseRowsSql = (knex: Knex, n: LicenseListNames, ids: number[]): Knex.QueryBuilder =>
  withShownColumns(n, knex(`${n.license} as l`).whereIn('l.id', ids)).select(knex.raw('? as used', [usedSeatsSql(knex, n, 'l')]));
