/**
 * The seven reference resources, listed once, each with its fields (manual: software, persons,
 * assets, organizations, organizational structure, locations, license types), in the
 * sub-navigation's order. The reference zod schemas (../schemas), the record types
 * (../contracts/reference), the admin API's routes and controllers, the server's reference rules
 * and the admin's reference pages all read this list.
 */
import { ADMINISTRATORS_MAX, ASSET_HARDWARE_MAX, ASSET_TYPES, UID } from '../constants';
import type { ReferenceFieldSpec, ReferenceName } from './types';

export type { ReferenceName } from './types';

export interface ReferenceResourceSpec {
  uid: (typeof UID)[keyof typeof UID];
  /** The noun of the server's messages ("Software with this name already exists"). */
  noun: string;
  /** The admin page's route under /plugins/license-manager/ (and its nav.<page> label). */
  page: string;
  /** Prefix of the page's translation keys: <prefix>.title, .subtitle, .add, .create, .edit. */
  i18n: string;
  /** The server controller serving it (controllers/index.ts). */
  controller: string;
  fields: Record<string, ReferenceFieldSpec>;
  /** The admin list's columns, in order. */
  columns: readonly string[];
}

const ORGANIZATION = { kind: 'relation', target: 'organizations', shows: ['name'] } as const;
const UNIT = { kind: 'relation', target: 'organizational-units', shows: ['name'] } as const;
const LOCATION = { kind: 'relation', target: 'locations', shows: ['name'] } as const;
// Who a condition on the plugin's actions lets act on the records (docs/domain.md, "Permissions").
const ADMINISTRATORS = { kind: 'adminIds', max: ADMINISTRATORS_MAX, label: 'field.administrators' } as const;
const NAME = { kind: 'text', max: 255, required: true, label: 'field.name', sortable: true } as const;

export const REFERENCE_RESOURCES = {
  software: {
    uid: UID.software,
    noun: 'Software',
    page: 'software',
    i18n: 'software',
    controller: 'software',
    fields: {
      name: NAME,
      version: { kind: 'text', max: 255, label: 'field.version', sortable: true },
      manufacturer: { ...ORGANIZATION, label: 'field.manufacturer' },
      description: { kind: 'longtext', max: 10_000, label: 'field.description' },
      // Of name and version together: "Office 2021" is one software, "office 2021" the same one.
      nameKey: { kind: 'text', max: 64, readOnly: 'private' },
    },
    columns: ['name', 'version', 'manufacturer'],
  },
  persons: {
    uid: UID.person,
    noun: 'Person',
    page: 'persons',
    i18n: 'persons',
    controller: 'persons',
    fields: {
      firstName: { kind: 'text', max: 255, label: 'field.firstName', sortable: true },
      lastName: { kind: 'text', max: 255, required: true, label: 'field.lastName', sortable: true },
      email: { kind: 'email', max: 255, label: 'field.email', sortable: true },
      employeeNumber: { kind: 'text', max: 64, label: 'field.employeeNumber' },
      organization: { ...ORGANIZATION, label: 'field.organization' },
      organizationalUnit: { ...UNIT, label: 'field.organizationalUnit' },
      location: { ...LOCATION, label: 'field.location' },
      active: { kind: 'boolean', default: true, label: 'field.active' },
    },
    columns: ['lastName', 'firstName', 'email', 'employeeNumber', 'organization', 'active'],
  },
  assets: {
    uid: UID.asset,
    noun: 'Asset',
    page: 'assets',
    i18n: 'assets',
    controller: 'assets',
    fields: {
      name: NAME,
      inventoryNumber: { kind: 'text', max: 255, label: 'field.inventoryNumber', sortable: true },
      serialNumber: { kind: 'text', max: 255, label: 'field.serialNumber' },
      assetType: { kind: 'enum', values: ASSET_TYPES, default: 'computer', label: 'field.assetType' },
      hostname: { kind: 'text', max: 255, label: 'field.hostname' },
      // The system UUID its firmware reports (SMBIOS), which inventories carry: what a pushed device is matched by after its serial number.
      uuid: { kind: 'text', max: 255, label: 'field.uuid' },
      // What per-processor and per-core licenses count (docs/domain.md, "Reference data").
      processors: { kind: 'integer', min: 1, max: ASSET_HARDWARE_MAX, default: 1, label: 'field.processors' },
      // Null when unknown.
      coresPerProcessor: { kind: 'integer', min: 1, max: ASSET_HARDWARE_MAX, label: 'field.coresPerProcessor' },
      organization: { ...ORGANIZATION, label: 'field.organization' },
      organizationalUnit: { ...UNIT, label: 'field.organizationalUnit' },
      location: { ...LOCATION, label: 'field.location' },
      user: { kind: 'relation', target: 'persons', shows: ['firstName', 'lastName'], label: 'field.user' },
    },
    columns: ['name', 'inventoryNumber', 'assetType', 'hostname', 'processors', 'coresPerProcessor', 'user'],
  },
  organizations: {
    uid: UID.organization,
    noun: 'Organization',
    page: 'organizations',
    i18n: 'organizations',
    controller: 'organizations',
    fields: {
      name: NAME,
      taxId: { kind: 'text', max: 64, label: 'field.taxId' },
      isInternal: { kind: 'boolean', default: false, label: 'field.isInternal' },
      isSupplier: { kind: 'boolean', default: false, label: 'field.isSupplier' },
      isManufacturer: { kind: 'boolean', default: false, label: 'field.isManufacturer' },
      administrators: ADMINISTRATORS,
      nameKey: { kind: 'text', max: 64, readOnly: 'private' },
    },
    columns: ['name', 'taxId', 'isInternal', 'isSupplier', 'isManufacturer'],
  },
  'organizational-units': {
    uid: UID.organizationalUnit,
    noun: 'Organizational unit',
    page: 'organizational-structure',
    i18n: 'units',
    controller: 'organizationalUnits',
    fields: {
      name: NAME,
      organization: { ...ORGANIZATION, required: true, label: 'field.organization' },
      parent: { ...UNIT, label: 'field.parentUnit' },
      administrators: ADMINISTRATORS,
    },
    columns: ['name', 'organization', 'parent'],
  },
  locations: {
    uid: UID.location,
    noun: 'Location',
    page: 'locations',
    i18n: 'locations',
    controller: 'locations',
    fields: {
      name: NAME,
      address: { kind: 'longtext', max: 2000, label: 'field.address' },
      parent: { ...LOCATION, label: 'field.parentLocation' },
    },
    columns: ['name', 'address', 'parent'],
  },
  categories: {
    uid: UID.category,
    noun: 'License type',
    page: 'license-types',
    i18n: 'categories',
    controller: 'categories',
    fields: {
      name: NAME,
      description: { kind: 'longtext', max: 10_000, label: 'field.description' },
      nameKey: { kind: 'text', max: 64, readOnly: 'private' },
    },
    columns: ['name', 'description'],
  },
} as const satisfies Record<ReferenceName, ReferenceResourceSpec>;

/** In the sub-navigation's order. */
export const REFERENCE_NAMES = Object.keys(REFERENCE_RESOURCES) as ReferenceName[];

/** A resource's fields a client writes and a read shows: all but the private ones. */
export const publicFieldsOf = (name: ReferenceName): Array<[string, ReferenceFieldSpec]> =>
  Object.entries(REFERENCE_RESOURCES[name].fields as Record<string, ReferenceFieldSpec>).filter(([, f]) => f.readOnly !== 'private');
