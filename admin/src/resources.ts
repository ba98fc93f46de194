/**
 * The reference lists (manual: software, persons, assets, organizations, organizational structure,
 * locations, license types), each described once: its API path, page route, fields and columns.
 * The generic reference page, its form and the relation comboboxes all read these descriptions.
 */
import { ASSET_TYPES } from '../../shared/constants';
import type { TranslationKey } from './utils/translations';

export type ReferenceApiPath =
  | 'software'
  | 'categories'
  | 'organizations'
  | 'organizational-units'
  | 'locations'
  | 'persons'
  | 'assets';

export type FieldDef = { name: string; label: TranslationKey; hint?: TranslationKey; required?: boolean } & (
  | { kind: 'text' | 'textarea' | 'email' }
  | { kind: 'boolean' }
  | { kind: 'enum'; options: readonly string[]; optionLabel: (value: string) => TranslationKey }
  | { kind: 'relation'; resource: ReferenceApiPath }
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

export const assetTypeLabel = (value: string) => `assetType.${value}` as TranslationKey;

export const REFERENCE: Record<ReferenceApiPath, ReferenceResource> = {
  software: {
    api: 'software',
    path: 'software',
    title: 'software.title',
    subtitle: 'software.subtitle',
    add: 'software.add',
    createTitle: 'software.create',
    editTitle: 'software.edit',
    fields: [
      { name: 'name', label: 'field.name', kind: 'text', required: true },
      { name: 'version', label: 'field.version', kind: 'text' },
      { name: 'manufacturer', label: 'field.manufacturer', kind: 'relation', resource: 'organizations' },
      { name: 'description', label: 'field.description', kind: 'textarea' },
    ],
    columns: [
      { name: 'name', label: 'field.name', sortable: true },
      { name: 'version', label: 'field.version', sortable: true },
      { name: 'manufacturer', label: 'field.manufacturer', kind: 'relation', relation: 'organizations' },
    ],
  },
  persons: {
    api: 'persons',
    path: 'persons',
    title: 'persons.title',
    subtitle: 'persons.subtitle',
    add: 'persons.add',
    createTitle: 'persons.create',
    editTitle: 'persons.edit',
    fields: [
      { name: 'firstName', label: 'field.firstName', kind: 'text' },
      { name: 'lastName', label: 'field.lastName', kind: 'text', required: true },
      { name: 'email', label: 'field.email', kind: 'email' },
      { name: 'employeeNumber', label: 'field.employeeNumber', kind: 'text' },
      { name: 'organization', label: 'field.organization', kind: 'relation', resource: 'organizations' },
      { name: 'organizationalUnit', label: 'field.organizationalUnit', kind: 'relation', resource: 'organizational-units' },
      { name: 'location', label: 'field.location', kind: 'relation', resource: 'locations' },
      { name: 'active', label: 'field.active', kind: 'boolean' },
    ],
    columns: [
      { name: 'lastName', label: 'field.lastName', sortable: true },
      { name: 'firstName', label: 'field.firstName', sortable: true },
      { name: 'email', label: 'field.email', sortable: true },
      { name: 'employeeNumber', label: 'field.employeeNumber' },
      { name: 'organization', label: 'field.organization', kind: 'relation', relation: 'organizations' },
      { name: 'active', label: 'field.active', kind: 'boolean' },
    ],
  },
  assets: {
    api: 'assets',
    path: 'assets',
    title: 'assets.title',
    subtitle: 'assets.subtitle',
    add: 'assets.add',
    createTitle: 'assets.create',
    editTitle: 'assets.edit',
    fields: [
      { name: 'name', label: 'field.name', kind: 'text', required: true },
      { name: 'inventoryNumber', label: 'field.inventoryNumber', kind: 'text' },
      { name: 'serialNumber', label: 'field.serialNumber', kind: 'text' },
      { name: 'assetType', label: 'field.assetType', kind: 'enum', options: ASSET_TYPES, optionLabel: assetTypeLabel },
      { name: 'hostname', label: 'field.hostname', kind: 'text' },
      { name: 'organization', label: 'field.organization', kind: 'relation', resource: 'organizations' },
      { name: 'organizationalUnit', label: 'field.organizationalUnit', kind: 'relation', resource: 'organizational-units' },
      { name: 'location', label: 'field.location', kind: 'relation', resource: 'locations' },
      { name: 'user', label: 'field.user', kind: 'relation', resource: 'persons' },
    ],
    columns: [
      { name: 'name', label: 'field.name', sortable: true },
      { name: 'inventoryNumber', label: 'field.inventoryNumber', sortable: true },
      { name: 'assetType', label: 'field.assetType', kind: 'enum', optionLabel: assetTypeLabel },
      { name: 'hostname', label: 'field.hostname' },
      { name: 'user', label: 'field.user', kind: 'relation', relation: 'persons' },
    ],
  },
  organizations: {
    api: 'organizations',
    path: 'organizations',
    title: 'organizations.title',
    subtitle: 'organizations.subtitle',
    add: 'organizations.add',
    createTitle: 'organizations.create',
    editTitle: 'organizations.edit',
    fields: [
      { name: 'name', label: 'field.name', kind: 'text', required: true },
      { name: 'taxId', label: 'field.taxId', kind: 'text' },
      { name: 'isInternal', label: 'field.isInternal', kind: 'boolean' },
      { name: 'isSupplier', label: 'field.isSupplier', kind: 'boolean' },
      { name: 'isManufacturer', label: 'field.isManufacturer', kind: 'boolean' },
    ],
    columns: [
      { name: 'name', label: 'field.name', sortable: true },
      { name: 'taxId', label: 'field.taxId' },
      { name: 'isInternal', label: 'field.isInternal', kind: 'boolean' },
      { name: 'isSupplier', label: 'field.isSupplier', kind: 'boolean' },
      { name: 'isManufacturer', label: 'field.isManufacturer', kind: 'boolean' },
    ],
  },
  'organizational-units': {
    api: 'organizational-units',
    path: 'organizational-structure',
    title: 'units.title',
    subtitle: 'units.subtitle',
    add: 'units.add',
    createTitle: 'units.create',
    editTitle: 'units.edit',
    fields: [
      { name: 'name', label: 'field.name', kind: 'text', required: true },
      { name: 'organization', label: 'field.organization', kind: 'relation', resource: 'organizations', required: true },
      { name: 'parent', label: 'field.parentUnit', kind: 'relation', resource: 'organizational-units' },
    ],
    columns: [
      { name: 'name', label: 'field.name', sortable: true },
      { name: 'organization', label: 'field.organization', kind: 'relation', relation: 'organizations' },
      { name: 'parent', label: 'field.parentUnit', kind: 'relation', relation: 'organizational-units' },
    ],
  },
  locations: {
    api: 'locations',
    path: 'locations',
    title: 'locations.title',
    subtitle: 'locations.subtitle',
    add: 'locations.add',
    createTitle: 'locations.create',
    editTitle: 'locations.edit',
    fields: [
      { name: 'name', label: 'field.name', kind: 'text', required: true },
      { name: 'address', label: 'field.address', kind: 'textarea' },
      { name: 'parent', label: 'field.parentLocation', kind: 'relation', resource: 'locations' },
    ],
    columns: [
      { name: 'name', label: 'field.name', sortable: true },
      { name: 'address', label: 'field.address' },
      { name: 'parent', label: 'field.parentLocation', kind: 'relation', relation: 'locations' },
    ],
  },
  categories: {
    api: 'categories',
    path: 'license-types',
    title: 'categories.title',
    subtitle: 'categories.subtitle',
    add: 'categories.add',
    createTitle: 'categories.create',
    editTitle: 'categories.edit',
    fields: [
      { name: 'name', label: 'field.name', kind: 'text', required: true },
      { name: 'description', label: 'field.description', kind: 'textarea' },
    ],
    columns: [
      { name: 'name', label: 'field.name', sortable: true },
      { name: 'description', label: 'field.description' },
    ],
  },
};

/** In the sub-navigation's order. */
export const REFERENCE_RESOURCES: ReferenceResource[] = [
  REFERENCE.software,
  REFERENCE.persons,
  REFERENCE.assets,
  REFERENCE.organizations,
  REFERENCE['organizational-units'],
  REFERENCE.locations,
  REFERENCE.categories,
];

export const NAV_SECTIONS: { id: string; label: TranslationKey; links: { path: string; label: TranslationKey }[] }[] = [
  {
    id: 'asset-management',
    label: 'nav.section.licenses',
    links: [{ path: 'licenses', label: 'nav.licenses' }],
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
