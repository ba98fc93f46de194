/**
 * One consistent snapshot for a long read (the CSV exports, docs/api.md "Import and export"): every
 * statement of the read sees the database as it was at its first statement, so rows written, moved
 * or deleted meanwhile are neither repeated nor skipped.
 * - PostgreSQL and MySQL: a `REPEATABLE READ` transaction (read only on PostgreSQL) on a pooled connection.
 * - SQLite in WAL mode: a read transaction on a read-only connection of its own to the same file.
 *   Strapi has one SQLite connection: a transaction on it would hold every other request for the
 *   whole export, whereas a WAL reader keeps its snapshot without holding the writers back.
 * - SQLite not in WAL (or no knex found): Strapi's connection without a snapshot (docs/api.md says
 *   so): a row moved across the read's position meanwhile may be missed or read twice.
 */
import type { Core } from '@strapi/strapi';
import type { Knex } from 'knex';
import { clientOf } from './meta';
import { inWal, strapiKnex } from './import-writer';
import { registerSqliteFold } from './search-text';

export interface ReadSnapshot {
  /** The connection (a transaction) every statement of the read goes through. */
  on: Knex;
  /** Ends the snapshot and frees its connection; safe to call twice. */
  end(): Promise<void>;
}

const ownSqliteReader = (strapi: Core.Strapi): Knex | null => {
  const knex = strapiKnex(strapi);
  if (!knex) return null;
  const { filename } = (strapi.db.connection.client as { connectionSettings: { filename: string } }).connectionSettings;
  // No memory map (`mmap_size`): it read 200,000 rows about 0.5 s faster, but every page it maps
  // counts in the process's RSS, 160 MB more during the export (docs/performance.md).
  const own = knex({ client: 'better-sqlite3', connection: { filename, options: { readonly: true } }, useNullAsDefault: true, pool: { min: 1, max: 1 } });
  // The search's case fold (db/search-text) is a function of each connection.
  registerSqliteFold(own);
  // Its statements are told to whoever listens on Strapi's connection, as every other statement is.
  for (const event of ['query', 'query-response', 'query-error']) own.on(event, (...args: unknown[]) => strapi.db.connection.emit(event, ...args));
  return own;
};

type Statement = { reader: boolean; columns(): { name: string }[]; raw(on: boolean): { all(bindings: unknown): unknown[][] } };
type SqliteClient = {
  _query(connection: { prepare(sql: string): Statement }, obj: { sql: string; bindings: unknown; response?: unknown }): Promise<unknown>;
  _formatBindings(bindings: unknown): unknown;
};

/**
 * The reader's rows come from SQLite as arrays and are made objects here, each with its columns in
 * the statement's order. better-sqlite3 builds an object a row through V8's slow path, which took
 * 16 of the 23 ms each 1,000 export rows cost; the same objects built here share one shape. Set on
 * the transaction's own client: knex makes it from the dialect's prototype, not from the connection's client.
 */
const readRowsAsArrays = (trx: Knex.Transaction) => {
  const client = trx.client as unknown as SqliteClient;
  const query = client._query;
  client._query = async function (this: SqliteClient, connection, obj) {
    const statement = connection.prepare(obj.sql);
    if (!statement.reader) return query.call(this, connection, obj);
    const names = statement.columns().map((c) => c.name);
    const rows = statement.raw(true).all(this._formatBindings(obj.bindings));
    obj.response = rows.map((values) => {
      const row: Record<string, unknown> = {};
      for (let i = 0; i < names.length; i++) row[names[i]] = values[i];
      return row;
    });
    return obj;
  };
};

export const openReadSnapshot = async (strapi: Core.Strapi): Promise<ReadSnapshot> => {
  const client = clientOf(strapi);
  const own = client === 'sqlite' && (await inWal(strapi)) ? ownSqliteReader(strapi) : null;
  if (client === 'sqlite' && !own) {
    return { on: strapi.db.connection, end: async () => {} };
  }
  const knex = own ?? strapi.db.connection;
  // SQLite takes its snapshot at the transaction's first read (a deferred BEGIN), and so does MySQL's
  // REPEATABLE READ. knex writes MySQL's `READ ONLY` without the comma MariaDB requires: left out there.
  let trx: Knex.Transaction | undefined;
  try {
    trx = await knex.transaction(own ? {} : { isolationLevel: 'repeatable read', readOnly: client === 'postgres' });
    // PostgreSQL plans each batch's statement anew, and searching the join orders of a license and
    // its six relations took 15 to 25 ms a batch, three times its execution. The export's statements
    // are written in the order they should run (the licenses in keyset order, then each relation by
    // its key), so the planner keeps that order, for this transaction only.
    if (client === 'postgres') await trx.raw('set local join_collapse_limit = 1');
    if (own) readRowsAsArrays(trx);
  } catch (error) {
    // Not opened after all: its connection goes back, and SQLite's own connection is closed.
    await trx?.commit().catch(() => {});
    await own?.destroy();
    throw error;
  }
  const opened = trx;
  let ended = false;
  return {
    on: opened,
    end: async () => {
      if (ended) return;
      ended = true;
      // Nothing was written: a commit ends it as a rollback would, without knex's rejected promise.
      await opened.commit().catch(() => {});
      await own?.destroy();
    },
  };
};
