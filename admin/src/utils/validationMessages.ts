/**
 * A validation error in the user's language. The shared schemas' messages are English (the API's
 * contract); the admin words an error from its zod issue code and parameters instead, whether the
 * form found it or the server's 400 carried it (`details.errors[].code` and `params`).
 */
import * as React from 'react';
import { useIntl, type IntlShape } from 'react-intl';
import type { CustomIssueId, FieldError } from '../../../shared/issues';
import { CURRENCY_FORMAT, DATE_FORMAT, DOCUMENT_ID } from '../../../shared/schemas';
import { msg, type TranslationKey, type TranslationValues } from './translations';

/** What a message is made from: a field error, or a zod issue (which has the same shape). */
export type ValidationIssue = Pick<FieldError, 'message' | 'code' | 'params'>;

const CUSTOM: Record<CustomIssueId, TranslationKey> = {
  noNul: 'validation.custom.noNul',
  realDate: 'validation.custom.realDate',
  decimal: 'validation.custom.decimal',
  decimalPlaces: 'validation.custom.decimalPlaces',
  decimalRange: 'validation.custom.decimalRange',
  assetsOnly: 'validation.custom.assetsOnly',
  noCores: 'validation.custom.noCores',
  perCoreOnly: 'validation.custom.perCoreOnly',
  outsideScope: 'validation.custom.outsideScope',
  outsideScopeUnit: 'validation.custom.outsideScopeUnit',
  administratorsUnconditioned: 'validation.custom.administratorsUnconditioned',
  adminUser: 'validation.custom.adminUser',
  requiredUnlessSite: 'validation.custom.requiredUnlessSite',
  vatRequired: 'validation.custom.vatRequired',
  grossComputed: 'validation.custom.grossComputed',
  grossMismatch: 'validation.custom.grossMismatch',
  beforePurchase: 'validation.custom.beforePurchase',
  beforeTermStart: 'validation.custom.beforeTermStart',
  personOrAsset: 'validation.custom.personOrAsset',
  distinct: 'validation.custom.distinct',
  timezone: 'validation.custom.timezone',
  noRecord: 'validation.custom.noRecord',
  notKeyOfLicense: 'validation.custom.notKeyOfLicense',
  cycle: 'validation.custom.cycle',
  sameOrganization: 'validation.custom.sameOrganization',
  selectedOrganization: 'validation.custom.selectedOrganization',
  deviceIdentified: 'validation.custom.deviceIdentified',
  pattern: 'validation.custom.pattern',
  ruleMatch: 'validation.custom.ruleMatch',
  ruleResult: 'validation.custom.ruleResult',
  versionRange: 'validation.custom.versionRange',
};

const TYPES: Record<string, TranslationKey> = {
  string: 'validation.type.string',
  number: 'validation.type.number',
  int: 'validation.type.int',
  boolean: 'validation.type.boolean',
  object: 'validation.type.object',
  array: 'validation.type.array',
};

/** A regex check is known by its pattern, as zod reports it (`String(regex)`). */
const PATTERNS: Record<string, TranslationKey> = {
  [String(DOCUMENT_ID)]: 'validation.format.documentId',
  [String(DATE_FORMAT)]: 'validation.format.date',
  [String(CURRENCY_FORMAT)]: 'validation.format.currency',
};

type Found = [TranslationKey, TranslationValues?];

const bound = (p: Record<string, unknown>, name: 'minimum' | 'maximum'): Found | undefined => {
  const value = Number(p[name]);
  const at = { [name]: value };
  const tooSmall = name === 'minimum';
  if (p.origin === 'string') return [tooSmall ? 'validation.string.tooSmall' : 'validation.string.tooBig', at];
  if (p.origin === 'array' || p.origin === 'set') return [tooSmall ? 'validation.array.tooSmall' : 'validation.array.tooBig', at];
  if (p.origin === 'number' || p.origin === 'int' || p.origin === 'bigint') {
    if (p.inclusive === false) return [tooSmall ? 'validation.number.above' : 'validation.number.below', at];
    return [tooSmall ? 'validation.number.tooSmall' : 'validation.number.tooBig', at];
  }
  return undefined;
};

/** The translation key and values for an issue; undefined when it has no code (a rule outside zod). */
export const messageKeyOf = ({ code, params = {} }: ValidationIssue): Found | undefined => {
  if (!code) return undefined;
  const numbers = (names: string[]) => Object.fromEntries(names.filter((n) => n in params).map((n) => [n, Number(params[n])]));
  switch (code) {
    case 'too_small':
      return bound(params, 'minimum') ?? ['validation.invalid'];
    case 'too_big':
      return bound(params, 'maximum') ?? ['validation.invalid'];
    case 'invalid_type':
      return [TYPES[String(params.expected)] ?? 'validation.type.other'];
    case 'invalid_format':
      if (params.format === 'email') return ['validation.format.email'];
      return [PATTERNS[String(params.pattern)] ?? 'validation.format.other'];
    case 'invalid_value':
      return ['validation.oneOf', { values: Array.isArray(params.values) ? params.values.join(', ') : '' }];
    case 'unrecognized_keys':
      return ['validation.unknownField'];
    case 'custom': {
      const key = CUSTOM[params.id as CustomIssueId];
      if (!key) return ['validation.invalid'];
      // Amounts and counts read as numbers, so they are written the locale's way (1 000,5 in French).
      if (params.id === 'decimalRange' || params.id === 'decimalPlaces') return [key, numbers(['minimum', 'maximum'])];
      if (params.id === 'grossMismatch') return [key, { expected: String(params.expected) }];
      return [key];
    }
    default:
      return ['validation.invalid'];
  }
};

/** The issue's message in the intl's language; an error without a code keeps the server's text. */
export const validationMessage = (intl: Pick<IntlShape, 'formatMessage'>, issue: ValidationIssue): string => {
  const found = messageKeyOf(issue);
  return found ? intl.formatMessage(msg(found[0]), found[1]) : issue.message;
};

/** `message(issue)` in the user's language, for the forms. */
export const useValidationMessage = () => {
  const intl = useIntl();
  return React.useCallback((issue: ValidationIssue) => validationMessage(intl, issue), [intl]);
};
