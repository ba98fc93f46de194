/**
 * Rows written together (issue 30): in a commit, the rows a `BulkRows` can prepare (an import's
 * new licenses) wait in a run of up to `size` rows, and are checked and written with a few
 * statements for the whole run instead of a row's dozen, in a savepoint of the run. Every other row
 * runs on its own (run.ts), after the run before it is written, so the rows keep their file order.
 *
 * The report stays the one of rows run one by one: a row the run's checks could refuse runs on its
 * own (its own savepoint, its own report), in its place in the run; a write the database refuses
 * (a unique index a concurrent writer won meanwhile) is rolled back to the run's savepoint, its
 * webhook events dropped, and each of its rows runs on its own. A deadlock victim, whose transaction
 * is gone, ends the import as a row's would (409 `busy`).
 */
import type { Knex } from 'knex';
import type { ImportOutcome } from '../../../../shared/contracts/import';
import { ConflictError } from '../../errors';
import { rowScope } from '../events';

export type Written = { name: string; outcome: Exclude<ImportOutcome, 'failed'> };

export interface BulkRows<R, P> {
  /** How many rows one run writes at most. */
  size: number;
  /** The row prepared to be written with others (nothing read or written that a rollback would have to undo), or null: it runs on its own. */
  prepare(row: R): Promise<P | null>;
  /** In the batch's transaction: the indexes of the prepared rows that must run on their own (a check could refuse them). */
  check(trx: Knex.Transaction, list: P[]): Promise<Set<number>>;
  /** Writes checked rows together; throws when the database refuses any of them. */
  write(trx: Knex.Transaction, list: P[]): Promise<void>;
  /** What the report says of a written row. */
  resultOf(row: R): Written;
}

/** A run's work in a savepoint of its own: see run.ts `inSavepoint`. */
type InSavepoint = <T>(trx: Knex.Transaction, work: () => Promise<T>) => Promise<T>;

const stopsImport = (error: unknown) => error instanceof ConflictError && ['busy', 'import'].includes(String((error.details as { cause?: string }).cause));

/**
 * The pending run of one batch: `add` a row (false: it was not prepared, and the caller runs it on
 * its own after `flush`), `flush` before any row runs on its own and before the batch ends.
 */
export const bulkRun = <R extends { line: number }, P>(
  bulk: BulkRows<R, P>,
  inSavepoint: InSavepoint,
  runRow: (trx: Knex.Transaction, row: R) => Promise<void>,
  written: (row: R, result: Written) => void,
) => {
  let pending: { row: R; prepared: P }[] = [];

  const writeRun = async (trx: Knex.Transaction, run: { row: R; prepared: P }[]) => {
    if (!run.length) return;
    // The run's webhook events are dropped if it is rolled back to its savepoint.
    const scope = { cancelled: false };
    try {
      await rowScope.run(scope, () =>
        inSavepoint(trx, () =>
          bulk.write(
            trx,
            run.map((r) => r.prepared),
          ),
        ),
      );
    } catch (error) {
      scope.cancelled = true;
      if (stopsImport(error)) throw error;
      // Each row on its own: its own report, as if the run had never been tried.
      for (const { row } of run) await runRow(trx, row);
      return;
    }
    for (const { row } of run) written(row, bulk.resultOf(row));
    await new Promise((resolve) => setImmediate(resolve));
  };

  const flush = async (trx: Knex.Transaction) => {
    if (!pending.length) return;
    const list = pending;
    pending = [];
    const own = await bulk.check(
      trx,
      list.map((r) => r.prepared),
    );
    let run: typeof list = [];
    for (const [i, item] of list.entries()) {
      if (!own.has(i)) {
        run.push(item);
        continue;
      }
      await writeRun(trx, run);
      run = [];
      await runRow(trx, item.row);
    }
    await writeRun(trx, run);
  };

  return {
    async add(trx: Knex.Transaction, row: R): Promise<boolean> {
      const prepared = await bulk.prepare(row);
      if (prepared === null) return false;
      pending.push({ row, prepared });
      if (pending.length >= bulk.size) await flush(trx);
      return true;
    },
    flush,
  };
};
