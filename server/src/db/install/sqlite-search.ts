/** SQLite's license search index: an FTS5 trigram table kept by triggers (see db/search-index). */
import type { Core } from '@strapi/strapi';
import type { Knex } from 'knex';
import { FTS_TABLE, q, searchNames } from './search-names';
import { clientOf } from '../meta';

const TRIGGERS = ['lm_license_search_ai', 'lm_license_search_au', 'lm_license_search_ad', 'lm_license_search_su'] as const;
/** On the software table, naming the licenses table in its body. */
const CROSS_TABLE_TRIGGER = TRIGGERS[3];

/**
 * Before Strapi's schema sync: on SQLite, a change to the licenses table's columns or indexes makes
 * knex copy the table into a new one and rename it, and SQLite refuses that rename while a trigger
 * of another table names the licenses table ("error in trigger lm_license_search_su: no such
 * table"), so the app would not start after an upgrade. The trigger goes; `installFts` makes it
 * again after the sync (the licenses' own triggers go with a copied table and come back the same way).
 */
export const dropCrossTableTrigger = async (strapi: Core.Strapi) => {
  if (clientOf(strapi) === 'sqlite') await strapi.db.connection.raw(`drop trigger if exists ${q(CROSS_TABLE_TRIGGER)}`);
};

/** SQLite: the FTS table's columns are the searched columns and `software` (the software's name). */
export const installFts = async (strapi: Core.Strapi, knex: Knex) => {
  const n = searchNames(strapi);
  const cols = [...n.searched, 'software'].map(q).join(', ');
  // A row's values, from the license `r` and its software's name.
  const values = (r: string) =>
    `${r}.id, ${n.searched.map((c) => `${r}.${q(c)}`).join(', ')}, (select s.${q(n.softwareName)} from ${q(n.software)} s where s.id = ${r}.${q(n.softwareId)})`;
  const watched = [...n.searched, n.softwareId].map(q).join(', ');
  const create: Record<(typeof TRIGGERS)[number], string> = {
    lm_license_search_ai: `create trigger ${q(TRIGGERS[0])} after insert on ${q(n.license)} begin insert into ${q(FTS_TABLE)}(rowid, ${cols}) values (${values('new')}); end`,
    lm_license_search_au:
      `create trigger ${q(TRIGGERS[1])} after update of ${watched} on ${q(n.license)} begin ` +
      `delete from ${q(FTS_TABLE)} where rowid = old.id; insert into ${q(FTS_TABLE)}(rowid, ${cols}) values (${values('new')}); end`,
    lm_license_search_ad: `create trigger ${q(TRIGGERS[2])} after delete on ${q(n.license)} begin delete from ${q(FTS_TABLE)} where rowid = old.id; end`,
    // A renamed software renames what each of its licenses is found by.
    lm_license_search_su:
      `create trigger ${q(TRIGGERS[3])} after update of ${q(n.softwareName)} on ${q(n.software)} begin ` +
      `delete from ${q(FTS_TABLE)} where rowid in (select id from ${q(n.license)} where ${q(n.softwareId)} = new.id); ` +
      `insert into ${q(FTS_TABLE)}(rowid, ${cols}) select ${values('l')} from ${q(n.license)} l where l.${q(n.softwareId)} = new.id; end`,
  };
  const present = new Set(
    (await knex.raw(`select name from sqlite_master where name in (${[FTS_TABLE, ...TRIGGERS].map(() => '?').join(', ')})`, [FTS_TABLE, ...TRIGGERS])).map(
      (r: { name: string }) => r.name,
    ),
  );
  await knex.transaction(async (trx) => {
    if (present.has(FTS_TABLE)) {
      const [{ indexed, licenses }] = await trx.raw(
        `select (select count(*) from ${q(FTS_TABLE)}) as indexed, (select count(*) from ${q(n.license)}) as licenses`,
      );
      // The index holds every license: only the triggers the schema sync took are made again (a
      // copied licenses table keeps its ids, so the rows indexed by id still match).
      if (Number(indexed) === Number(licenses)) {
        for (const t of TRIGGERS) if (!present.has(t)) await trx.raw(create[t]);
        return;
      }
    }
    await trx.raw(`create virtual table if not exists ${q(FTS_TABLE)} using fts5(${cols}, content='', contentless_delete=1, tokenize='trigram')`);
    for (const t of TRIGGERS) await trx.raw(`drop trigger if exists ${q(t)}`);
    for (const t of TRIGGERS) await trx.raw(create[t]);
    await trx.raw(`insert into ${q(FTS_TABLE)}(${q(FTS_TABLE)}) values ('delete-all')`);
    await trx.raw(`insert into ${q(FTS_TABLE)}(rowid, ${cols}) select ${values('l')} from ${q(n.license)} l`);
    strapi.log.info(`[license-manager] Built the license search index (${FTS_TABLE}).`);
  });
};
