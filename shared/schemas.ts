/**
 * Validation schemas for everything a client writes. The server validates every write path with
 * them; the admin form uses the same ones, so both give the same messages.
 */
import { z } from 'zod';
import { IANAZone } from 'luxon';
import { KEY_VALUE_MAX, MONEY_MAX, PAGE_SIZE_MAX, REMINDER_KINDS, REMINDER_OFFSETS_MAX, REMINDER_RECIPIENTS_MAX } from './constants';
import { LICENSE_FIELDS, LICENSE_READ_VALUES } from './fields/license';
import { REFERENCE_RESOURCES, type ReferenceName } from './fields/reference';
import { SYSTEM_FIELDS, type FieldSpec } from './fields/types';
import { customIssue, customParams, type FieldError } from './issues';
import { compareMoney, formatMoney, parseDecimal } from './money';

/** A search text (`_q`). */
export const searchText = () => z.string().max(255, { error: 'must be at most 255 characters' }).refine(noNul, NO_NUL);

/** `page` and `pageSize` of the admin API's lists, as query-string values. */
export const listPageSchemas = {
  page: z.coerce.number().int().min(1, { error: 'must be a whole number from 1' }),
  pageSize: z.coerce.number().int().min(1).max(PAGE_SIZE_MAX, { error: `must be a whole number from 1 to ${PAGE_SIZE_MAX}` }),
};

/** What a documentId looks like; anything else cannot name a record. */
export const DOCUMENT_ID = /^[A-Za-z0-9_-]{1,64}$/;
export const DATE_FORMAT = /^\d{4}-\d{2}-\d{2}$/;
export const CURRENCY_FORMAT = /^[A-Z]{3}$/;

/** NUL cannot be stored in PostgreSQL text: refused up front instead of failing in the database. */
const NO_NUL = { error: 'must not contain NUL characters', params: customParams('noNul') } as const;
const noNul = (text: string) => !text.includes('\u0000');

const emptyToNull = (value: unknown) => (typeof value === 'string' && value.trim() === '' ? null : value);

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
      .nullable()
  );

/** A relation is written as the target's documentId, or null to clear it. */
export const relation = () =>
  z.preprocess(
    emptyToNull,
    z
      .string({ error: 'must be a documentId or null' })
      .regex(DOCUMENT_ID, { error: 'must be a documentId' })
      .nullable()
  );

export const requiredRelation = () =>
  z
    .string({ error: 'must be a documentId' })
    .regex(DOCUMENT_ID, { error: 'must be a documentId' });

const isRealDate = (text: string) => {
  const date = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === text;
};

/** A calendar date "YYYY-MM-DD", or null. */
export const optionalDate = () =>
  z.preprocess(
    emptyToNull,
    z
      .string({ error: 'must be a date (YYYY-MM-DD) or null' })
      .regex(DATE_FORMAT, { error: 'must be a date (YYYY-MM-DD)' })
      .refine(isRealDate, { error: 'is not a real calendar date', params: customParams('realDate') })
      .nullable()
  );

/** A decimal amount with at most two places, from a string or a number, normalized to "0.00". */
const decimalAmount = (min: string, max: string) =>
  z
    .union([z.string(), z.number()], { error: 'must be a decimal number (string or number)' })
    .transform((input, ctx) => {
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

export const currency = () =>
  z.string({ error: 'must be a text' }).regex(CURRENCY_FORMAT, { error: 'must be an ISO 4217 code of 3 upper-case letters' });

const integerIn = (min: number, max: number) =>
  z
    .number({ error: 'must be a whole number' })
    .int({ error: 'must be a whole number' })
    .min(min, { error: `must be at least ${min}` })
    .max(max, { error: `must be at most ${max}` });

const optionalInteger = (min: number, max: number) => z.preprocess(emptyToNull, integerIn(min, max).nullable());

const optionalEmail = (max: number) =>
  z.preprocess(emptyToNull, z.email({ error: 'must be an e-mail address' }).max(max).nullable());

/** A list of e-mail addresses: each trimmed, duplicates (case-insensitive) dropped. */
export const emailList = (max: number) =>
  z
    .array(z.string({ error: 'must be an e-mail address' }).trim().pipe(z.email({ error: 'must be an e-mail address' }).max(254)), {
      error: 'must be a list of e-mail addresses',
    })
    .max(max, { error: `must be at most ${max} e-mail addresses` })
    .transform((list) => list.filter((e, i) => list.findIndex((o) => o.toLowerCase() === e.toLowerCase()) === i));

/** A list of e-mail addresses as a field; null clears it (stored as none). */
const emailsField = (max: number) => z.preprocess((v) => (v === null ? [] : v), emailList(max));

/* Schemas derived from the field descriptions (./fields) ---------------------------------------- */

/** The schema of one described field as a client writes it, by kind, before "optional" is decided. */
type SchemaByKind<F> = {
  text: F extends { required: true } ? ReturnType<typeof requiredText> : ReturnType<typeof optionalText>;
  longtext: F extends { required: true } ? ReturnType<typeof requiredText> : ReturnType<typeof optionalText>;
  email: ReturnType<typeof optionalEmail>;
  emails: ReturnType<typeof emailsField>;
  integer: F extends { required: true } ? ReturnType<typeof integerIn> : ReturnType<typeof optionalInteger>;
  money: ReturnType<typeof optionalMoney>;
  percent: ReturnType<typeof optionalPercent>;
  date: ReturnType<typeof optionalDate>;
  currency: ReturnType<typeof currency>;
  enum: F extends { values: readonly (infer V extends string)[] } ? z.ZodEnum<{ [K in V]: K }> : never;
  boolean: z.ZodBoolean;
  relation: F extends { required: true } ? ReturnType<typeof requiredRelation> : ReturnType<typeof relation>;
};
type FieldSchema<F> = F extends { kind: infer K extends keyof SchemaByKind<F> } ? SchemaByKind<F>[K] : never;

type InputName<D> = { [K in keyof D]: D[K] extends { readOnly: 'private' } ? never : K }[keyof D];
type BaseShape<D> = { [K in InputName<D>]: FieldSchema<D[K]> };
/** Create: required fields must be sent, the others may be left out. */
type CreateShape<D> = { [K in InputName<D>]: D[K] extends { required: true } ? FieldSchema<D[K]> : z.ZodOptional<FieldSchema<D[K]>> };

const fieldSchema = (name: string, f: FieldSpec): z.ZodType => {
  const unsupported = () => new Error(`shared/fields: ${name} is a required ${f.kind}, which has no schema yet`);
  switch (f.kind) {
    case 'text':
    case 'longtext':
      return f.required ? requiredText(f.max) : optionalText(f.max);
    case 'integer':
      return f.required ? integerIn(f.min, f.max) : optionalInteger(f.min, f.max);
    case 'relation':
      return f.required ? requiredRelation() : relation();
    case 'currency':
      return currency();
    case 'enum':
      return z.enum(f.values as [string, ...string[]], { error: `must be one of ${f.values.join(', ')}` });
    case 'boolean':
      return z.boolean({ error: 'must be true or false' });
    case 'emails':
      return emailsField(f.max);
  }
  // The kinds below can be empty (null); a required one would need a non-null variant first.
  if (f.required) throw unsupported();
  switch (f.kind) {
    case 'email':
      return optionalEmail(f.max);
    case 'money':
      return optionalMoney();
    case 'percent':
      return optionalPercent();
    case 'date':
      return optionalDate();
  }
};

/** Every field a client may write, as its schema, in the description's order. */
const baseShape = <D extends Record<string, FieldSpec>>(fields: D): BaseShape<D> =>
  Object.fromEntries(
    Object.entries(fields)
      .filter(([, f]) => f.readOnly !== 'private')
      .map(([name, f]) => [name, fieldSchema(name, f)])
  ) as BaseShape<D>;

const createShape = <D extends Record<string, FieldSpec>>(fields: D): CreateShape<D> =>
  Object.fromEntries(
    Object.entries(baseShape(fields)).map(([name, schema]) => [name, fields[name].required ? schema : (schema as z.ZodType).optional()])
  ) as CreateShape<D>;

export const keyInputSchema = z.strictObject(
  {
    value: z
      .string({ error: 'must be a text' })
      .trim()
      .min(1, { error: 'must not be empty' })
      .max(KEY_VALUE_MAX, { error: `must be at most ${KEY_VALUE_MAX} characters` })
      .refine(noNul, NO_NUL),
    label: optionalText(255).optional(),
    activationLimit: optionalInteger(1, 1_000_000_000).optional(),
    notes: optionalText(10_000).optional(),
  },
  { error: 'must be an object' }
);
export type KeyInput = z.output<typeof keyInputSchema>;

/** License fields as a client writes them, from the description (./fields/license). */
const licenseFields = baseShape(LICENSE_FIELDS);

/** Read-only fields a client may send back from a read; they are dropped, never written. */
export const LICENSE_READ_ONLY_FIELDS = [
  ...SYSTEM_FIELDS,
  ...(Object.keys(LICENSE_READ_VALUES) as Array<keyof typeof LICENSE_READ_VALUES>),
] as const;

export const licenseCreateSchema = z.strictObject(
  {
    ...createShape(LICENSE_FIELDS),
    keys: z.array(keyInputSchema, { error: 'must be a list of keys' }).max(1000).optional(),
  },
  { error: 'must be an object' }
);
export type LicenseCreateInput = z.output<typeof licenseCreateSchema>;

export const licenseUpdateSchema = z.strictObject(
  Object.fromEntries(Object.entries(licenseFields).map(([k, s]) => [k, s.optional()])) as {
    [K in keyof typeof licenseFields]: z.ZodOptional<(typeof licenseFields)[K]>;
  },
  { error: 'must be an object' }
);
export type LicenseUpdateInput = z.output<typeof licenseUpdateSchema>;

/** The license as stored, after defaults: what cross-field rules are checked on. */
export interface LicenseValues {
  netUnitPrice?: string | null;
  vatRate?: string | null;
  grossUnitPrice?: string | null;
  expirationDate?: string | null;
  supportDate?: string | null;
  purchaseDate?: string | null;
}

export type { FieldError } from './issues';

/** Rules across fields (docs/domain.md): VAT with a price, the gross price, dates after purchase. */
export const crossFieldErrors = (values: LicenseValues, sentGross: string | null | undefined): FieldError[] => {
  const errors: FieldError[] = [];
  if (values.netUnitPrice != null && values.vatRate == null) {
    errors.push({ path: ['vatRate'], message: 'is required when a net unit price is set', ...customIssue('vatRequired') });
  }
  if (sentGross != null) {
    if (values.netUnitPrice == null || values.vatRate == null) {
      errors.push({ path: ['grossUnitPrice'], message: 'is computed from the net unit price and VAT%; send those', ...customIssue('grossComputed') });
    } else if (sentGross !== values.grossUnitPrice) {
      errors.push({
        path: ['grossUnitPrice'],
        message: `does not match net unit price and VAT% (expected ${values.grossUnitPrice})`,
        ...customIssue('grossMismatch', { expected: values.grossUnitPrice }),
      });
    }
  }
  if (values.purchaseDate) {
    if (values.expirationDate && values.expirationDate < values.purchaseDate) {
      errors.push({ path: ['expirationDate'], message: 'must not be before the purchase date', ...customIssue('beforePurchase') });
    }
    if (values.supportDate && values.supportDate < values.purchaseDate) {
      errors.push({ path: ['supportDate'], message: 'must not be before the purchase date', ...customIssue('beforePurchase') });
    }
  }
  return errors;
};

/* Reference data ------------------------------------------------------------------------------ */

/** A reference resource's create schema; its update is `.partial()` of it (controllers/reference.ts). */
export const referenceSchema = <N extends ReferenceName>(name: N) =>
  z.strictObject(createShape(REFERENCE_RESOURCES[name].fields as (typeof REFERENCE_RESOURCES)[N]['fields']));

export const categorySchema = referenceSchema('categories');
export const softwareSchema = referenceSchema('software');
export const organizationSchema = referenceSchema('organizations');
export const organizationalUnitSchema = referenceSchema('organizational-units');
export const locationSchema = referenceSchema('locations');
export const personSchema = referenceSchema('persons');
export const assetSchema = referenceSchema('assets');

/* Assignments ---------------------------------------------------------------------------------- */

export const setPersonsSchema = z.strictObject({
  persons: z.array(requiredRelation(), { error: 'must be a list of person documentIds' }).max(100_000),
});
export const setAssetsSchema = z.strictObject({
  assets: z.array(requiredRelation(), { error: 'must be a list of asset documentIds' }).max(100_000),
});

export const assignmentCreateSchema = z
  .strictObject({
    person: requiredRelation().optional(),
    asset: requiredRelation().optional(),
    key: relation().optional(),
    note: optionalText(2000).optional(),
  })
  .superRefine((value, ctx) => {
    if (!value.person === !value.asset) {
      ctx.addIssue({ code: 'custom', path: ['person'], message: 'give exactly one of person or asset', params: customParams('personOrAsset') });
    }
  });

/** `HH:MM`, 24-hour. */
export const TIME_OF_DAY = /^([01]\d|2[0-3]):[0-5]\d$/;

/** Settings' `reminders`; every part optional, so a PUT changes only what it sends. */
export const reminderSettingsSchema = z.strictObject(
  {
    enabled: z.boolean({ error: 'must be true or false' }).optional(),
    offsets: z
      .array(integerIn(0, 365), { error: 'must be a list of whole numbers of days' })
      .min(1, { error: 'must hold at least one offset' })
      .max(REMINDER_OFFSETS_MAX, { error: `must hold at most ${REMINDER_OFFSETS_MAX} offsets` })
      .refine((list) => new Set(list).size === list.length, { error: 'must not repeat an offset', params: customParams('distinct') })
      .transform((list) => [...list].sort((a, b) => b - a))
      .optional(),
    kinds: z
      .array(z.enum(REMINDER_KINDS, { error: `must be one of ${REMINDER_KINDS.join(', ')}` }), { error: 'must be a list of kinds' })
      .max(REMINDER_KINDS.length)
      .transform((list) => REMINDER_KINDS.filter((k) => list.includes(k)))
      .optional(),
    recipients: emailList(REMINDER_RECIPIENTS_MAX).optional(),
    time: z.string({ error: 'must be a time HH:MM' }).regex(TIME_OF_DAY, { error: 'must be a time HH:MM (00:00 to 23:59)' }).optional(),
    timezone: z
      .string({ error: 'must be an IANA time zone name' })
      .refine((zone) => IANAZone.isValidZone(zone), { error: 'must be an IANA time zone name (Europe/Paris, UTC)', params: customParams('timezone') })
      .optional(),
  },
  { error: 'must be an object' }
);

export const settingsSchema = z.strictObject({
  expiringWithinDays: integerIn(1, 3650).optional(),
  defaultCurrency: currency().optional(),
  defaultVatRate: optionalPercent().optional(),
  reminders: reminderSettingsSchema.optional(),
});

/** A day `on` as the reminders routes take it ("YYYY-MM-DD"). */
export const dayOfRun = () =>
  z
    .string({ error: 'must be a date (YYYY-MM-DD)' })
    .regex(DATE_FORMAT, { error: 'must be a date (YYYY-MM-DD)' })
    .refine(isRealDate, { error: 'is not a real calendar date', params: customParams('realDate') });

/** POST /reminders/run: `{ data: { on? } }`, or no body. */
export const reminderRunSchema = z.strictObject({ on: dayOfRun().optional() }, { error: 'must be an object' });

/** Key changes a license edit may carry beside its fields (PUT .../licenses/:documentId, `data.keys`): one transaction. */
export const keyChangesSchema = z.strictObject(
  {
    add: z.array(keyInputSchema, { error: 'must be a list of keys' }).max(1000, { error: 'must be at most 1000 keys' }).optional(),
    remove: z
      .array(z.string({ error: 'must be a documentId' }).regex(DOCUMENT_ID, { error: 'must be a documentId' }), { error: 'must be a list of key documentIds' })
      .max(1000, { error: 'must be at most 1000 keys' })
      .optional(),
  },
  { error: 'must be { add?: [...], remove?: [...] }' }
);
export type KeyChanges = z.output<typeof keyChangesSchema>;
