/** Shapes of the admin API's answers (docs/api.md), as the admin pages read them. */
import type { AssignmentModel, EventAction, LicenseStatus, OverAssignment } from '../../../shared/constants';

/** A relation as the API reads it back: its documentId and the fields that name it. */
export interface RelationRef {
  documentId: string;
  name?: string;
  version?: string | null;
  firstName?: string | null;
  lastName?: string;
}

export interface Seats {
  total: number;
  used: number;
  available: number;
  shortfall: number;
}

export interface MaskedKey {
  documentId: string;
  label: string | null;
  maskedValue: string;
  activationLimit: number | null;
  notes?: string | null;
}

export interface License {
  documentId: string;
  name: string;
  category: RelationRef | null;
  software: RelationRef | null;
  organization: RelationRef | null;
  organizationalUnit: RelationRef | null;
  locationStructure: RelationRef | null;
  physicalLocation: string | null;
  serialNumber: string | null;
  inventoryNumber: string | null;
  supplier: RelationRef | null;
  expirationDate: string | null;
  supportDate: string | null;
  purchaseDate: string | null;
  invoiceNumber: string | null;
  netUnitPrice: string | null;
  vatRate: string | null;
  grossUnitPrice: string | null;
  currency: string;
  assignmentModel: AssignmentModel;
  quantity: number;
  overAssignment: OverAssignment;
  notes: string | null;
  seats: Seats;
  status: LicenseStatus;
  totalNet: string | null;
  totalGross: string | null;
  keys?: MaskedKey[];
  createdAt: string;
  updatedAt: string;
}

export interface Pagination {
  page: number;
  pageSize: number;
  pageCount: number;
  total: number;
}

export interface ListResponse<T> {
  data: T[];
  meta: { pagination: Pagination };
}

export interface ItemResponse<T> {
  data: T;
  meta: Record<string, unknown>;
}

export interface Person {
  documentId: string;
  firstName: string | null;
  lastName: string;
  email: string | null;
  employeeNumber: string | null;
  active: boolean | null;
}

export interface Asset {
  documentId: string;
  name: string;
  inventoryNumber: string | null;
  hostname: string | null;
  assetType?: string | null;
  serialNumber?: string | null;
}

export interface Assignment {
  documentId: string;
  person: Pick<Person, 'documentId' | 'firstName' | 'lastName' | 'email'> | null;
  asset: Pick<Asset, 'documentId' | 'name' | 'inventoryNumber' | 'hostname'> | null;
  key: { documentId: string; label: string | null; maskedValue: string } | null;
  assignedAt: string;
  assignedBy: string | null;
  note: string | null;
}

export interface LicenseEvent {
  documentId: string;
  action: EventAction;
  actor: string;
  at: string;
  changes: Record<string, unknown> | null;
}

export interface Settings {
  expiringWithinDays: number;
  defaultCurrency: string;
  defaultVatRate: string | null;
}

/** Any reference record: the generic pages read fields by name. */
export type ReferenceRecord = { documentId: string } & Record<string, unknown>;
