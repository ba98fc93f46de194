/**
 * A content-API list query, checked in two layers: ./check (shapes and values per attribute type,
 * so nothing reaches SQL that fails there), then Strapi's own validate.query (private fields,
 * relations the caller may not read). Both answer 400 ValidationError naming the parameter.
 */
import type { Core, UID as StrapiUID } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import type { FieldError } from '../../../shared/schemas';
import { invalid } from '../errors';
import { checkListQuery, type GetModel, type ListQueryOptions, type Model } from './check';

export { checkListQuery, unknownParams } from './check';

/** Strapi's ValidationError details ({ param, path: 'software.name', key }) as our FieldError. */
const fieldErrorOf = (param: string, error: unknown): FieldError => {
  if (error instanceof errors.ValidationError) {
    const details = (error.details ?? {}) as { path?: string | null; key?: string };
    const where = details.path ?? details.key;
    return { path: [param, ...(where ? String(where).split('.') : [])], message: `is not allowed here (${error.message})` };
  }
  // Anything else Strapi's validator throws is input it cannot read: still the client's, not ours.
  return { path: [param], message: 'is not a valid query' };
};

export interface ContentListQuery {
  where: Record<string, unknown> | undefined;
  orderBy: Record<string, unknown>[];
  offset: number;
  limit: number;
  withCount: boolean;
  meta: (total: number | undefined) => Record<string, number>;
}

export const contentListQuery = async (
  strapi: Core.Strapi,
  uid: string,
  query: Record<string, unknown>,
  auth: unknown,
  options: ListQueryOptions,
): Promise<ContentListQuery> => {
  const getModel = ((u: string) => strapi.getModel(u as StrapiUID.Schema)) as unknown as GetModel;
  const model = getModel(uid) as Model;
  const checked = checkListQuery(query, model, getModel, options);
  if (checked.errors.length) throw invalid(checked.errors);

  const schema = model as any;
  // A kept sort (private, allowed by the options) passes Strapi's layer untouched, in its place.
  const isKept = (entry: Record<string, unknown>) => Object.keys(entry).length === 1 && (options.keptSorts ?? []).includes(Object.keys(entry)[0]);
  const strapiErrors: FieldError[] = [];
  const others = checked.sort.filter((s) => !isKept(s));
  for (const [param, value] of [
    ['filters', checked.filters],
    ['sort', others.length ? others : undefined],
  ] as const) {
    if (value === undefined) continue;
    await strapi.contentAPI.validate.query({ [param]: value }, schema, { auth: auth as any }).catch((e: unknown) => strapiErrors.push(fieldErrorOf(param, e)));
  }
  if (strapiErrors.length) throw invalid(strapiErrors);

  const sanitize = (q: Record<string, unknown>) => strapi.contentAPI.sanitize.query(q, schema, { auth: auth as any });
  const sanitized = await sanitize({ filters: checked.filters });
  const orderBy: Record<string, unknown>[] = [];
  for (const entry of checked.sort) {
    if (isKept(entry)) orderBy.push(entry);
    else orderBy.push(...(((await sanitize({ sort: [entry] })).sort ?? []) as Record<string, unknown>[]));
  }
  // query-params turns REST filters into the query engine's `where` (e.g. $null's string into a boolean).
  const where = sanitized.filters ? strapi.get('query-params').transform(uid, { filters: sanitized.filters }).where : undefined;
  const pagination = checked.pagination!;
  return {
    where,
    orderBy: orderBy.filter((s) => Object.keys(s).length),
    offset: pagination.offset,
    limit: pagination.limit,
    withCount: pagination.withCount,
    meta: pagination.meta,
  };
};
