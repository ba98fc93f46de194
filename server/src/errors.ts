/**
 * Errors the API answers with, in Strapi's envelope ({ data: null, error: { status, name, message, details } }).
 * 400 and 404 use @strapi/utils' classes. 409 has no class there: it is an http-errors Conflict,
 * which Strapi's error middleware answers with its name, message and details, and does not log
 * (a refusal about the current state is an expected answer, not a server error).
 */
import { errors } from '@strapi/utils';
import createHttpError from 'http-errors';
import type { FieldError } from '../../shared/schemas';
import { customIssue, type CustomIssueId } from '../../shared/issues';
import en from '../../shared/translations/en.json';

/** A 409 `ConflictError` with `details`; subclasses keep their own `instanceof`. */
export class ConflictError extends createHttpError.Conflict {
  constructor(
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    // http-errors' constructors return an object of their own class: give it the subclass's prototype.
    Object.setPrototypeOf(this, new.target.prototype);
  }
}

export const invalid = (fieldErrors: FieldError[], message?: string) =>
  new errors.ValidationError(
    message ?? (fieldErrors.length === 1 ? `${fieldErrors[0].path.join('.')} ${fieldErrors[0].message}` : `${fieldErrors.length} errors occurred`),
    { errors: fieldErrors.map((e) => ({ ...e, name: 'ValidationError' })) },
  );

/** A 400 for one field; `rule` gives it the code and params the admin words in the user's language. */
/** The English message of a rule the services check (the words the admin translates from its code, shared/translations/en.json). */
export const customMessage = (rule: CustomIssueId): string => (en as Record<string, string>)[`validation.custom.${rule}`] ?? rule;

export const invalidField = (path: string | string[], message: string, rule?: CustomIssueId) =>
  invalid([{ path: Array.isArray(path) ? path : [path], message, ...(rule ? customIssue(rule) : {}) }]);

export const notFound = (what: string) => new errors.NotFoundError(`${what} not found`);
