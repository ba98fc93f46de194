/**
 * How an import writes (docs/domain.md, "Import and export"): every row is a request to the same
 * services as an API write, all of them in one transaction, each row inside a savepoint. A row
 * that fails is rolled back to its savepoint and reported; the others stay. Then a dry run rolls
 * everything back (so the report is what a commit would do, found by the real rules), `abort` rolls
 * back when any row failed, and otherwise the transaction commits.
 */
import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import type { Knex } from 'knex';
import type { ImportError, ImportOutcome, ImportReport } from '../../../../shared/contracts/import';
import { ConflictError } from '../../errors';
import { getService } from '../../plugin';
import { rowScope } from '../events';
import type { ReadImport } from './index';

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

/** Savepoint names are per connection; one at a time here, so one name does. */
const inSavepoint = async <T>(trx: Knex.Transaction, work: () => Promise<T>): Promise<T> => {
  await trx.raw('SAVEPOINT lm_import_row');
  try {
    const result = await work();
    await trx.raw('RELEASE SAVEPOINT lm_import_row');
    return result;
  } catch (error) {
    // MySQL ends the whole transaction on a deadlock: the savepoint is gone, and so is the import.
    await trx.raw('ROLLBACK TO SAVEPOINT lm_import_row').catch(() => {
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
  const at = (field: string | null, message: string): ImportError => ({
    row: line,
    column: field === null ? null : (headerOf(field) ?? field),
    value: field === null ? '' : cellOf(field),
    message,
  });
  if (error instanceof RowFailure) return error.errors;
  if (error instanceof errors.ValidationError) {
    const list = ((error.details as { errors?: { path: (string | number)[]; message: string }[] })?.errors ?? []).map((e) => {
      const [field, ...rest] = e.path.map(String);
      // A key's own rules (value, label) are the `key` column's.
      const isKey = field === 'keys' || field === 'add';
      return at(isKey ? 'key' : (field ?? null), isKey || rest.length === 0 ? e.message : `${rest.join('.')} ${e.message}`);
    });
    return list.length ? list : [at(null, error.message)];
  }
  if (error instanceof ConflictError && (error.details as { cause?: string }).cause !== 'busy') {
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

/**
 * Runs `work` for each row in one transaction, a savepoint each, and fills the report. `work`
 * answers the row's outcome or throws its refusal (mapped by `refuse`).
 */
export const runRows = async <R extends { line: number }>(
  strapi: Core.Strapi,
  report: ImportReport,
  rows: readonly R[],
  options: RunOptions,
  work: (row: R) => Promise<{ name: string; outcome: Exclude<ImportOutcome, 'failed'> }>,
  refuse: (error: unknown, row: R) => { name: string; errors: ImportError[] }
): Promise<ImportReport> => {
  try {
    await strapi.db.transaction(async ({ trx }) => {
      for (const row of rows) {
        // The row's webhook events are dropped if the row is rolled back to its savepoint.
        const scope = { cancelled: false };
        try {
          const { name, outcome } = await rowScope.run(scope, () => inSavepoint(trx, () => work(row)));
          report[outcome]++;
          report.results.push({ row: row.line, name, outcome });
        } catch (error) {
          scope.cancelled = true;
          const { name, errors: found } = refuse(error, row);
          report.failed++;
          report.errors.push(...found);
          report.results.push({ row: row.line, name, outcome: 'failed' });
        }
      }
      if (options.dryRun || (options.onError === 'abort' && report.failed > 0)) throw new Rollback();
    });
    report.committed = true;
  } catch (error) {
    if (!(error instanceof Rollback)) throw error;
  }
  if (report.committed) {
    // What was imported, not the cells: a value may be anything a file held.
    const { results: _results, columns: _columns, errors, ...counts } = report;
    getService(strapi, 'events').emit('license.import', { license: null, ...counts, errors: errors.map(({ value: _value, ...e }) => e) });
  }
  return report;
};
