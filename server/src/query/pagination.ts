/** Strapi's `pagination` and `populate` parameters of a content-API list, checked (see ./check). */
import type { FieldError } from '../../../shared/schemas';
import { INT32, isRecord, own, valueProblem, type Model, type Path } from './values';

export interface Pagination {
  offset: number;
  limit: number;
  withCount: boolean;
  /** meta.pagination for a total: page/pageSize/pageCount or start/limit, as Strapi answers. */
  meta: (total: number | undefined) => Record<string, number>;
}

const PAGINATION_KEYS = ['page', 'pageSize', 'start', 'limit', 'withCount'];

/** Strapi's pagination: page and pageSize, or start and limit; withCount=false skips the total. */
export const checkPagination = (
  v: unknown,
  errors: FieldError[],
  { defaultPageSize, maxPageSize }: { defaultPageSize: number; maxPageSize: number },
): Pagination | undefined => {
  const path = ['pagination'];
  const before = errors.length;
  const fail = (at: Path, message: string) => errors.push({ path: at, message });
  if (v === undefined) v = {};
  if (!isRecord(v)) {
    errors.push({ path, message: 'must be an object such as pagination[page]=1&pagination[pageSize]=25' });
    return undefined;
  }
  for (const key of Object.keys(v)) {
    if (!PAGINATION_KEYS.includes(key)) fail([...path, key], `is not a pagination parameter (${PAGINATION_KEYS.join(', ')})`);
  }
  const int = (key: string, min: number, max: number) => {
    const raw = v[key];
    if (raw === undefined) return undefined;
    const at = [...path, key];
    const n = typeof raw === 'string' && /^\d{1,10}$/.test(raw.trim()) ? Number(raw) : typeof raw === 'number' ? raw : NaN;
    if (!Number.isInteger(n) || n < min || n > max) fail(at, `must be a whole number from ${min} to ${max}`);
    return n;
  };
  const MAX = Number(INT32[1]);
  const page = int('page', 1, MAX);
  const pageSize = int('pageSize', 1, maxPageSize);
  const start = int('start', 0, MAX);
  const limit = int('limit', 1, maxPageSize);
  let withCount = true;
  if (v.withCount !== undefined) {
    const problem = valueProblem(v.withCount, { type: 'boolean' });
    if (problem) fail([...path, 'withCount'], problem);
    withCount = ['true', 't', '1'].includes(String(v.withCount));
  }
  if ((page !== undefined || pageSize !== undefined) && (start !== undefined || limit !== undefined)) {
    fail(path, 'takes page and pageSize, or start and limit, not both');
  }
  if (errors.length > before) return undefined;
  if (start !== undefined || limit !== undefined) {
    const s = start ?? 0;
    const l = limit ?? defaultPageSize;
    return { offset: s, limit: l, withCount, meta: (total) => ({ start: s, limit: l, ...(total === undefined ? {} : { total }) }) };
  }
  const p = page ?? 1;
  const size = pageSize ?? defaultPageSize;
  return {
    offset: (p - 1) * size,
    limit: size,
    withCount,
    meta: (total) => ({ page: p, pageSize: size, ...(total === undefined ? {} : { pageCount: Math.ceil(total / size), total }) }),
  };
};

/** `populate`: '*', relation names (a string, comma list, list or object keys). Deeper levels are not read. */
export const checkPopulate = (v: unknown, model: Model, errors: FieldError[]) => {
  const path = ['populate'];
  const relation = (name: string, at: Path) => {
    const a = own(model.attributes, name.trim());
    if (name.trim() === '*') return;
    if (!a || a.private || a.type !== 'relation') errors.push({ path: at, message: `"${name}" is not a relation that can be populated` });
  };
  if (typeof v === 'string') {
    v.split(',')
      .filter((s) => s.trim())
      .forEach((name) => relation(name, path));
  } else if (Array.isArray(v)) {
    v.forEach((name, i) =>
      typeof name === 'string' ? relation(name, [...path, String(i)]) : errors.push({ path: [...path, String(i)], message: 'must be a relation name' }),
    );
  } else if (isRecord(v)) {
    Object.keys(v).forEach((name) => relation(name, [...path, name]));
  } else {
    errors.push({ path, message: 'must be *, a relation name, a list of them or an object' });
  }
};
