/**
 * The compliance report's query (docs/api.md, "Compliance"): its values and zod schemas, shared by
 * the server (which checks them, a 400 naming the parameter) and the admin (which builds them).
 */
import { z } from 'zod';
import { PAGE_SIZE_MAX } from './constants';
import { DOCUMENT_ID, searchText } from './schemas';

/** A software's position (docs/domain.md, "Compliance"); `covered`: a site license not expired covers it, whatever the count. */
export const COMPLIANCE_STATUSES = ['compliant', 'at_risk', 'non_compliant', 'covered'] as const;
export type ComplianceStatus = (typeof COMPLIANCE_STATUSES)[number];

export const COMPLIANCE_SORTS = ['software', 'shortfall', 'unused', 'utilization'] as const;
export type ComplianceSort = (typeof COMPLIANCE_SORTS)[number];

/** Utilization from which a compliant software is at risk (domain.md: "0.9 or more"), as a fraction num/den for exact integer comparison. */
export const AT_RISK_UTILIZATION = { numerator: 9, denominator: 10 } as const;

/**
 * A software's name or version as the report orders it: case and accents aside, the first 200
 * characters, compared code point by code point (compareKeys), which is how SQLite, PostgreSQL
 * (`COLLATE "C"`) and MySQL (as binary) compare the kept rows' keys: one order on every path.
 */
export const sortKey = (text: string | null): string =>
  Array.from((text ?? '').normalize('NFD').replace(/\p{M}/gu, '').toLowerCase())
    .slice(0, 200)
    .join('');

/** Two sort keys in code point order (UTF-8 byte order), not UTF-16's. */
export const compareKeys = (a: string, b: string): number => {
  if (a === b) return 0;
  for (let i = 0; i < a.length && i < b.length; i++) {
    const x = a.codePointAt(i)!;
    const y = b.codePointAt(i)!;
    if (x !== y) return x < y ? -1 : 1;
    if (x > 0xffff) i++;
  }
  return a.length - b.length;
};

export const TREND_DAYS_DEFAULT = 90;
export const TREND_DAYS_MAX = 366;
export const COMPLIANCE_PAGE_SIZE_DEFAULT = 25;

export const CSV_DELIMITERS = { comma: ',', semicolon: ';', tab: '\t' } as const;

const documentId = z.string().regex(DOCUMENT_ID, { error: 'must be a documentId' });

/** One schema per query-string parameter, so each failure names its parameter. */
export const complianceQuerySchemas = {
  organization: documentId,
  category: documentId,
  status: z.enum(COMPLIANCE_STATUSES, { error: `must be one of ${COMPLIANCE_STATUSES.join(', ')}` }),
  _q: searchText(),
  /** `true`: only the software with installations no license covers (issue 28). */
  unlicensed: z.enum(['true', 'false'], { error: 'must be true or false' }),
  sort: z.string().regex(new RegExp(`^(${COMPLIANCE_SORTS.join('|')})(:(asc|desc))?$`), {
    error: `must be one of ${COMPLIANCE_SORTS.join(', ')}, with :asc or :desc`,
  }),
  page: z.coerce
    .number()
    .int({ error: 'must be a whole number from 1' })
    .min(1, { error: 'must be a whole number from 1' })
    .max(2 ** 31 - 1, { error: 'must be a whole number from 1' }),
  pageSize: z.coerce
    .number()
    .int({ error: `must be a whole number from 1 to ${PAGE_SIZE_MAX}` })
    .min(1, { error: `must be a whole number from 1 to ${PAGE_SIZE_MAX}` })
    .max(PAGE_SIZE_MAX, { error: `must be a whole number from 1 to ${PAGE_SIZE_MAX}` }),
} as const;

export const complianceTrendSchemas = {
  days: z.coerce
    .number()
    .int({ error: `must be a whole number from 1 to ${TREND_DAYS_MAX}` })
    .min(1, { error: `must be a whole number from 1 to ${TREND_DAYS_MAX}` })
    .max(TREND_DAYS_MAX, { error: `must be a whole number from 1 to ${TREND_DAYS_MAX}` }),
  software: documentId,
} as const;

export const complianceExportSchemas = {
  format: z.enum(['csv'], { error: 'must be csv' }),
  delimiter: z.enum(Object.keys(CSV_DELIMITERS) as [keyof typeof CSV_DELIMITERS], { error: 'must be comma, semicolon or tab' }),
} as const;

/** The report's query, parsed. */
export interface ComplianceQuery {
  organization?: string;
  category?: string;
  status?: ComplianceStatus;
  q?: string;
  /** Only the software with unlicensed installations. */
  unlicensed?: boolean;
  sort: { field: ComplianceSort; order: 'asc' | 'desc' };
  page: number;
  pageSize: number;
}
