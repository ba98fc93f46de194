/**
 * How an import writes (docs/domain.md, "Import"): every row is a request to the same services as
 * an API write, each row inside a savepoint: a row that fails is rolled back to its savepoint and
 * reported; the others stay. The rows run in batches, each batch one transaction, so other
 * requests get the database between batches (SQLite has one connection and one writer): a dry run
 * rolls each batch back, `skip` commits each batch, and `abort` runs the whole file as one batch
 * (all or nothing; on SQLite in WAL mode on a connection of its own, ./separate-writer). Rows whose outcome depends on one another (`keysOf`: the same name, the same
 * license's seats) always share a batch, so the report is the one a single transaction would give.
 * In a commit, the rows a `bulk` can prepare (new licenses) are written in runs of a few hundred,
 * a savepoint per run, and any row a run's checks could refuse runs on its own (./bulk-rows).
 */
import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import type { Knex } from 'knex';
import type { ImportError, ImportOutcome, ImportReport, ImportResult } from '../../../../shared/contracts/import';
import type { FieldError } from '../../../../shared/issues';
import { ConflictError } from '../../errors';
import { getService } from '../../plugin';
import { rowScope } from '../events';
import type { ReadImport } from './read-file';
import { waitForImportWriting } from '../../db';
import { batchTransaction, connectionPool, releaseSavepoint, rollbackToSavepoint, savepoint } from '../../db/import';
import { wholeFileTransaction } from './separate-writer';
import { bulkRun, type BulkRows } from './bulk-rows';

export interface RunOptions {
  dryRun: boolean;
  onError: 'abort' | 'skip';
}

/** A row's refusal, found before or by the services: reported, never thrown out of the import. */
export class RowFailure extends Error {
  constructor(readonly errors: ImportError[]) {
    super('row failed');
  }
}

class Rollback extends Error {}

/** The row's work in a savepoint of the batch's transaction: a row that fails is rolled back to it. */
const inSavepoint = async <T>(trx: Knex.Transaction, work: () => Promise<T>): Promise<T> => {
  await savepoint(trx);
  try {
    const result = await work();
    await releaseSavepoint(trx);
    return result;
  } catch (error) {
    // MySQL ends the whole transaction on a deadlock: the savepoint is gone, and so is the import.
    await rollbackToSavepoint(trx).catch(() => {
      throw new ConflictError('The licenses are being changed by other requests at this moment; try again', { cause: 'busy' });
    });
    throw error;
  }
};

/**
 * What a service's refusal says about the row: a 400's fields and a 409's field, by the file's
 * column (`headerOf`) with the cell as written. Anything else (a bug, a lost database) is thrown on.
 */
export const refusalOf = (error: unknown, line: number, headerOf: (field: string) => string | null, cellOf: (field: string) => string): ImportError[] => {
  const at = (field: string | null, message: string, issue: Pick<FieldError, 'code' | 'params'> = {}): ImportError => ({
    row: line,
    column: field === null ? null : (headerOf(field) ?? field),
    value: field === null ? '' : cellOf(field),
    message,
    // The schema's issue, as a 400 carries it: the admin words the message from it.
    ...(issue.code ? { code: issue.code, params: issue.params ?? {} } : {}),
  });
  if (error instanceof RowFailure) return error.errors;
  if (error instanceof errors.ValidationError) {
    const list = ((error.details as { errors?: FieldError[] })?.errors ?? []).map((e) => {
      const [field, ...rest] = e.path.map(String);
      // A key's own rules (value, label) are the `key` column's.
      const isKey = field === 'keys' || field === 'add';
      return at(isKey ? 'key' : (field ?? null), isKey || rest.length === 0 ? e.message : `${rest.join('.')} ${e.message}`, e);
    });
    return list.length ? list : [at(null, error.message)];
  }
  if (error instanceof ConflictError && !['busy', 'import'].includes(String((error.details as { cause?: string }).cause))) {
    const field = (error.details as { field?: string }).field;
    return [at(typeof field === 'string' ? field : null, error.message)];
  }
  if (error instanceof errors.NotFoundError) return [at(null, error.message)];
  throw error;
};

export const newReport = (read: ReadImport, dryRun: boolean): ImportReport => ({
  dryRun,
  committed: false,
  rows: read.rows.length,
  created: 0,
  updated: 0,
  unchanged: 0,
  failed: 0,
  errors: [],
  encoding: read.encoding,
  delimiter: read.delimiter,
  columns: read.mapping.columns.map(({ header, field, status }) => ({ header, field, status })),
  warnings: read.mapping.warnings,
  results: [],
});

/** A batch closes, at the end of a group, after this much work: what another request may wait for the connection. */
const BATCH_MS = 200;
/** Between batches the import waits until the connection has been free this long (others' requests come in steps). */
const QUIET_MS = 10;

/**
 * The rows in groups that must run in one transaction: rows sharing any key of `keysOf` (union-find),
 * in file order within a group, the groups in the order of their first row.
 */
export const groupRows = <R>(rows: readonly R[], keysOf: (row: R) => readonly string[]): R[][] => {
  const parent = rows.map((_, i) => i);
  const root = (i: number): number => {
    while (parent[i] !== i) i = parent[i] = parent[parent[i]];
    return i;
  };
  const firstWith = new Map<string, number>();
  rows.forEach((row, i) => {
    for (const key of keysOf(row)) {
      const first = firstWith.get(key);
      if (first === undefined) firstWith.set(key, i);
      else parent[Math.max(root(i), root(first))] = Math.min(root(i), root(first));
    }
  });
  const groups = new Map<number, R[]>();
  rows.forEach((row, i) => {
    const r = root(i);
    const group = groups.get(r) ?? [];
    if (!group.length) groups.set(r, group);
    group.push(row);
  });
  return [...groups.values()];
};

/**
 * On a pool of one connection (SQLite), lets the requests that queued for it during a batch run
 * first: waits until the connection has been free for QUIET_MS, at most as long as the batch took
 * (so the import keeps at least half the connection's time). Elsewhere other connections serve them.
 */
const letOthersIn = async (strapi: Core.Strapi, batchMs: number) => {
  const pool = connectionPool(strapi);
  if (!pool || pool.max !== 1) return;
  const until = Date.now() + batchMs;
  let freeSince = Date.now();
  for (;;) {
    await new Promise((resolve) => setTimeout(resolve, 1));
    const now = Date.now();
    if (pool.numUsed() > 0 || pool.numPendingAcquires() > 0) freeSince = now;
    if (now - freeSince >= QUIET_MS || now >= until) return;
  }
};

export interface Batching<R> {
  /** What a row's outcome depends on besides the register (its license's name key, say): rows sharing a key share a batch. */
  keysOf: (row: R) => readonly string[];
  /** A batch was rolled back (a dry run): what the import remembers of it (records it created) is gone. */
  rolledBack?: () => void;
  /** In a commit, the rows it can prepare are written together (./bulk-rows); a dry run runs every row on its own. */
  bulk?: BulkRows<R, any>;
}

/**
 * Runs `work` for each row, a savepoint each, in batches of whole groups (`batching.keysOf`), one
 * transaction each, and fills the report. `work` answers the row's outcome or throws its refusal
 * (mapped by `refuse`). A commit under `abort` is one batch: all of it or none of it.
 */
export const runRows = async <R extends { line: number }>(
  strapi: Core.Strapi,
  report: ImportReport,
  rows: readonly R[],
  options: RunOptions,
  work: (row: R) => Promise<{ name: string; outcome: Exclude<ImportOutcome, 'failed'>; renamed?: ImportResult['renamed'] }>,
  refuse: (error: unknown, row: R) => { name: string; errors: ImportError[] },
  batching: Batching<R>,
): Promise<ImportReport> => {
  const runRow = async (trx: Knex.Transaction, row: R) => {
    // The row's webhook events are dropped if the row is rolled back to its savepoint.
    const scope = { cancelled: false };
    try {
      const { name, outcome, renamed } = await rowScope.run(scope, () => inSavepoint(trx, () => work(row)));
      report[outcome]++;
      report.results.push({ row: row.line, name, outcome, ...(renamed ? { renamed } : {}) });
    } catch (error) {
      scope.cancelled = true;
      const { name, errors: found } = refuse(error, row);
      report.failed++;
      report.errors.push(...found);
      report.results.push({ row: row.line, name, outcome: 'failed' });
    }
  };
  const written = (row: R, { name, outcome }: { name: string; outcome: Exclude<ImportOutcome, 'failed'> }) => {
    report[outcome]++;
    report.results.push({ row: row.line, name, outcome });
  };
  const bulk = batching.bulk && !options.dryRun ? bulkRun(batching.bulk, inSavepoint, runRow, written) : null;
  const wholeFile = !options.dryRun && options.onError === 'abort';
  const groups = wholeFile ? [[...rows]] : groupRows(rows, batching.keysOf);
  for (let next = 0; next < groups.length; ) {
    const started = Date.now();
    // Not while another import's commit holds SQLite's write lock: a wait, or a 409 that says why.
    await waitForImportWriting(strapi);
    const transaction = <T>(work: (trx: Knex.Transaction) => Promise<T>) => (wholeFile ? wholeFileTransaction(strapi, work) : batchTransaction(strapi, work));
    try {
      await transaction(async (trx) => {
        do {
          for (const row of groups[next++]) {
            // A row written with others waits for its run; any other row runs after the run before it.
            if (!(bulk && (await bulk.add(trx, row)))) {
              await bulk?.flush(trx);
              await runRow(trx, row);
            }
            // A row's statements resolve without reaching the event loop's I/O phase (better-sqlite3
            // answers synchronously): without this, no other request would even be read meanwhile.
            await new Promise((resolve) => setImmediate(resolve));
          }
        } while (next < groups.length && Date.now() - started < BATCH_MS);
        await bulk?.flush(trx);
        if (options.dryRun || (options.onError === 'abort' && report.failed > 0)) throw new Rollback();
      });
    } catch (error) {
      if (!(error instanceof Rollback)) throw error;
      batching.rolledBack?.();
    }
    if (next < groups.length) await letOthersIn(strapi, Date.now() - started);
  }
  // `skip` committed every batch (an error would have been thrown on); `abort` committed its one batch unless a row failed.
  report.committed = !options.dryRun && !(options.onError === 'abort' && report.failed > 0);
  // Groups run out of file order when a later row joins an earlier one's group: the report reads by line.
  report.results.sort((a, b) => a.row - b.row);
  report.errors.sort((a, b) => a.row - b.row);
  if (report.committed) {
    // What was imported, not the cells: a value may be anything a file held.
    const { results: _results, columns: _columns, errors, ...counts } = report;
    getService(strapi, 'events').emit('license.import', { license: null, ...counts, errors: errors.map(({ value: _value, ...e }) => e) });
  }
  return report;
};
