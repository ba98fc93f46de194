/**
 * The reference lists (manual: software, persons, assets, organizations, organizational structure,
 * locations, license types) as the admin pages use them: API path, page route, form fields and
 * list columns, derived from their one description in shared/fields/reference.
 * The generic reference page, its form and the relation comboboxes all read these.
 */
import { REFERENCE_NAMES, REFERENCE_RESOURCES as DESCRIPTIONS, publicFieldsOf, type ReferenceName } from '../../shared/fields/reference';
import type { ReferenceFieldSpec } from '../../shared/fields/types';
import type { TranslationKey } from './utils/translations';

export type ReferenceApiPath = ReferenceName;

export type FieldDef = { name: string; label: TranslationKey; hint?: TranslationKey; required?: boolean } & (
  | { kind: 'text' | 'textarea' | 'email' }
  | { kind: 'boolean' }
  | { kind: 'enum'; options: readonly string[]; optionLabel: (value: string) => TranslationKey; default?: string }
  | { kind: 'integer'; min: number; max: number; default?: number }
  | { kind: 'relation'; resource: ReferenceApiPath }
  /** Admin user ids (organizations' and units' administrators), picked among the admin users. */
  | { kind: 'administrators' }
);

export interface ColumnDef {
  name: string;
  label: TranslationKey;
  sortable?: boolean;
  kind?: 'relation' | 'boolean' | 'enum';
  relation?: ReferenceApiPath;
  optionLabel?: (value: string) => TranslationKey;
}

export interface ReferenceResource {
  /** The admin API path under /license-manager/. */
  api: ReferenceApiPath;
  /** The page's route under /plugins/license-manager/. */
  path: string;
  title: TranslationKey;
  subtitle: TranslationKey;
  add: TranslationKey;
  createTitle: TranslationKey;
  editTitle: TranslationKey;
  fields: FieldDef[];
  columns: ColumnDef[];
}

/** An enumeration value's label: `<field>.<value>`, e.g. assetType.laptop. */
const optionLabelOf = (field: string) => (value: string) => `${field}.${value}` as TranslationKey;
export const assetTypeLabel = optionLabelOf('assetType');

/** `i18n`: the resource's key prefix, whose `<prefix>.administrators.hint` explains its administrators. */
const fieldDef = (name: string, f: ReferenceFieldSpec, i18n: string): FieldDef => {
  const common = { name, label: f.label as TranslationKey, ...(f.hint ? { hint: f.hint as TranslationKey } : {}), ...(f.required ? { required: true } : {}) };
  switch (f.kind) {
    case 'relation':
      return { ...common, kind: 'relation', resource: f.target };
    case 'enum':
      return { ...common, kind: 'enum', options: f.values, optionLabel: optionLabelOf(name), ...(f.default ? { default: f.default } : {}) };
    case 'boolean':
      return { ...common, kind: 'boolean' };
    case 'integer':
      return { ...common, kind: 'integer', min: f.min, max: f.max, ...(f.default !== undefined ? { default: f.default } : {}) };
    case 'longtext':
      return { ...common, kind: 'textarea' };
    case 'email':
      return { ...common, kind: 'email' };
    case 'adminIds':
      return { hint: `${i18n}.administrators.hint` as TranslationKey, ...common, kind: 'administrators' };
    default:
      return { ...common, kind: 'text' };
  }
};

const columnDef = (name: string, f: ReferenceFieldSpec): ColumnDef => ({
  name,
  label: f.label as TranslationKey,
  ...(f.sortable ? { sortable: true } : {}),
  ...(f.kind === 'relation' ? { kind: 'relation', relation: f.target } : {}),
  ...(f.kind === 'boolean' ? { kind: 'boolean' } : {}),
  ...(f.kind === 'enum' ? { kind: 'enum', optionLabel: optionLabelOf(name) } : {}),
});

const resourceOf = (name: ReferenceName): ReferenceResource => {
  const spec = DESCRIPTIONS[name];
  const fields = publicFieldsOf(name);
  const key = (suffix: string) => `${spec.i18n}.${suffix}` as TranslationKey;
  return {
    api: name,
    path: spec.page,
    title: key('title'),
    subtitle: key('subtitle'),
    add: key('add'),
    createTitle: key('create'),
    editTitle: key('edit'),
    fields: fields.map(([n, f]) => fieldDef(n, f, spec.i18n)),
    columns: spec.columns.map((column) => columnDef(column, fields.find(([n]) => n === column)![1])),
  };
};

export const REFERENCE = Object.fromEntries(REFERENCE_NAMES.map((name) => [name, resourceOf(name)])) as Record<ReferenceApiPath, ReferenceResource>;

/** In the sub-navigation's order. */
export const REFERENCE_RESOURCES: ReferenceResource[] = REFERENCE_NAMES.map((name) => REFERENCE[name]);

export const NAV_SECTIONS: { id: string; label: TranslationKey; links: { path: string; label: TranslationKey }[] }[] = [
  {
    id: 'asset-management',
    label: 'nav.section.licenses',
    links: [
      { path: 'licenses', label: 'nav.licenses' },
      { path: 'compliance', label: 'nav.compliance' },
      { path: 'installations', label: 'nav.installations' },
    ],
  },
  {
    id: 'reference',
    label: 'nav.section.reference',
    links: REFERENCE_RESOURCES.map((r) => ({ path: r.path, label: `nav.${r.path}` as TranslationKey })),
  },
];

type Named = object | null | undefined;

/** How a record of a resource is named in lists, comboboxes and the detail view. */
export const labelOf = (record: Named): string => {
  if (!record) return '';
  const r = record as { name?: unknown; version?: unknown; firstName?: unknown; lastName?: unknown };
  if (r.lastName !== undefined) return [r.firstName, r.lastName].filter(Boolean).join(' ');
  return [r.name, r.version].filter(Boolean).join(' ');
};
