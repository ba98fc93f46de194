/**
 * An all-or-nothing import commit (`onError=abort`) is one transaction. On SQLite, Strapi has one
 * connection, so that transaction would hold every other request for the whole file. When the
 * database is in WAL mode, the commit writes through a connection of its own instead
 * (`separateConnection`, ../../db/import-writer): Strapi's connection keeps answering reads (WAL
 * readers see the last commit), and the plugin's writes meanwhile wait a few seconds, then get a
 * 409 that says why (`waitForImportWriting`, ../../db), rather than wait for the whole file.
 * Elsewhere (PostgreSQL, MySQL, SQLite not in WAL) the commit runs on Strapi's connection as
 * before. docs/domain.md, "Import".
 *
 * better-sqlite3 waits for a lock synchronously, which would stop the whole process (the import
 * included): so the import's connection never waits (busy_timeout 0; it takes the write lock first,
 * retrying while another write transaction finishes), and Strapi's connection does not wait either
 * while the import holds the lock.
 */
import type { Core } from '@strapi/strapi';
import type { Knex } from 'knex';
import { ConflictError } from '../../errors';
import { IMPORT_WRITING, importWriting, waitForImportWriting } from '../../db';
import { batchTransaction } from '../../db/import';
import { busyTimeout, separateConnection, setBusyTimeout, takeWriteLock } from '../../db/import-writer';

/** How long the import waits for other write transactions to finish before it takes the lock. */
const LOCK_WAIT_MS = 5000;

const codeOf = (error: unknown) => String((error as { code?: string } | null)?.code ?? '');

/**
 * Runs `work` in one transaction: on SQLite in WAL mode on a connection of its own (see above),
 * anywhere else in Strapi's. Strapi's query engine and the plugin's services join it as they join any
 * transaction of `strapi.db.transaction` (the same AsyncLocalStorage).
 */
export const wholeFileTransaction = async <T>(strapi: Core.Strapi, work: (trx: Knex.Transaction) => Promise<T>): Promise<T> => {
  const own = await separateConnection(strapi);
  if (!own) return batchTransaction(strapi, work);
  // One import commit at a time: a second waits for the first as any write does, and a 409 closes its connection.
  try {
    await waitForImportWriting(strapi);
    if (importWriting.has(strapi)) throw new ConflictError(IMPORT_WRITING, { cause: 'import' });
  } catch (error) {
    await own.destroy();
    throw error;
  }
  importWriting.add(strapi);
  const timeout = await busyTimeout(strapi);
  try {
    const until = Date.now() + LOCK_WAIT_MS;
    for (;;) {
      let locked = false;
      try {
        return await own.transaction(async (trx) => {
          await takeWriteLock(strapi, trx);
          locked = true;
          await setBusyTimeout(strapi, 0);
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
    await setBusyTimeout(strapi, timeout);
    await own.destroy();
  }
};
