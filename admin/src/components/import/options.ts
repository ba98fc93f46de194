/**
 * The import dialog's options (docs/api.md, "Import and export"): each one's values, typed against
 * the contract's ImportOptions so that a value the server adds fails the typecheck here until the
 * dialog offers it, and the form's values as the request's fields.
 */
import type { ImportKind, ImportOptions } from '../../api/import';

type Values<K extends keyof ImportOptions> = NonNullable<ImportOptions[K]>;

/** Every value of a union, from a record that must name each one. */
const valuesOf = <T extends string>(all: Record<T, unknown>) => Object.keys(all) as T[];

export const DATE_FORMATS = valuesOf<Values<'dateFormat'>>({ 'YYYY-MM-DD': 1, 'DD.MM.YYYY': 1, 'DD/MM/YYYY': 1, 'MM/DD/YYYY': 1 });
export const DECIMAL_SEPARATORS = valuesOf<Values<'decimalSeparator'>>({ '.': 1, ',': 1 });
export const ON_ERROR = valuesOf<Values<'onError'>>({ abort: 1, skip: 1 });
export const DELIMITERS = valuesOf<Values<'delimiter'>>({ comma: 1, semicolon: 1, tab: 1 });

/** Encodings by their usual names (not translated). */
export const ENCODING_NAMES: Record<Values<'encoding'>, string> = {
  'utf-8': 'UTF-8',
  'utf-16le': 'UTF-16 LE',
  'utf-16be': 'UTF-16 BE',
  'windows-1252': 'Windows-1252',
};

/** The form: delimiter and encoding '' leave them to the server's detection. */
export interface ImportFormValues {
  dateFormat: Values<'dateFormat'>;
  decimalSeparator: Values<'decimalSeparator'>;
  onError: Values<'onError'>;
  createMissing: boolean;
  delimiter: Values<'delimiter'> | '';
  encoding: Values<'encoding'> | '';
}

/** The server's defaults. */
export const DEFAULT_VALUES: ImportFormValues = {
  dateFormat: 'YYYY-MM-DD',
  decimalSeparator: '.',
  onError: 'abort',
  createMissing: false,
  delimiter: '',
  encoding: '',
};

/** The request's fields: a dry run ("Check file") or the commit ("Import"); createMissing is for licenses only. */
export const toRequestOptions = (values: ImportFormValues, kind: ImportKind, dryRun: boolean): ImportOptions => ({
  dryRun,
  onError: values.onError,
  dateFormat: values.dateFormat,
  decimalSeparator: values.decimalSeparator,
  ...(kind === 'licenses' ? { createMissing: values.createMissing } : {}),
  ...(values.delimiter ? { delimiter: values.delimiter } : {}),
  ...(values.encoding ? { encoding: values.encoding } : {}),
});
