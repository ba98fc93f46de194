/** What the row writers (./licenses, ./assignments, ./purchases) share: a row's text cell, its problem at a column, a schema's verdict. */
import type { ImportError } from '../../../../shared/contracts/import';
import { importIssue, type ImportCode } from '../../../../shared/import/codes';
import { invalid } from '../../errors';
import { fieldErrorsOf } from '../../validation';
import type { ConvertedRow } from './cells';

/** A cell kept as text (a license's name, a documentId), or '' when the row has none. */
export const rowText = (row: ConvertedRow, field: string): string => (typeof row.data[field] === 'string' ? (row.data[field] as string) : '');

/** A problem of the row at a field's column, named by the file's header (`headerOf`), with the cell as written. */
export const problemAt =
  (headerOf: (field: string) => string | null) =>
  (row: ConvertedRow, field: string, message: string, code: ImportCode, params: Record<string, unknown> = {}): ImportError => ({
    row: row.line,
    column: headerOf(field) ?? field,
    value: row.cells[field] ?? '',
    message,
    ...importIssue(code, params),
  });

/** Parsed by a schema, or the row's 400 (the same errors an API write gets). */
export const parsed = <T>(result: { success: true; data: T } | { success: false; error: Parameters<typeof fieldErrorsOf>[0] }): T => {
  if (!result.success) throw invalid(fieldErrorsOf(result.error));
  return result.data;
};
