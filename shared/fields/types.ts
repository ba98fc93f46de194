/**
 * The vocabulary of the field descriptions (./license, ./reference): what one field of a resource
 * is, once, as data, and the attributes Strapi adds to every record. The zod input schemas (../schemas), the response types (../contracts) and the
 * admin's reference pages are derived from these descriptions; tests/unit/fields.test.ts checks
 * them against the content types, so the database and the description cannot drift apart.
 */

/** The reference resources by their admin API path (`/license-manager/<name>`). */
export type ReferenceName = 'software' | 'persons' | 'assets' | 'organizations' | 'organizational-units' | 'locations' | 'categories';

interface Common {
  /** Must be given on create and is never null. */
  required?: boolean;
  /**
   * Must be given and is never null, except on a license of these assignment models: the schemas
   * let it be left out, and the cross-field rules (../schemas/license) require it for the others.
   */
  requiredUnless?: readonly string[];
}

/**
 * A field the client sees has the admin translation key of its label in the form
 * (shared/translations/en.json and fr.json) and maybe of a help text. `computed`: the server
 * works it out and reads show it; a value sent is only checked against it (grossUnitPrice).
 * `private`: a server-only column, in no read and no write (nameKey, the hash behind a
 * case-insensitive unique name).
 */
type Visibility = { label: string; hint?: string; readOnly?: 'computed' } | { readOnly: 'private'; label?: never; hint?: never };

/** Each kind with what its validation and its database column need. */
export type FieldKind =
  /** One-line text of at most `max` characters (a `string` attribute). */
  | { kind: 'text'; max: number }
  /** Multi-line text (a `text` attribute), at most `max` characters on input. */
  | { kind: 'longtext'; max: number }
  /** An e-mail address (a `string` attribute). */
  | { kind: 'email'; max: number }
  /** Up to `max` e-mail addresses (a `json` attribute holding a list); reads show `[]` when none. */
  | { kind: 'emails'; max: number }
  /** Up to `max` admin user ids (a `json` attribute holding a list); reads show `[]` when none. */
  | { kind: 'adminIds'; max: number }
  /** A whole number within bounds; with a `default`, stored when none is sent, and never null. */
  | { kind: 'integer'; min: number; max: number; default?: number }
  /** An amount with two decimals, exact (decimal(14,2)); strings on the wire. */
  | { kind: 'money' }
  /** A percentage 0..100 with two decimals (decimal(5,2)). */
  | { kind: 'percent' }
  /** A factor with two decimals within bounds (decimal(4,2)), never null: `default` when not sent. Strings on the wire. */
  | { kind: 'factor'; min: string; max: string; default: string }
  /** A calendar day, "YYYY-MM-DD". */
  | { kind: 'date' }
  /** An ISO 4217 code; `defaultFrom` names the setting that fills it in when not sent. */
  | { kind: 'currency'; defaultFrom?: 'defaultCurrency' }
  /** One of `values`; `default` is stored when none is sent. */
  | { kind: 'enum'; values: readonly string[]; default?: string }
  | { kind: 'boolean'; default?: boolean }
  /** A many-to-one relation, written as the target's documentId; reads show `shows` of it. */
  | { kind: 'relation'; target: ReferenceName; shows: readonly string[] };

export type FieldSpec = Common & Visibility & FieldKind;

/** Where a license field sits in the "New license" window: its tab, its place, its width on the 12-column grid. */
export interface FormPlace {
  tab: 'basic';
  order: number;
  col: 4 | 6 | 12;
}

/** A license field: the field itself and where it appears (form, list, CSV). */
export type LicenseFieldSpec = FieldSpec & {
  /** In the form (and the detail page, in the same order); false when not shown (private fields). */
  form: FormPlace | false;
  /** A column of the admin license list. */
  list: boolean;
  /** A column of the CSV export. */
  export: boolean;
  /** A column the CSV import reads (through the same schema as an API write). */
  import: boolean;
};

/** A reference resource's field; `sortable` ones are the admin list's sortable columns and the API's sorts. */
export type ReferenceFieldSpec = FieldSpec & { sortable?: boolean };

/** Strapi's own attributes, on every record besides its described fields; never the client's to write. */
export const SYSTEM_FIELDS = ['id', 'documentId', 'createdAt', 'updatedAt', 'publishedAt', 'locale'] as const;
