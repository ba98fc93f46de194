/**
 * Reference records (software, persons, assets, ...) as the admin API reads them, from their
 * descriptions (shared/fields/reference).
 */
import type { REFERENCE_RESOURCES, ReferenceName } from '../fields/reference';
import type { FieldsOf } from './common';

/** A record of one resource: `ReferenceRecordOf<'persons'>`. */
export type ReferenceRecordOf<N extends ReferenceName> = { documentId: string; createdAt: string; updatedAt: string } & FieldsOf<
  (typeof REFERENCE_RESOURCES)[N]['fields']
>;

/** Any reference record, for the generic pages that read fields by name. */
export type ReferenceRecord = { documentId: string } & Record<string, unknown>;

/** What the assign dialog reads of a person and of an asset. */
export type Person = Pick<ReferenceRecordOf<'persons'>, 'documentId' | 'firstName' | 'lastName' | 'email' | 'employeeNumber' | 'active'>;
export type Asset = Pick<ReferenceRecordOf<'assets'>, 'documentId' | 'name' | 'inventoryNumber' | 'hostname'> &
  Partial<Pick<ReferenceRecordOf<'assets'>, 'assetType' | 'serialNumber'>>;

/** A refused delete (409): what still uses the record. */
export interface InUseDetails {
  licenses: number;
  usedBy: Record<string, number>;
}
