/**
 * The installations' answers (docs/api.md, "Installations" and "Reconciliation"), for the admin to
 * import. Types only: importing this file adds nothing to a bundle.
 */
import type { InstallationState, MatchOp, Recognition } from '../constants';

/** One entry a device reported: `GET /installations`, and the first page of `POST /installation-rules/test`. */
export interface Installation {
  documentId: string;
  rawName: string;
  rawVersion: string | null;
  rawPublisher: string | null;
  hostname: string | null;
  serialNumber: string | null;
  uuid: string | null;
  device: { documentId: string };
  asset: { documentId: string; name: string } | null;
  software: { documentId: string; name: string; version: string | null } | null;
  recognition: Recognition;
  state: InstallationState;
  source: string;
  firstSeen: string | null;
  lastSeen: string | null;
}

/** `GET /installations/unrecognized`: the unrecognized entries grouped by publisher and name. */
export interface UnrecognizedName {
  rawName: string;
  rawPublisher: string | null;
  installations: number;
  devices: number;
  versions: number;
}

/** `GET /installations/recognition`: the background re-recognition after a rule write. */
export interface RecognitionProgress {
  generation: number;
  total: number;
  pending: number;
  running: boolean;
}

/** `GET /inventory-devices`: a device that pushed its inventory. */
export interface InventoryDevice {
  documentId: string;
  hostname: string | null;
  serialNumber: string | null;
  uuid: string | null;
  inventoryNumber: string | null;
  source: string;
  firstSeen: string | null;
  lastSeen: string | null;
  asset: { documentId: string; name: string } | null;
  installations: number;
}

export interface RuleMatch {
  op: MatchOp;
  value: string;
}

/** A recognition rule as read back (`GET /installation-rules`). */
export interface InstallationRule {
  documentId: string;
  position: number;
  match: { name: RuleMatch | null; publisher: RuleMatch | null };
  versionMin: string | null;
  versionBelow: string | null;
  software: { documentId: string; name: string; version: string | null } | null;
  ignore: boolean;
  createdAt: string;
  updatedAt: string;
}

/** A rule as a client writes it (`POST /installation-rules`, `/installation-rules/test`). */
export interface InstallationRuleWrite {
  match: { name?: RuleMatch; publisher?: RuleMatch };
  versionMin?: string | null;
  versionBelow?: string | null;
  software?: string | null;
  ignore?: boolean;
  position?: number;
}

export type ReconciliationList = 'installedUnlicensed' | 'assignedNotInstalled';

/** An `installedUnlicensed` row: a counting installed asset no license of the software covers. */
export interface UnlicensedAsset {
  asset: { documentId: string; name: string; hostname: string | null; serialNumber: string | null };
  user: { documentId: string; firstName: string | null; lastName: string } | null;
  installations: number;
  lastSeen: string | null;
}

/** An `assignedNotInstalled` row: a reclaim candidate, with what its seat is worth. */
export interface ReclaimCandidate {
  documentId: string;
  license: { documentId: string; name: string };
  asset: { documentId: string; name: string; hostname: string | null };
  units: number;
  value: { amount: string; currency: string } | null;
  lastSeen: string | null;
}

/** `GET /compliance/:softwareDocumentId/reconciliation`: `meta.value` sums the reclaim candidates per currency. */
export interface ReconciliationResponse<T> {
  list: ReconciliationList;
  data: T[];
  meta: {
    pagination: { page: number; pageSize: number; pageCount: number; total: number };
    value?: { currency: string; amount: string }[];
  };
}

/** A license that covers an asset (`GET /assets/:documentId/licenses`): assigned to it, or to its user. */
export interface AssetLicense {
  documentId: string;
  name: string;
  assignmentModel: string;
  software: { documentId: string; name: string; version: string | null } | null;
  via: 'asset' | 'user';
}
