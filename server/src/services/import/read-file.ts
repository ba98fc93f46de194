/**
 * The pure core of the CSV import: bytes → text → records → header mapping → rows of
 * request-body data with their cell errors. No Strapi here; the import service runs each row
 * through the same schemas and services as an API write.
 */
import {
  ASSIGNMENT_IMPORT_VOCABULARY,
  LICENSE_IMPORT_VOCABULARY,
  mapHeaders,
  PURCHASE_IMPORT_VOCABULARY,
  type ColumnMapping,
  type HeaderMapping,
  type Vocabulary,
} from '../../../../shared/import/headers';
import { convertAssignmentRow, convertLicenseRow, convertPurchaseRow, DATE_FORMATS, type CellOptions, type ConvertedRow } from './cells';
import type { ParsedRecord } from './parse';
import { checkCharacters } from './characters';
import { IMPORT_DECIMAL_SEPARATORS } from '../../../../shared/import/options';
import { decode, type ImportEncoding } from './decode';
import { ImportFileError } from './errors';
import { checkHeaderStart, parseCsvText, type DelimiterName } from './parse';

export { ImportFileError } from './errors';
export { decode, ENCODINGS, type ImportEncoding } from './decode';
export { detectDelimiter, parseCsvText, DELIMITERS, MAX_CELL, MAX_COLUMNS, MAX_HEADER_CELL, MAX_ROWS, type DelimiterName } from './parse';
export { convertAssignmentRow, convertLicenseRow, convertPurchaseRow, DATE_FORMATS, type CellError, type ConvertedRow, type DateFormatName } from './cells';

export interface ImportFileOptions extends CellOptions {
  encoding?: string;
  delimiter?: string;
}
export interface ReadImport {
  encoding: ImportEncoding;
  delimiter: DelimiterName;
  mapping: HeaderMapping;
  rows: ConvertedRow[];
}

type Kind = 'licenses' | 'assignments' | 'purchases';
const KINDS: Record<Kind, { vocabulary: Vocabulary; convert: (r: ParsedRecord, c: readonly ColumnMapping[], o: CellOptions) => ConvertedRow }> = {
  licenses: { vocabulary: LICENSE_IMPORT_VOCABULARY, convert: convertLicenseRow },
  assignments: { vocabulary: ASSIGNMENT_IMPORT_VOCABULARY, convert: (record, columns) => convertAssignmentRow(record, columns) },
  purchases: { vocabulary: PURCHASE_IMPORT_VOCABULARY, convert: convertPurchaseRow },
};

const read = (buffer: Buffer, options: ImportFileOptions, kind: Kind): ReadImport => {
  // Options come from a multipart form: checked here so a bad one is a 400 naming it, not a crash.
  if (options.dateFormat !== undefined && !(options.dateFormat in DATE_FORMATS)) {
    throw new ImportFileError('dateFormat', `dateFormat must be one of ${Object.keys(DATE_FORMATS).join(', ')}`);
  }
  if (options.decimalSeparator !== undefined && !(IMPORT_DECIMAL_SEPARATORS as readonly string[]).includes(options.decimalSeparator)) {
    throw new ImportFileError('decimalSeparator', 'decimalSeparator must be "." or ","');
  }
  const { text, encoding } = decode(buffer, options, (start) => checkHeaderStart(start, options.delimiter));
  const { delimiter, header, records } = parseCsvText(text, options);
  const mapping = mapHeaders(header, KINDS[kind].vocabulary);
  if (mapping.errors.length > 0) {
    const [first] = mapping.errors;
    throw new ImportFileError(first.column, mapping.errors.map((e) => `${e.column}: ${e.message}`).join('; '), mapping.errors);
  }
  const rows = records.map((record) => checkCharacters(KINDS[kind].convert(record, mapping.columns, options), record, mapping.columns));
  return { encoding, delimiter, mapping, rows };
};

/** An uploaded license file to rows; ImportFileError when the file as a whole cannot be imported. */
export const readLicenseImport = (buffer: Buffer, options: ImportFileOptions = {}): ReadImport => read(buffer, options, 'licenses');
/** An uploaded assignment file to rows. */
export const readAssignmentImport = (buffer: Buffer, options: ImportFileOptions = {}): ReadImport => read(buffer, options, 'assignments');
/** An uploaded purchases file to rows. */
export const readPurchaseImport = (buffer: Buffer, options: ImportFileOptions = {}): ReadImport => read(buffer, options, 'purchases');
