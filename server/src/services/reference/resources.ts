/**
 * Reference data (software, license types, organizations, organizational units, locations,
 * persons, assets): each resource's fields described once in shared/fields/reference, its rules
 * (search, uniqueness, who uses it) below, for one set of CRUD rules (./index).
 */
import type { z } from 'zod';
import { UID, type PluginUid } from '../../../../shared/constants';
import { REFERENCE_NAMES, REFERENCE_RESOURCES, publicFieldsOf, type ReferenceName } from '../../../../shared/fields/reference';
import { referenceSchema } from '../../../../shared/schemas';
import { nameKey } from '../../db';

export interface RelationDef {
  uid: PluginUid;
  fields: readonly string[];
}

/** The server's rules for a resource, beyond its fields. */
interface Rules {
  search: readonly string[];
  defaultSort: string;
  /** A case-insensitive unique key kept in the private `nameKey` column. */
  nameKey?: (data: Record<string, any>) => string;
  /** Other unique attributes (unique when present). */
  unique?: readonly string[];
  /** Who refers to a record: deletion is refused (409) while any does. */
  usedBy: ReadonlyArray<{ uid: PluginUid; attribute: string; as: string }>;
  /** Tree resources: `parent` may not point at the record itself or below it. */
  tree?: boolean;
  /** Persons and assets: their assignments go with them. */
  assignmentKind?: 'person' | 'asset';
}

export interface ResourceDef extends Rules {
  uid: PluginUid;
  label: string;
  schema: z.ZodObject<any>;
  scalars: readonly string[];
  /** Scalars holding a list (administrators): reads show [] for none. */
  lists: readonly string[];
  relations: Record<string, RelationDef>;
  sorts: readonly string[];
}

const RULES: Record<ReferenceName, Rules> = {
  software: {
    search: ['name', 'version'],
    defaultSort: 'name',
    nameKey: (d) => nameKey(d.name, d.version),
    usedBy: [
      { uid: UID.license, attribute: 'software', as: 'licenses' },
      { uid: UID.installationRule, attribute: 'software', as: 'installationRules' },
      { uid: UID.installation, attribute: 'software', as: 'installations' },
    ],
  },
  categories: {
    search: ['name'],
    defaultSort: 'name',
    nameKey: (d) => nameKey(d.name),
    usedBy: [{ uid: UID.license, attribute: 'category', as: 'licenses' }],
  },
  organizations: {
    search: ['name', 'taxId'],
    defaultSort: 'name',
    nameKey: (d) => nameKey(d.name),
    usedBy: [
      { uid: UID.license, attribute: 'organization', as: 'licenses' },
      { uid: UID.license, attribute: 'supplier', as: 'licensesSupplied' },
      { uid: UID.purchase, attribute: 'supplier', as: 'purchasesSupplied' },
      { uid: UID.software, attribute: 'manufacturer', as: 'software' },
      { uid: UID.organizationalUnit, attribute: 'organization', as: 'organizationalUnits' },
      { uid: UID.person, attribute: 'organization', as: 'persons' },
      { uid: UID.asset, attribute: 'organization', as: 'assets' },
    ],
  },
  'organizational-units': {
    search: ['name'],
    defaultSort: 'name',
    usedBy: [
      { uid: UID.license, attribute: 'organizationalUnit', as: 'licenses' },
      { uid: UID.organizationalUnit, attribute: 'parent', as: 'children' },
      { uid: UID.person, attribute: 'organizationalUnit', as: 'persons' },
      { uid: UID.asset, attribute: 'organizationalUnit', as: 'assets' },
    ],
    tree: true,
  },
  locations: {
    search: ['name', 'address'],
    defaultSort: 'name',
    usedBy: [
      { uid: UID.license, attribute: 'locationStructure', as: 'licenses' },
      { uid: UID.location, attribute: 'parent', as: 'children' },
      { uid: UID.person, attribute: 'location', as: 'persons' },
      { uid: UID.asset, attribute: 'location', as: 'assets' },
    ],
    tree: true,
  },
  persons: {
    search: ['firstName', 'lastName', 'email', 'employeeNumber'],
    defaultSort: 'lastName',
    unique: ['email', 'employeeNumber'],
    usedBy: [{ uid: UID.asset, attribute: 'user', as: 'assets' }],
    assignmentKind: 'person',
  },
  assets: {
    search: ['name', 'inventoryNumber', 'serialNumber', 'hostname', 'uuid'],
    defaultSort: 'name',
    unique: ['inventoryNumber'],
    usedBy: [],
    assignmentKind: 'asset',
  },
};

/** A resource's description (shared/fields/reference) with its rules: fields, relations, sorts. */
const resourceDef = (name: ReferenceName): ResourceDef => {
  const spec = REFERENCE_RESOURCES[name];
  const fields = publicFieldsOf(name);
  const relations: Record<string, RelationDef> = {};
  for (const [field, f] of fields) if (f.kind === 'relation') relations[field] = { uid: REFERENCE_RESOURCES[f.target].uid, fields: f.shows };
  // Sortable columns in the list's column order, then Strapi's timestamps.
  const sortable = spec.columns.filter((c) => fields.some(([n, f]) => n === c && f.sortable));
  return {
    uid: spec.uid,
    label: spec.noun,
    schema: referenceSchema(name),
    scalars: fields.filter(([, f]) => f.kind !== 'relation').map(([n]) => n),
    lists: fields.filter(([, f]) => f.kind === 'adminIds').map(([n]) => n),
    relations,
    sorts: [...sortable, 'createdAt', 'updatedAt'],
    ...RULES[name],
  };
};

export const RESOURCES = Object.fromEntries(REFERENCE_NAMES.map((name) => [name, resourceDef(name)])) as Record<ReferenceName, ResourceDef>;

export type ResourceName = ReferenceName;
export const RESOURCE_NAMES = REFERENCE_NAMES;
