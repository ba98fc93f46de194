/**
 * Validation messages in the admin's language: every kind of zod issue the shared schemas raise,
 * and the cross-field rules, worded from code and parameters in English and French; the same
 * from a server 400's `details.errors` (as JSON carries them), whose English text stays as it was.
 */
import type { z } from 'zod';
import { fieldErrorsOf as adminFieldErrorsOf } from '../../admin/src/api/errors';
import { validationMessage, type ValidationIssue } from '../../admin/src/utils/validationMessages';
import { fieldErrorOf } from '../../shared/issues';
import {
  assignmentCreateSchema,
  crossFieldErrors,
  currency,
  licenseCreateSchema,
  optionalDate,
  optionalMoney,
  optionalPercent,
  optionalText,
  personSchema,
  relation,
  requiredText,
} from '../../shared/schemas';
import { fieldErrorsOf as serverFieldErrorsOf } from '../../server/src/validation';
import { serverError } from './support/strapi-admin';
import { intl } from './support/intl';

// admin/src/api/errors.ts reads Strapi's FetchError; the real admin module cannot load in jsdom.
jest.mock('@strapi/strapi/admin', () => jest.requireActual('./support/strapi-admin'));

/** Intl puts (narrow) no-break spaces in numbers: compare them as plain spaces. */
const say = (locale: 'en' | 'fr', issue: ValidationIssue) => validationMessage(intl[locale], issue).replace(/\s/g, ' ');

/** The first issue a schema raises on a value, as the form sees it. */
const issueOf = (schema: z.ZodType, value: unknown) => {
  const result = schema.safeParse(value);
  if (result.success) throw new Error(`${JSON.stringify(value)} passed`);
  return fieldErrorOf(result.error.issues[0]);
};
const license = (patch: Record<string, unknown>) => ({ name: 'Office', software: 'sw1', quantity: 1, ...patch });

const cases: [string, ValidationIssue, string, string][] = [
  ['too_big, string', issueOf(requiredText(5), 'abcdefg'), 'must be at most 5 characters', 'doit contenir au plus 5 caractères'],
  ['too_small, string of 1', issueOf(requiredText(), '   '), 'must not be empty', 'ne doit pas être vide'],
  ['invalid_type, string', issueOf(requiredText(), 3), 'must be a text', 'doit être un texte'],
  ['invalid_type, nullable string', issueOf(optionalText(), false), 'must be a text', 'doit être un texte'],
  ['too_small, number', issueOf(licenseCreateSchema, license({ quantity: -2 })), 'must be at least 1', 'doit être supérieur ou égal à 1'],
  ['too_big, number', issueOf(licenseCreateSchema, license({ quantity: 2_000_000 })), 'must be at most 1,000,000', 'doit être inférieur ou égal à 1 000 000'],
  ['invalid_type, integer', issueOf(licenseCreateSchema, license({ quantity: 1.5 })), 'must be a whole number', 'doit être un nombre entier'],
  ['invalid_type, number', issueOf(licenseCreateSchema, license({ quantity: 'x' })), 'must be a number', 'doit être un nombre'],
  [
    'too_big, array',
    issueOf(licenseCreateSchema, license({ keys: Array(1001).fill({ value: 'K' }) })),
    'must have at most 1,000 items',
    'doit contenir au plus 1 000 éléments',
  ],
  ['invalid_type, array', issueOf(licenseCreateSchema, license({ keys: 'K' })), 'must be a list', 'doit être une liste'],
  ['invalid_type, object', issueOf(licenseCreateSchema, 3), 'must be an object', 'doit être un objet'],
  ['invalid_type, boolean', issueOf(personSchema, { lastName: 'Kim', active: 1 }), 'must be true or false', 'doit être vrai ou faux'],
  [
    'invalid_value (enum)',
    issueOf(licenseCreateSchema, license({ assignmentModel: 'campus' })),
    'must be one of per_user, per_computer, per_core, per_processor, site',
    "doit être l'une des valeurs : per_user, per_computer, per_core, per_processor, site",
  ],
  ['invalid_format, documentId', issueOf(relation(), 'a b'), 'must be a documentId', 'doit être un documentId'],
  ['invalid_format, date', issueOf(optionalDate(), '2025-1-2'), 'must be a date (YYYY-MM-DD)', 'doit être une date (AAAA-MM-JJ)'],
  [
    'invalid_format, currency',
    issueOf(currency(), 'eur'),
    'must be an ISO 4217 code of 3 upper-case letters',
    'doit être un code ISO 4217 de 3 lettres majuscules',
  ],
  ['invalid_format, email', issueOf(personSchema, { lastName: 'Kim', email: 'kim' }), 'must be an e-mail address', 'doit être une adresse e-mail'],
  [
    'invalid_format, another regex',
    { message: 'x', code: 'invalid_format', params: { format: 'regex', pattern: '/^x$/' } },
    'has the wrong format',
    "n'a pas le bon format",
  ],
  ['custom: NUL', issueOf(requiredText(), 'a\u0000b'), 'must not contain NUL characters', 'ne doit pas contenir de caractère NUL'],
  ['custom: calendar date', issueOf(optionalDate(), '2025-02-30'), 'is not a real calendar date', "n'est pas une date valide du calendrier"],
  ['custom: decimal', issueOf(optionalMoney(), '-5'), 'must be a non-negative decimal number', 'doit être un nombre décimal positif ou nul'],
  ['custom: decimal places', issueOf(optionalMoney(), '1.234'), 'must have at most 2 decimal places', 'doit avoir au plus 2 décimales'],
  ['custom: decimal range', issueOf(optionalPercent(), '100.5'), 'must be between 0 and 100', 'doit être compris entre 0 et 100'],
  [
    'custom: money range',
    issueOf(optionalMoney(), '1000000000000'),
    'must be between 0 and 999,999,999,999.99',
    'doit être compris entre 0 et 999 999 999 999,99',
  ],
  ['custom: person or asset', issueOf(assignmentCreateSchema, {}), 'give exactly one of person or asset', 'indiquez soit une personne, soit un actif'],
  ['invalid_union', issueOf(optionalMoney(), true), 'is not valid', "n'est pas valide"],
  ['an unknown code', { message: 'x', code: 'not_multiple_of', params: {} }, 'is not valid', "n'est pas valide"],
  ['an unknown custom rule', { message: 'x', code: 'custom', params: { id: 'other' } }, 'is not valid', "n'est pas valide"],
];

const [vatRequired] = crossFieldErrors({ quantity: 1, netUnitPrice: '10.00', vatRate: null }, undefined);
const [grossComputed] = crossFieldErrors({ quantity: 1, netUnitPrice: null, vatRate: null }, '12.00');
const [grossMismatch] = crossFieldErrors({ quantity: 1, netUnitPrice: '100.00', vatRate: '23.00', grossUnitPrice: '123.00' }, '124.00');
const [beforePurchase] = crossFieldErrors({ quantity: 1, purchaseDate: '2025-02-01', expirationDate: '2025-01-31' }, undefined);
cases.push(
  ['cross-field: VAT required', vatRequired, 'is required when a net unit price is set', "est obligatoire lorsqu'un prix unitaire HT est saisi"],
  [
    'cross-field: gross computed',
    grossComputed,
    'is computed from the net unit price and VAT%; send those',
    'est calculé à partir du prix unitaire HT et du taux de TVA ; saisissez-les',
  ],
  [
    'cross-field: gross mismatch',
    grossMismatch,
    'does not match net unit price and VAT% (expected 123.00)',
    'ne correspond pas au prix unitaire HT et au taux de TVA (attendu : 123.00)',
  ],
  ['cross-field: before purchase', beforePurchase, 'must not be before the purchase date', "ne doit pas être antérieure à la date d'achat"],
);

describe('validationMessage: a zod issue in the admin language', () => {
  test.each(cases)('%s', (_kind, issue, english, french) => {
    expect(say('en', issue)).toBe(english);
    expect(say('fr', issue)).toBe(french);
  });

  test.each([
    [
      'noRecord',
      'refers to no record (documentId x)',
      'refers to no record: it may have been deleted',
      'ne désigne aucun enregistrement : il a peut-être été supprimé',
    ],
    ['notKeyOfLicense', 'is not a key of this license', 'is not a key of this license', "n'est pas une clé de cette licence"],
    [
      'cycle',
      'would make a cycle',
      'would make a cycle: a record cannot be below itself',
      'créerait une boucle : un enregistrement ne peut pas être sous lui-même',
    ],
    ['sameOrganization', 'must belong to the same organization', 'must belong to the same organization', 'doit appartenir à la même organisation'],
    [
      'selectedOrganization',
      'must belong to the selected organization',
      'must belong to the selected organization',
      "doit appartenir à l'organisation choisie",
    ],
  ])('a rule the server checks against stored records (%s) in both languages', (id, message, english, french) => {
    const issue = { message, code: 'custom', params: { id } };
    expect(say('en', issue)).toBe(english);
    expect(say('fr', issue)).toBe(french);
  });

  test('an error without a code (a rule outside zod) keeps the server text', () => {
    expect(say('fr', { message: 'refers to no record (documentId x)' })).toBe('refers to no record (documentId x)');
  });
});

describe("a server 400's details carry code and params next to the unchanged message", () => {
  /** What the admin receives: the server's field errors after a JSON round trip. */
  const sent = (schema: z.ZodType, value: unknown) => {
    // reportInput puts the input in each issue, as a future zod setting might: details must still leave it out.
    const result = schema.safeParse(value, { reportInput: true });
    if (result.success) throw new Error('passed');
    return JSON.parse(JSON.stringify(serverFieldErrorsOf(result.error))) as ValidationIssue[];
  };

  test('messages stay English; the admin words them in French', () => {
    const errors = sent(licenseCreateSchema, license({ name: 'x'.repeat(256), quantity: 0, netUnitPrice: '-1', unknownField: 1 }));
    expect(errors).toEqual([
      { path: ['name'], message: 'must be at most 255 characters', code: 'too_big', params: { origin: 'string', maximum: 255, inclusive: true } },
      { path: ['netUnitPrice'], message: 'must be a non-negative decimal number', code: 'custom', params: { id: 'decimal' } },
      { path: ['quantity'], message: 'must be at least 1', code: 'too_small', params: { origin: 'number', minimum: 1, inclusive: true } },
      { path: ['unknownField'], message: 'is not a field of this resource', code: 'unrecognized_keys', params: { keys: ['unknownField'] } },
    ]);
    expect(errors.map((e) => say('fr', e))).toEqual([
      'doit contenir au plus 255 caractères',
      'doit être un nombre décimal positif ou nul',
      'doit être supérieur ou égal à 1',
      "n'est pas un champ de cette ressource",
    ]);
  });

  test('never echoes the input: a too-long key value is not in the details', () => {
    const value = 'SECRET-'.repeat(600); // over KEY_VALUE_MAX
    const errors = sent(licenseCreateSchema, license({ keys: [{ value }] }));
    expect(errors[0].code).toBe('too_big');
    expect(JSON.stringify(errors)).not.toContain('SECRET');
  });
});

describe("the forms' field errors from a failed request", () => {
  test("a 400's entries in French on their fields; one without a code as the server wrote it", () => {
    // What an adminApi endpoint's failure carries: the envelope's `error` (Strapi's base query).
    const error = serverError(400, '2 errors occurred', {
      errors: [
        {
          path: ['keys', 0, 'value'],
          message: 'must be at most 4096 characters',
          code: 'too_big',
          params: { origin: 'string', maximum: 4096, inclusive: true },
        },
        { path: ['organizationalUnit'], message: 'must belong to the selected organization' },
      ],
    }).response!.data!.error;
    expect(adminFieldErrorsOf(error, (e) => say('fr', e))).toEqual({
      'keys.0.value': 'doit contenir au plus 4 096 caractères',
      organizationalUnit: 'must belong to the selected organization',
    });
    // Without a translator, the server's text.
    expect(adminFieldErrorsOf(error)['keys.0.value']).toBe('must be at most 4096 characters');
  });
});
