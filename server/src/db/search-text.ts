/**
 * Case-insensitive substring matching by the one case-fold rule (shared/fold) on every database,
 * for every search that does not read an index (the license list's short terms and scans, the
 * compliance report, the reference lists). A database's own lower() folds by its collation (SQLite
 * and PostgreSQL's "C" fold ASCII only; libc and ICU disagree on İ and ς), so none is used:
 * - SQLite and PostgreSQL: `lm_fold(column) like '%<folded term>%'`. `lm_fold` is the fold itself,
 *   registered on every SQLite connection; on PostgreSQL a function created at startup (by
 *   db/search-index, whose triggers store text folded by it) from the fold's table.
 * - MySQL: `column regexp '(?-i)…'`, each character of the term written as the set of characters
 *   that fold as it does, case-sensitively, so the column's collation (which ignores accents too)
 *   plays no part.
 */
import type { Knex } from 'knex';
import { createHash } from 'node:crypto';
import { fold, foldTable, sameFold } from '../../../shared/fold';

/** LIKE pattern for a search text folded by the rule, its wildcards escaped by "!" (portable across the three databases). */
export const likePattern = (text: string): string => `%${fold(text).replace(/[!%_]/g, (c) => `!${c}`)}%`;

const REGEX_SPECIAL = /[\\^$.|?*+()[\]{}]/;
/** MySQL: a case-sensitive regular expression matching what the rule matches (cased characters hold none of `]\^-`). */
export const foldRegex = (text: string): string =>
  `(?-i)${[...text]
    .map((c) => {
      const same = sameFold(c);
      if (same.length > 1) return `[${same.join('')}]`;
      return REGEX_SPECIAL.test(c) ? `\\${c}` : c;
    })
    .join('')}`;

const dialectOf = (knex: Knex): 'sqlite' | 'postgres' | 'mysql' => {
  const d = String((knex.client as { dialect?: string }).dialect);
  return d === 'postgresql' ? 'postgres' : d === 'mysql' ? 'mysql' : 'sqlite';
};

/**
 * `where` arguments: the column (a knex identifier, `alias.column`) holds the search text by the
 * rule. An ASCII value (as many bytes as characters) is folded by the database's lower(), ASCII's
 * fold, without calling `lm_fold`: on SQLite that call into JavaScript would cost a scan about
 * four times its time.
 */
export const holdsText = (knex: Knex, column: string, text: string): [string, string[]] => {
  const dialect = dialectOf(knex);
  if (dialect === 'mysql') return ['?? regexp ?', [column, foldRegex(text)]];
  const lower = dialect === 'postgres' ? 'lower(?? collate "C")' : 'lower(??)';
  return [
    `(case when octet_length(??) = length(??) then ${lower} else lm_fold(??) end) like ? escape '!'`,
    [column, column, column, column, likePattern(text)],
  ];
};

/**
 * PostgreSQL's `lm_fold`: ASCII by lower() under "C" (the same everywhere), other characters by the
 * fold's table, looked up one by one (about 40 µs for a 70-character text that has any).
 */
export const pgFoldSource = (() => {
  let source: string | undefined;
  return () =>
    (source ??= `
declare
  folded text := '';
  c text;
begin
  t := lower(t collate "C");
  if octet_length(t) = length(t) then
    return t;
  end if;
  foreach c in array string_to_array(t, null) loop
    folded := folded || case when octet_length(c) > 1 then coalesce('${JSON.stringify(Object.fromEntries(foldTable()))}'::jsonb ->> c, c) else c end;
  end loop;
  return folded;
end`);
})();

/** Names what pgFoldSource folds by: a search table built under another fold is refilled. */
export const pgFoldVersion = () => createHash('sha256').update(pgFoldSource()).digest('hex').slice(0, 16);

/** PostgreSQL: `lm_fold` created or replaced when it is not the current one (call under the install's lock). */
export const installPgFold = async (trx: Knex) => {
  const { rows } = await trx.raw("select prosrc from pg_proc where proname = 'lm_fold' and pronamespace = current_schema()::regnamespace");
  if (rows.length === 1 && rows[0].prosrc === pgFoldSource()) return;
  await trx.raw(`create or replace function lm_fold(t text) returns text language plpgsql immutable strict parallel safe as $fn$${pgFoldSource()}$fn$`);
};

const registered = new WeakSet<object>();
type SqliteConnection = { function: (name: string, options: { deterministic: boolean }, fn: (t: unknown) => unknown) => void };
/** SQLite: `lm_fold` on every connection, registered as the pool hands each out (those already open too). */
export const registerSqliteFold = (knex: Knex) => {
  const pool = (knex.client as { pool?: { on: (event: string, fn: (id: number, conn: SqliteConnection) => void) => void } }).pool;
  if (!pool || registered.has(pool)) return;
  registered.add(pool);
  const seen = new WeakSet<object>();
  pool.on('acquireSuccess', (_id, conn) => {
    if (seen.has(conn)) return;
    seen.add(conn);
    conn.function('lm_fold', { deterministic: true }, (t) => (typeof t === 'string' ? fold(t) : t));
  });
};
