/**
 * The compliance report's answers (docs/api.md, "Compliance"), for the admin to import.
 * Types only. Amounts are exact decimal strings with two decimals.
 */
import type { AssignmentModel } from '../constants';
import type { ComplianceQuery, ComplianceSort, ComplianceStatus } from '../compliance';
import type { Pagination } from './common';

export type { ComplianceQuery, ComplianceSort, ComplianceStatus };

/** The report's query string as a client sends it (the export takes the same, plus `format` and `delimiter`). */
export interface ComplianceParams {
  organization?: string;
  category?: string;
  status?: ComplianceStatus;
  _q?: string;
  sort?: ComplianceSort | `${ComplianceSort}:${'asc' | 'desc'}`;
  page?: number;
  pageSize?: number;
}

export interface ComplianceTrendParams {
  days?: number;
  software?: string;
}

/** The reference price a model's costs use: the gross unit price of its most recently purchased, non-expired, priced license. */
export interface ReferencePrice {
  amount: string;
  currency: string;
}

export interface ModelPosition {
  /** Σ quantity of the non-expired licenses of this model. */
  licensed: number;
  /** Seats used (persons for per_user, assets for per_computer) on all licenses of this model, expired ones included. */
  used: number;
  /** licensed − used. */
  position: number;
  /** Extension of the contract: the price this model's costs come from; null when none is known. */
  referencePrice: ReferencePrice | null;
}

export interface ComplianceCost {
  currency: string;
  trueUp: string;
  unusedValue: string;
}

export interface ComplianceRow {
  software: { documentId: string; name: string; version: string | null };
  /** Licenses of the software counted (expired included). */
  licenses: number;
  byModel: Record<AssignmentModel, ModelPosition>;
  shortfall: number;
  unused: number;
  expiredInUse: number;
  /** used / licensed, 4 decimals; null when nothing is licensed. */
  utilization: string | null;
  status: ComplianceStatus;
  /** The earliest expiration date on or after the report's day; null when none. */
  nextExpiration: string | null;
  /** One entry per currency of the models' reference prices; a model without a reference price adds none. */
  costs: ComplianceCost[];
}

export interface ComplianceTotals {
  software: number;
  nonCompliant: number;
  atRisk: number;
  costs: ComplianceCost[];
}

/** `GET /license-manager/compliance` and `GET /api/license-manager/compliance`. */
export interface ComplianceResponse {
  data: ComplianceRow[];
  meta: { pagination: Pagination; totals: ComplianceTotals };
}

/** One day of `GET /license-manager/compliance/trend`. */
export interface TrendPoint {
  date: string;
  nonCompliant: number;
  atRisk: number;
  shortfall: number;
  licensed: number;
  used: number;
}

export interface ComplianceTrendResponse {
  data: TrendPoint[];
  meta: { days: number; software: string | null };
}

/** What `snapshot(day)` answers: the day, how many software rows it holds, and whether another call stored them first. */
export interface SnapshotResult {
  date: string;
  software: number;
  alreadyStored: boolean;
}
