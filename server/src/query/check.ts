/**
 * Checks Strapi's REST query syntax (filters, sort, pagination, populate) against a model's
 * attributes before anything reaches the database. Strapi's query engine passes values it does
 * not understand on to SQL, where they fail as 500s (a word compared with an integer column, an
 * integer out of PostgreSQL's range, a NUL byte): here each becomes a FieldError whose path names
 * its place in the query, e.g. ['filters', 'quantity', '$eq'].
 * Pure: models come from a getModel function, so this runs (and is unit tested) without Strapi.
 */
import type { FieldError } from '../../../shared/schemas';

export interface Attribute {
  type: string;
  target?: string;
  private?: boolean;
}
export interface Model {
  uid: string;
  attributes: Record<string, Attribute>;
}
export type GetModel = (uid: string) => Model | undefined;
type Path = string[];

/** `id` is no attribute in Strapi's metadata, but filters and sorts may name it. */
const ID: Attribute = { type: 'integer' };
const DOCUMENT_ID: Attribute = { type: 'string' };

const TEXT_TYPES = ['string', 'text', 'richtext', 'email', 'uid', 'enumeration'];
const INT32 = [-(2n ** 31n), 2n ** 31n - 1n] as const;
const INT64 = [-(2n ** 63n), 2n ** 63n - 1n] as const;
/** Strapi's boolean inputs (parseType). */
const BOOLEANS = ['true', 't', '1', 'false', 'f', '0'];
const TIME = /^(2[0-3]|[01][0-9]):([0-5][0-9]):([0-5][0-9])(\.[0-9]{1,3})?$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATETIME = /^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(Z|[+-](\d{2})(?::?(\d{2}))?)?)?$/;
const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const FIELD = /^[A-Za-z_][A-Za-z0-9_]*$/;

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const own = <T>(o: Record<string, T>, k: string): T | undefined => (Object.prototype.hasOwnProperty.call(o, k) ? o[k] : undefined);

const realDate = (value: string) => {
  const m = DATE.exec(value);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(0);
  date.setUTCFullYear(y, mo - 1, d);
  return y >= 1 && date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d;
};

const wholeIn = ([min, max]: readonly [bigint, bigint]) => (v: string) =>
  /^[+-]?\d{1,30}$/.test(v) && BigInt(v) >= min && BigInt(v) <= max ? undefined : `must be a whole number from ${min} to ${max}`;

/** One value of an attribute type: undefined when fine, else why not. */
const VALUE_CHECKS: Record<string, (v: string) => string | undefined> = {
  integer: wholeIn(INT32),
  biginteger: wholeIn(INT64),
  decimal: (v) => (DECIMAL.test(v) && Number.isFinite(Number(v)) ? undefined : 'must be a finite number'),
  date: (v) => (realDate(v) ? undefined : 'must be a calendar date YYYY-MM-DD'),
  datetime: (v) => {
    const m = DATETIME.exec(v);
    const [hour, minute, second, offsetHour, offsetMinute] = (m?.slice(2) ?? []).filter((_, i) => i !== 3).map((x) => Number(x ?? 0));
    const ok = m && realDate(m[1]) && hour < 24 && minute < 60 && second < 60 && offsetHour < 24 && offsetMinute < 60;
    return ok ? undefined : 'must be an ISO 8601 date-time';
  },
  time: (v) => (TIME.test(v) ? undefined : 'must be a time HH:mm:ss'),
  boolean: (v) => (BOOLEANS.includes(v) ? undefined : 'must be true or false'),
};
VALUE_CHECKS.float = VALUE_CHECKS.decimal;
VALUE_CHECKS.timestamp = VALUE_CHECKS.datetime;
for (const t of TEXT_TYPES) VALUE_CHECKS[t] = () => undefined;

/** Types a filter or sort may use: the scalar ones the query engine compares in SQL. */
export const isQueryable = (a: Attribute) => a.type in VALUE_CHECKS && !a.private;

const NUL = 'must not contain NUL characters';

class Checker {
  readonly errors: FieldError[] = [];
  constructor(private readonly getModel: GetModel) {}

  fail(path: Path, message: string) {
    this.errors.push({ path, message });
  }

  /** One scalar value: a string (numbers and booleans as given by JSON callers), of the attribute's type. */
  value(v: unknown, attribute: Attribute, path: Path, nullable = false) {
    if (v === null) return nullable || this.fail(path, 'needs a value');
    if (typeof v === 'object') return this.fail(path, 'must be a single value, not a list or an object');
    const s = String(v);
    if (s.includes('\u0000')) return this.fail(path, NUL);
    const problem = VALUE_CHECKS[attribute.type]?.(s);
    if (problem) this.fail(path, problem);
  }

  list(v: unknown, attribute: Attribute, path: Path, length?: number) {
    if (!Array.isArray(v)) return this.fail(path, length ? `must be a list of ${length} values` : 'must be a list of values');
    if (length !== undefined && v.length !== length) return this.fail(path, `must be a list of ${length} values`);
    v.forEach((item, i) => this.value(item, attribute, [...path, String(i)]));
  }

  /** What follows an attribute: a value (=), a list (in), or operators. */
  attribute(v: unknown, attribute: Attribute, path: Path) {
    if (Array.isArray(v)) return this.list(v, attribute, path);
    if (!isRecord(v)) return this.value(v, attribute, path, true);
    const text = TEXT_TYPES.includes(attribute.type);
    for (const [op, operand] of Object.entries(v)) {
      const at = [...path, op];
      switch (op) {
        case '$eq':
        case '$ne':
          this.value(operand, attribute, at, true);
          break;
        case '$lt':
        case '$lte':
        case '$gt':
        case '$gte':
          this.value(operand, attribute, at);
          break;
        case '$in':
        case '$notIn':
          // Strapi takes a single value as a one-item list.
          if (Array.isArray(operand)) this.list(operand, attribute, at);
          else this.value(operand, attribute, at);
          break;
        case '$between':
          this.list(operand, attribute, at, 2);
          break;
        case '$null':
        case '$notNull':
          this.value(operand, { type: 'boolean' }, at);
          break;
        case '$not':
          this.attribute(operand, attribute, at);
          break;
        case '$eqi':
        case '$nei':
        case '$contains':
        case '$notContains':
        case '$containsi':
        case '$notContainsi':
        case '$startsWith':
        case '$startsWithi':
        case '$endsWith':
        case '$endsWithi':
          // PostgreSQL has no LIKE on numbers, dates or booleans.
          if (!text) this.fail(at, 'applies to text fields only');
          else this.value(operand, attribute, at, op === '$eqi' || op === '$nei');
          break;
        default:
          this.fail(at, op.startsWith('$') ? 'is not a filter operator' : 'is not an operator: a field name goes before the operator');
      }
    }
  }

  /** Filters on a model: fields, relations, and $and/$or/$not around them. */
  filters(v: unknown, model: Model, path: Path) {
    if (!isRecord(v)) return this.fail(path, 'must be an object such as filters[field][$eq]=value');
    for (const [key, value] of Object.entries(v)) {
      const at = [...path, key];
      if (key === '$and' || key === '$or') {
        if (!Array.isArray(value)) this.fail(at, 'must be a list of filters');
        else value.forEach((sub, i) => this.filters(sub, model, [...at, String(i)]));
        continue;
      }
      if (key === '$not') {
        this.filters(value, model, at);
        continue;
      }
      const attribute = key === 'id' ? ID : (own(model.attributes, key) ?? (key === 'documentId' ? DOCUMENT_ID : undefined));
      if (!attribute) {
        this.fail(at, key.startsWith('$') ? 'applies to a field: put a field name before it' : 'is not a field of this resource');
      } else if (attribute.private) {
        this.fail(at, 'cannot be queried');
      } else if (attribute.type === 'relation') {
        this.relation(value, attribute, at);
      } else if (isQueryable(attribute)) {
        this.attribute(value, attribute, at);
      } else {
        this.fail(at, `cannot be filtered (${attribute.type})`);
      }
    }
  }

  /** A relation holds the target's filters, or operators on the target's id (Strapi's convention). */
  relation(v: unknown, attribute: Attribute, path: Path) {
    const target = attribute.target ? this.getModel(attribute.target) : undefined;
    if (!target) return this.fail(path, 'cannot be filtered');
    if (!isRecord(v)) return this.attribute(v, ID, path);
    const keys = Object.keys(v);
    const operators = keys.filter((k) => k.startsWith('$'));
    if (!operators.length) return this.filters(v, target, path);
    if (operators.length !== keys.length) return this.fail(path, 'cannot mix operators and fields');
    if (operators.length > 1) return this.fail(path, 'takes one operator at a time (use $and)');
    const [op] = operators;
    // The query engine runs $and/$or on the target's fields, every other operator on its id.
    if (op === '$and' || op === '$or') return this.filters(v, target, path);
    return this.attribute(v, ID, path);
  }

  /** One sort path such as ['software', 'name']: relations, then a queryable field. */
  sortField(fields: string[], model: Model, path: Path): boolean {
    let current = model;
    for (const [i, field] of fields.entries()) {
      const last = i === fields.length - 1;
      const attribute = field === 'id' ? ID : (own(current.attributes, field) ?? (field === 'documentId' ? DOCUMENT_ID : undefined));
      const name = fields.slice(0, i + 1).join('.');
      if (!FIELD.test(field) || !attribute || attribute.private) {
        this.fail(path, `"${name}" is not a field that can sort`);
        return false;
      }
      if (attribute.type === 'relation') {
        const target = attribute.target ? this.getModel(attribute.target) : undefined;
        if (!target || last) {
          this.fail(path, `"${name}" is a relation: sort by one of its fields, e.g. ${name}.name`);
          return false;
        }
        current = target;
      } else if (!last || !isQueryable(attribute)) {
        this.fail(path, `"${name}" is not a field that can sort`);
        return false;
      }
    }
    return true;
  }

  direction(v: unknown, path: Path) {
    if (typeof v === 'string' && ['asc', 'desc'].includes(v.trim().toLowerCase())) return v.trim().toLowerCase() as 'asc' | 'desc';
    this.fail(path, 'must be asc or desc');
    return undefined;
  }

  /** `name:desc,software.name` → [{ name: 'desc' }, { software: { name: 'asc' } }] */
  sortString(v: string, model: Model, path: Path): SortEntry[] {
    const out: SortEntry[] = [];
    if (v.includes('\u0000')) {
      this.fail(path, NUL);
      return out;
    }
    for (const segment of v.split(',').map((s) => s.trim())) {
      if (!segment) continue;
      const [field, order = 'asc', ...rest] = segment.split(':');
      const fields = field.trim().split('.');
      const dir = rest.length ? (this.fail(path, `"${segment}" must be field or field:asc or field:desc`), undefined) : this.direction(order, path);
      if (this.sortField(fields, model, path) && dir) out.push(nest(fields, dir));
    }
    return out;
  }

  /** `sort[software][name]=asc` → { software: { name: 'asc' } } */
  sortObject(v: Record<string, unknown>, model: Model, path: Path, fields: string[] = []): SortEntry[] {
    const out: SortEntry[] = [];
    for (const [key, value] of Object.entries(v)) {
      const at = [...path, key];
      const next = [...fields, key];
      if (isRecord(value)) {
        // Walk the relation first, so an unknown field is named once.
        if (!this.sortRelation(next, model)) this.fail(at, `"${next.join('.')}" is not a relation that can sort`);
        else out.push(...this.sortObject(value, model, at, next));
      } else {
        const dir = this.direction(value, at);
        if (this.sortField(next, model, at) && dir) out.push(nest(next, dir));
      }
    }
    return out;
  }

  /** The relation a nested sort object walks through, if the path is one. */
  sortRelation(fields: string[], model: Model) {
    let current: Model | undefined = model;
    for (const field of fields) {
      const attribute: Attribute | undefined = current && own(current.attributes, field);
      if (!attribute || attribute.private || attribute.type !== 'relation' || !attribute.target) return undefined;
      current = this.getModel(attribute.target);
    }
    return current;
  }

  sort(v: unknown, model: Model): SortEntry[] {
    const path = ['sort'];
    if (typeof v === 'string') return this.sortString(v, model, path);
    if (isRecord(v)) return this.sortObject(v, model, path);
    if (Array.isArray(v)) {
      return v.flatMap((item, i) => {
        const at = [...path, String(i)];
        if (typeof item === 'string') return this.sortString(item, model, at);
        if (isRecord(item)) return this.sortObject(item, model, at);
        this.fail(at, 'must be field:asc, field:desc or { field: asc }');
        return [];
      });
    }
    this.fail(path, 'must be field:asc, a list of them or sort[field]=asc');
    return [];
  }
}

export type SortEntry = { [field: string]: 'asc' | 'desc' | SortEntry };
const nest = (fields: string[], dir: 'asc' | 'desc'): SortEntry =>
  fields.reduceRight<SortEntry | 'asc' | 'desc'>((inner, f) => ({ [f]: inner }), dir) as SortEntry;

export interface Pagination {
  offset: number;
  limit: number;
  withCount: boolean;
  /** meta.pagination for a total: page/pageSize/pageCount or start/limit, as Strapi answers. */
  meta: (total: number | undefined) => Record<string, number>;
}

const PAGINATION_KEYS = ['page', 'pageSize', 'start', 'limit', 'withCount'];

/** Strapi's pagination: page and pageSize, or start and limit; withCount=false skips the total. */
export const checkPagination = (v: unknown, errors: FieldError[], { defaultPageSize, maxPageSize }: { defaultPageSize: number; maxPageSize: number }): Pagination | undefined => {
  const path = ['pagination'];
  const before = errors.length;
  const c = new Checker(() => undefined);
  if (v === undefined) v = {};
  if (!isRecord(v)) {
    errors.push({ path, message: 'must be an object such as pagination[page]=1&pagination[pageSize]=25' });
    return undefined;
  }
  for (const key of Object.keys(v)) {
    if (!PAGINATION_KEYS.includes(key)) c.fail([...path, key], `is not a pagination parameter (${PAGINATION_KEYS.join(', ')})`);
  }
  const int = (key: string, min: number, max: number) => {
    const raw = v[key];
    if (raw === undefined) return undefined;
    const at = [...path, key];
    const n = typeof raw === 'string' && /^\d{1,10}$/.test(raw.trim()) ? Number(raw) : typeof raw === 'number' ? raw : NaN;
    if (!Number.isInteger(n) || n < min || n > max) c.fail(at, `must be a whole number from ${min} to ${max}`);
    return n;
  };
  const MAX = Number(INT32[1]);
  const page = int('page', 1, MAX);
  const pageSize = int('pageSize', 1, maxPageSize);
  const start = int('start', 0, MAX);
  const limit = int('limit', 1, maxPageSize);
  let withCount = true;
  if (v.withCount !== undefined) {
    c.value(v.withCount, { type: 'boolean' }, [...path, 'withCount']);
    withCount = ['true', 't', '1'].includes(String(v.withCount));
  }
  if ((page !== undefined || pageSize !== undefined) && (start !== undefined || limit !== undefined)) {
    c.fail(path, 'takes page and pageSize, or start and limit, not both');
  }
  errors.push(...c.errors);
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
    v.split(',').filter((s) => s.trim()).forEach((name) => relation(name, path));
  } else if (Array.isArray(v)) {
    v.forEach((name, i) => (typeof name === 'string' ? relation(name, [...path, String(i)]) : errors.push({ path: [...path, String(i)], message: 'must be a relation name' })));
  } else if (isRecord(v)) {
    Object.keys(v).forEach((name) => relation(name, [...path, name]));
  } else {
    errors.push({ path, message: 'must be *, a relation name, a list of them or an object' });
  }
};

export interface ListQueryOptions {
  /** Top-level parameters the list reads itself (e.g. the license status). */
  extra?: readonly string[];
  defaultPageSize: number;
  maxPageSize: number;
}

export interface CheckedListQuery {
  errors: FieldError[];
  filters?: Record<string, unknown>;
  sort: SortEntry[];
  pagination?: Pagination;
}

const LIST_KEYS = ['filters', 'sort', 'pagination', 'populate'];

/** The whole query string of a content-API list. */
export const checkListQuery = (query: Record<string, unknown>, model: Model, getModel: GetModel, options: ListQueryOptions): CheckedListQuery => {
  const c = new Checker(getModel);
  const allowed = [...LIST_KEYS, ...(options.extra ?? [])];
  for (const key of Object.keys(query)) {
    if (!allowed.includes(key)) c.fail([key], `is not a parameter of this list (${allowed.join(', ')})`);
  }
  const { filters, sort, populate } = query;
  if (filters !== undefined) c.filters(filters, model, ['filters']);
  const sorted = sort === undefined || sort === '' ? [] : c.sort(sort, model);
  if (populate !== undefined) checkPopulate(populate, model, c.errors);
  const pagination = checkPagination(query.pagination, c.errors, options);
  return { errors: c.errors, filters: isRecord(filters) ? filters : undefined, sort: sorted, pagination };
};
