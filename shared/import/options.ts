/**
 * The CSV imports' options (docs/api.md, "Import and export"): each one's values, in one place for
 * the server that reads them, the contract's types and the admin dialog that offers them.
 */
export const IMPORT_DATE_FORMATS = ['YYYY-MM-DD', 'DD.MM.YYYY', 'DD/MM/YYYY', 'MM/DD/YYYY'] as const;
export type ImportDateFormat = (typeof IMPORT_DATE_FORMATS)[number];

export const IMPORT_DECIMAL_SEPARATORS = ['.', ','] as const;
export type ImportDecimalSeparator = (typeof IMPORT_DECIMAL_SEPARATORS)[number];

export const IMPORT_ON_ERROR = ['abort', 'skip'] as const;
export type ImportOnError = (typeof IMPORT_ON_ERROR)[number];

/** By name; the character each stands for is the reader's (server/src/services/import/parse.ts). */
export const IMPORT_DELIMITERS = ['comma', 'semicolon', 'tab'] as const;
export type ImportDelimiter = (typeof IMPORT_DELIMITERS)[number];

export const IMPORT_ENCODINGS = ['utf-8', 'utf-16le', 'utf-16be', 'windows-1252'] as const;
export type ImportEncoding = (typeof IMPORT_ENCODINGS)[number];

/** What the server assumes for an option not sent. */
export const IMPORT_DEFAULTS = { dateFormat: 'YYYY-MM-DD', decimalSeparator: '.', onError: 'abort', createMissing: false, dryRun: true } as const satisfies {
  dateFormat: ImportDateFormat;
  decimalSeparator: ImportDecimalSeparator;
  onError: ImportOnError;
  createMissing: boolean;
  dryRun: boolean;
};
