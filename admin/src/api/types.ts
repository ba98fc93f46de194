/**
 * Shapes of the admin API's answers (docs/api.md), as the admin pages read them: the shared
 * contracts the server answers with (shared/contracts), re-exported under the names the pages use.
 */
import type { ListResponse as List, RelationRef as Ref } from '../../../shared/contracts/common';
import type { Settings as BaseSettings } from '../../../shared/contracts/settings';

export type { ErrorResponse, ItemResponse, ListResponse, Pagination, RelationRef } from '../../../shared/contracts/common';
export type { Assignment, License, LicenseEvent, MaskedKey, Seats } from '../../../shared/contracts/licenses';
export type { Asset, Person, ReferenceRecord, ReferenceRecordOf } from '../../../shared/contracts/reference';

/*
 * Compliance and reminders (docs/api.md, "Compliance" and "Renewal reminders"), written from the
 * contract until the server's shared/contracts for them land; then these re-export those.
 */

export type ComplianceStatus = 'compliant' | 'at_risk' | 'non_compliant';
export const COMPLIANCE_STATUSES: readonly ComplianceStatus[] = ['non_compliant', 'at_risk', 'compliant'];

/** Exact decimals as strings; null when no reference price is known. */
export interface ComplianceCost {
  currency: string;
  trueUp: string | null;
  unusedValue: string | null;
}

export interface ModelPosition {
  licensed: number;
  used: number;
  position: number;
}

export interface ComplianceRow {
  software: Ref;
  licenses: number;
  byModel: Record<string, ModelPosition>;
  shortfall: number;
  unused: number;
  expiredInUse: number;
  utilization: string | null;
  status: ComplianceStatus;
  nextExpiration: string | null;
  costs: ComplianceCost[];
}

export interface ComplianceTotals {
  software: number;
  nonCompliant: number;
  atRisk: number;
  costs: ComplianceCost[];
}

export type ComplianceResponse = List<ComplianceRow> & { meta: List<ComplianceRow>['meta'] & { totals: ComplianceTotals } };

export interface TrendPoint {
  date: string;
  nonCompliant: number;
  atRisk: number;
  shortfall: number;
  licensed: number;
  used: number;
}

export type ReminderKind = 'expiration' | 'support';
export const REMINDER_KINDS: readonly ReminderKind[] = ['expiration', 'support'];

export interface ReminderSettings {
  enabled: boolean;
  offsets: number[];
  kinds: ReminderKind[];
  recipients: string[];
  time: string;
  timezone: string;
}

export type Settings = BaseSettings & { reminders?: ReminderSettings };

/** What a run on a day would send: `GET /reminders/preview`. */
export interface ReminderDue {
  license: { documentId: string; name: string };
  kind: ReminderKind;
  offset: number;
  dueDate: string;
  recipients: string[];
}

/** A reminder recorded: `GET /reminders`. */
export interface ReminderRecord extends ReminderDue {
  state: 'sent' | 'failed';
  attempts: number;
  sentAt: string | null;
}

export interface ReminderRunResult {
  on: string;
  sent: number;
  alreadySent: number;
  failed: number;
  messages: number;
}
