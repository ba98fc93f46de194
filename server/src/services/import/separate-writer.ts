/**
 * An all-or-nothing import commit (`onError=abort`) is one transaction. On SQLite, Strapi has one
 * connection, so that transaction would hold every other request for the whole file. When the
 * database is in WAL mode, the commit writes through a connection of its own instead: Strapi's
 * connection keeps answering reads (WAL readers see the last commit), and the plugin's writes
 * meanwhile wait a few seconds, then get a 409 that says why (`waitForImportWriting`, ../db),
 * rather than wait for the whole file. Elsewhere (PostgreSQL, MySQL, SQLite not in WAL) the commit
 * runs on Strapi's connection as before. docs/domain.md, "Import".
 *
 * better-sqlite3 waits for a lock synchronously, which would stop the whole process (the import
 * included): so the import's connection never waits (busy_timeout 0; it takes the write lock first,
 * retrying while another write transaction finishes), and Strapi's connection does not wait either
 * while the import holds the lock.
 */
import type { Core } from '@strapi/strapi';
import type { Knex } from 'knex';
import { createRequire } from 'node:module';
import path from 'node:path';
import { UID } from '../../../../shared/constants';
import { ConflictError } from '../../errors';
import { clientOf, IMPORT_WRITING, importWriting, tableOf, waitForImportWriting } from '../../db';
import { registerSqliteFold } from '../../db/search-text';

/** How long the import waits for other write transactions to finish before it takes the lock. */
const LOCK_WAIT_MS = 5000;

const codeOf = (error: unknown) => String((error as { code?: string } | null)?.code ?? '');

type Transaction = <T>(work: (trx: Knex.Transaction) => Promise<T>) => Promise<T>;

/**
 * The knex that Strapi's database layer uses (the plugin bundles no database driver of its own),
 * found from the app as npm or a strict layout (pnpm) installs it; null if neither finds it.
 */
const strapiKnex = (strapi: Core.Strapi): ((config: Knex.Config) => Knex) | null => {
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

const inWal = async (strapi: Core.Strapi) => {
  if (clientOf(strapi) !== 'sqlite') return false;
  const [row] = (await strapi.db.connection.raw('pragma journal_mode')) as { journal_mode?: string }[];
  return String(row?.journal_mode).toLowerCase() === 'wal';
};

/**
 * Runs `work` in one transaction: on SQLite in WAL mode on a connection of its own (see above),
 * anywhere else in Strapi's. Strapi's query engine and the plugin's services join it as they join any
 * transaction of `strapi.db.transaction` (the same AsyncLocalStorage).
 */
export const wholeFileTransaction = async <T>(strapi: Core.Strapi, work: (trx: Knex.Transaction) => Promise<T>): Promise<T> => {
  const knex = (await inWal(strapi)) ? strapiKnex(strapi) : null;
  if (!knex) return strapi.db.transaction(({ trx }) => work(trx));
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
  // One import commit at a time: a second waits for the first as any write does.
  await waitForImportWriting(strapi);
  if (importWriting.has(strapi)) throw new ConflictError(IMPORT_WRITING, { cause: 'import' });
  importWriting.add(strapi);
  const [{ timeout }] = (await strapi.db.connection.raw('pragma busy_timeout')) as { timeout: number }[];
  try {
    const until = Date.now() + LOCK_WAIT_MS;
    for (;;) {
      let locked = false;
      try {
        return await transaction(async (trx) => {
          // A write that changes nothing takes the write lock before any work is done.
          await trx.raw('update ?? set id = id where 0', [tableOf(strapi, UID.license)]);
          locked = true;
          await strapi.db.connection.raw('pragma busy_timeout = 0');
          return work(trx);
        });
      } catch (error) {
        if (locked || !codeOf(error).startsWith('SQLITE_BUSY')) throw error;
        if (Date.now() > until) throw new ConflictError('The licenses are being changed by other requests at this moment; try again', { cause: 'busy' });
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    }
  } finally {
    importWriting.delete(strapi);
    await strapi.db.connection.raw(`pragma busy_timeout = ${Number(timeout) || 0}`);
    await own.destroy();
  }
};
