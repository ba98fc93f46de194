/**
 * Transactions and row locks: the one write transaction of the plugin (deadlock retries, driver
 * errors without their SQL), row locks by id, unique-index violations, and the wait for an import
 * that holds SQLite's write lock on its own connection.
 */
import type { Core } from '@strapi/strapi';
import type { Knex } from 'knex';
import type { PluginUid } from '../../../shared/constants';
import { ConflictError } from '../errors';
import { clientOf, tableOf } from './meta';

/**
 * Row locks for the rule "every write that depends on a license reads it under its lock": `update`
 * for the rows a write changes or whose deletion it decides, `share` for rows it only needs to
 * exist until it commits (a person being assigned, a relation's target). SQLite serializes
 * writers, so it needs neither. Locks are taken by primary key, so MySQL locks only those rows.
 */
export const locking = (strapi: Core.Strapi, query: Knex.QueryBuilder, mode: 'update' | 'share'): Knex.QueryBuilder => {
  if (clientOf(strapi) === 'sqlite') return query;
  return mode === 'update' ? query.forUpdate() : query.forShare();
};

/** Locks rows of a type by id (in id order, so two writers never wait on each other in a cycle); returns the ids still there. */
export const lockIds = async (strapi: Core.Strapi, trx: Knex.Transaction, uid: PluginUid, ids: number[], mode: 'update' | 'share'): Promise<Set<number>> => {
  const found = new Set<number>();
  const sorted = [...new Set(ids)].sort((a, b) => a - b);
  for (let i = 0; i < sorted.length; i += 500) {
    const q = strapi.db
      .connection(tableOf(strapi, uid))
      .transacting(trx)
      .select('id')
      .whereIn('id', sorted.slice(i, i + 500))
      .orderBy('id');
    for (const row of await locking(strapi, q, mode)) found.add(Number(row.id));
  }
  return found;
};

/** A unique index refused a write that a concurrent writer won; `index` names the index, never the value. */
export class UniqueViolation extends ConflictError {
  constructor(readonly index: string) {
    super('A record with these values already exists', {});
  }
}

/** The violated index's name, from the driver's error, without the value the message may carry. */
const indexOf = (error: unknown): string => {
  const e = error as { constraint?: string; message?: string };
  if (e.constraint) return e.constraint;
  const message = String(e.message ?? '');
  return /for key '([^']+)'/.exec(message)?.[1] ?? /UNIQUE constraint failed: ([\w., ]+)/.exec(message)?.[1] ?? '';
};

/** The apps whose import commit holds SQLite's write lock on a connection of its own (import/separate-writer). */
export const importWriting = new WeakSet<Core.Strapi>();

export const IMPORT_WRITING = 'An import is being written at this moment (all its rows or none); try again when it has finished';

/** How long a write waits for such an import to commit before its 409: a short import goes unnoticed. */
const IMPORT_WAIT_MS = 4000;

/**
 * Waits (without holding a connection) while an import commit holds SQLite's write lock on its own
 * connection, IMPORT_WAIT_MS at most, then a 409 rather than waiting for that import's whole file.
 */
export const waitForImportWriting = async (strapi: Core.Strapi) => {
  const until = Date.now() + IMPORT_WAIT_MS;
  while (importWriting.has(strapi)) {
    if (Date.now() >= until) {
      throw new ConflictError(IMPORT_WRITING, { cause: 'import' });
    }
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
};

/** Thrown inside a transaction to run it again from the start (what it locked changed meanwhile). */
export class RetryTransaction extends Error {}

/**
 * Codes after which the whole transaction runs again. SQLite answers SQLITE_BUSY at once, without
 * waiting, when a transaction that has read wants to write while another process commits.
 */
const DEADLOCK = new Set(['40P01', '40001', 'ER_LOCK_DEADLOCK', 'SQLITE_BUSY', 'SQLITE_BUSY_SNAPSHOT']);
const ATTEMPTS = 10;
const FOREIGN_KEY = new Set(['23503', 'ER_NO_REFERENCED_ROW_2', 'ER_NO_REFERENCED_ROW', 'ER_ROW_IS_REFERENCED_2', 'SQLITE_CONSTRAINT_FOREIGNKEY']);
const codeOf = (error: unknown) => (error as { code?: string } | null)?.code;

/**
 * A write transaction of the plugin. A deadlock victim (MySQL and PostgreSQL pick one when two
 * writers lock in opposite orders) is run again, a few times. Database errors never reach the
 * client or the log with their SQL: a foreign key that a concurrent delete broke is a 409, and any
 * other driver error is rethrown with its code only, because drivers put bound values (a key's
 * ciphertext, say) in their messages.
 */
export const writeTransaction = async <T>(strapi: Core.Strapi, work: (trx: Knex.Transaction) => Promise<T>): Promise<T> => {
  // Inside an outer transaction (an import's), Strapi runs the work in it: a deadlock victim cannot
  // run again on its own, so the outer writer gets a 409 with `cause: 'busy'` and decides.
  const nested = strapi.db.inTransaction();
  for (let attempt = 1; ; attempt++) {
    // While an import commit holds SQLite's write lock on its own connection: a wait, or a 409 that says why.
    if (!nested) await waitForImportWriting(strapi);
    try {
      return await strapi.db.transaction(({ trx }) => work(trx));
    } catch (error) {
      const code = codeOf(error);
      const retry = error instanceof RetryTransaction || (code !== undefined && DEADLOCK.has(code));
      if (retry && nested) throw new ConflictError('The licenses are being changed by other requests at this moment; try again', { cause: 'busy' });
      if (retry && attempt < ATTEMPTS) {
        // Exponential backoff with jitter (about 4 s in all): another process's burst of commits
        // (a key rotation, say) outlasts a few quick retries.
        await new Promise((resolve) => setTimeout(resolve, 4 * 2 ** attempt * (0.5 + Math.random())));
        continue;
      }
      if (retry) throw new ConflictError('The license is being changed by other requests at this moment; try again', {});
      if (code !== undefined && FOREIGN_KEY.has(code)) {
        throw new ConflictError('A record this change refers to was deleted at the same moment', {});
      }
      if (isUniqueViolation(error)) throw new UniqueViolation(indexOf(error));
      if (code !== undefined) throw new Error(`license-manager: database error ${code}`);
      throw error;
    }
  }
};

/** True for a unique-index violation on SQLite, PostgreSQL or MySQL/MariaDB. */
export const isUniqueViolation = (error: unknown): boolean => {
  if (error instanceof UniqueViolation) return true;
  const e = error as { code?: string; errno?: number } | null;
  if (!e) return false;
  return e.code === '23505' || e.code === 'ER_DUP_ENTRY' || e.errno === 1062 || e.code === 'SQLITE_CONSTRAINT_UNIQUE';
};
