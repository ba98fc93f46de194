/**
 * The admin license list as one SQL statement, built from a knex instance, the tables' and columns'
 * names and the parsed list query: no Strapi here, so unit tests compare its `.toSQL()` on every
 * client. Names are identifier bindings (`??`) and values value bindings (`?`); nothing is pasted in.
 */
import type { Knex } from 'knex';
import { statusRange, type StatusWindow } from '../domain/status';
import { holdsText, likePattern } from './search-text';
import type { LicenseListQuery } from '../services/license/list-query';
import type { SearchPath } from './search-index';

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
  /** The admin user's organization scope (../scope): licenses of these organizations or units only. */
  scope?: { organizations: number[]; units: number[] };
};

/**
 * SQL for the seats a license row uses: its kept `seatsUsed` (db/seat-counts), the count of the
 * kind its model counts. No assignment is read: sorting and filtering on seats read an index.
 */
export const usedSeatsSql = (knex: Knex, n: { l: Record<'seatsUsed', string> }, alias: string): Knex.Raw => knex.raw('??', [`${alias}.${n.l.seatsUsed}`]);

/**
 * `page`: the page's rows (license columns under their attribute names, each relation's fields as
 * `<relation>__<field>`, `used` seats and the `total`); `count`: the filtered total, for a page past
 * the last one, where no row carries it.
 */
export const licenseListSql = (
  knex: Knex,
  n: LicenseListNames,
  query: LicenseListInput,
  {
    window,
    total: known,
    search = { kind: 'scan' },
    walk = false,
  }: {
    window: StatusWindow;
    /** The query's total when the caller has it: the kept number of licenses, or a count it just read. */
    total?: number;
    search?: SearchPath;
    /** FTS5 only: walk the sort's index and test each license against the matches (see walksSortIndex). */
    walk?: boolean;
  },
): { page: Knex.QueryBuilder; count: Knex.QueryBuilder } => {
  const base = filteredLicenses(knex, n, query, { window, search, walk });
  // The caller's total (the kept number of licenses when nothing filters, db/license-total), else a count.
  const total = known !== undefined ? knex.raw('? as total', [known]) : base.clone().count({ total: '*' }).as('total');
  const used = usedSeatsSql(knex, n, 'l');

  // Every sort is a license attribute (LICENSE_SORTS), seatsUsed the kept one; each has an index.
  const sortColumn = `l.${n.l[query.sort.field]}`;
  // The page's ids, seats and the total in a derived table, then the page's rows joined to their
  // relations. A search reads every match anyway, so its total comes from that same pass instead of
  // repeating the filter; otherwise a separate count lets the page stop after its rows.
  // The outer query orders by the page's own copy of the sort value, so it reads the page's rows
  // and looks each license up (SQLite would otherwise walk the whole sort index to avoid a sort of 25).
  const order = query.sort.order;
  const cut = (qb: Knex.QueryBuilder) => qb.limit(query.pageSize).offset((query.page - 1) * query.pageSize);
  let pageIds: Knex.QueryBuilder;
  if (query.q && readsTable(search, query.q) && onlySearch(query) && query.sort.field === 'name') {
    // PostgreSQL, the search alone sorted by name: the matches, their names and their number all
    // from the narrow search table; only the page's 25 licenses are read.
    pageIds = cut(
      tableMatches(knex, search.table, query.q)
        .select('x.id', 'x.name as sort_value', knex.raw('count(*) over () as total'))
        .orderBy('x.name', order)
        .orderBy('x.id', order),
    );
  } else if (query.q && readsTable(search, query.q)) {
    // PostgreSQL: the matches first (the search table's index), then their sort. Left to itself, the
    // planner walks the sort index for the LIMIT and tests every license, not seeing that the
    // window's total needs every match anyway.
    const matches = base.clone().select('l.id', knex.raw('?? as sort_value', [sortColumn]));
    pageIds = cut(
      knex
        .withMaterialized('m', matches)
        .from('m')
        .select('m.id', 'm.sort_value', knex.raw('count(*) over () as total'))
        .orderBy('m.sort_value', order)
        .orderBy('m.id', order),
    );
  } else {
    pageIds = cut(
      base
        .clone()
        .select('l.id', knex.raw('?? as sort_value', [sortColumn]), query.q && known === undefined ? knex.raw('count(*) over () as total') : total)
        .orderBy(sortColumn, order)
        .orderBy('l.id', order),
    );
  }
  const page = withShownColumns(n, knex.from(pageIds.as('p')).join(`${n.license} as l`, 'l.id', 'p.id'))
    .select(knex.raw('? as used', [used]), 'p.total')
    .orderBy('p.sort_value', order)
    .orderBy('p.id', order);
  // The search alone on FTS5: its matches counted in the index, no license read.
  // The search alone on PostgreSQL: counted in the search table.
  const count =
    query.q && readsFts(search, query.q) && onlySearch(query)
      ? knex
          .from(search.table)
          .count({ total: '*' })
          .whereRaw('?? match ?', [search.table, ftsPhrase(query.q)])
      : query.q && readsTable(search, query.q) && onlySearch(query)
        ? tableMatches(knex, search.table, query.q).count({ total: '*' })
        : base.clone().count({ total: '*' });
  return { page, count };
};

/** The licenses the list query's filters, search and scope match (`l`), unordered and unselected. */
const filteredLicenses = (
  knex: Knex,
  n: LicenseListNames,
  query: LicenseListInput,
  { window, search, walk }: { window: StatusWindow; search: SearchPath; walk: boolean },
): Knex.QueryBuilder => {
  const base = knex(`${n.license} as l`);
  if (query.scope) {
    const { organizations, units } = query.scope;
    // With FTS5's matches, `+` keeps SQLite from probing the organization index once per match and organization.
    const unindexed = query.q !== undefined && readsFts(search, query.q);
    const within = (b: Knex.QueryBuilder, column: string, ids: number[]) =>
      unindexed ? b.orWhereRaw(`+?? in (${ids.map(() => '?').join(', ')})`, [column, ...ids]) : b.orWhereIn(column, ids);
    base.where((b) => {
      if (!organizations.length && !units.length) b.whereRaw('1 = 0');
      if (organizations.length) within(b, `l.${n.l.organization}`, organizations);
      if (units.length) within(b, `l.${n.l.organizationalUnit}`, units);
    });
  }
  if (query.q) base.where((b) => searchWhere(knex, n, b, query.q as string, search, walk));
  for (const param of ['software', 'category', 'organization'] as const) {
    if (query[param] !== undefined) base.where(`l.${n.l[param]}`, query[param]);
  }
  if (query.assignmentModel) base.where(`l.${n.l.assignmentModel}`, query.assignmentModel);
  if (query.status) {
    // The kept last day covered (db/purchases): a license renewed by a purchase is not expiring.
    const expiration = `l.${n.l.validUntil}`;
    const range = statusRange(query.status, window);
    if ('before' in range) base.where(expiration, '<', range.before);
    else if ('from' in range) base.whereBetween(expiration, [range.from, range.to]);
    else base.where((b) => b.whereNull(expiration).orWhere(expiration, '>', range.after));
  }
  // The last day covered, kept (db/purchases): none is valid past any day.
  if (query.validUntilFrom) base.where((b) => b.whereNull(`l.${n.l.validUntil}`).orWhere(`l.${n.l.validUntil}`, '>=', query.validUntilFrom!));
  if (query.validUntilTo) base.where(`l.${n.l.validUntil}`, '<=', query.validUntilTo);
  // The kept flag (db/seat-counts), read through its index with the name.
  if (query.overAllocated !== undefined) base.where(`l.${n.l.overAllocated}`, query.overAllocated);
  return base;
};

/** A page row's attributes but those no export column shows (parsing 200,000 timestamps costs a second). */
const EXPORTED_ATTRIBUTES = (n: LicenseListNames) => n.pageAttributes.filter((a) => !['documentId', 'createdAt', 'updatedAt'].includes(a));
/** The export names a relation by its fields, never by its documentId (six strings a row fewer to read). */
const EXPORTED_RELATION_FIELD = (field: string) => field !== 'documentId';

/**
 * The export's next `limit` rows in the list's order (sort value, then id), by keyset: `after` the
 * last row read, of one `part` of the licenses: those with a sort value, or those without (NULL).
 * Each part's condition is a range on its index (a license's sort value from the last one on; or
 * NULL, by id), so a batch costs the same however deep into the file it is. NULLs come first or
 * last as each database sorts them (`nullsFirst`), in id order, so the file's order is the list's.
 * Each row carries its sort value as text (`sort_key`; SQLite's as stored) to be bound back exactly:
 * a driver's Date would drop PostgreSQL's microseconds.
 */
export const licenseExportSql = (
  knex: Knex,
  n: LicenseListNames,
  query: LicenseListInput,
  {
    window,
    search,
    part,
    after,
    limit,
    client,
  }: { window: StatusWindow; search: SearchPath; part: 'values' | 'nulls'; after?: { value: unknown; id: number }; limit: number; client: string },
): Knex.QueryBuilder => {
  const base = filteredLicenses(knex, n, query, { window, search, walk: false });
  const sortColumn = `l.${n.l[query.sort.field]}`;
  const order = query.sort.order;
  const op = order === 'asc' ? '>' : '<';
  const rows = withShownColumns(n, base, EXPORTED_ATTRIBUTES(n), EXPORTED_RELATION_FIELD).select(knex.raw('? as used', [usedSeatsSql(knex, n, 'l')]));
  if (part === 'nulls') {
    rows.whereNull(sortColumn).select(knex.raw('null as sort_key'));
    if (after) rows.where('l.id', op, after.id);
    return rows.orderBy('l.id', order).limit(limit);
  }
  rows.whereNotNull(sortColumn);
  if (after) {
    const value = after.value as Knex.Value;
    rows.where(sortColumn, `${op}=`, value).where((b) => b.where(sortColumn, op, value).orWhere('l.id', op, after.id));
  }
  const key = client === 'postgres' ? '??::text' : client === 'mysql' ? 'cast(?? as char)' : '??';
  return rows
    .select(knex.raw(`${key} as sort_key`, [sortColumn]))
    .orderBy(sortColumn, order)
    .orderBy('l.id', order)
    .limit(limit);
};

/** Whether a search reads the FTS5 index: trigrams need three characters. */
export const readsFts = (search: SearchPath, q: string): search is Extract<SearchPath, { kind: 'fts5' }> => search.kind === 'fts5' && [...q].length >= 3;

/**
 * Whether a search reads PostgreSQL's search table. Its text joins the fields with U+001F, so a
 * term holding that character could match across two of them: such a term reads the licenses.
 */
export const readsTable = (search: SearchPath, q: string): search is Extract<SearchPath, { kind: 'trigram' }> =>
  search.kind === 'trigram' && !q.includes('\u001f');

/** PostgreSQL: the search table's rows (`x`) whose text (folded by `lm_fold`) holds the folded term. */
const tableMatches = (knex: Knex, table: string, q: string) => knex.from(`${table} as x`).whereRaw("x.doc like ? escape '!'", [likePattern(q)]);

/** A quoted FTS5 phrase: every character literal, '"' doubled. */
const ftsPhrase = (q: string) => `"${q.replace(/"/g, '""')}"`;

const onlySearch = (q: LicenseListInput) => isUnfiltered({ ...q, q: undefined });

/**
 * FTS5, where the page's plan is chosen from the count of matches (read first, in the same
 * transaction): sorting the matches costs about one step per match, walking the sort's index and
 * testing each license against the matches about (rows up to the page's end) × licenses ÷ matches.
 * Walking wins once the matches outnumber √(rows to the page's end × licenses); either way a page
 * costs at most about that square root, not the number of matches.
 */
export const walksSortIndex = (matches: number, licenses: number, query: Pick<LicenseListInput, 'page' | 'pageSize'>): boolean =>
  matches > 0 && matches * matches >= query.page * query.pageSize * licenses;

/**
 * `_q`: a substring of a searched license column or of the software's name by the case-fold rule
 * (shared/fold), read through the search index where there is one (db/search-index).
 * FTS5's trigrams need three characters: a shorter term scans (db/search-text), as on MySQL.
 */
const searchWhere = (knex: Knex, n: LicenseListNames, b: Knex.QueryBuilder, q: string, search: SearchPath, walk: boolean) => {
  if (readsFts(search, q)) {
    const matches = knex
      .select('rowid')
      .from(search.table)
      .whereRaw('?? match ?', [search.table, ftsPhrase(q)]);
    // Walking: `+` keeps SQLite from reading the licenses by id, so it walks the sort's index and
    // tests each license against the matches, held in a temporary set.
    return walk ? b.whereRaw('+?? in ?', ['l.id', matches]) : b.whereIn('l.id', matches);
  }
  if (readsTable(search, q)) return b.whereIn('l.id', tableMatches(knex, search.table, q).select('x.id'));
  for (const a of n.searched) b.orWhereRaw(...holdsText(knex, `l.${n.l[a]}`, q));
  const software = knex
    .select('s.id')
    .from(`${n.software} as s`)
    .whereRaw(...holdsText(knex, `s.${n.softwareName}`, q));
  return b.orWhereIn(`l.${n.l.software}`, software);
};

/** Whether a list query reads every license (its total is then the kept number of licenses). */
export const isUnfiltered = (q: LicenseListInput): boolean =>
  !q.q &&
  [q.scope, q.software, q.category, q.organization, q.assignmentModel, q.status, q.overAllocated, q.validUntilFrom, q.validUntilTo].every(
    (v) => v === undefined,
  );

/**
 * A page row's columns on the license `l`: its attributes and, joined, the fields that name each
 * relation (`relationFields`: those of them it needs).
 */
const withShownColumns = (
  n: LicenseListNames,
  qb: Knex.QueryBuilder,
  attributes: readonly string[] = n.pageAttributes,
  relationFields: (field: string) => boolean = () => true,
) => {
  n.relations.forEach((r, i) => qb.leftJoin(`${r.table} as r${i}`, `r${i}.id`, `l.${n.l[r.name]}`));
  return qb.select(
    ...attributes.map((a) => `l.${n.l[a]} as ${a}`),
    ...n.relations.flatMap((r, i) =>
      Object.entries(r.columns)
        .filter(([f]) => relationFields(f))
        .map(([f, column]) => `r${i}.${column} as ${r.name}__${f}`),
    ),
  );
};

/**
 * The content API's page: licenses picked by id (Strapi's query engine has applied the client's
 * filters, sort and paging), read as list rows with their seats in one statement, in any order.
 */
export const licenseRowsSql = (knex: Knex, n: LicenseListNames, ids: number[]): Knex.QueryBuilder =>
  withShownColumns(n, knex(`${n.license} as l`).whereIn('l.id', ids)).select(knex.raw('? as used', [usedSeatsSql(knex, n, 'l')]));
