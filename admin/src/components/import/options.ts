/**
 * The import dialog's options (docs/api.md, "Import and export"): each one's values, from
 * shared/import/options as the server reads them, and the form's values as the request's fields.
 */
import type { ImportKind, ImportOptions } from '../../api/import';
import { IMPORT_DATE_FORMATS, IMPORT_DECIMAL_SEPARATORS, IMPORT_DEFAULTS, IMPORT_DELIMITERS, IMPORT_ON_ERROR } from '../../../../shared/import/options';
import { PLUGIN_ID } from '../../pluginId';

type Values<K extends keyof ImportOptions> = NonNullable<ImportOptions[K]>;

export const DATE_FORMATS = [...IMPORT_DATE_FORMATS];
export const DECIMAL_SEPARATORS = [...IMPORT_DECIMAL_SEPARATORS];
export const ON_ERROR = [...IMPORT_ON_ERROR];
export const DELIMITERS = [...IMPORT_DELIMITERS];

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
  dateFormat: IMPORT_DEFAULTS.dateFormat,
  decimalSeparator: IMPORT_DEFAULTS.decimalSeparator,
  onError: IMPORT_DEFAULTS.onError,
  createMissing: IMPORT_DEFAULTS.createMissing,
  delimiter: '',
  encoding: '',
};

/**
 * The options that read an import of this kind (server/src/services/import): an assignment row has
 * no date, amount or reference to create, so its dialog shows and sends only the others.
 */
export const optionsOf = (kind: ImportKind) => ({
  formats: kind !== 'assignments' && kind !== 'installations',
  createMissing: kind !== 'assignments' && kind !== 'installations',
});

/** The format options that follow the user's locale and are remembered. */
type FormatValues = Pick<ImportFormValues, 'dateFormat' | 'decimalSeparator'>;

/**
 * How a spreadsheet in the user's language writes dates and decimals: the order and separator of
 * the locale's short date, and its decimal sign. English keeps the server's defaults (the export's
 * own formats), as does a locale Intl does not know.
 */
export const localeFormats = (locale: string): FormatValues => {
  const fallback = { dateFormat: DEFAULT_VALUES.dateFormat, decimalSeparator: DEFAULT_VALUES.decimalSeparator };
  if (/^en\b/i.test(locale)) return fallback;
  try {
    const parts = new Intl.DateTimeFormat(locale, { year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(new Date(2027, 11, 31));
    const order = parts
      .filter((p) => p.type === 'day' || p.type === 'month' || p.type === 'year')
      .map((p) => p.type[0])
      .join('');
    const separator = parts.find((p) => p.type === 'literal')?.value.trim();
    const dateFormat: FormatValues['dateFormat'] =
      order === 'dmy' ? (separator === '.' ? 'DD.MM.YYYY' : 'DD/MM/YYYY') : order === 'mdy' ? 'MM/DD/YYYY' : 'YYYY-MM-DD';
    const decimal = new Intl.NumberFormat(locale).formatToParts(1.5).find((p) => p.type === 'decimal')?.value;
    return { dateFormat, decimalSeparator: decimal === ',' ? ',' : '.' };
  } catch {
    return fallback;
  }
};

const storageKey = (kind: ImportKind, name: keyof FormatValues) => `${PLUGIN_ID}.import.${kind}.${name}`;

/** localStorage may be absent or refuse (a private window, a full quota): the choice is then not kept. */
const stored = (key: string): string | null => {
  try {
    return window.localStorage.getItem(key);
  } catch {
    return null;
  }
};

/** The dialog's first values: the last format choices made for this kind, else the locale's. */
export const initialValues = (kind: ImportKind, locale: string): ImportFormValues => {
  const defaults = localeFormats(locale);
  const date = stored(storageKey(kind, 'dateFormat'));
  const decimal = stored(storageKey(kind, 'decimalSeparator'));
  return {
    ...DEFAULT_VALUES,
    dateFormat: DATE_FORMATS.find((v) => v === date) ?? defaults.dateFormat,
    decimalSeparator: DECIMAL_SEPARATORS.find((v) => v === decimal) ?? defaults.decimalSeparator,
  };
};

/** Keeps the format choices for the next import of this kind. */
export const rememberFormats = (kind: ImportKind, values: FormatValues) => {
  try {
    window.localStorage.setItem(storageKey(kind, 'dateFormat'), values.dateFormat);
    window.localStorage.setItem(storageKey(kind, 'decimalSeparator'), values.decimalSeparator);
  } catch {
    // Not kept: the next dialog starts from the locale's formats.
  }
};

/** The request's fields: a dry run ("Check file") or the commit ("Import"), with the options its kind reads. */
export const toRequestOptions = (values: ImportFormValues, kind: ImportKind, dryRun: boolean): ImportOptions => ({
  dryRun,
  onError: values.onError,
  ...(optionsOf(kind).formats ? { dateFormat: values.dateFormat, decimalSeparator: values.decimalSeparator } : {}),
  ...(optionsOf(kind).createMissing ? { createMissing: values.createMissing } : {}),
  ...(values.delimiter ? { delimiter: values.delimiter } : {}),
  ...(values.encoding ? { encoding: values.encoding } : {}),
});
