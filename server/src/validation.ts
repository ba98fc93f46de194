/** Runs a shared zod schema and turns its issues into Strapi's 400, one entry per bad field. */
import type { z } from 'zod';
import { PAGE_SIZE_DEFAULT } from '../../shared/constants';
import { fieldErrorOf } from '../../shared/issues';
import { listPageSchemas, type FieldError } from '../../shared/schemas';
import { invalid } from './errors';

export const fieldErrorsOf = (error: z.ZodError): FieldError[] => {
  const byPath = new Map<string, FieldError>();
  for (const issue of error.issues) {
    const path = issue.path.map(String);
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) {
        const p = [...path, key];
        byPath.set(p.join('.'), { ...fieldErrorOf(issue, p), message: 'is not a field of this resource', params: { keys: [key] } });
      }
      continue;
    }
    const key = path.join('.');
    if (!byPath.has(key)) byPath.set(key, fieldErrorOf(issue, path));
  }
  return [...byPath.values()];
};

/** Validates `body.data` (Strapi's request shape) with a schema. */
export const parseData = <S extends z.ZodType>(schema: S, body: unknown, drop: readonly string[] = []): z.output<S> => {
  if (typeof body !== 'object' || body === null || Array.isArray(body) || !('data' in body)) {
    throw invalid([{ path: ['data'], message: 'the request body must be { "data": { ... } }' }]);
  }
  let data = (body as { data: unknown }).data;
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    throw invalid([{ path: ['data'], message: 'must be an object' }]);
  }
  if (drop.length) {
    data = Object.fromEntries(Object.entries(data).filter(([k]) => !drop.includes(k)));
  }
  const result = schema.safeParse(data);
  if (!result.success) throw invalid(fieldErrorsOf(result.error));
  return result.data;
};

/** Validates a query-string value with a schema, naming the parameter on failure. */
export const parseParam = <S extends z.ZodType>(schema: S, value: unknown, name: string): z.output<S> => {
  const result = schema.safeParse(value);
  if (!result.success) throw invalid([fieldErrorOf(result.error.issues[0], [name])]);
  return result.data;
};

/** A reader of an admin list's flat query parameters: the first value when repeated, undefined when absent or empty. */
export const queryReader =
  (query: Record<string, unknown>) =>
  <S extends z.ZodType>(name: string, schema: S): z.output<S> | undefined => {
    const value = Array.isArray(query[name]) ? (query[name] as unknown[])[0] : query[name];
    return value === undefined || value === '' ? undefined : parseParam(schema, value, name);
  };

/** `page` and `pageSize` of an admin list (licenses, assignments, history, reference data), with their defaults. */
export const listPageOf = (query: Record<string, unknown>) => {
  const get = queryReader(query);
  return { page: get('page', listPageSchemas.page) ?? 1, pageSize: get('pageSize', listPageSchemas.pageSize) ?? PAGE_SIZE_DEFAULT };
};
