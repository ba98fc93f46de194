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
 *   joined by U+001F and folded by `lm_fold` (db/search-text), and its name), kept by
 *   triggers as on SQLite, with a pg_trgm GIN index on the text, which `doc like '%term%'` reads.
 *   Without the extension (a role that may not create it) the search reads every license, as on
 *   MySQL. The table is refilled when it was built under another fold.
 *
 * Both fold case by the one rule (shared/fold): FTS5's trigram tokenizer folds by Unicode's simple
 * case folding, which is the rule (SQLite's tables predate a few later case pairs, such as
 * Cherokee's small letters); `install` also gives the scans their `lm_fold`.
 * - MySQL: no index of the kind; the search scans.
 *
 * The per-database set-up is in db/install/.
 */
import type { Core } from '@strapi/strapi';
import { clientOf } from './meta';
import { registerSqliteFold } from './search-text';
import { FTS_TABLE } from './install/search-names';
import { installTable } from './install/postgres-search';
import { installFts } from './install/sqlite-search';

export { FTS_TABLE };

/** How the list's `_q` reads (db/license-list). */
export type SearchPath = { kind: 'fts5'; table: string } | { kind: 'trigram'; table: string } | { kind: 'scan' };

export default ({ strapi }: { strapi: Core.Strapi }) => {
  let path: SearchPath = { kind: 'scan' };

  return {
    /** At startup: what the index and the scans need, created or refilled when missing; then the path the list reads by. */
    async install() {
      const knex = strapi.db.connection;
      const client = clientOf(strapi);
      if (client === 'sqlite') {
        registerSqliteFold(knex);
        try {
          await installFts(strapi, knex);
          path = { kind: 'fts5', table: FTS_TABLE };
        } catch (e) {
          strapi.log.warn(`[license-manager] No FTS5 trigram index (${(e as Error).message}): license searches read every license.`);
        }
      } else if (client === 'postgres') {
        path = (await installTable(strapi, knex)) ? { kind: 'trigram', table: FTS_TABLE } : { kind: 'scan' };
      }
    },

    /** How the list's `_q` reads now. */
    path(): SearchPath {
      return path;
    },
  };
};
