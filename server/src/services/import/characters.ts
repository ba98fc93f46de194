/**
 * Characters a database refuses or changes: NUL (PostgreSQL refuses it in text, so a look-up with
 * it would be an error, not "not found") and an unpaired UTF-16 surrogate (the drivers would write
 * it as U+FFFD; decode.ts already refuses a UTF-16 file holding one, this is the second line).
 * Every cell the import reads is checked for them when the file is read, before any look-up: the
 * row gets an error naming the cell, and none of its values reaches a query.
 */
import { importIssue } from '../../../../shared/import/codes';
import type { ColumnMapping } from '../../../../shared/import/headers';
import { customIssue } from '../../../../shared/issues';
import type { ConvertedRow } from './cells';
import type { ParsedRecord } from './parse';

// Escapes in a string, read by the RegExp: a compiler may not write an unpaired surrogate into its output.
const PATTERN = '\\u0000|[\\ud800-\\udbff](?![\\udc00-\\udfff])|(?<![\\ud800-\\udbff])[\\udc00-\\udfff]';
const FORBIDDEN = new RegExp(PATTERN);
const FORBIDDEN_ALL = new RegExp(PATTERN, 'g');

export const hasForbiddenCharacter = (text: string): boolean => FORBIDDEN.test(text);

/** NUL in the words (and the issue) an API write gets from the schemas. */
const problemOf = (text: string) =>
  text.includes('\u0000')
    ? { message: 'must not contain NUL characters', ...customIssue('noNul') }
    : { message: 'must not contain an unpaired UTF-16 surrogate (the file is not valid UTF-16)', ...importIssue('unpaired_surrogate') };

/** The text with each forbidden character as U+FFFD: safe in a query and in the report. */
const replaced = (text: string): string => text.replace(FORBIDDEN_ALL, '\ufffd');

const cleaned = (value: unknown): unknown => {
  if (typeof value === 'string') return replaced(value);
  if (Array.isArray(value)) return value.map(cleaned);
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, cleaned(v)]));
  return value;
};

/**
 * Adds a row error for each read cell holding a forbidden character, and replaces those characters
 * in everything the row carries (its data may still be looked up by name before its errors are
 * reported, and the report shows its cells).
 */
export function checkCharacters(row: ConvertedRow, record: ParsedRecord, columns: readonly ColumnMapping[]): ConvertedRow {
  const bad = columns.filter((c) => c.status === 'field' && c.field !== null && hasForbiddenCharacter(record.cells[c.index] ?? ''));
  const errors = [
    ...bad.map((c) => ({ row: row.line, column: c.header, value: row.cells[c.field!] ?? '', ...problemOf(record.cells[c.index]) })),
    ...row.errors,
  ];
  if (bad.length === 0 && !errors.some((e) => hasForbiddenCharacter(e.value))) return row;
  return {
    line: row.line,
    data: cleaned(row.data) as ConvertedRow['data'],
    references: cleaned(row.references) as ConvertedRow['references'],
    cells: cleaned(row.cells) as ConvertedRow['cells'],
    errors: errors.map((e) => ({ ...e, value: replaced(e.value) })),
  };
}
