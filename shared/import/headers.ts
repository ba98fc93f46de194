/**
 * CSV header cells to fields (docs/api.md, "Import and export"): a header is an attribute name as
 * the export writes it, or the form's label in English or French (the `label` keys of
 * ../fields/license in ../translations), compared without case, accents or whitespace.
 * Shared: the admin's import dialog shows the same mapping in its preview.
 */
import en from '../translations/en.json';
import fr from '../translations/fr.json';
import { LICENSE_FIELDS, LICENSE_INPUT_FIELDS, LICENSE_READ_VALUES } from '../fields/license';
import { PURCHASE_FIELDS, PURCHASE_FIELD_NAMES } from '../fields/purchase';

/** "Numéro  d’Inventaire " and "numero d'inventaire" are the same header (word processors curl apostrophes). */
export const normalizeHeader = (header: string): string =>
  header
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[\u2018\u2019\u02bc`]/g, "'")
    .replace(/\s+/g, '')
    .toLowerCase();

export type ColumnStatus = 'field' | 'ignored' | 'unknown';
export interface ColumnMapping {
  /** 0-based position in the row. */
  index: number;
  /** The header as written in the file. */
  header: string;
  /** The field it feeds (`status: 'field'`), or the read-only attribute it names (`'ignored'`). */
  field: string | null;
  status: ColumnStatus;
}
export interface HeaderProblem {
  column: string;
  message: string;
}
export interface HeaderMapping {
  columns: ColumnMapping[];
  /** Unknown columns: reported, not fatal. */
  warnings: HeaderProblem[];
  /** Duplicate, ambiguous or missing required columns: the file cannot be imported. */
  errors: HeaderProblem[];
}

export interface Vocabulary {
  /** Fields a row writes, by attribute name, with their translation label key when they have one. */
  fields: Record<string, string | undefined>;
  /** Columns the export writes that an import reads past (read-only values). */
  ignored: readonly string[];
  /** Each inner list: one of these columns must be present. */
  required: readonly (readonly string[])[];
  /** Other labels (translation keys) a field goes by in the admin, read like its own. */
  alsoLabelled?: Record<string, readonly string[]>;
}

type Messages = Record<string, string>;
const labelsOf = (key: string | undefined): string[] =>
  key ? [(en as Messages)[key], (fr as Messages)[key]].filter((l): l is string => typeof l === 'string') : [];

export const LICENSE_IMPORT_VOCABULARY: Vocabulary = {
  fields: {
    ...Object.fromEntries(
      LICENSE_INPUT_FIELDS.filter((name) => LICENSE_FIELDS[name].import).map((name) => [name, (LICENSE_FIELDS[name] as { label?: string }).label]),
    ),
    // Write-only: the key value a row adds to the license (never exported).
    key: 'keys.field.value',
    // With `software`, names the software when several share a name (the export writes it).
    softwareVersion: undefined,
  },
  // What the export adds to the stored fields (docs/api.md: `seatsUsed`, `status`, and the read values).
  ignored: ['seatsUsed', ...Object.keys(LICENSE_READ_VALUES)],
  required: [['name']],
  // "License type" named the model as well as the category (the admin labels it
  // "License type (per user/computer)"): a column named only "License type" stays ambiguous rather
  // than being read as the category when it may hold "per user".
  alsoLabelled: { assignmentModel: ['license.field.category'] },
};

export const ASSIGNMENT_IMPORT_VOCABULARY: Vocabulary = {
  fields: {
    license: undefined,
    licenseDocumentId: undefined,
    personEmail: undefined,
    personEmployeeNumber: undefined,
    assetInventoryNumber: undefined,
  },
  ignored: ['person', 'asset', 'assignedAt', 'assignedBy'],
  required: [
    ['license', 'licenseDocumentId'],
    ['personEmail', 'personEmployeeNumber', 'assetInventoryNumber'],
  ],
};

/**
 * The purchases file (the purchases export's columns): its license by name or documentId, the
 * purchase's fields by name or label, and the purchase's own `documentId` when a row updates one.
 */
export const PURCHASE_IMPORT_VOCABULARY: Vocabulary = {
  fields: {
    license: undefined,
    licenseDocumentId: undefined,
    documentId: undefined,
    ...Object.fromEntries(PURCHASE_FIELD_NAMES.map((name) => [name, PURCHASE_FIELDS[name].label])),
  },
  ignored: ['active'],
  required: [['license', 'licenseDocumentId']],
};

/**
 * An installations file (issue 28; docs/api.md, "Installations"), as any discovery tool can export
 * it: one row per installed entry, its device by hostname, serial number (`serial` for short), uuid
 * or inventory number, the entry's name, version and publisher.
 */
export const INSTALLATION_IMPORT_VOCABULARY: Vocabulary = {
  fields: {
    hostname: undefined,
    serialNumber: undefined,
    serial: undefined,
    uuid: undefined,
    inventoryNumber: undefined,
    name: undefined,
    version: undefined,
    publisher: undefined,
  },
  ignored: [],
  required: [['name'], ['hostname', 'serialNumber', 'serial', 'uuid', 'inventoryNumber']],
};

/** normalized header → attribute names it can mean (two when fields share a label: "License type"). */
const lookupOf = (vocabulary: Vocabulary): Map<string, { names: string[]; ignored: boolean }> => {
  const lookup = new Map<string, { names: string[]; ignored: boolean }>();
  const add = (text: string, name: string, ignored: boolean) => {
    const k = normalizeHeader(text);
    const entry = lookup.get(k) ?? { names: [], ignored };
    if (!entry.names.includes(name)) entry.names.push(name);
    lookup.set(k, entry);
  };
  // Attribute names first: a header equal to a name is that field even if a label is the same word.
  const byName = new Set<string>();
  for (const name of [...Object.keys(vocabulary.fields), ...vocabulary.ignored]) {
    add(name, name, vocabulary.ignored.includes(name));
    byName.add(normalizeHeader(name));
  }
  for (const [name, key] of Object.entries(vocabulary.fields)) {
    for (const k of [key, ...(vocabulary.alsoLabelled?.[name] ?? [])])
      for (const text of labelsOf(k)) if (!byName.has(normalizeHeader(text))) add(text, name, false);
  }
  return lookup;
};

export function mapHeaders(header: readonly string[], vocabulary: Vocabulary = LICENSE_IMPORT_VOCABULARY): HeaderMapping {
  const lookup = lookupOf(vocabulary);
  const warnings: HeaderProblem[] = [];
  const errors: HeaderProblem[] = [];
  const seen = new Map<string, string>();
  const columns = header.map((raw, index): ColumnMapping => {
    const text = raw.trim();
    const entry = lookup.get(normalizeHeader(text));
    if (!entry) {
      warnings.push({
        column: text,
        message: text === '' ? `column ${index + 1} has no header and is not imported` : 'unknown column, not imported',
      });
      return { index, header: text, field: null, status: 'unknown' };
    }
    if (entry.names.length > 1) {
      errors.push({
        column: text,
        message: `ambiguous column: it may be ${entry.names.join(' or ')}; use the attribute name`,
      });
      return { index, header: text, field: null, status: 'unknown' };
    }
    const [field] = entry.names;
    const earlier = seen.get(field);
    if (earlier !== undefined)
      errors.push({
        column: text,
        message: `duplicate column: "${earlier}" is already ${field}`,
      });
    else seen.set(field, text);
    return {
      index,
      header: text,
      field,
      status: entry.ignored ? 'ignored' : 'field',
    };
  });
  for (const oneOf of vocabulary.required) {
    if (!oneOf.some((name) => seen.has(name))) {
      errors.push({
        column: oneOf[0],
        message: oneOf.length === 1 ? `missing required column ${oneOf[0]}` : `missing column: one of ${oneOf.join(', ')} is required`,
      });
    }
  }
  return { columns, warnings, errors };
}
