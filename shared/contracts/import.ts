/**
 * The CSV import's answer (docs/api.md, "Import and export"), for the admin to import. Types only.
 * Beyond the contract's counts and errors: the detected file format and header mapping, and one
 * outcome per row, which the admin's import dialog shows before the commit.
 */
import type { ColumnStatus, HeaderProblem } from '../import/headers';
import type { ImportDateFormat, ImportDecimalSeparator, ImportDelimiter, ImportEncoding, ImportOnError } from '../import/options';

export type ImportOutcome = 'created' | 'updated' | 'unchanged' | 'failed';

export interface ImportError {
  /** The file line (the header is line 1). */
  row: number;
  /** The header as written in the file, or the attribute a rule names when the file has no such column. */
  column: string | null;
  /** The cell as written (a key masked, a long cell cut). */
  value: string;
  /** In English: the API's contract. */
  message: string;
  /**
   * What the problem is, for a client to word it: a zod issue code when a schema refused the row
   * (with its params, as in a 400's `details.errors`), else one of shared/import/codes.ts. Absent
   * for a refusal of the services without one (a 409, say): then only `message` says it.
   */
  code?: string;
  params?: Record<string, unknown>;
}

export interface ImportReport {
  dryRun: boolean;
  /** True when the rows were written (never on a dry run; not when `abort` met an error). */
  committed: boolean;
  rows: number;
  created: number;
  updated: number;
  unchanged: number;
  failed: number;
  /** Installations only: the installations the devices' new sets leave out (ended, or would end in a dry run). */
  ended?: number;
  errors: ImportError[];
  encoding: ImportEncoding;
  delimiter: ImportDelimiter;
  columns: { header: string; field: string | null; status: ColumnStatus }[];
  warnings: HeaderProblem[];
  results: ImportResult[];
}

/** One row's outcome. `name` is the row's name cell. */
export interface ImportResult {
  row: number;
  name: string;
  outcome: ImportOutcome;
  /**
   * Licenses only, on a row written (`updated`; in a dry run, that would be): the name it matched
   * without case, as stored before (`from`), and as the row writes it (`to`) when the two differ in
   * capitalization or surrounding spaces. Absent otherwise. An addition beside `outcome`, whose values
   * clients switch on.
   */
  renamed?: { from: string; to: string };
}

/** The form fields beside `file`, as the admin sends them. */
export interface ImportOptions {
  dryRun?: boolean;
  onError?: ImportOnError;
  createMissing?: boolean;
  dateFormat?: ImportDateFormat;
  decimalSeparator?: ImportDecimalSeparator;
  delimiter?: ImportDelimiter;
  encoding?: ImportEncoding;
}
