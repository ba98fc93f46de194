/** A resource's create and update shapes, derived from its field descriptions (../fields). */
import { z } from 'zod';
import { type FieldSpec } from '../fields/types';
import {
  requiredText,
  optionalText,
  relation,
  requiredRelation,
  optionalDate,
  optionalMoney,
  optionalPercent,
  decimalAmount,
  currency,
  integerIn,
  optionalInteger,
  optionalEmail,
  emailsField,
  adminIdsField,
} from './values';

/* Schemas derived from the field descriptions (./fields) ---------------------------------------- */

/** The schema of one described field as a client writes it, by kind, before "optional" is decided. */
type SchemaByKind<F> = {
  text: F extends { required: true } ? ReturnType<typeof requiredText> : ReturnType<typeof optionalText>;
  longtext: F extends { required: true } ? ReturnType<typeof requiredText> : ReturnType<typeof optionalText>;
  email: ReturnType<typeof optionalEmail>;
  emails: ReturnType<typeof emailsField>;
  adminIds: ReturnType<typeof adminIdsField>;
  // A default is what a create without it stores; null is not a value it takes.
  integer: F extends { required: true } | { default: number } ? ReturnType<typeof integerIn> : ReturnType<typeof optionalInteger>;
  money: ReturnType<typeof optionalMoney>;
  percent: ReturnType<typeof optionalPercent>;
  factor: ReturnType<typeof decimalAmount>;
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
      return f.required || f.default !== undefined ? integerIn(f.min, f.max) : optionalInteger(f.min, f.max);
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
    case 'adminIds':
      return adminIdsField(f.max);
    case 'factor':
      return decimalAmount(f.min, f.max);
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
export const baseShape = <D extends Record<string, FieldSpec>>(fields: D): BaseShape<D> =>
  Object.fromEntries(
    Object.entries(fields)
      .filter(([, f]) => f.readOnly !== 'private')
      .map(([name, f]) => [name, fieldSchema(name, f)]),
  ) as BaseShape<D>;

export const createShape = <D extends Record<string, FieldSpec>>(fields: D): CreateShape<D> =>
  Object.fromEntries(
    Object.entries(baseShape(fields)).map(([name, schema]) => [name, fields[name].required ? schema : (schema as z.ZodType).optional()]),
  ) as CreateShape<D>;

/** An edit's shape: every field of the base shape, each optional (only the fields sent change). */
export const optionalShape = <S extends Record<string, z.ZodType>>(shape: S): { [K in keyof S]: z.ZodOptional<S[K]> } =>
  Object.fromEntries(Object.entries(shape).map(([k, s]) => [k, s.optional()])) as { [K in keyof S]: z.ZodOptional<S[K]> };
