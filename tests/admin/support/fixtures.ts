/** Records as the plugin's admin API returns them, for the component tests. */
import type { Assignment, ComplianceRow, License, ListResponse, Person, Asset } from '../../../admin/src/api/types';

export const page = <T>(data: T[], pageNumber = 1, pageCount = 1, pageSize = 10): { data: ListResponse<T> } => ({
  data: { data, meta: { pagination: { page: pageNumber, pageSize, pageCount, total: data.length } } },
});

export const license = (overrides: Partial<License> = {}): License => ({
  documentId: 'lic1',
  name: 'Office 365',
  category: null,
  software: { documentId: 'sw1', name: 'Office', version: '365' },
  organization: null,
  organizationalUnit: null,
  locationStructure: null,
  physicalLocation: null,
  serialNumber: null,
  inventoryNumber: null,
  supplier: null,
  expirationDate: null,
  supportDate: null,
  purchaseDate: null,
  invoiceNumber: null,
  netUnitPrice: null,
  vatRate: null,
  grossUnitPrice: null,
  currency: 'EUR',
  assignmentModel: 'per_user',
  billing: 'one_time',
  quantity: 3,
  coreFactor: '1.00',
  minCoresPerProcessor: 0,
  minCoresPerServer: 0,
  overAssignment: 'block',
  notes: null,
  notifyEmails: [],
  status: 'active',
  totalNet: null,
  totalGross: null,
  cost: [],
  keys: [],
  createdAt: '2025-01-01T00:00:00.000Z',
  updatedAt: '2025-01-01T00:00:00.000Z',
  ...overrides,
  // Without purchases a license is valid until its expiration date, and has its quantity as its seats, as the server answers.
  validUntil: overrides.validUntil !== undefined ? overrides.validUntil : (overrides.expirationDate ?? null),
  seats: overrides.seats ?? { total: overrides.quantity ?? 3, used: 0, available: overrides.quantity ?? 3, shortfall: 0 },
});

export const person = (documentId: string, firstName: string, lastName: string): Person => ({
  documentId,
  firstName,
  lastName,
  email: `${firstName.toLowerCase()}@example.com`,
  employeeNumber: null,
  active: true,
});

/** An asset: one processor of unknown cores unless its hardware is given. */
export const asset = (documentId: string, name: string, hardware: Partial<Pick<Asset, 'processors' | 'coresPerProcessor' | 'assetType'>> = {}): Asset => ({
  documentId,
  name,
  inventoryNumber: `INV-${documentId}`,
  hostname: null,
  processors: 1,
  coresPerProcessor: null,
  ...hardware,
});

export const personAssignment = (p: Person): Assignment => ({
  documentId: `as-${p.documentId}`,
  person: { documentId: p.documentId, firstName: p.firstName, lastName: p.lastName, email: p.email },
  asset: null,
  key: null,
  assignedAt: '2025-01-01T00:00:00.000Z',
  assignedBy: null,
  note: null,
});

export const assetAssignment = (a: Asset): Assignment => ({
  documentId: `as-${a.documentId}`,
  person: null,
  asset: { documentId: a.documentId, name: a.name, inventoryNumber: a.inventoryNumber, hostname: a.hostname },
  key: null,
  assignedAt: '2025-01-01T00:00:00.000Z',
  assignedBy: null,
  note: null,
});

/** A compliance row (docs/api.md, "Compliance"): per-user seats only unless `byModel` says otherwise. */
export const complianceRow = (name: string, overrides: Partial<ComplianceRow> = {}): ComplianceRow => ({
  software: { documentId: `sw-${name.toLowerCase().replace(/\W+/g, '-')}`, name, version: null },
  licenses: 1,
  byModel: {
    per_user: { licensed: 10, used: 10, position: 0, installed: null, reconciledPosition: null, referencePrice: null },
    per_computer: { licensed: 0, used: 0, position: 0, installed: null, reconciledPosition: null, referencePrice: null },
    per_core: { licensed: 0, used: 0, position: 0, installed: null, reconciledPosition: null, referencePrice: null },
    per_processor: { licensed: 0, used: 0, position: 0, installed: null, reconciledPosition: null, referencePrice: null },
    site: { licensed: 0, used: 0, position: 0, installed: null, reconciledPosition: null, referencePrice: null },
  },
  shortfall: 0,
  unused: 0,
  expiredInUse: 0,
  utilization: '1.0000',
  status: 'at_risk',
  nextExpiration: null,
  installed: 0,
  installedUnlicensed: 0,
  assignedNotInstalled: 0,
  costs: [],
  ...overrides,
});

/** Per-user seats: licensed and used, the position following. */
export const seats = (licensed: number, used: number) => ({
  per_user: { licensed, used, position: licensed - used, installed: null, reconciledPosition: null, referencePrice: null },
  per_computer: { licensed: 0, used: 0, position: 0, installed: null, reconciledPosition: null, referencePrice: null },
  per_core: { licensed: 0, used: 0, position: 0, installed: null, reconciledPosition: null, referencePrice: null },
  per_processor: { licensed: 0, used: 0, position: 0, installed: null, reconciledPosition: null, referencePrice: null },
  site: { licensed: 0, used: 0, position: 0, installed: null, reconciledPosition: null, referencePrice: null },
});
