/**
 * Errors the API answers with, in Strapi's envelope ({ data: null, error: { status, name, message, details } }).
 * 400 and 404 use @strapi/utils' classes; 409 has no class there, so it is an HTTP error Strapi's
 * error middleware passes through with its details.
 */
import { errors } from '@strapi/utils';
import type { FieldError } from '../../shared/schemas';

export class ConflictError extends Error {
  readonly status = 409;
  readonly expose = true;
  constructor(
    message: string,
    readonly details: Record<string, unknown> = {}
  ) {
    super(message);
    this.name = 'ConflictError';
  }
}

export const invalid = (fieldErrors: FieldError[], message?: string) =>
  new errors.ValidationError(
    message ?? (fieldErrors.length === 1 ? `${fieldErrors[0].path.join('.')} ${fieldErrors[0].message}` : `${fieldErrors.length} errors occurred`),
    { errors: fieldErrors.map((e) => ({ ...e, name: 'ValidationError' })) }
  );

export const invalidField = (path: string | string[], message: string) =>
  invalid([{ path: Array.isArray(path) ? path : [path], message }]);

export const notFound = (what: string) => new errors.NotFoundError(`${what} not found`);
