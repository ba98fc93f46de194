/**
 * One CSV record to the `data` a create/update request body would carry, by each field's kind in
 * ../../../../shared/fields/license. Only the spreadsheet's spelling is converted here (a date
 * format, a decimal comma, a list separator); every rule of the value itself (bounds, lengths,
 * NUL, enum values, e-mail syntax) is the schema's, checked later on the same body as an API write.
 */
import { DateTime } from 'luxon';
import { LICENSE_FIELDS, type LicenseFieldName } from '../../../../shared/fields/license';
import { PURCHASE_FIELDS, type PurchaseFieldName } from '../../../../shared/fields/purchase';
import type { FieldSpec } from '../../../../shared/fields/types';
import type { ColumnMapping } from '../../../../shared/import/headers';
import { importIssue, type ImportCode } from '../../../../shared/import/codes';
import { maskKey } from '../../../../shared/mask';
import { unescapeCell } from '../csv';
import { MAX_CELL, type ParsedRecord } from './parse';
import type { ImportDateFormat, ImportDecimalSeparator } from '../../../../shared/import/options';

/** Each date format the import takes (shared/import/options), as luxon reads it. */
export const DATE_FORMATS = {
  'YYYY-MM-DD': 'yyyy-M-d',
  'DD.MM.YYYY': 'd.M.yyyy',
  'DD/MM/YYYY': 'd/M/yyyy',
  'MM/DD/YYYY': 'M/d/yyyy',
} as const satisfies Record<ImportDateFormat, string>;
export type DateFormatName = ImportDateFormat;
export type DecimalSeparator = ImportDecimalSeparator;
export interface CellOptions {
  dateFormat?: DateFormatName;
  decimalSeparator?: DecimalSeparator;
}

export interface CellError {
  /** The file line of the record. */
  row: number;
  /** The header as written in the file. */
  column: string;
  value: string;
  message: string;
  code: string;
  params: Record<string, unknown>;
}
export interface ConvertedRow {
  line: number;
  /** The request body's `data`; relations by name (in `references`), not yet by documentId. */
  data: Record<string, unknown>;
  /** Relation fields by the name the file gives: the import service resolves them (or creates them with `createMissing`). */
  references: Record<string, string>;
  /** Each field's cell as the report may show it (keys masked), for errors found later. */
  cells: Record<string, string>;
  errors: CellError[];
}

class CellProblem extends Error {
  constructor(
    message: string,
    readonly code: ImportCode,
    readonly params: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

const tooLong = () => ({
  message: `the cell has more than ${MAX_CELL.toLocaleString('en')} characters`,
  ...importIssue('cell_too_long', { max: MAX_CELL }),
});

const toDate = (value: string, format: DateFormatName): string => {
  const day = DateTime.fromFormat(value, DATE_FORMATS[format], { zone: 'utc' });
  if (!day.isValid) throw new CellProblem(`not a date in the format ${format}`, 'not_a_date', { format });
  return day.toISODate()!;
};

// Spaces, no-break spaces and apostrophes group thousands in every locale ("1 234,50", "1'234.50").
const GROUPING = /[\s\u00a0\u202f']/g;
const notDecimal = (separator: DecimalSeparator) => new CellProblem(`not a number with "${separator}" as decimal separator`, 'not_a_decimal', { separator });

/** An exact decimal string with "." ("1234.50"), never a float; the other separator only as 3-digit thousands grouping. */
const toDecimal = (value: string, separator: DecimalSeparator): string => {
  const grouping = separator === ',' ? '.' : ',';
  let v = value.replace(GROUPING, '');
  const [whole, ...fraction] = v.split(separator);
  if (fraction.length > 1) throw notDecimal(separator);
  if (whole.includes(grouping)) {
    if (!/^[+-]?\d{1,3}(\d{3})*$/.test(whole.split(grouping).join('')) || !new RegExp(`^[+-]?\\d{1,3}(\\${grouping}\\d{3})+$`).test(whole)) {
      throw notDecimal(separator);
    }
  }
  v = whole.split(grouping).join('') + (fraction.length ? `.${fraction[0]}` : '');
  if (!/^[+-]?(\d+(\.\d*)?|\.\d+)$/.test(v)) throw notDecimal(separator);
  return v;
};

const toInteger = (value: string): number => {
  const v = value.replace(GROUPING, '');
  if (!/^[+-]?\d{1,15}$/.test(v)) throw new CellProblem('not a whole number', 'not_an_integer');
  return Number(v);
};

/** The stored value, matched without case ("Per_User" is per_user); anything else goes on for the schema to name the allowed values. */
const toEnum = (value: string, values: readonly string[]): string => values.find((v) => v.toLowerCase() === value.toLowerCase()) ?? value;

/** "a@x.org; b@x.org" or "a@x.org, b@x.org" (the export's separator) to the list the API takes. */
const toList = (value: string): string[] =>
  value
    .split(/[,;\n]/)
    .map((s) => s.trim())
    .filter((s) => s !== '');

const convert = (spec: FieldSpec, value: string, options: Required<CellOptions>): unknown => {
  switch (spec.kind) {
    case 'date':
      return toDate(value.trim(), options.dateFormat);
    case 'money':
    case 'percent':
    case 'factor':
      return toDecimal(value.trim(), options.decimalSeparator);
    case 'integer':
      return toInteger(value.trim());
    case 'enum':
      return toEnum(value.trim(), spec.values);
    case 'emails':
      return toList(value);
    case 'boolean':
      return /^(true|yes|1|oui|vrai)$/i.test(value.trim()) ? true : /^(false|no|0|non|faux)$/i.test(value.trim()) ? false : value;
    default:
      return value;
  }
};

/** What the report may show of a cell: a key masked, an absurd cell cut short. */
const shown = (field: string | null, value: string): string => (field === 'key' ? maskKey(value) : value.length > 200 ? `${value.slice(0, 200)}…` : value);

/**
 * A row of fields described by `specOf` (their kind decides how a cell reads; a relation is kept by
 * name in `references`); `plain` fields are kept as text (the license a purchase row names, say).
 * An empty cell is absent: a create gets the field's default, an update leaves the field as it is
 * (the export writes empty cells for empty fields, so its file imports unchanged).
 */
const convertRow = (
  record: ParsedRecord,
  columns: readonly ColumnMapping[],
  options: CellOptions,
  specOf: (field: string) => FieldSpec | undefined,
  plain: readonly string[] = [],
): ConvertedRow => {
  const opts: Required<CellOptions> = {
    dateFormat: options.dateFormat ?? 'YYYY-MM-DD',
    decimalSeparator: options.decimalSeparator ?? '.',
  };
  const row: ConvertedRow = {
    line: record.line,
    data: {},
    references: {},
    cells: {},
    errors: [],
  };
  for (const column of columns) {
    const value = record.cells[column.index] ?? '';
    if (column.status !== 'field' || column.field === null || value.trim() === '') continue;
    const field = column.field;
    row.cells[field] = shown(field, value);
    if (value.length > MAX_CELL) {
      row.errors.push({
        row: record.line,
        column: column.header,
        value: shown(field, value),
        ...tooLong(),
      });
      continue;
    }
    if (field === 'key') {
      row.data.keys = [{ value: value.trim() }];
      continue;
    }
    if (plain.includes(field)) {
      row.data[field] = unescapeCell(value.trim());
      continue;
    }
    const spec = specOf(field);
    // Every other cell is read back as the CSV writer escaped it, whatever its kind (a key is never
    // exported); a long text keeps its spaces.
    const text = unescapeCell(spec?.kind === 'longtext' ? value : value.trim());
    if (spec === undefined || spec.kind === 'relation') {
      row.references[field] = text;
      continue;
    }
    try {
      row.data[field] = convert(spec, text, opts);
    } catch (error) {
      if (!(error instanceof CellProblem)) throw error;
      row.errors.push({
        row: record.line,
        column: column.header,
        value: shown(field, value),
        message: error.message,
        code: error.code,
        params: error.params,
      });
    }
  }
  // A cell right of the last header has no field: reported, so data is not silently dropped.
  const extra = record.cells.findIndex((cell, i) => i >= columns.length && cell.trim() !== '');
  if (extra !== -1) {
    row.errors.push({
      row: record.line,
      column: `column ${extra + 1}`,
      value: shown(null, record.cells[extra]),
      message: 'a cell beyond the header row',
      ...importIssue('beyond_header'),
    });
  }
  return row;
};

/** A license row: its fields by kind, relations by name (the software's version with it). */
export const convertLicenseRow = (record: ParsedRecord, columns: readonly ColumnMapping[], options: CellOptions = {}): ConvertedRow =>
  convertRow(record, columns, options, (field) => (field === 'softwareVersion' ? undefined : LICENSE_FIELDS[field as LicenseFieldName]));

/** A purchase row: its license (by name or documentId) and own documentId as text, its fields by kind, the supplier by name. */
export const convertPurchaseRow = (record: ParsedRecord, columns: readonly ColumnMapping[], options: CellOptions = {}): ConvertedRow =>
  convertRow(record, columns, options, (field) => PURCHASE_FIELDS[field as PurchaseFieldName], ['license', 'licenseDocumentId', 'documentId']);

/** An assignment row: the license (by name or documentId) and the person or asset, as the file gives them. */
export function convertAssignmentRow(record: ParsedRecord, columns: readonly ColumnMapping[]): ConvertedRow {
  const row: ConvertedRow = {
    line: record.line,
    data: {},
    references: {},
    cells: {},
    errors: [],
  };
  for (const column of columns) {
    const value = record.cells[column.index] ?? '';
    if (column.status !== 'field' || column.field === null || value.trim() === '') continue;
    row.cells[column.field] = shown(null, value);
    if (value.length > MAX_CELL) {
      row.errors.push({
        row: record.line,
        column: column.header,
        value: shown(null, value),
        ...tooLong(),
      });
    } else {
      row.data[column.field] = unescapeCell(value.trim());
    }
  }
  return row;
}
