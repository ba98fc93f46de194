/** The compliance report's and trend's query strings, checked with the shared schemas: a 400 names any bad parameter. */
import {
  COMPLIANCE_PAGE_SIZE_DEFAULT,
  complianceExportSchemas,
  complianceQuerySchemas as s,
  complianceTrendSchemas,
  CSV_DELIMITERS,
  TREND_DAYS_DEFAULT,
  type ComplianceQuery,
} from '../../../../shared/compliance';
import { isRecord } from '../../query/values';
import { queryReader } from '../../validation';
import { invalidField } from '../../errors';

/**
 * The report's parameters. The content API also takes Strapi's `pagination[page]` and
 * `pagination[pageSize]`, so a REST client pages it as it pages any other collection.
 */
export const parseComplianceQuery = (query: Record<string, unknown>): ComplianceQuery => {
  const get = queryReader(query);
  const sortText = get('sort', s.sort) ?? 'software:asc';
  const [field, order = 'asc'] = sortText.split(':') as [ComplianceQuery['sort']['field'], 'asc' | 'desc'];
  let page = get('page', s.page);
  let pageSize = get('pageSize', s.pageSize);
  if (query.pagination !== undefined) {
    if (!isRecord(query.pagination)) throw invalidField('pagination', 'must be an object such as pagination[page]=1&pagination[pageSize]=25');
    const nested = queryReader(query.pagination);
    const at = (name: 'page' | 'pageSize') => {
      try {
        return nested(name, s[name]);
      } catch (error) {
        // Named as the client wrote it: pagination.page.
        throw invalidField(
          ['pagination', name],
          (error as { details?: { errors?: Array<{ message: string }> } }).details?.errors?.[0]?.message ?? 'is not valid',
        );
      }
    };
    page = at('page') ?? page;
    pageSize = at('pageSize') ?? pageSize;
  }
  return {
    organization: get('organization', s.organization),
    category: get('category', s.category),
    status: get('status', s.status),
    q: get('_q', s._q)?.trim() || undefined,
    unlicensed: get('unlicensed', s.unlicensed) === 'true' || undefined,
    sort: { field, order },
    page: page ?? 1,
    pageSize: pageSize ?? COMPLIANCE_PAGE_SIZE_DEFAULT,
  };
};

export const parseTrendQuery = (query: Record<string, unknown>): { days: number; software?: string } => {
  const get = queryReader(query);
  return { days: get('days', complianceTrendSchemas.days) ?? TREND_DAYS_DEFAULT, software: get('software', complianceTrendSchemas.software) };
};

export const parseExportQuery = (query: Record<string, unknown>): { delimiter: string } => {
  const get = queryReader(query);
  get('format', complianceExportSchemas.format);
  return { delimiter: CSV_DELIMITERS[get('delimiter', complianceExportSchemas.delimiter) ?? 'comma'] };
};
