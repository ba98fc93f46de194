/**
 * License status from the last day it is valid (its expiration date, or a later purchase's term end): expired, expiring (within the configured window) or active.
 * Dates are calendar dates ("YYYY-MM-DD") compared in UTC, as the database stores them.
 */
import type { LicenseStatus } from '../../../shared/constants';
import { addDays, isoDay } from '../../../shared/days';

export interface StatusWindow {
  today: string;
  /** The last day that still counts as "expiring". */
  expiringUntil: string;
}

export const statusWindow = (expiringWithinDays: number, now = new Date()): StatusWindow => {
  const today = isoDay(now);
  return { today, expiringUntil: addDays(today, expiringWithinDays) };
};

export const licenseStatus = (expirationDate: string | null | undefined, window: StatusWindow): LicenseStatus => {
  if (!expirationDate) return 'active';
  if (expirationDate < window.today) return 'expired';
  if (expirationDate <= window.expiringUntil) return 'expiring';
  return 'active';
};

/**
 * The expiration dates a status filter keeps, as licenseStatus decides: one statement of the rule
 * for the admin list's SQL and the content API's query-engine filter.
 */
export type StatusRange = { before: string } | { from: string; to: string } | { after: string; orNone: true };

export const statusRange = (status: LicenseStatus, window: StatusWindow): StatusRange => {
  if (status === 'expired') return { before: window.today };
  if (status === 'expiring') return { from: window.today, to: window.expiringUntil };
  return { after: window.expiringUntil, orNone: true };
};

/** The validity filters of a license list (docs/api.md): valid until this day or later (or without end), and until this day or earlier. */
export interface ValidityRange {
  validUntilFrom?: string;
  validUntilTo?: string;
}

/** A validity range as the query engine's `where` on the kept `validUntil`; a license without end is valid past any `from`, never up `to` a day. */
export const validityWhere = (range: ValidityRange): Record<string, unknown>[] => [
  ...(range.validUntilFrom ? [{ $or: [{ validUntil: { $null: true } }, { validUntil: { $gte: range.validUntilFrom } }] }] : []),
  ...(range.validUntilTo ? [{ validUntil: { $lte: range.validUntilTo } }] : []),
];

/** A status filter as the query engine's `where` on the kept `validUntil` (db/purchases), the day a read's status is of. */
export const statusWhere = (status: LicenseStatus, window: StatusWindow): Record<string, unknown> => {
  const range = statusRange(status, window);
  if ('before' in range) return { validUntil: { $lt: range.before } };
  if ('from' in range) return { validUntil: { $gte: range.from, $lte: range.to } };
  return { $or: [{ validUntil: { $null: true } }, { validUntil: { $gt: range.after } }] };
};
