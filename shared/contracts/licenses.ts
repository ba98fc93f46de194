/**
 * A license and what hangs off it (keys, assignments, history), as the admin API answers
 * (docs/api.md). The license's own fields come from its description (shared/fields/license).
 */
import type { EventAction, LicenseStatus } from '../constants';
import type { LICENSE_FIELDS } from '../fields/license';
import type { FieldsOf } from './common';

export interface Seats {
  total: number;
  used: number;
  available: number;
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
  /** Only in the admin API's single-license read and its writes; never in the content API. */
  keys?: MaskedKey[];
  createdAt: string;
  updatedAt: string;
}

/** A license's assignment of a person or an asset, and the key it is bound to. */
export interface Assignment {
  documentId: string;
  person: { documentId: string; firstName: string | null; lastName: string; email: string | null } | null;
  asset: { documentId: string; name: string; inventoryNumber: string | null; hostname: string | null } | null;
  key: Pick<MaskedKey, 'documentId' | 'label' | 'maskedValue'> | null;
  assignedAt: string;
  assignedBy: string | null;
  note: string | null;
}

/** The content API shows a bound key by documentId and label only, never masked. */
export type ContentAssignment = Omit<Assignment, 'key'> & { key: Pick<MaskedKey, 'documentId' | 'label'> | null };

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
