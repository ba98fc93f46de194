/** The admin license list's query string (docs/api.md), read and checked: a 400 names any bad parameter. */
import { z } from 'zod';
import { ASSIGNMENT_MODELS, LICENSE_SORTS, LICENSE_STATUSES, type AssignmentModel } from '../../../../shared/constants';
import { DOCUMENT_ID, optionalDate, searchText } from '../../../../shared/schemas';
import { listPageOf, queryReader } from '../../validation';
import type { ValidityRange } from '../../domain/status';

const listQuerySchema = {
  sort: z.string().regex(new RegExp(`^(${LICENSE_SORTS.join('|')})(:(asc|desc))?$`), {
    error: `must be one of ${LICENSE_SORTS.join(', ')}, with :asc or :desc`,
  }),
  q: searchText(),
  documentId: z.string().regex(DOCUMENT_ID, { error: 'must be a documentId' }),
  status: z.enum(LICENSE_STATUSES, { error: `must be one of ${LICENSE_STATUSES.join(', ')}` }),
  assignmentModel: z.enum(ASSIGNMENT_MODELS, { error: `must be one of ${ASSIGNMENT_MODELS.join(', ')}` }),
  bool: z.enum(['true', 'false'], { error: 'must be true or false' }),
  day: optionalDate(),
};

/** The validity filters both lists read (`validUntilFrom`, `validUntilTo`: days, inclusive), each a 400 naming it when not a day. */
export const VALIDITY_PARAMS = ['validUntilFrom', 'validUntilTo'] as const;
export const parseValidity = (query: Record<string, unknown>): ValidityRange => {
  const get = queryReader(query);
  return Object.fromEntries(VALIDITY_PARAMS.map((p) => [p, get(p, listQuerySchema.day) ?? undefined]).filter(([, v]) => v)) as ValidityRange;
};

/** The content API's `status` parameter, checked the same way. */
export const licenseStatusParam = listQuerySchema.status;

export interface LicenseListQuery extends ValidityRange {
  page: number;
  pageSize: number;
  sort: { field: (typeof LICENSE_SORTS)[number]; order: 'asc' | 'desc' };
  q?: string;
  software?: string;
  category?: string;
  organization?: string;
  status?: (typeof LICENSE_STATUSES)[number];
  assignmentModel?: AssignmentModel;
  overAllocated?: boolean;
}

export const parseListQuery = (query: Record<string, unknown>): LicenseListQuery => {
  const get = queryReader(query);
  const sortText = get('sort', listQuerySchema.sort) ?? 'name:asc';
  const [field, order = 'asc'] = sortText.split(':') as [LicenseListQuery['sort']['field'], 'asc' | 'desc'];
  const overAllocated = get('overAllocated', listQuerySchema.bool);
  return {
    ...listPageOf(query),
    sort: { field, order },
    q: get('_q', listQuerySchema.q)?.trim() || undefined,
    software: get('software', listQuerySchema.documentId),
    category: get('category', listQuerySchema.documentId),
    organization: get('organization', listQuerySchema.documentId),
    status: get('status', listQuerySchema.status),
    assignmentModel: get('assignmentModel', listQuerySchema.assignmentModel),
    overAllocated: overAllocated === undefined ? undefined : overAllocated === 'true',
    ...parseValidity(query),
  };
};
