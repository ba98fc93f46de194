/**
 * The number of licenses, kept, so an unfiltered list answers its total without counting every
 * license: PostgreSQL's count(*) reads the whole table (25 ms at 200,000 licenses), and the list
 * page itself reads 25 rows of an index.
 *
 * Kept as rows that add up to it (the `license-tally` type): each create or delete inserts +1 or
 * -1 in its own transaction, so the total commits, or rolls back to a savepoint, with the license,
 * and writers never wait on each other for it (a single counter row would hold a lock from an
 * import's first row to its commit, and an import that then waits for a license a delete holds,
 * while the delete waits for the counter, is a deadlock). `compact` folds the deltas into the one
 * `base` row under that row's lock, so the sum reads a few rows, never one per write.
 *
 * `verify` compares the sum with count(*) read in the same snapshot, under the base row's lock,
 * and with `repair` adds the difference to the base: once at startup on a database from before
 * (no base row yet), by `npm run verify-seats`, and by the benchmark and tests that bulk-load.
 */
import type { Core } from '@strapi/strapi';
import type { Knex } from 'knex';
import { UID } from '../../../shared/constants';
import { clientOf, columnOf, newDocumentId, tableOf } from './meta';
import { locking, writeTransaction } from './transactions';

/** Deltas above which a read folds them into the base row (after answering). */
const COMPACT_ABOVE = 500;
const BASE = 'base';

export interface LicenseTotalCheck {
  kept: number;
  counted: number;
}

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const names = () => ({
    table: tableOf(strapi, UID.licenseTally),
    kind: columnOf(strapi, UID.licenseTally, 'kind'),
    delta: columnOf(strapi, UID.licenseTally, 'delta'),
    documentId: columnOf(strapi, UID.licenseTally, 'documentId'),
    license: tableOf(strapi, UID.license),
  });
  let compacting = false;

  /** The base row, locked for the rest of the transaction (compaction and repair hold it one at a time). */
  const lockBase = async (trx: Knex.Transaction) => {
    const n = names();
    const knex = strapi.db.connection;
    let row = await locking(strapi, knex(n.table).transacting(trx).first('id').where(n.kind, BASE), 'update');
    if (!row) {
      await knex(n.table)
        .transacting(trx)
        .insert({ [n.documentId]: newDocumentId(), [n.kind]: BASE, [n.delta]: 0 })
        .onConflict(n.kind)
        .ignore();
      row = await locking(strapi, knex(n.table).transacting(trx).first('id').where(n.kind, BASE), 'update');
    }
    return Number(row.id);
  };

  /**
   * Folding's transaction. On MySQL at READ COMMITTED: REPEATABLE READ's locking read would also
   * lock the gaps between the deltas, where an open import inserts its own, and the two deadlock
   * (the import losing). Folding is retried by the next read if it fails, so it needs no retry here.
   */
  const foldTransaction = (work: (trx: Knex.Transaction) => Promise<void>) =>
    clientOf(strapi) === 'mysql' ? strapi.db.connection.transaction(work, { isolationLevel: 'read committed' }) : writeTransaction(strapi, work);

  const compact = async () => {
    const n = names();
    const knex = strapi.db.connection;
    await foldTransaction(async (trx) => {
      const base = await lockBase(trx);
      // The deltas committed by now, locked (MySQL and PostgreSQL), so each is folded exactly once.
      // Those of writes still open are skipped, not waited for: folding never waits on a writer,
      // so no writer waiting on it (MySQL's gap locks) can close a cycle; they fold next time.
      const deltas = knex(n.table).transacting(trx).select('id', `${n.delta} as delta`).whereNull(n.kind);
      const rows = clientOf(strapi) === 'sqlite' ? await deltas : await deltas.forUpdate().skipLocked();
      if (!rows.length) return;
      const sum = rows.reduce((s: number, r: any) => s + Number(r.delta), 0);
      await knex(n.table).transacting(trx).where('id', base).increment(n.delta, sum);
      const ids = rows.map((r: any) => Number(r.id));
      for (let i = 0; i < ids.length; i += 500)
        await knex(n.table)
          .transacting(trx)
          .whereIn('id', ids.slice(i, i + 500))
          .delete();
    });
  };

  return {
    /** In the write's transaction: +1 for each license it creates, -1 for each it deletes. */
    async add(trx: Knex.Transaction, delta: number) {
      const n = names();
      await strapi.db
        .connection(n.table)
        .transacting(trx)
        .insert({ [n.documentId]: newDocumentId(), [n.kind]: null, [n.delta]: delta });
    },

    /** The number of licenses: one sum over a few rows, whatever the number of licenses. */
    async total(): Promise<number> {
      const n = names();
      // (`deltas`, not `rows`: a reserved word on MariaDB.)
      const [row] = await strapi.db.connection(n.table).select(strapi.db.connection.raw('coalesce(sum(??), 0) as total, count(*) as deltas', [n.delta]));
      if (Number(row.deltas) > COMPACT_ABOVE && !compacting) {
        compacting = true;
        setImmediate(() =>
          compact()
            .catch((e) => strapi.log.warn(`license-manager: folding the license tally failed, it will be tried again: ${e.message}`))
            .finally(() => (compacting = false)),
        );
      }
      return Number(row.total);
    },

    compact,

    /** On a database without the base row (from before it): counted once. Processes starting together take turns on the base row. */
    async initialize() {
      const n = names();
      if (await strapi.db.connection(n.table).first('id').where(n.kind, BASE)) return;
      const check = await this.verify({ repair: true });
      if (check.kept !== check.counted) strapi.log.info(`license-manager: counted ${check.counted} license(s) once, for the lists' totals`);
    },

    /** The kept total against count(*), read in one snapshot under the base row's lock; `repair` sets it right. */
    async verify({ repair = false }: { repair?: boolean } = {}): Promise<LicenseTotalCheck> {
      const n = names();
      const knex = strapi.db.connection;
      return writeTransaction(strapi, async (trx) => {
        const base = await lockBase(trx);
        // One statement: one snapshot on PostgreSQL; MySQL's snapshot starts at this first plain read.
        const [row] = await knex(n.license)
          .transacting(trx)
          .select(knex.raw('count(*) as counted'), knex.raw('(select coalesce(sum(??), 0) from ??) as kept', [n.delta, n.table]));
        const check = { kept: Number(row.kept), counted: Number(row.counted) };
        if (repair && check.kept !== check.counted)
          await knex(n.table)
            .transacting(trx)
            .where('id', base)
            .increment(n.delta, check.counted - check.kept);
        return check;
      });
    },
  };
};
