/** What a client writes to a license: its fields, its keys, a license edit's key changes; the rules across its fields. */
import { z } from 'zod';
import { KEY_VALUE_MAX } from '../constants';
import { LICENSE_FIELDS, LICENSE_READ_VALUES } from '../fields/license';
import { SYSTEM_FIELDS } from '../fields/types';
import { customIssue, type FieldError } from '../issues';
import { DOCUMENT_ID, NO_NUL, noNul, optionalText, optionalInteger } from './values';
import { baseShape, createShape, optionalShape } from './derived';

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
  { error: 'must be an object' },
);
export type KeyInput = z.output<typeof keyInputSchema>;

/** License fields as a client writes them, from the description (./fields/license). */
const licenseFields = baseShape(LICENSE_FIELDS);

/** Read-only fields a client may send back from a read; they are dropped, never written. */
export const LICENSE_READ_ONLY_FIELDS = [...SYSTEM_FIELDS, ...(Object.keys(LICENSE_READ_VALUES) as Array<keyof typeof LICENSE_READ_VALUES>)] as const;

export const licenseCreateSchema = z.strictObject(
  {
    ...createShape(LICENSE_FIELDS),
    keys: z.array(keyInputSchema, { error: 'must be a list of keys' }).max(1000).optional(),
  },
  { error: 'must be an object' },
);
export type LicenseCreateInput = z.output<typeof licenseCreateSchema>;

export const licenseUpdateSchema = z.strictObject(optionalShape(licenseFields), { error: 'must be an object' });
export type LicenseUpdateInput = z.output<typeof licenseUpdateSchema>;

/** The license as stored, after defaults: what cross-field rules are checked on. */
export interface LicenseValues {
  assignmentModel?: string;
  quantity?: number | null;
  netUnitPrice?: string | null;
  vatRate?: string | null;
  grossUnitPrice?: string | null;
  expirationDate?: string | null;
  supportDate?: string | null;
  purchaseDate?: string | null;
}

export type { FieldError } from '../issues';

/** The price rules of a license and of a purchase: VAT with a net price, a gross price sent equal to the computed one. */
export const priceErrors = (values: Pick<LicenseValues, 'netUnitPrice' | 'vatRate' | 'grossUnitPrice'>, sentGross: string | null | undefined): FieldError[] => {
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
  return errors;
};

/** The fields a license's assignment model requires (`requiredUnless`: the quantity, but for a site license). */
const REQUIRED_BY_MODEL = Object.entries(LICENSE_FIELDS).flatMap(([name, f]) =>
  'requiredUnless' in f && f.requiredUnless ? [{ name: name as keyof LicenseValues, unless: f.requiredUnless as readonly string[] }] : [],
);

/** Whether a field is required under this model: `required`, or `requiredUnless` another model. */
export const requiredUnder = (name: string, model: string | undefined): boolean =>
  Boolean((LICENSE_FIELDS as Record<string, { required?: boolean }>)[name]?.required) ||
  REQUIRED_BY_MODEL.some((r) => r.name === name && !r.unless.includes(model ?? LICENSE_FIELDS.assignmentModel.default));

/** Rules across fields (docs/domain.md): the quantity unless site, the price rules, dates after purchase. */
export const crossFieldErrors = (values: LicenseValues, sentGross: string | null | undefined): FieldError[] => {
  const errors: FieldError[] = [];
  for (const { name } of REQUIRED_BY_MODEL) {
    if (values[name] == null && requiredUnder(name, values.assignmentModel)) {
      errors.push({ path: [name], message: 'is required unless the license is site-wide', ...customIssue('requiredUnlessSite') });
    }
  }
  errors.push(...priceErrors(values, sentGross));
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

/** Key changes a license edit may carry beside its fields (PUT .../licenses/:documentId, `data.keys`): one transaction. */
export const keyChangesSchema = z.strictObject(
  {
    add: z.array(keyInputSchema, { error: 'must be a list of keys' }).max(1000, { error: 'must be at most 1000 keys' }).optional(),
    remove: z
      .array(z.string({ error: 'must be a documentId' }).regex(DOCUMENT_ID, { error: 'must be a documentId' }), { error: 'must be a list of key documentIds' })
      .max(1000, { error: 'must be at most 1000 keys' })
      .optional(),
  },
  { error: 'must be { add?: [...], remove?: [...] }' },
);
export type KeyChanges = z.output<typeof keyChangesSchema>;
