/** What a client writes to reference data and to a license's assignments. */
import { z } from 'zod';
import { REFERENCE_RESOURCES, type ReferenceName } from '../fields/reference';
import { customParams } from '../issues';
import { optionalText, relation, requiredRelation } from './values';
import { createShape } from './derived';

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
