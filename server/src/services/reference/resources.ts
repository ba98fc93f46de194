/**
 * Reference data (software, license types, organizations, organizational units, locations,
 * persons, assets): each resource described once, for one set of CRUD rules (./index).
 */
import type { z } from 'zod';
import { UID, type PluginUid } from '../../../../shared/constants';
import {
  assetSchema,
  categorySchema,
  locationSchema,
  organizationalUnitSchema,
  organizationSchema,
  personSchema,
  softwareSchema,
} from '../../../../shared/schemas';
import { nameKey } from '../db';

export interface RelationDef {
  uid: PluginUid;
  fields: readonly string[];
}

export interface ResourceDef {
  uid: PluginUid;
  label: string;
  schema: z.ZodObject<any>;
  scalars: readonly string[];
  relations: Record<string, RelationDef>;
  search: readonly string[];
  sorts: readonly string[];
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

const ORG = { uid: UID.organization, fields: ['name'] } as const;
const UNIT = { uid: UID.organizationalUnit, fields: ['name'] } as const;
const LOCATION = { uid: UID.location, fields: ['name'] } as const;

export const RESOURCES = {
  software: {
    uid: UID.software,
    label: 'Software',
    schema: softwareSchema,
    scalars: ['name', 'version', 'description'],
    relations: { manufacturer: ORG },
    search: ['name', 'version'],
    sorts: ['name', 'version', 'createdAt', 'updatedAt'],
    defaultSort: 'name',
    nameKey: (d) => nameKey(d.name, d.version),
    usedBy: [{ uid: UID.license, attribute: 'software', as: 'licenses' }],
  },
  categories: {
    uid: UID.category,
    label: 'License type',
    schema: categorySchema,
    scalars: ['name', 'description'],
    relations: {},
    search: ['name'],
    sorts: ['name', 'createdAt', 'updatedAt'],
    defaultSort: 'name',
    nameKey: (d) => nameKey(d.name),
    usedBy: [{ uid: UID.license, attribute: 'category', as: 'licenses' }],
  },
  organizations: {
    uid: UID.organization,
    label: 'Organization',
    schema: organizationSchema,
    scalars: ['name', 'taxId', 'isInternal', 'isSupplier', 'isManufacturer'],
    relations: {},
    search: ['name', 'taxId'],
    sorts: ['name', 'createdAt', 'updatedAt'],
    defaultSort: 'name',
    nameKey: (d) => nameKey(d.name),
    usedBy: [
      { uid: UID.license, attribute: 'organization', as: 'licenses' },
      { uid: UID.license, attribute: 'supplier', as: 'licensesSupplied' },
      { uid: UID.software, attribute: 'manufacturer', as: 'software' },
      { uid: UID.organizationalUnit, attribute: 'organization', as: 'organizationalUnits' },
      { uid: UID.person, attribute: 'organization', as: 'persons' },
      { uid: UID.asset, attribute: 'organization', as: 'assets' },
    ],
  },
  'organizational-units': {
    uid: UID.organizationalUnit,
    label: 'Organizational unit',
    schema: organizationalUnitSchema,
    scalars: ['name'],
    relations: { organization: ORG, parent: UNIT },
    search: ['name'],
    sorts: ['name', 'createdAt', 'updatedAt'],
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
    uid: UID.location,
    label: 'Location',
    schema: locationSchema,
    scalars: ['name', 'address'],
    relations: { parent: LOCATION },
    search: ['name', 'address'],
    sorts: ['name', 'createdAt', 'updatedAt'],
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
    uid: UID.person,
    label: 'Person',
    schema: personSchema,
    scalars: ['firstName', 'lastName', 'email', 'employeeNumber', 'active'],
    relations: { organization: ORG, organizationalUnit: UNIT, location: LOCATION },
    search: ['firstName', 'lastName', 'email', 'employeeNumber'],
    sorts: ['lastName', 'firstName', 'email', 'createdAt', 'updatedAt'],
    defaultSort: 'lastName',
    unique: ['email', 'employeeNumber'],
    usedBy: [{ uid: UID.asset, attribute: 'user', as: 'assets' }],
    assignmentKind: 'person',
  },
  assets: {
    uid: UID.asset,
    label: 'Asset',
    schema: assetSchema,
    scalars: ['name', 'inventoryNumber', 'serialNumber', 'assetType', 'hostname'],
    relations: {
      organization: ORG,
      organizationalUnit: UNIT,
      location: LOCATION,
      user: { uid: UID.person, fields: ['firstName', 'lastName'] },
    },
    search: ['name', 'inventoryNumber', 'serialNumber', 'hostname'],
    sorts: ['name', 'inventoryNumber', 'createdAt', 'updatedAt'],
    defaultSort: 'name',
    unique: ['inventoryNumber'],
    usedBy: [],
    assignmentKind: 'asset',
  },
} satisfies Record<string, ResourceDef>;

export type ResourceName = keyof typeof RESOURCES;
export const RESOURCE_NAMES = Object.keys(RESOURCES) as ResourceName[];

