/**
 * A license and what hangs off it (keys, assignments, history), as the admin API answers
 * (docs/api.md). The license's own fields come from its description (shared/fields/license).
 */
import type { z } from 'zod';
import type { AssignmentModel, EventAction, LicenseSort, LicenseStatus } from '../constants';
import type { LICENSE_FIELDS } from '../fields/license';
import type { assignmentCreateSchema, keyChangesSchema, keyInputSchema, licenseCreateSchema, licenseUpdateSchema } from '../schemas';
import type { assignmentRead } from '../read-schemas';
import type { FieldsOf, ItemResponse, ListResponse } from './common';

/** A license's seats in its unit (SEAT_UNITS); a site license has no `total` and nothing `available` (null). */
export interface Seats {
  total: number | null;
  used: number;
  available: number | null;
  shortfall: number;
}

/** A key as every read shows it: never its value, only the last four characters. */
export interface MaskedKey {
  documentId: string;
  label: string | null;
  maskedValue: string;
  activationLimit: number | null;
  notes?: string | null;
}

/** The license's stored fields: name, software, prices, dates... (no private ones). */
export type LicenseFields = FieldsOf<typeof LICENSE_FIELDS>;

/** A license read (LICENSE_READ_VALUES in shared/fields/license names the values the server adds). */
export interface License extends LicenseFields {
  documentId: string;
  seats: Seats;
  status: LicenseStatus;
  totalNet: string | null;
  totalGross: string | null;
  /** The last day the license and its purchases cover; null when an active term has no end. */
  validUntil: string | null;
  /** Per currency: what its recurring terms cost a year, and what all its terms commit (docs/domain.md, "Purchases"). */
  cost: Array<{ currency: string; annualRecurring: string; committed: string }>;
  /** Only in the admin API's single-license read and its writes; never in the content API. */
  keys?: MaskedKey[];
  createdAt: string;
  updatedAt: string;
}

/** A license's assignment of a person or an asset, and the key it is bound to. */
/** The content API shows a bound key by documentId and label only, never masked (assignmentRead in ../read-schemas). */
export type ContentAssignment = z.infer<typeof assignmentRead>;

/** An assignment as the admin reads it: a bound key also shows its masked value. */
export type Assignment = Omit<ContentAssignment, 'key'> & { key: Pick<MaskedKey, 'documentId' | 'label' | 'maskedValue'> | null };

/** `PUT .../persons` and `PUT .../assets`: the set now assigned, and the seats after. */
export interface AssignedSet {
  assigned: string[];
  seats: Seats;
}

/** One entry of a license's history; it keeps the license's documentId and name after a delete. */
export interface LicenseEvent {
  documentId: string;
  licenseDocumentId: string;
  licenseName: string;
  action: EventAction;
  actor: string;
  at: string;
  changes: Record<string, unknown> | null;
}

/* Endpoints (docs/api.md, "Admin API"): each one's request and response --------------------------- */

/** `GET /licenses`: a page of licenses, without keys. */
export interface GetLicensesRequest {
  query: {
    page?: number;
    pageSize?: number;
    sort?: `${LicenseSort}` | `${LicenseSort}:${'asc' | 'desc'}`;
    _q?: string;
    software?: string;
    category?: string;
    organization?: string;
    status?: LicenseStatus;
    assignmentModel?: AssignmentModel;
    overAllocated?: 'true' | 'false';
    /** Days, inclusive: valid until this day or later (or without end), and until this day or earlier. */
    validUntilFrom?: string;
    validUntilTo?: string;
  };
}
export type GetLicensesResponse = ListResponse<Omit<License, 'keys'>>;

/** `GET /licenses/:documentId`: the license with its masked keys. */
export interface GetLicenseRequest {
  params: { documentId: string };
}
export type GetLicenseResponse = ItemResponse<License & { keys: MaskedKey[] }>;

/** `POST /licenses`: the license and its keys, created together or not at all. */
export interface CreateLicenseRequest {
  body: { data: z.input<typeof licenseCreateSchema> };
}
export type CreateLicenseResponse = ItemResponse<License & { keys: MaskedKey[] }>;

/** `PUT /licenses/:documentId`: only the fields sent change; `keys` removes and adds keys in the same transaction. */
export interface UpdateLicenseRequest {
  params: { documentId: string };
  body: { data: z.input<typeof licenseUpdateSchema> & { keys?: z.input<typeof keyChangesSchema> } };
}
export type UpdateLicenseResponse = ItemResponse<License & { keys: MaskedKey[] }>;

/** `DELETE /licenses/:documentId`, and of a reference record. */
export type DeleteResponse = ItemResponse<{ documentId: string }>;

/** `POST /licenses/:documentId/keys`: one key added, answered masked. */
export interface CreateKeyRequest {
  params: { documentId: string };
  body: { data: z.input<typeof keyInputSchema> };
}
export type CreateKeyResponse = ItemResponse<MaskedKey>;
/** `DELETE /licenses/:documentId/keys/:keyDocumentId`: the removed key, masked. */
export type DeleteKeyResponse = ItemResponse<MaskedKey>;

/** `POST /licenses/:documentId/keys/:keyDocumentId/reveal`: the one way a key's value leaves the server. */
export type RevealKeyResponse = ItemResponse<{ documentId: string; value: string }>;

/** `GET /licenses/:documentId/assignments` (`kind` = person or asset) and `.../history`. */
export type GetAssignmentsResponse = ListResponse<Assignment>;
export type GetHistoryResponse = ListResponse<LicenseEvent>;

/** `POST /licenses/:documentId/assignments`: the assignment and the seats after it. */
export interface CreateAssignmentRequest {
  params: { documentId: string };
  body: { data: z.input<typeof assignmentCreateSchema> };
}
export type CreateAssignmentResponse = ItemResponse<Assignment & { seats: Seats }>;

/** `DELETE .../assignments/:assignmentDocumentId`, and `PUT .../persons` or `.../assets`. */
export type DeleteAssignmentResponse = ItemResponse<{ documentId: string; seats: Seats }>;
export type SetAssignedResponse = ItemResponse<AssignedSet>;
