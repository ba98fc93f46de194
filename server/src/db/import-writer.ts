/**
 * The SQLite connection of its own that an all-or-nothing import commit writes through when the
 * database is in WAL mode, and the pragmas and the statement around it. When to use it, one commit
 * at a time, and how long to wait for the write lock: services/import/separate-writer.
 *
 * better-sqlite3 waits for a lock synchronously, which would stop the whole process: so this
 * connection never waits (busy_timeout 0), and Strapi's connection is set not to wait either while
 * the import holds the lock (`setBusyTimeout`).
 */
import type { Core } from '@strapi/strapi';
import type { Knex } from 'knex';
import { createRequire } from 'node:module';
import path from 'node:path';
import { UID } from '../../../shared/constants';
import { clientOf, tableOf } from './meta';
import { registerSqliteFold } from './search-text';

export type Transaction = <T>(work: (trx: Knex.Transaction) => Promise<T>) => Promise<T>;

/** A connection of the import's own: Strapi's `transaction` on it, and its end. */
export interface SeparateConnection {
  transaction: Transaction;
  destroy(): Promise<void>;
}

/**
 * The knex that Strapi's database layer uses (the plugin bundles no database driver of its own),
 * found from the app as npm or a strict layout (pnpm) installs it; null if neither finds it.
 */
export const strapiKnex = (strapi: Core.Strapi): ((config: Knex.Config) => Knex) | null => {
  const from = (file: string, ...chain: string[]): string => chain.reduce((at, name) => createRequire(at).resolve(name), file);
  const app = path.join(strapi.dirs.app.root, 'package.json');
  for (const chain of [['@strapi/database'], ['@strapi/strapi', '@strapi/core', '@strapi/database']]) {
    try {
      return createRequire(from(app, ...chain))('knex');
    } catch {
      // the next layout
    }
  }
  return null;
};

export const inWal = async (strapi: Core.Strapi) => {
  if (clientOf(strapi) !== 'sqlite') return false;
  const [row] = (await strapi.db.connection.raw('pragma journal_mode')) as { journal_mode?: string }[];
  return String(row?.journal_mode).toLowerCase() === 'wal';
};

/**
 * On SQLite in WAL mode, a connection of the import's own to the same file; null anywhere else
 * (PostgreSQL, MySQL, SQLite not in WAL, no knex found). Strapi's query engine and the plugin's
 * services join its transactions as they join any transaction of `strapi.db.transaction` (the
 * same AsyncLocalStorage).
 */
export const separateConnection = async (strapi: Core.Strapi): Promise<SeparateConnection | null> => {
  const knex = (await inWal(strapi)) ? strapiKnex(strapi) : null;
  if (!knex) return null;
  const { filename } = (strapi.db.connection.client as { connectionSettings: { filename: string } }).connectionSettings;
  const own = knex({
    client: 'better-sqlite3',
    connection: { filename },
    useNullAsDefault: true,
    pool: {
      min: 1,
      max: 1,
      // What Strapi's SQLite dialect sets on its connection, and no synchronous waiting (above).
      afterCreate: (conn: { pragma: (sql: string) => unknown }, done: (error: Error | null, conn: unknown) => void) => {
        conn.pragma('foreign_keys = on');
        conn.pragma('busy_timeout = 0');
        done(null, conn);
      },
    },
  });
  registerSqliteFold(own);
  // Strapi's `transaction` on the import's connection: `this.connection` is the only member it reads.
  const db = Object.create(strapi.db, { connection: { value: own } }) as typeof strapi.db;
  const transaction: Transaction = (cb) => strapi.db.transaction.call(db, ({ trx }: { trx: Knex.Transaction }) => cb(trx));
  return { transaction, destroy: () => own.destroy() };
};

/** How long Strapi's SQLite connection waits for a lock, as its pragma answers it. */
export const busyTimeout = async (strapi: Core.Strapi): Promise<number> => {
  const [{ timeout }] = (await strapi.db.connection.raw('pragma busy_timeout')) as { timeout: number }[];
  return timeout;
};

export const setBusyTimeout = async (strapi: Core.Strapi, ms: number): Promise<void> => {
  await strapi.db.connection.raw(`pragma busy_timeout = ${Number(ms) || 0}`);
};

/** A write that changes nothing: takes SQLite's write lock before any work is done. */
export const takeWriteLock = async (strapi: Core.Strapi, trx: Knex.Transaction): Promise<void> => {
  await trx.raw('update ?? set id = id where 0', [tableOf(strapi, UID.license)]);
};
