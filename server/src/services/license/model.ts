/** What the license service's parts share: the relations, the scalar fields, and the row and answer types. */
import { UID, type AssignmentModel, type OverAssignment } from '../../../../shared/constants';
import type { KeyChanges, LicenseUpdateInput } from '../../../../shared/schemas';
import type { License } from '../../../../shared/contracts/licenses';

/** License relations: the attribute, its target and what a read shows of it. */
export const LICENSE_RELATIONS = {
  category: { uid: UID.category, fields: ['name'] },
  software: { uid: UID.software, fields: ['name', 'version'] },
  organization: { uid: UID.organization, fields: ['name'] },
  organizationalUnit: { uid: UID.organizationalUnit, fields: ['name'] },
  locationStructure: { uid: UID.location, fields: ['name'] },
  supplier: { uid: UID.organization, fields: ['name'] },
} as const;
export type RelationName = keyof typeof LICENSE_RELATIONS;
export const RELATION_NAMES = Object.keys(LICENSE_RELATIONS) as RelationName[];

export const SCALARS = [
  'name',
  'physicalLocation',
  'serialNumber',
  'inventoryNumber',
  'expirationDate',
  'supportDate',
  'purchaseDate',
  'invoiceNumber',
  'netUnitPrice',
  'vatRate',
  'grossUnitPrice',
  'currency',
  'assignmentModel',
  'quantity',
  'overAssignment',
  'notes',
] as const;

/** What `_q` searches, with the software's name (docs/api.md). */
export const SEARCHED = ['name', 'serialNumber', 'inventoryNumber', 'invoiceNumber'] as const;

/** The query engine's populate for a license read: each relation's shown fields. */
export const POPULATE = Object.fromEntries(
  RELATION_NAMES.map((r) => [r, { select: ['id', 'documentId', ...LICENSE_RELATIONS[r].fields] }])
);

/** The model whose seats are assets; every other model counts persons. Bound into SQL as a value. */
export const PER_COMPUTER: AssignmentModel = 'per_computer';

/** The license row as a write reads it under its lock: what every seat rule decides on. */
export interface LockedLicense {
  id: number;
  documentId: string;
  name: string;
  quantity: number;
  assignmentModel: AssignmentModel;
  overAssignment: OverAssignment;
}

/** A license row as the query engine loads it, relations populated. */
export interface LicenseRow extends LockedLicense {
  [field: string]: any;
}

/** A license as reads answer it: the shared contract the admin reads too. */
export type LicenseOut = License;

/** A license edit: the fields to change and, applied in the same transaction, the keys to remove and add. */
export type LicenseEdit = LicenseUpdateInput & { keys?: KeyChanges };
