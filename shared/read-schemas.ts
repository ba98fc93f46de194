/**
 * Zod schemas of what the content API answers, derived from the same field descriptions as the
 * write schemas (./schemas): the routes declare them so Strapi's OpenAPI generator describes the
 * answers (docs/openapi.json), and the API suite checks every answer against that document.
 */
import { z } from "zod";
import { LICENSE_FIELDS, LICENSE_READ_VALUES } from "./fields/license";
import { REFERENCE_RESOURCES, type ReferenceName } from "./fields/reference";
import type { FieldSpec } from "./fields/types";

/** A relation as a read shows it: its documentId and the fields that name it (`shows`). */
const relationRead = (shows: readonly string[]) =>
  z
    .object({
      documentId: z.string(),
      ...Object.fromEntries(
        shows.map((s) => [s, z.string().nullable().optional()]),
      ),
    })
    .nullable();

/** One described field as a read shows it (the runtime twin of FieldsOf in ./contracts/common). */
const readSchema = (f: FieldSpec): z.ZodType => {
  const value = (() => {
    switch (f.kind) {
      case "integer":
        return z.number().int();
      case "enum":
        return z.enum(f.values as [string, ...string[]]);
      case "boolean":
        return z.boolean();
      case "emails":
        return z.array(z.string());
      case "relation":
        return relationRead(f.shows);
      default:
        return z.string();
    }
  })();
  const filled =
    f.kind === "emails" || f.required || "default" in f || "defaultFrom" in f;
  return filled || f.kind === "relation" ? value : value.nullable();
};

const readShape = (fields: Record<string, FieldSpec>) =>
  Object.fromEntries(
    Object.entries(fields)
      .filter(([, f]) => f.readOnly !== "private")
      .map(([name, f]) => [name, readSchema(f)]),
  );

const record = {
  documentId: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
};

export const seatsRead = z.strictObject({
  total: z.number(),
  used: z.number(),
  available: z.number(),
  shortfall: z.number(),
});

/** A license as the content API reads it: never keys. */
export const licenseRead = z.strictObject({
  ...record,
  ...readShape(LICENSE_FIELDS),
  seats: seatsRead,
  status: z.enum(LICENSE_READ_VALUES.status.values),
  totalNet: z.string().nullable(),
  totalGross: z.string().nullable(),
});

export const referenceRead = (name: ReferenceName) =>
  z.strictObject({ ...record, ...readShape(REFERENCE_RESOURCES[name].fields) });

const pagination = z.strictObject({
  page: z.number(),
  pageSize: z.number(),
  pageCount: z.number(),
  total: z.number(),
});
export const listOf = (item: z.ZodType) =>
  z.strictObject({ data: z.array(item), meta: z.strictObject({ pagination }) });
export const itemOf = (item: z.ZodType) =>
  z.strictObject({ data: item, meta: z.looseObject({}) });

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
