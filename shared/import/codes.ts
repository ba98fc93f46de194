/**
 * What an import row error is, as both sides carry it (docs/api.md, "Import"): beside its English
 * `message` (the API's contract), a `code` and `params` from which the admin words it in the
 * user's language. A row a schema refused keeps that issue's zod code and params (shared/issues.ts);
 * the import's own problems have one of these codes. The `kind` of a reference is its resource
 * name (`software`, `categories`, `organizations`, `organizational-units`, `locations`).
 */
export const IMPORT_CODES = [
  /** `params.max`: the cell is longer than the import reads. */
  'cell_too_long',
  /** A cell right of the last header. */
  'beyond_header',
  /** `params.format`: not a date in the chosen date format. */
  'not_a_date',
  /** `params.separator`: not a number with the chosen decimal separator. */
  'not_a_decimal',
  'not_an_integer',
  /** A NUL or an unpaired UTF-16 surrogate is `custom`/`noNul` or this. */
  'unpaired_surrogate',
  /** A required cell is empty (a license's name). */
  'required',
  /** `params.line`: the same license (or, `params.kind: 'purchase'`, purchase) is on an earlier line of the file. */
  'duplicate_row',
  /** `params.kind`, `params.option` (`createMissing` when that option would add it, licenses only). */
  'no_reference',
  /** `params.kind`: several records have the name (software: give the version). */
  'ambiguous_reference',
  /** `params.kind`: an organizational unit to create needs the row's organization. */
  'unit_needs_organization',
  /** `params.kind`; `params.cause` is the reference's own refusal `{ code, params }` when it has one. */
  'reference_not_created',
  /** `params.kind`: `license`, `person` or `asset` (assignments), `purchase` (a purchases row's documentId). */
  'no_record',
  /** Assignments: none of personEmail, personEmployeeNumber, assetInventoryNumber. */
  'person_or_asset_required',
  /** Assignments: a row assigns one person or one asset, not both. */
  'person_and_asset',
  /** Installations: the row names no device (every identifier empty or a firmware placeholder). */
  'device_required',
  /** Installations: `params.line`, a row of the same device with an error (a device is written whole or not at all). */
  'device_row_failed',
  /** Installations: `params.max`, the device has more rows than a push may carry. */
  'too_many_entries',
  /** Licenses: the row's name is a license outside the importer's organizations (docs/domain.md, "Permissions"). */
  'outside_scope',
] as const;

export type ImportCode = (typeof IMPORT_CODES)[number];

export const isImportCode = (code: unknown): code is ImportCode => (IMPORT_CODES as readonly unknown[]).includes(code);

/** The code and params of an import problem, spread beside its message. */
export const importIssue = (code: ImportCode, params: Record<string, unknown> = {}) => ({ code, params });
