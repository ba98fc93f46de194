/**
 * The compliance report's answers (docs/api.md, "Compliance"), for the admin to import.
 * Types only. Amounts are exact decimal strings with two decimals.
 */
import type { AssignmentModel } from '../constants';
import type { ComplianceQuery, ComplianceSort, ComplianceStatus } from '../compliance';
import type { z } from 'zod';
import type { complianceRead, complianceRowRead, complianceTotalsRead } from '../read-schemas';

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

/* The report's answer: types of the zod schemas the content API declares (../read-schemas), one source. */
type Read<T extends z.ZodType> = z.infer<T>;
export type ComplianceRow = Read<typeof complianceRowRead>;
export type ModelPosition = ComplianceRow['byModel'][AssignmentModel];
/** The reference price a model's costs use: the gross unit price of its most recently purchased, non-expired, priced license. */
export type ReferencePrice = NonNullable<ModelPosition['referencePrice']>;
export type ComplianceCost = ComplianceRow['costs'][number];
export type ComplianceTotals = Read<typeof complianceTotalsRead>;
/** `GET /license-manager/compliance` and `GET /api/license-manager/compliance`. */
export type ComplianceResponse = Read<typeof complianceRead>;

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
