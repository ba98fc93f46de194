/**
 * The answers' shapes shared by server and admin (as Strapi's content-releases keeps its
 * `shared/contracts`): Strapi's envelopes, and a described record's fields as a read shows them.
 * Types only: importing this file adds nothing to a bundle.
 */
import type { FieldSpec } from '../fields/types';

/** A relation as a read shows it: its documentId and the fields that name it (`shows`). */
export interface RelationRef {
  documentId: string;
  name?: string;
  version?: string | null;
  firstName?: string | null;
  lastName?: string;
}

export interface Pagination {
  page: number;
  pageSize: number;
  pageCount: number;
  total: number;
}

/** A list: `GET /licenses`, `GET /persons`, ... */
export interface ListResponse<T> {
  data: T[];
  meta: { pagination: Pagination };
}

/** One record: `GET /licenses/:documentId`, and every write's answer. */
export interface ItemResponse<T> {
  data: T;
  meta: Record<string, unknown>;
}

/** One entry of a 400's `details.errors`. */
export interface FieldErrorDetail {
  path: (string | number)[];
  message: string;
}

/** Strapi's error envelope (docs/api.md, "Errors"). */
export interface ErrorResponse {
  data: null;
  error: {
    status: number;
    name: string;
    message: string;
    details: { errors?: FieldErrorDetail[]; field?: string } & Record<string, unknown>;
  };
}

/* A described field as a read shows it ------------------------------------------------------------ */

type ValueOf<F> = F extends { kind: 'text' | 'longtext' | 'email' | 'money' | 'percent' | 'factor' | 'date' | 'currency' }
  ? string
  : F extends { kind: 'integer' }
    ? number
    : F extends { kind: 'enum'; values: readonly (infer V)[] }
      ? V
      : F extends { kind: 'boolean' }
        ? boolean
        : F extends { kind: 'relation' }
          ? RelationRef
          : F extends { kind: 'emails' }
            ? string[]
            : never;

/**
 * Null unless the field must be sent or the server fills it in (a default). A relation may always
 * be null: its foreign-key column is nullable, whatever the API requires.
 */
type NullOf<F> = F extends { kind: 'relation' }
  ? null
  : F extends { kind: 'emails' }
    ? never
    : F extends { required: true } | { default: unknown } | { defaultFrom: unknown }
      ? never
      : null;

/** A description's public fields (all but the private ones) with their read types. */
export type FieldsOf<D extends Record<string, FieldSpec>> = {
  -readonly [K in keyof D as D[K] extends { readOnly: 'private' } ? never : K]: ValueOf<D[K]> | NullOf<D[K]>;
};
