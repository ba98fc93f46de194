/** PostgreSQL's license search index: a narrow table kept by triggers, with a pg_trgm index (see db/search-index). */
import type { Core } from '@strapi/strapi';
import type { Knex } from 'knex';
import { installPgFold, pgFoldSource, pgFoldVersion } from '../search-text';
import { FTS_TABLE, q, searchNames } from './search-names';

/** PostgreSQL advisory lock key for installing the indexes (any constant no other code uses). */
const ADVISORY_LOCK = 7310428;
/** Each trigger and its function share the name. */
const PG_TRIGGERS = ['lm_license_search_license', 'lm_license_search_software'];

/**
 * PostgreSQL: a table of one row per license (its id, its searched text and its name), kept by
 * triggers, with a trigram index on the text. Narrow, so counting 30,000 matches reads a few
 * thousand small rows instead of every wide license row, and a search sorted by name (the list's
 * default) sorts the matches from it alone. `false` when the role may not create pg_trgm.
 */
export const installTable = async (strapi: Core.Strapi, knex: Knex): Promise<boolean> => {
  const n = searchNames(strapi);
  const [license, software] = [q(n.license), q(n.software)];
  const doc = (r: string, softwareName: string) => `lm_fold(concat_ws(chr(31), ${n.searched.map((c) => `${r}.${q(c)}`).join(', ')}, ${softwareName}))`;
  const complete = async () => {
    const { rows } = await knex.raw(
      `select (select count(*) from pg_trigger where tgname = any(?) and not tgisinternal) as triggers, to_regclass(?) is not null as present,
         obj_description(to_regclass(?), 'pg_class') as fold,
         (select prosrc from pg_proc where proname = 'lm_fold' and pronamespace = current_schema()::regnamespace) as "foldSource"`,
      [PG_TRIGGERS, `${FTS_TABLE}_doc_trgm`, FTS_TABLE],
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
    await trx.raw(
      `create trigger ${q(PG_TRIGGERS[0])} after insert or delete or update of ${watched} on ${license} for each row execute function ${q(PG_TRIGGERS[0])}()`,
    );
    await trx.raw(`drop trigger if exists ${q(PG_TRIGGERS[1])} on ${software}`);
    await trx.raw(
      `create trigger ${q(PG_TRIGGERS[1])} after update of ${q(n.softwareName)} on ${software} for each row when (old.${q(n.softwareName)} is distinct from new.${q(n.softwareName)}) execute function ${q(PG_TRIGGERS[1])}()`,
    );
    // The triggers' lock on the license table holds its writers until this commits: the refill
    // reads every license written before, the triggers keep every one written after.
    // The trigram index built after the rows, in one pass: filled row by row, its pending list
    // leaves it several times larger and slower to read until a vacuum.
    await trx.raw(`drop index if exists ${q(`${FTS_TABLE}_doc_trgm`)}`);
    await trx.raw(`truncate ${q(FTS_TABLE)}`);
    await trx.raw(
      `insert into ${q(FTS_TABLE)} (id, doc, name) select l.id, ${doc('l', 's.' + q(n.softwareName))}, l.${q(n.name)} from ${license} l left join ${software} s on s.id = l.${q(n.softwareId)}`,
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
