/**
 * Zod schemas of what the content API answers, derived from the same field descriptions as the
 * write schemas (./schemas): the routes declare them so Strapi's OpenAPI generator describes the
 * answers (docs/openapi.json), and the API suite checks every answer against that document.
 */
import { z } from 'zod';
import { COMPLIANCE_STATUSES } from './compliance';
import { ASSIGNMENT_MODELS } from './constants';
import { LICENSE_FIELDS, LICENSE_READ_VALUES } from './fields/license';
import { PURCHASE_FIELDS } from './fields/purchase';
import { REFERENCE_RESOURCES, type ReferenceName } from './fields/reference';
import type { FieldSpec } from './fields/types';

/** A relation as a read shows it: its documentId and the fields that name it (`shows`). */
const relationRead = (shows: readonly string[]) =>
  z
    .object({
      documentId: z.string(),
      ...Object.fromEntries(shows.map((s) => [s, z.string().nullable().optional()])),
    })
    .nullable();

/** One described field as a read shows it (the runtime twin of FieldsOf in ./contracts/common). */
const readSchema = (f: FieldSpec): z.ZodType => {
  const value = (() => {
    switch (f.kind) {
      case 'integer':
        return z.number().int();
      case 'enum':
        return z.enum(f.values as [string, ...string[]]);
      case 'boolean':
        return z.boolean();
      case 'emails':
        return z.array(z.string());
      case 'adminIds':
        return z.array(z.number().int());
      case 'relation':
        return relationRead(f.shows);
      default:
        return z.string();
    }
  })();
  const filled = f.kind === 'emails' || f.kind === 'adminIds' || f.required || 'default' in f || 'defaultFrom' in f;
  return filled || f.kind === 'relation' ? value : value.nullable();
};

const readShape = (fields: Record<string, FieldSpec>) =>
  Object.fromEntries(
    Object.entries(fields)
      .filter(([, f]) => f.readOnly !== 'private')
      .map(([name, f]) => [name, readSchema(f)]),
  );

const record = {
  documentId: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
};

export const seatsRead = z.strictObject({
  /** Null on a site license: no limit. */
  total: z.number().nullable(),
  used: z.number(),
  available: z.number().nullable(),
  shortfall: z.number(),
});

/** A license's cost in one currency (docs/domain.md, "Purchases"): exact decimal strings. */
export const costRead = z.strictObject({ currency: z.string(), annualRecurring: z.string(), committed: z.string() });

/** A license as the content API reads it: never keys. */
export const licenseRead = z.strictObject({
  ...record,
  ...readShape(LICENSE_FIELDS),
  seats: seatsRead,
  status: z.enum(LICENSE_READ_VALUES.status.values),
  totalNet: z.string().nullable(),
  totalGross: z.string().nullable(),
  validUntil: z.string().nullable(),
  cost: z.array(costRead),
});

/** A purchase as the content API reads it (the first: the license's own fields, `first: true`). */
export const purchaseRead = z.strictObject({
  documentId: z.string(),
  first: z.boolean(),
  active: z.boolean(),
  ...readShape(PURCHASE_FIELDS),
  createdAt: z.string().nullable(),
  updatedAt: z.string().nullable(),
});

/**
 * One of a signed-in user's own licenses (`GET /api/license-manager/me/licenses`): assigned to
 * their person (`asset` null) or to an asset whose user they are. Never a key, never a price.
 */
export const myLicenseRead = z.strictObject({
  documentId: z.string(),
  name: z.string(),
  software: z.strictObject({ documentId: z.string(), name: z.string(), version: z.string().nullable() }).nullable(),
  assignmentModel: z.enum(ASSIGNMENT_MODELS),
  validUntil: z.string().nullable(),
  status: z.enum(LICENSE_READ_VALUES.status.values),
  asset: z.strictObject({ documentId: z.string(), name: z.string() }).nullable(),
});

export const referenceRead = (name: ReferenceName) => z.strictObject({ ...record, ...readShape(REFERENCE_RESOURCES[name].fields) });

/** An assignment as the content API reads it: a bound key by documentId and label only, never masked. */
export const assignmentRead = z.strictObject({
  documentId: z.string(),
  person: z
    .strictObject({
      documentId: z.string(),
      firstName: z.string().nullable(),
      lastName: z.string(),
      email: z.string().nullable(),
    })
    .nullable(),
  asset: z
    .strictObject({
      documentId: z.string(),
      name: z.string(),
      inventoryNumber: z.string().nullable(),
      hostname: z.string().nullable(),
    })
    .nullable(),
  key: z.strictObject({ documentId: z.string(), label: z.string().nullable() }).nullable(),
  assignedAt: z.string(),
  assignedBy: z.string().nullable(),
  note: z.string().nullable(),
});

/* The compliance report (docs/api.md, "Compliance"): amounts are exact decimal strings. */
const complianceCost = z.strictObject({
  currency: z.string(),
  trueUp: z.string(),
  unusedValue: z.string(),
  /** Each recurring purchase active on the report's day: gross × quantity × its periods in a year (as a license's `cost`). */
  annualRecurring: z.string(),
  /** Every term of its licenses, whatever the day: one-time gross × quantity, recurring gross × quantity × the periods of its term (as a license's `cost`). */
  committed: z.string(),
});
const modelPosition = z.strictObject({
  /** Σ quantity of the non-expired licenses of this model. */
  licensed: z.number().int(),
  /** Seats used on all licenses of this model, expired ones included. */
  used: z.number().int(),
  /** licensed − used. */
  position: z.number().int(),
  /** The software's installed units in this model's unit (persons, computers, processors, cores); null unless its installations count in this model. */
  installed: z.number().int().nullable(),
  /** licensed − the larger of used and installed; null where `installed` is. */
  reconciledPosition: z.number().int().nullable(),
  /** The gross unit price of the most recently purchased, non-expired, priced license; null when none is known. */
  referencePrice: z.strictObject({ amount: z.string(), currency: z.string() }).nullable(),
});
export const complianceRowRead = z.strictObject({
  software: z.strictObject({
    documentId: z.string(),
    name: z.string(),
    version: z.string().nullable(),
  }),
  /** Licenses of the software counted (expired included). */
  licenses: z.number().int(),
  byModel: z.strictObject(
    Object.fromEntries(ASSIGNMENT_MODELS.map((m) => [m, modelPosition])) as Record<(typeof ASSIGNMENT_MODELS)[number], typeof modelPosition>,
  ),
  shortfall: z.number().int(),
  unused: z.number().int(),
  expiredInUse: z.number().int(),
  /** used / licensed, 4 decimals; null when nothing is licensed. */
  utilization: z.string().nullable(),
  status: z.enum(COMPLIANCE_STATUSES),
  /** The earliest expiration date on or after the report's day; null when none. */
  nextExpiration: z.string().nullable(),
  /** Matched assets with a recognized installation of it seen within staleAfterDays. */
  installed: z.number().int(),
  /** Of those, the assets no license of it covers by assignment (the asset, or its user, assigned). */
  installedUnlicensed: z.number().int(),
  /** Its licenses' asset assignments whose asset's current inventory shows no installation of it: reclaim candidates. */
  assignedNotInstalled: z.number().int(),
  /** One entry per currency of the models' reference prices and of the active recurring purchases; zeros where one of them adds nothing. */
  costs: z.array(complianceCost),
});
export const complianceTotalsRead = z.strictObject({
  software: z.number().int(),
  nonCompliant: z.number().int(),
  atRisk: z.number().int(),
  costs: z.array(complianceCost),
});

/** The plugin's own paging (assignments, compliance): always by page, always counted. */
const pagination = z.strictObject({
  page: z.number(),
  pageSize: z.number(),
  pageCount: z.number(),
  total: z.number(),
});
/**
 * Strapi's paging of a collection (licenses, software): by page or by start/limit, as the client
 * asked, and without the counts when it sent `pagination[withCount]=false`.
 */
const strapiPagination = z.union([
  pagination,
  z.strictObject({ page: z.number(), pageSize: z.number() }),
  z.strictObject({ start: z.number(), limit: z.number(), total: z.number() }),
  z.strictObject({ start: z.number(), limit: z.number() }),
]);
const listWith = (item: z.ZodType, paging: z.ZodType) => z.strictObject({ data: z.array(item), meta: z.strictObject({ pagination: paging }) });
/** A Strapi collection: licenses, software. */
export const listOf = (item: z.ZodType) => listWith(item, strapiPagination);
/** A list the plugin pages itself: a license's assignments. */
export const pageOf = (item: z.ZodType) => listWith(item, pagination);
export const itemOf = (item: z.ZodType) => z.strictObject({ data: item, meta: z.looseObject({}) });

/** An inventory push's answer (docs/api.md, "Inventory"): the matched asset, and the push's entries counted. */
export const inventoryPushRead = z.strictObject({
  asset: z.strictObject({ documentId: z.string(), name: z.string() }).nullable(),
  recognized: z.number().int(),
  unrecognized: z.number().int(),
  ignored: z.number().int(),
  ended: z.number().int(),
});

/** Strapi's error envelope (docs/api.md, "Errors"; ErrorResponse in ./contracts/common). */
export const errorRead = z.strictObject({
  data: z.null(),
  error: z.object({
    status: z.number().int(),
    name: z.string(),
    message: z.string(),
    details: z.looseObject({}),
  }),
});

export const complianceRead = z.strictObject({
  data: z.array(complianceRowRead),
  meta: z.strictObject({ pagination, totals: complianceTotalsRead }),
});
