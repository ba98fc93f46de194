/**
 * The license reads of lists and answers, run: the admin list's page and total (the statements of
 * db/license-list), the export's ids and rows, the content API's picked ids, and the seats a page
 * of loaded rows uses. The names come from Strapi's metadata; the rows go back as the statements
 * give them, and the license service shapes them.
 */
import type { Core } from '@strapi/strapi';
import type { Knex } from 'knex';
import { UID } from '../../../shared/constants';
import type { StatusWindow } from '../domain/status';
import { LICENSE_RELATIONS, RELATION_NAMES, SCALARS, SEARCHED } from '../services/license/model';
import { licenseExportSql, licenseListSql, licenseRowsSql, usedSeatsSql, walksSortIndex, type LicenseListInput, type LicenseListNames } from './license-list';
import { clientOf, columnOf, tableOf } from './meta';
import type { SearchPath } from './search-index';

type Row = Record<string, unknown>;

/** The list's table and column names, from Strapi's metadata. */
export const listNames = (strapi: Core.Strapi): LicenseListNames => {
  const col = (attribute: string) => columnOf(strapi, UID.license, attribute);
  // The kept seat total's part and validity (db/purchases) are read with the scalars: a row shows them.
  const pageAttributes = ['id', 'documentId', 'createdAt', 'updatedAt', ...SCALARS, 'extraSeats', 'validUntil'] as const;
  return {
    license: tableOf(strapi, UID.license),
    software: tableOf(strapi, UID.software),
    l: Object.fromEntries([...pageAttributes, ...RELATION_NAMES, 'seatsUsed', 'overAllocated'].map((a) => [a, col(a)])),
    softwareName: columnOf(strapi, UID.software, 'name'),
    relations: RELATION_NAMES.map((name) => {
      const { uid, fields } = LICENSE_RELATIONS[name];
      return { name, table: tableOf(strapi, uid), columns: Object.fromEntries(['documentId', ...fields].map((f) => [f, columnOf(strapi, uid, f)])) };
    }),
    pageAttributes,
    searched: SEARCHED,
  };
};

/**
 * FTS5: the matches counted first, then the page by the plan their number picks (walksSortIndex),
 * in one read transaction so that the total is the page's. `licenses`: the kept number of licenses.
 */
export const readFtsListPage = async (
  strapi: Core.Strapi,
  input: LicenseListInput,
  { window, search, licenses }: { window: StatusWindow; search: SearchPath; licenses: number },
): Promise<{ page: Row[]; total: number }> => {
  const names = listNames(strapi);
  return strapi.db.connection.transaction(async (trx) => {
    const total = Number((await licenseListSql(trx, names, input, { window, search }).count)[0].total);
    const walk = walksSortIndex(total, licenses, input);
    return { page: await licenseListSql(trx, names, input, { window, search, total, walk }).page, total };
  });
};

/**
 * The list's page (its rows carry the total), and its count, read only when asked (a page past the
 * last one has no row to carry the total). `total`: the query's total when the caller has it.
 */
export const listStatements = (
  strapi: Core.Strapi,
  input: LicenseListInput,
  options: { window: StatusWindow; total?: number; search: SearchPath },
): { page: () => Promise<Row[]>; count: () => Promise<number> } => {
  const sql = licenseListSql(strapi.db.connection, listNames(strapi), input, options);
  return {
    page: async () => sql.page,
    count: async () => Number((await sql.count)[0].total),
  };
};

/**
 * Every match as a list row, in the list's order, `size` rows per statement by keyset (see
 * licenseExportSql): the licenses with a sort value and those without, in the order the database
 * sorts NULLs (first ascending on SQLite and MySQL, last on PostgreSQL). Every statement on `on`:
 * the export's read snapshot (db/read-snapshot).
 */
export async function* licenseExportBatches(
  strapi: Core.Strapi,
  on: Knex,
  input: LicenseListInput,
  { window, search, size }: { window: StatusWindow; search: SearchPath; size: number },
): AsyncGenerator<Row[]> {
  const names = listNames(strapi);
  const client = clientOf(strapi);
  const nullsFirst = (input.sort.order === 'asc') !== (client === 'postgres');
  const read = (part: 'nulls' | 'values', after?: { value: unknown; id: number }): Promise<Row[]> =>
    licenseExportSql(on, names, input, { window, search, part, after, limit: size, client }).then((rows: Row[]) => rows);
  let next: Promise<Row[]> | null = null;
  try {
    for (const part of nullsFirst ? (['nulls', 'values'] as const) : (['values', 'nulls'] as const)) {
      next = read(part);
      while (next) {
        const rows: Row[] = await next;
        // The next batch is asked for before this one is handed on, so the database works on it
        // while the rows are written (and the cursor is read before the reader lets go of the rows).
        const last = rows[rows.length - 1];
        next = rows.length === size ? read(part, { value: last.sort_key, id: Number(last.id) }) : null;
        if (rows.length) yield rows;
      }
    }
  } finally {
    // A reader that stopped early (the client went away): the batch asked for is not awaited.
    next?.catch(() => {});
  }
}

/** These licenses as list rows with their seats (`used`), in one statement, in any order. */
export const licenseRowsByIds = async (strapi: Core.Strapi, ids: number[]): Promise<Row[]> => licenseRowsSql(strapi.db.connection, listNames(strapi), ids);

/**
 * The content API's page: the ids Strapi's query engine picks with the client's checked filters,
 * sort and paging (one statement on the license table and what the filter joins).
 */
export const pickLicenseIds = async (
  strapi: Core.Strapi,
  { where, orderBy, offset, limit }: { where: Record<string, unknown>; orderBy: Record<string, unknown>[]; offset?: number; limit?: number },
): Promise<number[]> => {
  const picked = await strapi.db.query(UID.license).findMany({ select: ['id'], where, orderBy, offset, limit });
  return picked.map((r: { id: number }) => r.id);
};

/** How many licenses the query engine's `where` matches. */
export const countLicenses = async (strapi: Core.Strapi, where: Record<string, unknown>): Promise<number> => strapi.db.query(UID.license).count({ where });

/** The seats each of these licenses uses, in one statement. */
export const usedSeatsOf = async (strapi: Core.Strapi, ids: number[]): Promise<Map<number, number>> => {
  const map = new Map<number, number>();
  if (!ids.length) return map;
  const knex = strapi.db.connection;
  const names = listNames(strapi);
  const rows = await knex(`${names.license} as l`)
    .select('l.id', knex.raw('? as used', [usedSeatsSql(knex, names, 'l')]))
    .whereIn('l.id', ids);
  for (const r of rows) map.set(r.id, Number(r.used));
  return map;
};
