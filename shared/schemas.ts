/**
 * Validation schemas for everything a client writes. The server validates every write path with
 * them; the admin form uses the same ones, so both give the same messages.
 */
import { z } from 'zod';
import {
  ASSET_TYPES,
  ASSIGNMENT_MODELS,
  KEY_VALUE_MAX,
  MONEY_MAX,
  OVER_ASSIGNMENT_POLICIES,
  PAGE_SIZE_MAX,
  QUANTITY_MAX,
} from './constants';
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

/** NUL cannot be stored in PostgreSQL text: refused up front instead of failing in the database. */
const NO_NUL = { error: 'must not contain NUL characters' } as const;
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
      .regex(/^\d{4}-\d{2}-\d{2}$/, { error: 'must be a date (YYYY-MM-DD)' })
      .refine(isRealDate, { error: 'is not a real calendar date' })
      .nullable()
  );

/** A decimal amount with at most two places, from a string or a number, normalized to "0.00". */
const decimalAmount = (min: string, max: string) =>
  z
    .union([z.string(), z.number()], { error: 'must be a decimal number (string or number)' })
    .transform((input, ctx) => {
      const value = parseDecimal(input);
      if (!value) {
        ctx.addIssue({ code: 'custom', message: 'must be a non-negative decimal number' });
        return z.NEVER;
      }
      if (value.decimalPlaces() > 2) {
        ctx.addIssue({ code: 'custom', message: 'must have at most 2 decimal places' });
        return z.NEVER;
      }
      if (compareMoney(value, min) < 0 || compareMoney(value, max) > 0) {
        ctx.addIssue({ code: 'custom', message: `must be between ${min} and ${max}` });
        return z.NEVER;
      }
      return formatMoney(value);
    });

export const optionalMoney = () => z.preprocess(emptyToNull, decimalAmount('0', MONEY_MAX).nullable());
export const optionalPercent = () => z.preprocess(emptyToNull, decimalAmount('0', '100').nullable());

export const currency = () =>
  z.string({ error: 'must be a text' }).regex(/^[A-Z]{3}$/, { error: 'must be an ISO 4217 code of 3 upper-case letters' });

const integerIn = (min: number, max: number) =>
  z
    .number({ error: 'must be a whole number' })
    .int({ error: 'must be a whole number' })
    .min(min, { error: `must be at least ${min}` })
    .max(max, { error: `must be at most ${max}` });

export const keyInputSchema = z.strictObject(
  {
    value: z
      .string({ error: 'must be a text' })
      .trim()
      .min(1, { error: 'must not be empty' })
      .max(KEY_VALUE_MAX, { error: `must be at most ${KEY_VALUE_MAX} characters` })
      .refine(noNul, NO_NUL),
    label: optionalText(255).optional(),
    activationLimit: z.preprocess(emptyToNull, integerIn(1, 1_000_000_000).nullable()).optional(),
    notes: optionalText(10_000).optional(),
  },
  { error: 'must be an object' }
);
export type KeyInput = z.output<typeof keyInputSchema>;

/** License fields as a client writes them, in the manual's order. */
const licenseFields = {
  name: requiredText(255),
  category: relation(),
  software: requiredRelation(),
  organization: relation(),
  organizationalUnit: relation(),
  locationStructure: relation(),
  physicalLocation: optionalText(255),
  serialNumber: optionalText(255),
  inventoryNumber: optionalText(255),
  supplier: relation(),
  expirationDate: optionalDate(),
  supportDate: optionalDate(),
  purchaseDate: optionalDate(),
  invoiceNumber: optionalText(255),
  netUnitPrice: optionalMoney(),
  vatRate: optionalPercent(),
  grossUnitPrice: optionalMoney(),
  currency: currency(),
  assignmentModel: z.enum(ASSIGNMENT_MODELS, { error: `must be one of ${ASSIGNMENT_MODELS.join(', ')}` }),
  quantity: integerIn(1, QUANTITY_MAX),
  overAssignment: z.enum(OVER_ASSIGNMENT_POLICIES, {
    error: `must be one of ${OVER_ASSIGNMENT_POLICIES.join(', ')}`,
  }),
  notes: optionalText(10_000),
};

/** Read-only fields a client may send back from a read; they are dropped, never written. */
export const LICENSE_READ_ONLY_FIELDS = [
  'id',
  'documentId',
  'createdAt',
  'updatedAt',
  'publishedAt',
  'locale',
  'seats',
  'status',
  'totalNet',
  'totalGross',
] as const;

export const licenseCreateSchema = z.strictObject(
  {
    ...licenseFields,
    category: licenseFields.category.optional(),
    organization: licenseFields.organization.optional(),
    organizationalUnit: licenseFields.organizationalUnit.optional(),
    locationStructure: licenseFields.locationStructure.optional(),
    physicalLocation: licenseFields.physicalLocation.optional(),
    serialNumber: licenseFields.serialNumber.optional(),
    inventoryNumber: licenseFields.inventoryNumber.optional(),
    supplier: licenseFields.supplier.optional(),
    expirationDate: licenseFields.expirationDate.optional(),
    supportDate: licenseFields.supportDate.optional(),
    purchaseDate: licenseFields.purchaseDate.optional(),
    invoiceNumber: licenseFields.invoiceNumber.optional(),
    netUnitPrice: licenseFields.netUnitPrice.optional(),
    vatRate: licenseFields.vatRate.optional(),
    grossUnitPrice: licenseFields.grossUnitPrice.optional(),
    currency: licenseFields.currency.optional(),
    assignmentModel: licenseFields.assignmentModel.optional(),
    overAssignment: licenseFields.overAssignment.optional(),
    notes: licenseFields.notes.optional(),
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

export interface FieldError {
  path: string[];
  message: string;
}

/** Rules across fields (docs/domain.md): VAT with a price, the gross price, dates after purchase. */
export const crossFieldErrors = (values: LicenseValues, sentGross: string | null | undefined): FieldError[] => {
  const errors: FieldError[] = [];
  if (values.netUnitPrice != null && values.vatRate == null) {
    errors.push({ path: ['vatRate'], message: 'is required when a net unit price is set' });
  }
  if (sentGross != null) {
    if (values.netUnitPrice == null || values.vatRate == null) {
      errors.push({ path: ['grossUnitPrice'], message: 'is computed from the net unit price and VAT%; send those' });
    } else if (sentGross !== values.grossUnitPrice) {
      errors.push({
        path: ['grossUnitPrice'],
        message: `does not match net unit price and VAT% (expected ${values.grossUnitPrice})`,
      });
    }
  }
  if (values.purchaseDate) {
    if (values.expirationDate && values.expirationDate < values.purchaseDate) {
      errors.push({ path: ['expirationDate'], message: 'must not be before the purchase date' });
    }
    if (values.supportDate && values.supportDate < values.purchaseDate) {
      errors.push({ path: ['supportDate'], message: 'must not be before the purchase date' });
    }
  }
  return errors;
};

/* Reference data ------------------------------------------------------------------------------ */

export const categorySchema = z.strictObject({ name: requiredText(255), description: optionalText(10_000).optional() });

export const softwareSchema = z.strictObject({
  name: requiredText(255),
  version: optionalText(255).optional(),
  manufacturer: relation().optional(),
  description: optionalText(10_000).optional(),
});

export const organizationSchema = z.strictObject({
  name: requiredText(255),
  taxId: optionalText(64).optional(),
  isInternal: z.boolean({ error: 'must be true or false' }).optional(),
  isSupplier: z.boolean({ error: 'must be true or false' }).optional(),
  isManufacturer: z.boolean({ error: 'must be true or false' }).optional(),
});

export const organizationalUnitSchema = z.strictObject({
  name: requiredText(255),
  organization: requiredRelation(),
  parent: relation().optional(),
});

export const locationSchema = z.strictObject({
  name: requiredText(255),
  address: optionalText(2000).optional(),
  parent: relation().optional(),
});

export const personSchema = z.strictObject({
  firstName: optionalText(255).optional(),
  lastName: requiredText(255),
  email: z
    .preprocess(emptyToNull, z.email({ error: 'must be an e-mail address' }).max(255).nullable())
    .optional(),
  employeeNumber: optionalText(64).optional(),
  organization: relation().optional(),
  organizationalUnit: relation().optional(),
  location: relation().optional(),
  active: z.boolean({ error: 'must be true or false' }).optional(),
});

export const assetSchema = z.strictObject({
  name: requiredText(255),
  inventoryNumber: optionalText(255).optional(),
  serialNumber: optionalText(255).optional(),
  assetType: z.enum(ASSET_TYPES, { error: `must be one of ${ASSET_TYPES.join(', ')}` }).optional(),
  hostname: optionalText(255).optional(),
  organization: relation().optional(),
  organizationalUnit: relation().optional(),
  location: relation().optional(),
  user: relation().optional(),
});

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
      ctx.addIssue({ code: 'custom', path: ['person'], message: 'give exactly one of person or asset' });
    }
  });

export const settingsSchema = z.strictObject({
  expiringWithinDays: integerIn(1, 3650).optional(),
  defaultCurrency: currency().optional(),
  defaultVatRate: optionalPercent().optional(),
});

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
