/**
 * Shapes of the admin API's answers (docs/api.md), as the admin pages read them: the shared
 * contracts the server answers with (shared/contracts), re-exported under the names the pages use.
 */
export type { ErrorResponse, ItemResponse, ListResponse, Pagination, RelationRef } from '../../../shared/contracts/common';
export type { Assignment, License, LicenseEvent, MaskedKey, Seats } from '../../../shared/contracts/licenses';
export type { Asset, Person, ReferenceRecord, ReferenceRecordOf } from '../../../shared/contracts/reference';
export type { Purchase } from '../../../shared/contracts/purchases';

export type {
  ComplianceCost,
  ComplianceResponse,
  ComplianceRow,
  ComplianceStatus,
  ComplianceTotals,
  ModelPosition,
  TrendPoint,
} from '../../../shared/contracts/compliance';
export type { Reminder, ReminderPreviewItem, ReminderRunReport } from '../../../shared/contracts/reminders';
export type { ReminderSettings, Settings, SettingsRead } from '../../../shared/contracts/settings';
export type {
  AssetLicense,
  Installation,
  InstallationRule,
  InstallationRuleWrite,
  InventoryDevice,
  ReclaimCandidate,
  RecognitionProgress,
  ReconciliationList,
  ReconciliationResponse,
  RuleMatch,
  UnlicensedAsset,
  UnrecognizedName,
} from '../../../shared/contracts/installations';
