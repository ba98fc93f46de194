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
 * - PostgreSQL: pg_trgm GIN indexes on lower() of each searched column, which `lower(x) like
 *   '%term%'` reads, kept by PostgreSQL itself. Without the extension (a role that may not create
 *   it) the same statement scans, as before.
 * - MySQL: no index of the kind; the search scans.
 */
import type { Core } from '@strapi/strapi';
import type { Knex } from 'knex';
import { UID } from '../../../shared/constants';
import { SEARCHED } from './license/model';
import { clientOf, columnOf, tableOf } from './db';

/** How the list's `_q` reads (services/license/list-sql). */
export type SearchPath = { kind: 'fts5'; table: string } | { kind: 'trigram' } | { kind: 'scan' };

export const FTS_TABLE = 'lm_license_search';
/** PostgreSQL advisory lock key for installing the indexes (any constant no other code uses). */
const ADVISORY_LOCK = 7310428;
const TRIGGERS = ['lm_license_search_ai', 'lm_license_search_au', 'lm_license_search_ad', 'lm_license_search_su'];

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
   * PostgreSQL: the trigram extension and an index per searched column; nothing when the role may
   * not create the extension. Each under a transaction-level advisory lock, so processes starting
   * together don't race on `if not exists`. Building the indexes on a large table holds its writes
   * for the seconds it takes, once.
   */
  const installTrigram = async (knex: Knex) => {
    const n = names();
    const indexes: Array<[string, string, string]> = [
      ...n.searched.map((c): [string, string, string] => [`lm_licenses_${c}_trgm`, n.license, c]),
      ['lm_software_name_trgm', n.software, n.softwareName],
    ];
    // Present already (every start but the first): nothing to lock. `create index if not exists`
    // would take the table's share lock, holding the writes of running processes, to find that out.
    const present = await knex.raw(
      "select count(*) as n from pg_indexes where schemaname = current_schema() and indexname = any(?)",
      [indexes.map(([name]) => name)]
    );
    if (Number(present.rows[0].n) === indexes.length) return;
    const locked = (fn: (trx: Knex.Transaction) => Promise<void>) =>
      knex.transaction(async (trx) => {
        await trx.raw('select pg_advisory_xact_lock(?)', [ADVISORY_LOCK]);
        await fn(trx);
      });
    try {
      await locked(async (trx) => {
        await trx.raw('create extension if not exists pg_trgm');
      });
    } catch (e) {
      strapi.log.warn(`[license-manager] pg_trgm is not available (${(e as Error).message}): license searches read every license.`);
      return;
    }
    await locked(async (trx) => {
      for (const [name, table, column] of indexes) {
        await trx.raw('create index if not exists ?? on ?? using gin (lower(??) gin_trgm_ops)', [name, table, column]);
      }
    });
  };

  return {
    /** At startup: what the index needs, created or refilled when missing; then the path the list reads by. */
    async install() {
      const knex = strapi.db.connection;
      const client = clientOf(strapi);
      if (client === 'sqlite') {
        try {
          await installFts(knex);
          path = { kind: 'fts5', table: FTS_TABLE };
        } catch (e) {
          strapi.log.warn(`[license-manager] No FTS5 trigram index (${(e as Error).message}): license searches read every license.`);
        }
      } else if (client === 'postgres') {
        await installTrigram(knex);
        // The statement's shape lets PostgreSQL combine the indexes; without them it scans.
        path = { kind: 'trigram' };
      }
    },

    /** How the list's `_q` reads now. */
    path(): SearchPath {
      return path;
    },
  };
};
