/** SQLite's license search index: an FTS5 trigram table kept by triggers (see db/search-index). */
import type { Core } from '@strapi/strapi';
import type { Knex } from 'knex';
import { FTS_TABLE, q, searchNames } from './search-names';

const TRIGGERS = ['lm_license_search_ai', 'lm_license_search_au', 'lm_license_search_ad', 'lm_license_search_su'];

/**
 * Before Strapi's schema sync changes the schema: SQLite alters a column by rebuilding its table
 * (knex renames a copy into place), which a trigger naming the licenses table makes fail, so an
 * existing database would not start after any change to the content types. The triggers go, and
 * installFts puts them back with the index at bootstrap. An unchanged schema keeps them (no rebuild
 * of the index at every start).
 */
export const dropFtsTriggersBeforeSync = async (strapi: Core.Strapi) => {
  const { schema, migrations } = strapi.db;
  const stored = await schema.schemaStorage.read();
  if (stored && stored.hash === schema.schemaStorage.hashSchema(schema.schema) && !(await migrations.shouldRun())) return;
  for (const t of TRIGGERS) await strapi.db.connection.raw(`drop trigger if exists ${q(t)}`);
};

/** SQLite: the FTS table's columns are the searched columns and `software` (the software's name). */
export const installFts = async (strapi: Core.Strapi, knex: Knex) => {
  const n = searchNames(strapi);
  const cols = [...n.searched, 'software'].map(q).join(', ');
  const present = await knex.raw(`select name from sqlite_master where name in (${[FTS_TABLE, ...TRIGGERS].map(() => '?').join(', ')})`, [
    FTS_TABLE,
    ...TRIGGERS,
  ]);
  const complete = present.length === TRIGGERS.length + 1;
  if (complete) {
    const [{ indexed, licenses }] = await knex.raw(
      `select (select count(*) from ${q(FTS_TABLE)}) as indexed, (select count(*) from ${q(n.license)}) as licenses`,
    );
    if (Number(indexed) === Number(licenses)) return;
  }
  // A row's values, from the license `r` and its software's name.
  const values = (r: string) =>
    `${r}.id, ${n.searched.map((c) => `${r}.${q(c)}`).join(', ')}, (select s.${q(n.softwareName)} from ${q(n.software)} s where s.id = ${r}.${q(n.softwareId)})`;
  const watched = [...n.searched, n.softwareId].map(q).join(', ');
  await knex.transaction(async (trx) => {
    await trx.raw(`create virtual table if not exists ${q(FTS_TABLE)} using fts5(${cols}, content='', contentless_delete=1, tokenize='trigram')`);
    for (const t of TRIGGERS) await trx.raw(`drop trigger if exists ${q(t)}`);
    await trx.raw(
      `create trigger ${q(TRIGGERS[0])} after insert on ${q(n.license)} begin insert into ${q(FTS_TABLE)}(rowid, ${cols}) values (${values('new')}); end`,
    );
    await trx.raw(
      `create trigger ${q(TRIGGERS[1])} after update of ${watched} on ${q(n.license)} begin ` +
        `delete from ${q(FTS_TABLE)} where rowid = old.id; insert into ${q(FTS_TABLE)}(rowid, ${cols}) values (${values('new')}); end`,
    );
    await trx.raw(`create trigger ${q(TRIGGERS[2])} after delete on ${q(n.license)} begin delete from ${q(FTS_TABLE)} where rowid = old.id; end`);
    // A renamed software renames what each of its licenses is found by.
    await trx.raw(
      `create trigger ${q(TRIGGERS[3])} after update of ${q(n.softwareName)} on ${q(n.software)} begin ` +
        `delete from ${q(FTS_TABLE)} where rowid in (select id from ${q(n.license)} where ${q(n.softwareId)} = new.id); ` +
        `insert into ${q(FTS_TABLE)}(rowid, ${cols}) select ${values('l')} from ${q(n.license)} l where l.${q(n.softwareId)} = new.id; end`,
    );
    await trx.raw(`insert into ${q(FTS_TABLE)}(${q(FTS_TABLE)}) values ('delete-all')`);
    await trx.raw(`insert into ${q(FTS_TABLE)}(rowid, ${cols}) select ${values('l')} from ${q(n.license)} l`);
  });
  strapi.log.info(`[license-manager] Built the license search index (${FTS_TABLE}).`);
};
