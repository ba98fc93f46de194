/**
 * The pure core of the CSV import: bytes → text → records → header mapping → rows of
 * request-body data with their cell errors. No Strapi here; the import service runs each row
 * through the same schemas and services as an API write.
 */
import { ASSIGNMENT_IMPORT_VOCABULARY, LICENSE_IMPORT_VOCABULARY, mapHeaders, type HeaderMapping } from '../../../../shared/import/headers';
import { convertAssignmentRow, convertLicenseRow, DATE_FORMATS, type CellOptions, type ConvertedRow } from './cells';
import { checkCharacters } from './characters';
import { IMPORT_DECIMAL_SEPARATORS } from '../../../../shared/import/options';
import { decode, type ImportEncoding } from './decode';
import { ImportFileError } from './errors';
import { checkHeaderStart, parseCsvText, type DelimiterName } from './parse';

export { ImportFileError } from './errors';
export { decode, ENCODINGS, type ImportEncoding } from './decode';
export { detectDelimiter, parseCsvText, DELIMITERS, MAX_CELL, MAX_COLUMNS, MAX_HEADER_CELL, MAX_ROWS, type DelimiterName } from './parse';
export { convertAssignmentRow, convertLicenseRow, DATE_FORMATS, type CellError, type ConvertedRow, type DateFormatName } from './cells';

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

const read = (buffer: Buffer, options: ImportFileOptions, kind: 'licenses' | 'assignments'): ReadImport => {
  // Options come from a multipart form: checked here so a bad one is a 400 naming it, not a crash.
  if (options.dateFormat !== undefined && !(options.dateFormat in DATE_FORMATS)) {
    throw new ImportFileError('dateFormat', `dateFormat must be one of ${Object.keys(DATE_FORMATS).join(', ')}`);
  }
  if (options.decimalSeparator !== undefined && !(IMPORT_DECIMAL_SEPARATORS as readonly string[]).includes(options.decimalSeparator)) {
    throw new ImportFileError('decimalSeparator', 'decimalSeparator must be "." or ","');
  }
  const { text, encoding } = decode(buffer, options, (start) => checkHeaderStart(start, options.delimiter));
  const { delimiter, header, records } = parseCsvText(text, options);
  const mapping = mapHeaders(header, kind === 'licenses' ? LICENSE_IMPORT_VOCABULARY : ASSIGNMENT_IMPORT_VOCABULARY);
  if (mapping.errors.length > 0) {
    const [first] = mapping.errors;
    throw new ImportFileError(first.column, mapping.errors.map((e) => `${e.column}: ${e.message}`).join('; '), mapping.errors);
  }
  const rows = records.map((record) =>
    checkCharacters(
      kind === 'licenses' ? convertLicenseRow(record, mapping.columns, options) : convertAssignmentRow(record, mapping.columns),
      record,
      mapping.columns,
    ),
  );
  return { encoding, delimiter, mapping, rows };
};

/** An uploaded license file to rows; ImportFileError when the file as a whole cannot be imported. */
export const readLicenseImport = (buffer: Buffer, options: ImportFileOptions = {}): ReadImport => read(buffer, options, 'licenses');
/** An uploaded assignment file to rows. */
export const readAssignmentImport = (buffer: Buffer, options: ImportFileOptions = {}): ReadImport => read(buffer, options, 'assignments');
