/**
 * Validation errors as both sides carry them: a field's path, the English message the API has
 * always answered with, and zod's issue code and parameters, from which the admin words the
 * message in the user's language (admin/src/utils/validationMessages.ts) instead of matching text.
 */
import type { z } from 'zod';

/** One entry of a 400's `details.errors`; `code` and `params` are those of the zod issue. */
export interface FieldError {
  path: string[];
  message: string;
  code?: string;
  params?: Record<string, unknown>;
}

/** What `params.id` names in a custom issue: the rules zod has no issue code of its own for. */
export type CustomIssueId =
  | 'noNul'
  | 'realDate'
  | 'decimal'
  | 'decimalPlaces'
  | 'decimalRange'
  | 'vatRequired'
  | 'requiredUnlessSite'
  | 'grossComputed'
  | 'grossMismatch'
  | 'beforePurchase'
  | 'beforeTermStart'
  | 'personOrAsset'
  | 'distinct'
  | 'timezone'
  | 'deviceIdentified'
  | 'pattern'
  | 'ruleMatch'
  | 'ruleResult'
  | 'versionRange'
  // Rules the services check against stored records (server/src/services), not zod:
  | 'noRecord'
  | 'notKeyOfLicense'
  | 'cycle'
  | 'sameOrganization'
  | 'selectedOrganization'
  | 'assetsOnly'
  | 'noCores'
  | 'perCoreOnly'
  | 'outsideScope'
  | 'outsideScopeUnit'
  | 'administratorsUnconditioned'
  | 'adminUser';

/** `params` of a custom zod issue (`refine`, `ctx.addIssue`). */
export const customParams = (id: CustomIssueId, values: Record<string, unknown> = {}) => ({ id, ...values });

/** `code` and `params` of a rule checked outside zod (crossFieldErrors), shaped like a custom issue. */
export const customIssue = (id: CustomIssueId, values: Record<string, unknown> = {}) => ({
  code: 'custom',
  params: customParams(id, values),
});

/**
 * zod's parameters worth a message, by name. Only these are copied: an issue may also hold the
 * input (a key value, say), which must not be echoed back.
 */
const PARAMS = ['origin', 'minimum', 'maximum', 'inclusive', 'expected', 'format', 'values', 'keys', 'divisor'] as const;

const isScalar = (v: unknown) => ['string', 'number', 'boolean'].includes(typeof v);
const isScalarList = (v: unknown) => Array.isArray(v) && v.every(isScalar);

/** A zod issue as a field error: path, message, code and its parameters. */
export const fieldErrorOf = (issue: z.core.$ZodIssue, path: string[] = issue.path.map(String)): FieldError => {
  const source = issue as unknown as Record<string, unknown>;
  const params: Record<string, unknown> = {};
  for (const name of PARAMS) {
    if (isScalar(source[name]) || isScalarList(source[name])) params[name] = source[name];
  }
  // A regex is named by its pattern (DOCUMENT_ID, DATE_FORMAT, CURRENCY_FORMAT in schemas/values.ts); a
  // built-in format (email) needs no pattern.
  if (issue.code === 'invalid_format' && issue.format === 'regex' && typeof source.pattern === 'string') params.pattern = source.pattern;
  if (issue.code === 'custom' && issue.params) {
    for (const [name, value] of Object.entries(issue.params)) if (isScalar(value)) params[name] = value;
  }
  return { path, message: issue.message, code: issue.code, params };
};
