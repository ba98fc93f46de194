/**
 * The index behind the license list's `_q` (a substring of the name, serial, inventory or invoice
 * number, or the software's name), so a search reads the licenses that match instead of every
 * license: a serial number found among 200,000 licenses costs what it costs among 2,000.
 *
 * - SQLite: an FTS5 table with the trigram tokenizer (a row per license, its rowid the license's
 *   id), kept by triggers on the license and software tables, so every write path keeps it in its
 *   own transaction: the plugin's services, imports, Strapi's query engine and raw SQL alike. A
 *   phrase of three or more characters is a case-insensitive substring match. `install` (at every
 *   start) creates what is missing and refills the table when it was missing or does not hold one
 *   row per license: a table Strapi rebuilt for a column change loses its triggers.
 * - PostgreSQL: a narrow table of the same name (a row per license: its id, its searched text
 *   joined by U+001F and folded by `lm_fold` (services/search-text), and its name), kept by
 *   triggers as on SQLite, with a pg_trgm GIN index on the text, which `doc like '%term%'` reads.
 *   Without the extension (a role that may not create it) the search reads every license, as on
 *   MySQL. The table is refilled when it was built under another fold.
 *
 * Both fold case by the one rule (shared/fold): FTS5's trigram tokenizer folds by Unicode's simple
 * case folding, which is the rule (SQLite's tables predate a few later case pairs, such as
 * Cherokee's small letters); `install` also gives the scans their `lm_fold`.
 * - MySQL: no index of the kind; the search scans.
 */
import type { Core } from '@strapi/strapi';
import type { Knex } from 'knex';
import { UID } from '../../../shared/constants';
import { SEARCHED } from './license/model';
import { clientOf, columnOf, tableOf } from './db';
import { installPgFold, pgFoldSource, pgFoldVersion, registerSqliteFold } from './search-text';

/** How the list's `_q` reads (services/license/list-sql). */
export type SearchPath = { kind: 'fts5'; table: string } | { kind: 'trigram'; table: string } | { kind: 'scan' };

export const FTS_TABLE = 'lm_license_search';
/** PostgreSQL advisory lock key for installing the indexes (any constant no other code uses). */
const ADVISORY_LOCK = 7310428;
const TRIGGERS = ['lm_license_search_ai', 'lm_license_search_au', 'lm_license_search_ad', 'lm_license_search_su'];
/** PostgreSQL: each trigger and its function share the name. */
const PG_TRIGGERS = ['lm_license_search_license', 'lm_license_search_software'];

export default ({ strapi }: { strapi: Core.Strapi }) => {
  let path: SearchPath = { kind: 'scan' };

  const names = () => {
    const license = tableOf(strapi, UID.license);
    const software = tableOf(strapi, UID.software);
    return {
      license,
      software,
      searched: SEARCHED.map((a) => columnOf(strapi, UID.license, a)),
      softwareId: columnOf(strapi, UID.license, 'software'),
      softwareName: columnOf(strapi, UID.software, 'name'),
      name: columnOf(strapi, UID.license, 'name'),
    };
  };

  /** SQLite: the FTS table's columns are the searched columns and `software` (the software's name). */
  const installFts = async (knex: Knex) => {
    const n = names();
    const q = (id: string) => `"${id.replace(/"/g, '""')}"`;
    const cols = [...n.searched, 'software'].map(q).join(', ');
    const present = await knex.raw(`select name from sqlite_master where name in (${[FTS_TABLE, ...TRIGGERS].map(() => '?').join(', ')})`, [FTS_TABLE, ...TRIGGERS]);
    const complete = present.length === TRIGGERS.length + 1;
    if (complete) {
      const [{ indexed, licenses }] = await knex.raw(`select (select count(*) from ${q(FTS_TABLE)}) as indexed, (select count(*) from ${q(n.license)}) as licenses`);
      if (Number(indexed) === Number(licenses)) return;
    }
    // A row's values, from the license `r` and its software's name.
    const values = (r: string) => `${r}.id, ${n.searched.map((c) => `${r}.${q(c)}`).join(', ')}, (select s.${q(n.softwareName)} from ${q(n.software)} s where s.id = ${r}.${q(n.softwareId)})`;
    const watched = [...n.searched, n.softwareId].map(q).join(', ');
    await knex.transaction(async (trx) => {
      await trx.raw(`create virtual table if not exists ${q(FTS_TABLE)} using fts5(${cols}, content='', contentless_delete=1, tokenize='trigram')`);
      for (const t of TRIGGERS) await trx.raw(`drop trigger if exists ${q(t)}`);
      await trx.raw(`create trigger ${q(TRIGGERS[0])} after insert on ${q(n.license)} begin insert into ${q(FTS_TABLE)}(rowid, ${cols}) values (${values('new')}); end`);
      await trx.raw(
        `create trigger ${q(TRIGGERS[1])} after update of ${watched} on ${q(n.license)} begin ` +
          `delete from ${q(FTS_TABLE)} where rowid = old.id; insert into ${q(FTS_TABLE)}(rowid, ${cols}) values (${values('new')}); end`
      );
      await trx.raw(`create trigger ${q(TRIGGERS[2])} after delete on ${q(n.license)} begin delete from ${q(FTS_TABLE)} where rowid = old.id; end`);
      // A renamed software renames what each of its licenses is found by.
      await trx.raw(
        `create trigger ${q(TRIGGERS[3])} after update of ${q(n.softwareName)} on ${q(n.software)} begin ` +
          `delete from ${q(FTS_TABLE)} where rowid in (select id from ${q(n.license)} where ${q(n.softwareId)} = new.id); ` +
          `insert into ${q(FTS_TABLE)}(rowid, ${cols}) select ${values('l')} from ${q(n.license)} l where l.${q(n.softwareId)} = new.id; end`
      );
      await trx.raw(`insert into ${q(FTS_TABLE)}(${q(FTS_TABLE)}) values ('delete-all')`);
      await trx.raw(`insert into ${q(FTS_TABLE)}(rowid, ${cols}) select ${values('l')} from ${q(n.license)} l`);
    });
    strapi.log.info(`[license-manager] Built the license search index (${FTS_TABLE}).`);
  };

  /**
   * PostgreSQL: a table of one row per license (its id, its searched text and its name), kept by
   * triggers, with a trigram index on the text. Narrow, so counting 30,000 matches reads a few
   * thousand small rows instead of every wide license row, and a search sorted by name (the list's
   * default) sorts the matches from it alone. `false` when the role may not create pg_trgm.
   */
  const installTable = async (knex: Knex): Promise<boolean> => {
    const n = names();
    const q = (id: string) => `"${id.replace(/"/g, '""')}"`;
    const [license, software] = [q(n.license), q(n.software)];
    const doc = (r: string, softwareName: string) =>
      `lm_fold(concat_ws(chr(31), ${n.searched.map((c) => `${r}.${q(c)}`).join(', ')}, ${softwareName}))`;
    const complete = async () => {
      const { rows } = await knex.raw(
        `select (select count(*) from pg_trigger where tgname = any(?) and not tgisinternal) as triggers, to_regclass(?) is not null as present,
           obj_description(to_regclass(?), 'pg_class') as fold,
           (select prosrc from pg_proc where proname = 'lm_fold' and pronamespace = current_schema()::regnamespace) as "foldSource"`,
        [PG_TRIGGERS, `${FTS_TABLE}_doc_trgm`, FTS_TABLE]
      );
      if (Number(rows[0].triggers) !== PG_TRIGGERS.length || !rows[0].present) return false;
      if (rows[0].fold !== pgFoldVersion() || rows[0].foldSource !== pgFoldSource()) return false;
      const counted = await knex.raw(`select (select count(*) from ${q(FTS_TABLE)}) as indexed, (select count(*) from ${license}) as licenses`);
      return Number(counted.rows[0].indexed) === Number(counted.rows[0].licenses);
    };
    const locked = (fn: (trx: Knex.Transaction) => Promise<void>) =>
      knex.transaction(async (trx) => {
        await trx.raw('select pg_advisory_xact_lock(?)', [ADVISORY_LOCK]);
        await fn(trx);
      });
    if (await complete()) return true;
    // The scans fold by it too, with or without pg_trgm.
    await locked(installPgFold);
    try {
      await locked(async (trx) => {
        await trx.raw('create extension if not exists pg_trgm');
      });
    } catch (e) {
      strapi.log.warn(`[license-manager] pg_trgm is not available (${(e as Error).message}): license searches read every license.`);
      return false;
    }
    await locked(async (trx) => {
      // Another process may have done it while this one waited for the lock.
      if (await complete()) return;
      await trx.raw(`create table if not exists ${q(FTS_TABLE)} (id integer primary key, doc text not null, name text)`);
      // The software's name read FOR SHARE, and the software a license leaves locked the same way: a
      // rename in flight is waited for (and its new name read), and a rename waits for this write,
      // so neither rewrites the row with what the other replaced.
      await trx.raw(`create or replace function ${q(PG_TRIGGERS[0])}() returns trigger language plpgsql as $fn$
declare software_name text;
begin
  if tg_op = 'DELETE' then
    delete from ${q(FTS_TABLE)} where id = old.id;
    return null;
  end if;
  if tg_op = 'UPDATE' and old.${q(n.softwareId)} is distinct from new.${q(n.softwareId)} then
    perform 1 from ${software} s where s.id = old.${q(n.softwareId)} for share;
  end if;
  select s.${q(n.softwareName)} into software_name from ${software} s where s.id = new.${q(n.softwareId)} for share;
  insert into ${q(FTS_TABLE)} (id, doc, name) values (new.id, ${doc('new', 'software_name')}, new.${q(n.name)})
    on conflict (id) do update set doc = excluded.doc, name = excluded.name;
  return null;
end $fn$`);
      await trx.raw(`create or replace function ${q(PG_TRIGGERS[1])}() returns trigger language plpgsql as $fn$
begin
  update ${q(FTS_TABLE)} x set doc = ${doc('l', 'new.' + q(n.softwareName))} from ${license} l where l.${q(n.softwareId)} = new.id and x.id = l.id;
  return null;
end $fn$`);
      const watched = [...n.searched, n.softwareId].map(q).join(', ');
      await trx.raw(`drop trigger if exists ${q(PG_TRIGGERS[0])} on ${license}`);
      await trx.raw(`create trigger ${q(PG_TRIGGERS[0])} after insert or delete or update of ${watched} on ${license} for each row execute function ${q(PG_TRIGGERS[0])}()`);
      await trx.raw(`drop trigger if exists ${q(PG_TRIGGERS[1])} on ${software}`);
      await trx.raw(
        `create trigger ${q(PG_TRIGGERS[1])} after update of ${q(n.softwareName)} on ${software} for each row when (old.${q(n.softwareName)} is distinct from new.${q(n.softwareName)}) execute function ${q(PG_TRIGGERS[1])}()`
      );
      // The triggers' lock on the license table holds its writers until this commits: the refill
      // reads every license written before, the triggers keep every one written after.
      // The trigram index built after the rows, in one pass: filled row by row, its pending list
      // leaves it several times larger and slower to read until a vacuum.
      await trx.raw(`drop index if exists ${q(`${FTS_TABLE}_doc_trgm`)}`);
      await trx.raw(`truncate ${q(FTS_TABLE)}`);
      await trx.raw(
        `insert into ${q(FTS_TABLE)} (id, doc, name) select l.id, ${doc('l', 's.' + q(n.softwareName))}, l.${q(n.name)} from ${license} l left join ${software} s on s.id = l.${q(n.softwareId)}`
      );
      await trx.raw(`create index ${q(`${FTS_TABLE}_doc_trgm`)} on ${q(FTS_TABLE)} using gin (doc gin_trgm_ops)`);
      await trx.raw(`comment on table ${q(FTS_TABLE)} is '${pgFoldVersion()}'`);
      // Statistics now, so the first searches are planned on the table's real size.
      await trx.raw(`analyze ${q(FTS_TABLE)}`);
      // The per-column trigram indexes of an earlier version: the table above replaces them.
      for (const old of [...n.searched.map((c) => `lm_licenses_${c}_trgm`), 'lm_software_name_trgm']) await trx.raw(`drop index if exists ${q(old)}`);
    });
    strapi.log.info(`[license-manager] Built the license search table (${FTS_TABLE}).`);
    return true;
  };

  return {
    /** At startup: what the index and the scans need, created or refilled when missing; then the path the list reads by. */
    async install() {
      const knex = strapi.db.connection;
      const client = clientOf(strapi);
      if (client === 'sqlite') {
        registerSqliteFold(knex);
        try {
          await installFts(knex);
          path = { kind: 'fts5', table: FTS_TABLE };
        } catch (e) {
          strapi.log.warn(`[license-manager] No FTS5 trigram index (${(e as Error).message}): license searches read every license.`);
        }
      } else if (client === 'postgres') {
        path = (await installTable(knex)) ? { kind: 'trigram', table: FTS_TABLE } : { kind: 'scan' };
      }
    },

    /** How the list's `_q` reads now. */
    path(): SearchPath {
      return path;
    },
  };
};
