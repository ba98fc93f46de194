/** Installations records as the admin API answers them (docs/api.md, "Installations"), for the component tests. */
import type { Installation, InstallationRule, InventoryDevice, UnrecognizedName } from '../../../admin/src/api/types';

export const unrecognized = (rawName: string, rawPublisher: string | null, installations = 3): UnrecognizedName => ({
  rawName,
  rawPublisher,
  installations,
  devices: installations - 1,
  versions: 2,
});

export const device = (documentId: string, hostname: string | null, overrides: Partial<InventoryDevice> = {}): InventoryDevice => ({
  documentId,
  hostname,
  serialNumber: `SN-${documentId}`,
  uuid: null,
  inventoryNumber: null,
  source: 'glpi',
  firstSeen: '2026-11-01T08:00:00.000Z',
  lastSeen: '2026-11-20T08:00:00.000Z',
  asset: null,
  installations: 12,
  ...overrides,
});

export const rule = (documentId: string, position: number, overrides: Partial<InstallationRule> = {}): InstallationRule => ({
  documentId,
  position,
  match: { name: { op: 'equals', value: `App ${documentId}` }, publisher: null },
  versionMin: null,
  versionBelow: null,
  software: { documentId: 'sw1', name: 'Office', version: '365' },
  ignore: false,
  createdAt: '2026-11-01T08:00:00.000Z',
  updatedAt: '2026-11-01T08:00:00.000Z',
  ...overrides,
});

export const installation = (documentId: string, rawName: string, overrides: Partial<Installation> = {}): Installation => ({
  documentId,
  rawName,
  rawVersion: '1.0',
  rawPublisher: 'Acme',
  hostname: 'pc-01',
  serialNumber: 'SN1',
  uuid: null,
  device: { documentId: 'd1' },
  asset: { documentId: 'a1', name: 'PC 01' },
  software: null,
  recognition: 'unrecognized',
  state: 'unrecognized',
  source: 'glpi',
  firstSeen: '2026-11-01T08:00:00.000Z',
  lastSeen: '2026-11-20T08:00:00.000Z',
  ...overrides,
});
