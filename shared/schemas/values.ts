/** The schemas of single values every resource's fields are built from: texts, relations, dates, money, e-mail lists. */
import { z } from 'zod';
import { MONEY_MAX, PAGE_SIZE_MAX } from '../constants';
import { customParams } from '../issues';
import { compareMoney, formatMoney, parseDecimal } from '../money';
import { isRealDay } from '../days';

/** A search text (`_q`). */
export const searchText = () => z.string().max(255, { error: 'must be at most 255 characters' }).refine(noNul, NO_NUL);

/** `page` and `pageSize` of the admin API's lists, as query-string values. */
export const listPageSchemas = {
  page: z.coerce.number().int().min(1, { error: 'must be a whole number from 1' }),
  pageSize: z.coerce
    .number()
    .int()
    .min(1)
    .max(PAGE_SIZE_MAX, { error: `must be a whole number from 1 to ${PAGE_SIZE_MAX}` }),
};

/** What a documentId looks like; anything else cannot name a record. */
export const DOCUMENT_ID = /^[A-Za-z0-9_-]{1,64}$/;
export const DATE_FORMAT = /^\d{4}-\d{2}-\d{2}$/;
export const CURRENCY_FORMAT = /^[A-Z]{3}$/;

/** NUL cannot be stored in PostgreSQL text: refused up front instead of failing in the database. */
export const NO_NUL = { error: 'must not contain NUL characters', params: customParams('noNul') } as const;
export const noNul = (text: string) => !text.includes('\u0000');

export const emptyToNull = (value: unknown) => (typeof value === 'string' && value.trim() === '' ? null : value);

/** A required, trimmed text of 1..max characters. */
export const requiredText = (max = 255) =>
  z
    .string({ error: 'must be a text' })
    .trim()
    .min(1, { error: 'must not be empty' })
    .max(max, { error: `must be at most ${max} characters` })
    .refine(noNul, NO_NUL);

/** An optional text; an empty string clears it. */
export const optionalText = (max = 255) =>
  z.preprocess(
    emptyToNull,
    z
      .string({ error: 'must be a text or null' })
      .trim()
      .max(max, { error: `must be at most ${max} characters` })
      .refine(noNul, NO_NUL)
      .nullable(),
  );

/** A relation is written as the target's documentId, or null to clear it. */
export const relation = () =>
  z.preprocess(emptyToNull, z.string({ error: 'must be a documentId or null' }).regex(DOCUMENT_ID, { error: 'must be a documentId' }).nullable());

export const requiredRelation = () => z.string({ error: 'must be a documentId' }).regex(DOCUMENT_ID, { error: 'must be a documentId' });

/** A calendar date "YYYY-MM-DD", or null. */
export const optionalDate = () =>
  z.preprocess(
    emptyToNull,
    z
      .string({ error: 'must be a date (YYYY-MM-DD) or null' })
      .regex(DATE_FORMAT, { error: 'must be a date (YYYY-MM-DD)' })
      .refine(isRealDay, { error: 'is not a real calendar date', params: customParams('realDate') })
      .nullable(),
  );

/** A decimal amount with at most two places, from a string or a number, normalized to "0.00". */
export const decimalAmount = (min: string, max: string) =>
  z.union([z.string(), z.number()], { error: 'must be a decimal number (string or number)' }).transform((input, ctx) => {
    const value = parseDecimal(input);
    if (!value) {
      ctx.addIssue({ code: 'custom', message: 'must be a non-negative decimal number', params: customParams('decimal') });
      return z.NEVER;
    }
    if (value.decimalPlaces() > 2) {
      ctx.addIssue({ code: 'custom', message: 'must have at most 2 decimal places', params: customParams('decimalPlaces', { maximum: 2 }) });
      return z.NEVER;
    }
    if (compareMoney(value, min) < 0 || compareMoney(value, max) > 0) {
      ctx.addIssue({ code: 'custom', message: `must be between ${min} and ${max}`, params: customParams('decimalRange', { minimum: min, maximum: max }) });
      return z.NEVER;
    }
    return formatMoney(value);
  });

export const optionalMoney = () => z.preprocess(emptyToNull, decimalAmount('0', MONEY_MAX).nullable());
export const optionalPercent = () => z.preprocess(emptyToNull, decimalAmount('0', '100').nullable());

export const currency = () => z.string({ error: 'must be a text' }).regex(CURRENCY_FORMAT, { error: 'must be an ISO 4217 code of 3 upper-case letters' });

export const integerIn = (min: number, max: number) =>
  z
    .number({ error: 'must be a whole number' })
    .int({ error: 'must be a whole number' })
    .min(min, { error: `must be at least ${min}` })
    .max(max, { error: `must be at most ${max}` });

export const optionalInteger = (min: number, max: number) => z.preprocess(emptyToNull, integerIn(min, max).nullable());

export const optionalEmail = (max: number) => z.preprocess(emptyToNull, z.email({ error: 'must be an e-mail address' }).max(max).nullable());

/** A list of e-mail addresses: each trimmed, duplicates (case-insensitive) dropped. */
export const emailList = (max: number) =>
  z
    .array(
      z
        .string({ error: 'must be an e-mail address' })
        .trim()
        .pipe(z.email({ error: 'must be an e-mail address' }).max(254)),
      {
        error: 'must be a list of e-mail addresses',
      },
    )
    .max(max, { error: `must be at most ${max} e-mail addresses` })
    .transform((list) => list.filter((e, i) => list.findIndex((o) => o.toLowerCase() === e.toLowerCase()) === i));

/** Admin user ids (an organization's or unit's administrators): whole numbers, duplicates dropped; null clears the list. */
export const adminIdsField = (max: number) =>
  z.preprocess(
    (v) => (v === null ? [] : v),
    z
      .array(z.number({ error: 'must be an admin user id' }).int({ error: 'must be an admin user id' }).positive({ error: 'must be an admin user id' }), {
        error: 'must be a list of admin user ids',
      })
      .max(max, { error: `must be at most ${max} admin users` })
      .transform((list) => [...new Set(list)]),
  );

/** A list of e-mail addresses as a field; null clears it (stored as none). */
export const emailsField = (max: number) => z.preprocess((v) => (v === null ? [] : v), emailList(max));
