/**
 * Reference records (software, persons, assets, ...) as the admin API reads them, from their
 * descriptions (shared/fields/reference).
 */
import type { REFERENCE_RESOURCES, ReferenceName } from '../fields/reference';
import type { z } from 'zod';
import type { referenceSchema } from '../schemas';
import type { FieldsOf, ItemResponse, ListResponse } from './common';

/** A record of one resource: `ReferenceRecordOf<'persons'>`. */
export type ReferenceRecordOf<N extends ReferenceName> = { documentId: string; createdAt: string; updatedAt: string } & FieldsOf<
  (typeof REFERENCE_RESOURCES)[N]['fields']
>;

/** Any reference record, for the generic pages that read fields by name. */
export type ReferenceRecord = { documentId: string } & Record<string, unknown>;

/** What the assign dialog reads of a person and of an asset. */
export type Person = Pick<ReferenceRecordOf<'persons'>, 'documentId' | 'firstName' | 'lastName' | 'email' | 'employeeNumber' | 'active'>;
/** An asset's `processors` and `coresPerProcessor`: what the dialog shows a per-core or per-processor license will count. */
export type Asset = Pick<ReferenceRecordOf<'assets'>, 'documentId' | 'name' | 'inventoryNumber' | 'hostname' | 'processors' | 'coresPerProcessor'> &
  Partial<Pick<ReferenceRecordOf<'assets'>, 'assetType' | 'serialNumber'>>;

/** A refused delete (409): what still uses the record. */
export interface InUseDetails {
  licenses: number;
  usedBy: Record<string, number>;
}

/* Endpoints: `/license-manager/<name>` for each resource (docs/api.md, "Reference data") ------------- */

/** `GET /<name>`: a page; `sort` among the resource's sortable columns, a documentId filter per relation. */
export interface GetReferenceListRequest {
  query: { page?: number; pageSize?: number; sort?: string; _q?: string } & Record<string, string | number | undefined>;
}
export type GetReferenceListResponse<N extends ReferenceName> = ListResponse<ReferenceRecordOf<N>>;
export type GetReferenceResponse<N extends ReferenceName> = ItemResponse<ReferenceRecordOf<N>>;

/** `POST /<name>` (all required fields) and `PUT /<name>/:documentId` (any of them). */
export interface CreateReferenceRequest<N extends ReferenceName> {
  body: { data: z.input<ReturnType<typeof referenceSchema<N>>> };
}
export interface UpdateReferenceRequest<N extends ReferenceName> {
  params: { documentId: string };
  body: { data: Partial<z.input<ReturnType<typeof referenceSchema<N>>>> };
}
