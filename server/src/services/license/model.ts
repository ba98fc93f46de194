/** What the license service's parts share: the relations, the scalar fields, and the row and answer types. */
import { seatLimited, type AssignmentModel, type Billing, type OverAssignment } from '../../../../shared/constants';
import type { KeyChanges, LicenseUpdateInput } from '../../../../shared/schemas';
import type { License } from '../../../../shared/contracts/licenses';
import { licenseFieldsOfKind, licenseRelations, licenseScalarFields, type LicenseFieldOfKind } from '../../../../shared/fields/license';

/** License relations: the attribute, its target and what a read shows of it (from the description). */
export const LICENSE_RELATIONS = licenseRelations();
export type RelationName = LicenseFieldOfKind<'relation'>;
export const RELATION_NAMES = Object.keys(LICENSE_RELATIONS) as RelationName[];

/** The fields in the license's own columns, in the description's order: what reads show and writes store. */
export const SCALARS = licenseScalarFields();

/** The days and the amounts and factors a read formats (as "YYYY-MM-DD", and as two-decimal strings). */
export const DAYS = licenseFieldsOfKind('date');
export const AMOUNTS = licenseFieldsOfKind('money', 'percent', 'factor');
/** The lists of e-mail addresses (a json column: parsed by the query engine, a string in raw SQL rows on some databases). */
export const EMAIL_LISTS = licenseFieldsOfKind('emails');

/** What `_q` searches, with the software's name (docs/api.md): a choice of the API, not a kind; tests/unit/fields.test.ts checks they are text fields. */
export const SEARCHED = ['name', 'serialNumber', 'inventoryNumber', 'invoiceNumber'] as const;

/** The query engine's populate for a license read: each relation's shown fields. */
export const POPULATE = Object.fromEntries(RELATION_NAMES.map((r) => [r, { select: ['id', 'documentId', ...LICENSE_RELATIONS[r].fields] }]));

/** The model whose seats are assets; every other model counts persons. Bound into SQL as a value. */
/** The fields an edit takes from the locking read, not a plain one: the seat fields and what the license's own term (its kept periods) follows. */
export const lockedFields = (l: LockedLicense) => ({
  quantity: l.quantity,
  expirationDate: l.expirationDate,
  supportDate: l.supportDate,
  purchaseDate: l.purchaseDate,
  billing: l.billing,
  assignmentModel: l.assignmentModel,
  overAssignment: l.overAssignment,
});

export const PER_COMPUTER: AssignmentModel = 'per_computer';

/** The license row as a write reads it under its lock: what every seat rule decides on. */
export interface LockedLicense {
  id: number;
  documentId: string;
  name: string;
  /** Null only on a site license (optional there). */
  quantity: number | null;
  /** The purchases' part of the seat total (db/purchases): `seats.total` is quantity + extraSeats. */
  extraSeats: number;
  /** The days its own purchase counts until, and is supported until. */
  expirationDate: string | null;
  supportDate: string | null;
  /** With the expiration date and billing, the term its kept periods follow. */
  purchaseDate: string | null;
  billing: Billing;
  assignmentModel: AssignmentModel;
  overAssignment: OverAssignment;
  /** How it counts an asset's cores (shared/units): the defaults unless per-core. */
  coreFactor: string;
  minCoresPerProcessor: number;
  minCoresPerServer: number;
  /** Where it is (../../scope): its organization's and unit's row ids, as the lock read them. */
  organization: number | null;
  organizationalUnit: number | null;
}

/** The seats a license has: its quantity and what its purchases add (docs/domain.md, "Seats"); null for a site license (no limit). */
export const seatTotal = (license: { assignmentModel: AssignmentModel; quantity: number | null; extraSeats?: number | null }): number | null =>
  seatLimited(license.assignmentModel) ? Number(license.quantity) + Number(license.extraSeats ?? 0) : null;

/** A license row as the query engine loads it, relations populated. */
export interface LicenseRow extends LockedLicense {
  [field: string]: any;
}

/** A license as reads answer it: the shared contract the admin reads too. */
export type LicenseOut = License;

/** A license edit: the fields to change and, applied in the same transaction, the keys to remove and add. */
export type LicenseEdit = LicenseUpdateInput & { keys?: KeyChanges };
