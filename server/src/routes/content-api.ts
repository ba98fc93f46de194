/**
 * Content API routes (docs/api.md): authenticated by Strapi (API tokens, Users & Permissions). Each
 * handler shows in both permission pickers under "License-manager". Each declares its request and
 * answer with the shared schemas the controllers validate with, for Strapi's OpenAPI generator.
 */
import { z } from 'zod';
import {
  DATE_FORMAT,
  DOCUMENT_ID,
  assignmentCreateSchema,
  keyChangesSchema,
  licenseCreateSchema,
  licenseUpdateSchema,
  purchaseCreateSchema,
  purchaseRenewSchema,
  purchaseUpdateSchema,
  softwareSchema,
} from '../../../shared/schemas';
import { complianceQuerySchemas } from '../../../shared/compliance';
import { glpiInventorySchema, simpleInventorySchema } from '../../../shared/schemas/inventory';
import {
  assignmentRead,
  complianceRead,
  errorRead,
  itemOf,
  licenseRead,
  myLicenseRead,
  listOf,
  pageOf,
  purchaseRead,
  inventoryPushRead,
  referenceRead,
  seatsRead,
} from '../../../shared/read-schemas';

const L = '/licenses/:documentId';
const S = '/software/:documentId';
const P = `${L}/purchases/:purchaseDocumentId`;
const id = z.string().regex(DOCUMENT_ID);
const day = z.string().regex(DATE_FORMAT);
/**
 * A write schema as the client sends it: the generator converts in output mode, where the schemas'
 * transforms cannot be shown, so the body is the input side of the same schema, passed through JSON Schema.
 */
const asSent = (schema: z.ZodType) => z.fromJSONSchema(z.toJSONSchema(z.object({ data: schema }), { io: 'input', target: 'draft-2020-12' }));
const json = (data: z.ZodType) => ({ 'application/json': asSent(data) });
/** An inventory as agents send it: not wrapped in `data` (docs/api.md, "Inventory"); FusionInventory's is GLPI's with upper-case keys. */
const inventory = {
  'application/json': z.fromJSONSchema(z.toJSONSchema(z.union([simpleInventorySchema, glpiInventorySchema]), { io: 'input', target: 'draft-2020-12' })),
};
/** Strapi's list parameters (filters, sort, pagination, _q) as the query string carries them. */
const listQuery = {
  filters: z.looseObject({}).optional(),
  sort: z.union([z.string(), z.array(z.string())]).optional(),
  pagination: z
    .object({ page: z.number().int().min(1), pageSize: z.number().int().min(1) })
    .partial()
    .optional(),
  _q: z.string().optional(),
};
const deleted = itemOf(z.strictObject({ documentId: z.string() }));
/** A purchase write's answer: the purchase, and the license's seats after it. */
const purchaseWritten = itemOf(purchaseRead.extend({ seats: seatsRead }));
const software = referenceRead('software');
const optional = <T extends Record<string, z.ZodType>>(shape: T) => Object.fromEntries(Object.entries(shape).map(([k, v]) => [k, v.optional()]));
/** The report's parameters, plus Strapi's pagination[page] and pagination[pageSize]. */
const complianceQuery = {
  ...optional(complianceQuerySchemas),
  pagination: z.object(optional({ page: complianceQuerySchemas.page, pageSize: complianceQuerySchemas.pageSize })).optional(),
};

type Request = { params?: Record<string, z.ZodType>; query?: Record<string, z.ZodType>; body?: Record<string, z.ZodType> };
const route = (method: string, path: string, handler: string, request: Request, response: z.ZodType) => ({
  method,
  path,
  handler,
  request,
  response,
  config: {},
});

export default {
  type: 'content-api',
  /** The body of every error (400-409) as JSON Schema: the generator lists errors without one, so `npm run openapi` adds it. */
  errorSchema: z.toJSONSchema(errorRead, { target: 'draft-2020-12' }),
  routes: [
    route(
      'GET',
      '/licenses',
      'license.find',
      // validUntilFrom/validUntilTo: days, inclusive (docs/api.md); a license without end is valid past any day.
      { query: { ...listQuery, status: licenseRead.shape.status.optional(), validUntilFrom: day.optional(), validUntilTo: day.optional() } },
      listOf(licenseRead),
    ),
    route('GET', L, 'license.findOne', { params: { documentId: id } }, itemOf(licenseRead)),
    route('POST', '/licenses', 'license.create', { body: json(licenseCreateSchema) }, itemOf(licenseRead)),
    route(
      'PUT',
      L,
      'license.update',
      { params: { documentId: id }, body: json(licenseUpdateSchema.extend({ keys: keyChangesSchema.optional() })) },
      itemOf(licenseRead),
    ),
    route('DELETE', L, 'license.delete', { params: { documentId: id } }, deleted),
    route(
      'GET',
      `${L}/assignments`,
      'assignment.find',
      {
        params: { documentId: id },
        query: { page: z.number().int().min(1).optional(), pageSize: z.number().int().min(1).optional(), kind: z.enum(['person', 'asset']).optional() },
      },
      pageOf(assignmentRead),
    ),
    route(
      'POST',
      `${L}/assignments`,
      'assignment.create',
      { params: { documentId: id }, body: json(assignmentCreateSchema) },
      itemOf(assignmentRead.extend({ seats: seatsRead })),
    ),
    route(
      'DELETE',
      `${L}/assignments/:assignmentDocumentId`,
      'assignment.delete',
      { params: { documentId: id, assignmentDocumentId: id } },
      itemOf(z.strictObject({ documentId: z.string(), seats: seatsRead })),
    ),
    route('GET', `${L}/purchases`, 'purchase.find', { params: { documentId: id } }, z.strictObject({ data: z.array(purchaseRead), meta: z.looseObject({}) })),
    route('POST', `${L}/purchases`, 'purchase.create', { params: { documentId: id }, body: json(purchaseCreateSchema) }, purchaseWritten),
    // Before the purchase's own routes, or "renew" would be read as a purchase's documentId.
    route('POST', `${L}/purchases/renew`, 'purchase.renew', { params: { documentId: id }, body: json(purchaseRenewSchema) }, purchaseWritten),
    route('GET', P, 'purchase.findOne', { params: { documentId: id, purchaseDocumentId: id } }, itemOf(purchaseRead)),
    route('PUT', P, 'purchase.update', { params: { documentId: id, purchaseDocumentId: id }, body: json(purchaseUpdateSchema) }, purchaseWritten),
    route(
      'DELETE',
      P,
      'purchase.delete',
      { params: { documentId: id, purchaseDocumentId: id } },
      itemOf(z.strictObject({ documentId: z.string(), seats: seatsRead })),
    ),
    // Answers 200 (the device's set replaced, not a record created); 413 past 5,000 entries or 2 MB (scripts/openapi.js).
    route('POST', '/inventory', 'installations.push', { body: inventory }, itemOf(inventoryPushRead)),
    // A signed-in Users & Permissions user's own licenses (action me.find).
    route('GET', '/me/licenses', 'me.find', {}, z.strictObject({ data: z.array(myLicenseRead), meta: z.looseObject({}) })),
    route('GET', '/compliance', 'compliance.find', { query: complianceQuery }, complianceRead),
    route('GET', '/software', 'software.find', { query: listQuery }, listOf(software)),
    route('GET', S, 'software.findOne', { params: { documentId: id } }, itemOf(software)),
    route('POST', '/software', 'software.create', { body: json(softwareSchema) }, itemOf(software)),
    route('PUT', S, 'software.update', { params: { documentId: id }, body: json(softwareSchema.partial()) }, itemOf(software)),
    route('DELETE', S, 'software.delete', { params: { documentId: id } }, deleted),
  ],
};
