/**
 * The license, described once: every attribute of the license content type, in the form's
 * order (the order of validation errors), with its kind, bounds, label and where it appears.
 * Derived from it: licenseCreateSchema and licenseUpdateSchema (../schemas), the License response
 * type (../contracts/licenses). To add a field, see "Adding a field to a license" in docs/design.md.
 */
import {
  ASSET_HARDWARE_MAX,
  ASSIGNMENT_MODELS,
  BILLINGS,
  CORE_FACTOR_RANGE,
  LICENSE_STATUSES,
  NOTIFY_EMAILS_MAX,
  OVER_ASSIGNMENT_POLICIES,
  QUANTITY_MAX,
} from '../constants';
import { REFERENCE_RESOURCES } from './reference';
import type { FieldSpec, LicenseFieldSpec } from './types';

/** A field shown in the form, the CSV export and import, not in the list. */
const everywhere = (order: number, col: 4 | 6 | 12) => ({ form: { tab: 'basic', order, col }, list: false, export: true, import: true }) as const;
/** The same, and a column of the admin list too. */
const listed = (order: number, col: 4 | 6 | 12) => ({ ...everywhere(order, col), list: true }) as const;

const label = <N extends string>(name: N) => ({ label: `license.field.${name}`, hint: `license.hint.${name}` }) as const;

export const LICENSE_FIELDS = {
  name: { kind: 'text', max: 255, required: true, ...label('name'), ...listed(1, 6) },
  category: { kind: 'relation', target: 'categories', shows: ['name'], ...label('category'), ...listed(2, 6) },
  software: { kind: 'relation', target: 'software', shows: ['name', 'version'], required: true, ...label('software'), ...listed(3, 6) },
  organization: { kind: 'relation', target: 'organizations', shows: ['name'], ...label('organization'), ...listed(4, 6) },
  organizationalUnit: {
    kind: 'relation',
    target: 'organizational-units',
    shows: ['name'],
    ...label('organizationalUnit'),
    ...everywhere(5, 6),
  },
  locationStructure: { kind: 'relation', target: 'locations', shows: ['name'], ...label('locationStructure'), ...everywhere(6, 6) },
  physicalLocation: { kind: 'text', max: 255, ...label('physicalLocation'), ...everywhere(7, 6) },
  serialNumber: { kind: 'text', max: 255, ...label('serialNumber'), ...everywhere(8, 6) },
  inventoryNumber: { kind: 'text', max: 255, ...label('inventoryNumber'), ...everywhere(9, 6) },
  supplier: { kind: 'relation', target: 'organizations', shows: ['name'], ...label('supplier'), ...everywhere(10, 6) },
  expirationDate: { kind: 'date', ...label('expirationDate'), ...listed(11, 4) },
  supportDate: { kind: 'date', ...label('supportDate'), ...everywhere(12, 4) },
  purchaseDate: { kind: 'date', ...label('purchaseDate'), ...everywhere(13, 4) },
  invoiceNumber: { kind: 'text', max: 255, ...label('invoiceNumber'), ...everywhere(14, 6) },
  netUnitPrice: { kind: 'money', ...label('netUnitPrice'), ...everywhere(16, 4) },
  vatRate: { kind: 'percent', ...label('vatRate'), ...everywhere(17, 4) },
  // Net × (1 + VAT%), rounded half up; a value sent must match it (docs/domain.md, "Money").
  grossUnitPrice: { kind: 'money', readOnly: 'computed', ...label('grossUnitPrice'), ...everywhere(18, 4) },
  // The form puts the currency before the prices it applies to.
  currency: { kind: 'currency', defaultFrom: 'defaultCurrency', ...label('currency'), ...everywhere(15, 6) },
  assignmentModel: {
    kind: 'enum',
    values: ASSIGNMENT_MODELS,
    default: 'per_user',
    ...label('assignmentModel'),
    ...listed(19, 6),
  },
  // How the license (its first purchase) is paid: once, or each period until its expiration date (docs/domain.md, "Purchases").
  billing: { kind: 'enum', values: BILLINGS, default: 'one_time', ...label('billing'), ...everywhere(19.5, 6) },
  // Required but for a site license, where it is informative (crossFieldErrors in ../schemas/license).
  quantity: { kind: 'integer', min: 1, max: QUANTITY_MAX, requiredUnless: ['site'], ...label('quantity'), ...everywhere(20, 6) },
  overAssignment: {
    kind: 'enum',
    values: OVER_ASSIGNMENT_POLICIES,
    default: 'block',
    ...label('overAssignment'),
    ...everywhere(21, 6),
  },
  // How a per-core license counts an asset's cores (docs/domain.md, "Seats"); the defaults under every
  // other model, where a value sent is refused and the form hides them (PER_CORE_TERMS).
  coreFactor: { kind: 'factor', ...CORE_FACTOR_RANGE, default: '1', ...label('coreFactor'), ...everywhere(21.1, 4) },
  minCoresPerProcessor: { kind: 'integer', min: 0, max: ASSET_HARDWARE_MAX, default: 0, ...label('minCoresPerProcessor'), ...everywhere(21.2, 4) },
  minCoresPerServer: { kind: 'integer', min: 0, max: ASSET_HARDWARE_MAX, default: 0, ...label('minCoresPerServer'), ...everywhere(21.3, 4) },
  notes: { kind: 'longtext', max: 10_000, ...label('notes'), ...everywhere(22, 12) },
  // Not one of the New license form's original fields: who else receives this license's renewal reminders.
  notifyEmails: { kind: 'emails', max: NOTIFY_EMAILS_MAX, ...label('notifyEmails'), ...everywhere(23, 12) },
  // SHA-256 of the lower-cased name: the case-insensitive unique index behind "unique name".
  nameKey: { kind: 'text', max: 64, readOnly: 'private', form: false, list: false, export: false, import: false },
  // The license's assignments of persons and of assets, kept by the server with them (reads show `seats`).
  personsCount: { kind: 'integer', min: 0, max: Number.MAX_SAFE_INTEGER, readOnly: 'private', form: false, list: false, export: false, import: false },
  assetsCount: { kind: 'integer', min: 0, max: Number.MAX_SAFE_INTEGER, readOnly: 'private', form: false, list: false, export: false, import: false },
  // The units its asset assignments use (each assignment's `units`, docs/domain.md "Seats"): per-core and per-processor seats.
  assetUnits: { kind: 'integer', min: 0, max: Number.MAX_SAFE_INTEGER, readOnly: 'private', form: false, list: false, export: false, import: false },
  // Derived from those and the model and quantity, kept with them: seats used, and used > quantity.
  seatsUsed: { kind: 'integer', min: 0, max: Number.MAX_SAFE_INTEGER, readOnly: 'private', form: false, list: false, export: false, import: false },
  overAllocated: { kind: 'boolean', default: false, readOnly: 'private', form: false, list: false, export: false, import: false },
  // Kept by every purchase write and the daily job (db/purchases): the seats the license's purchases add
  // to its quantity (less the quantity once its own term has ended), so `seats.total` is quantity + this.
  extraSeats: {
    kind: 'integer',
    min: -QUANTITY_MAX,
    max: Number.MAX_SAFE_INTEGER,
    readOnly: 'private',
    form: false,
    list: false,
    export: false,
    import: false,
  },
  // Kept with them: the last day the license and its purchases cover (null: an active term has no end). Reads show it.
  validUntil: { kind: 'date', readOnly: 'private', form: false, list: false, export: false, import: false },
  // And the latest support end among them: what support reminders are about.
  supportUntil: { kind: 'date', readOnly: 'private', form: false, list: false, export: false, import: false },
  // Kept by its writes (and at startup where missing): the periods its own term is paid for, which the
  // compliance report's committed cost multiplies by (domain/purchases periodsIn).
  periods: { kind: 'integer', min: 1, max: Number.MAX_SAFE_INTEGER, readOnly: 'private', form: false, list: false, export: false, import: false },
} as const satisfies Record<string, LicenseFieldSpec>;

export type LicenseFieldName = keyof typeof LICENSE_FIELDS;

/** A per-core license's counting terms: shown, sent and stored for `per_core` only (the defaults otherwise). */
export const PER_CORE_TERMS = ['coreFactor', 'minCoresPerProcessor', 'minCoresPerServer'] as const satisfies readonly LicenseFieldName[];

/** Private fields the content API may still sort by: the kept seats and validity, as the admin list sorts by them. */
export const LICENSE_KEPT_SORTS = ['seatsUsed', 'validUntil'] as const satisfies readonly LicenseFieldName[];

/** Fields a client may write: every field but the private ones. */
export const LICENSE_INPUT_FIELDS = (Object.keys(LICENSE_FIELDS) as LicenseFieldName[]).filter(
  (name) => (LICENSE_FIELDS[name] as LicenseFieldSpec).readOnly !== 'private',
);

type Kind = FieldSpec['kind'];
/** The names of the public fields of some kinds: `LicenseFieldOfKind<'relation'>` are the relations. */
export type LicenseFieldOfKind<K extends Kind> = {
  [N in LicenseFieldName]: (typeof LICENSE_FIELDS)[N] extends { readOnly: 'private' } ? never : (typeof LICENSE_FIELDS)[N]['kind'] extends K ? N : never;
}[LicenseFieldName];

/** The public fields of some kinds, in order: `licenseFieldsOfKind('date')` are the days a read formats. */
export const licenseFieldsOfKind = <K extends Kind>(...kinds: K[]): LicenseFieldOfKind<K>[] =>
  LICENSE_INPUT_FIELDS.filter((name) => (kinds as Kind[]).includes(LICENSE_FIELDS[name].kind)) as LicenseFieldOfKind<K>[];

/** The public fields stored in the license's own columns (all but the relations), in order: what reads show and writes store. */
export const licenseScalarFields = (): Exclude<LicenseFieldOfKind<Kind>, LicenseFieldOfKind<'relation'>>[] =>
  LICENSE_INPUT_FIELDS.filter((name) => LICENSE_FIELDS[name].kind !== 'relation') as Exclude<LicenseFieldOfKind<Kind>, LicenseFieldOfKind<'relation'>>[];

/** What a create stores for a field not sent: the field's `default`, or the setting its `defaultFrom` names. */
export const licenseDefaults = (settings: { defaultCurrency: string }): Record<string, unknown> =>
  Object.fromEntries(
    LICENSE_INPUT_FIELDS.flatMap((name) => {
      const f: FieldSpec = LICENSE_FIELDS[name];
      if ('default' in f && f.default !== undefined) return [[name, f.default]];
      if (f.kind === 'currency' && f.defaultFrom) return [[name, settings[f.defaultFrom]]];
      return [];
    }),
  );

/** The license's relations: the target's UID and what a read shows of it, for a presenter's populate and joins. */
export const licenseRelations = (): Record<
  LicenseFieldOfKind<'relation'>,
  { uid: (typeof REFERENCE_RESOURCES)[keyof typeof REFERENCE_RESOURCES]['uid']; fields: readonly string[] }
> =>
  Object.fromEntries(
    licenseFieldsOfKind('relation').map((name) => {
      const f = LICENSE_FIELDS[name] as Extract<FieldSpec, { kind: 'relation' }>;
      return [name, { uid: REFERENCE_RESOURCES[f.target].uid, fields: f.shows }];
    }),
  ) as ReturnType<typeof licenseRelations>;

/** Values a read adds to the stored fields, worked out by the server (docs/api.md, "License"). */
export const LICENSE_READ_VALUES = {
  seats: { label: 'detail.seats', export: true },
  status: { label: 'filters.status', values: LICENSE_STATUSES, export: true },
  totalNet: { label: 'detail.totalNet', export: true },
  totalGross: { label: 'detail.totalGross', export: true },
  validUntil: { label: 'detail.validUntil', export: true },
  cost: { label: 'detail.cost', export: false },
} as const;

/** The license's fields in the form's order, for the form and the detail page. */
export const licenseFormOrder = (): LicenseFieldName[] =>
  (Object.keys(LICENSE_FIELDS) as LicenseFieldName[])
    .filter((name) => LICENSE_FIELDS[name].form)
    .sort((a, b) => (LICENSE_FIELDS[a].form as { order: number }).order - (LICENSE_FIELDS[b].form as { order: number }).order);
