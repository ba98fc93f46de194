/**
 * The admin license list as one SQL statement, built from a knex instance, the tables' and columns'
 * names and the parsed list query: no Strapi here, so unit tests compare its `.toSQL()` on every
 * client. Names are identifier bindings (`??`) and values value bindings (`?`); nothing is pasted in.
 */
import type { Knex } from 'knex';
import { statusRange, type StatusWindow } from '../../domain/status';
import { likePattern } from '../db';
import type { LicenseListQuery } from './list-query';
import { PER_COMPUTER } from './model';

export interface LicenseListNames {
  license: string;
  assignment: string;
  software: string;
  /** License attribute → column: id, documentId, timestamps, the scalars, the relations. */
  l: Record<string, string>;
  a: { license: string; person: string; asset: string };
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
 * SQL for the seats a license row uses: assignments of the kind its model counts (assets for
 * per_computer, persons for per_user). One `case` branch per model, so each count reads only its
 * covering index (license, asset) or (license, person) and never the assignment rows.
 */
export const usedSeatsSql = (knex: Knex, n: Pick<LicenseListNames, 'assignment' | 'a' | 'l'>, alias: string): Knex.Raw => {
  const count = (column: string) =>
    knex.raw('(select count(*) from ?? where ?? = ?? and ?? is not null)', [`${n.assignment} as a`, `a.${n.a.license}`, `${alias}.id`, `a.${column}`]);
  return knex.raw('(case when ?? = ? then ? else ? end)', [`${alias}.${n.l.assignmentModel}`, PER_COMPUTER, count(n.a.asset), count(n.a.person)]);
};

/**
 * `page`: the page's rows (license columns under their attribute names, each relation's fields as
 * `<relation>__<field>`, `used` seats and the `total`); `count`: the filtered total, for a page past
 * the last one, where no row carries it.
 */
export const licenseListSql = (
  knex: Knex,
  n: LicenseListNames,
  query: LicenseListInput,
  { client, window }: { client: string; window: StatusWindow }
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
  // Sorting or filtering on seats needs every license's seats. PostgreSQL gets them fastest from
  // one grouped pass over the assignments; SQLite and MySQL from the per-row count on the
  // covering indexes (measured in docs/performance.md).
  const seatsEverywhere = query.sort.field === 'seatsUsed' || query.overAllocated !== undefined;
  // Counted before any seat join or filter; it serves only lists without a seat filter.
  const total = base.clone().count({ total: '*' }).as('total');
  let used = usedSeatsSql(knex, n, 'l');
  if (seatsEverywhere && client === 'postgres') {
    const counts = knex(n.assignment).select(`${n.a.license} as license`).count({ persons: n.a.person, assets: n.a.asset }).groupBy(n.a.license);
    base.leftJoin(counts.as('c'), 'c.license', 'l.id');
    used = knex.raw('(case when ?? = ? then coalesce(??, 0) else coalesce(??, 0) end)', [`l.${n.l.assignmentModel}`, PER_COMPUTER, 'c.assets', 'c.persons']);
  }
  if (query.overAllocated === true) base.whereRaw('? > ??', [used, `l.${n.l.quantity}`]);
  if (query.overAllocated === false) base.whereRaw('? <= ??', [used, `l.${n.l.quantity}`]);

  // Every sort but seatsUsed is a license attribute (LICENSE_SORTS).
  const sortColumn = query.sort.field === 'seatsUsed' ? 'used' : `l.${n.l[query.sort.field]}`;
  // The page's ids, seats and the total in a derived table, then the page's rows joined to their
  // relations. A search or seat filter visits every row anyway, so the total comes from that same
  // pass instead of repeating the filter; otherwise a separate count lets the page stop after its rows.
  const pageIds = base
    .clone()
    .select('l.id', knex.raw('? as used', [used]), query.q || query.overAllocated !== undefined ? knex.raw('count(*) over () as total') : total)
    .orderBy(sortColumn, query.sort.order)
    .orderBy('l.id', query.sort.order)
    .limit(query.pageSize)
    .offset((query.page - 1) * query.pageSize);
  const page = withShownColumns(n, knex.from(pageIds.as('p')).join(`${n.license} as l`, 'l.id', 'p.id'))
    .select('p.used', 'p.total')
    .orderBy(query.sort.field === 'seatsUsed' ? 'p.used' : sortColumn, query.sort.order)
    .orderBy('l.id', query.sort.order);
  return { page, count: base.clone().count({ total: '*' }) };
};

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
