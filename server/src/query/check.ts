/**
 * Checks Strapi's REST query syntax (filters, sort, pagination, populate) against a model's
 * attributes before anything reaches the database. Strapi's query engine passes values it does
 * not understand on to SQL, where they fail as 500s (a word compared with an integer column, an
 * integer out of PostgreSQL's range, a NUL byte): here each becomes a FieldError whose path names
 * its place in the query, e.g. ['filters', 'quantity', '$eq'].
 * Pure: models come from a getModel function, so this runs (and is unit tested) without Strapi.
 */
import type { FieldError } from '../../../shared/schemas';
import { checkPagination, checkPopulate, type Pagination } from './pagination';
import {
  DOCUMENT_ID,
  FIELD,
  ID,
  isQueryable,
  isRecord,
  NUL,
  own,
  TEXT_TYPES,
  valueProblem,
  type Attribute,
  type GetModel,
  type Model,
  type Path,
} from './values';

export { isQueryable, type Attribute, type GetModel, type Model } from './values';
export type { Pagination } from './pagination';

export class Checker {
  readonly errors: FieldError[] = [];
  /** `keptSorts`: private fields of the listed model that may sort all the same (its own, not a relation's). */
  constructor(
    private readonly getModel: GetModel,
    private readonly keptSorts: readonly string[] = [],
  ) {}

  fail(path: Path, message: string) {
    this.errors.push({ path, message });
  }

  /** One scalar value: a string (numbers and booleans as given by JSON callers), of the attribute's type. */
  value(v: unknown, attribute: Attribute, path: Path, nullable = false) {
    const problem = valueProblem(v, attribute, nullable);
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
      const kept = fields.length === 1 && this.keptSorts.includes(field);
      if (!FIELD.test(field) || !attribute || (attribute.private && !kept)) {
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
      } else if (!last || !(kept || isQueryable(attribute))) {
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

export interface ListQueryOptions {
  /** Top-level parameters the list reads itself (e.g. the license status). */
  extra?: readonly string[];
  /** Private fields that may sort (see Checker). */
  keptSorts?: readonly string[];
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

/** A content-API list answers 400 for any parameter it does not read, naming it, rather than ignore a misspelt filter. */
export const unknownParams = (query: Record<string, unknown>, allowed: readonly string[]): FieldError[] =>
  Object.keys(query)
    .filter((key) => !allowed.includes(key))
    .map((key) => ({ path: [key], message: `is not a parameter of this list (${allowed.join(', ')})` }));

/** The whole query string of a content-API list. */
export const checkListQuery = (query: Record<string, unknown>, model: Model, getModel: GetModel, options: ListQueryOptions): CheckedListQuery => {
  const c = new Checker(getModel, options.keptSorts);
  c.errors.push(...unknownParams(query, [...LIST_KEYS, ...(options.extra ?? [])]));
  const { filters, sort, populate } = query;
  if (filters !== undefined) c.filters(filters, model, ['filters']);
  const sorted = sort === undefined || sort === '' ? [] : c.sort(sort, model);
  if (populate !== undefined) checkPopulate(populate, model, c.errors);
  const pagination = checkPagination(query.pagination, c.errors, options);
  return { errors: c.errors, filters: isRecord(filters) ? filters : undefined, sort: sorted, pagination };
};
