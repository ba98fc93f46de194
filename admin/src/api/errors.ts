/** Reading Strapi's error envelope ({ error: { status, name, message, details } }) off a failed request. */
import { isFetchError } from '@strapi/strapi/admin';
import type { FieldError } from '../../../shared/issues';

export interface ApiErrorBody {
  status?: number;
  name?: string;
  message?: string;
  details?: { errors?: (Omit<FieldError, 'path'> & { path: (string | number)[] })[]; field?: string } & Record<string, unknown>;
}

export const apiErrorOf = (error: unknown): ApiErrorBody | undefined =>
  isFetchError(error) ? ((error.response?.data?.error as ApiErrorBody | undefined) ?? { message: error.message }) : undefined;

export const statusOf = (error: unknown): number | undefined => apiErrorOf(error)?.status ?? (error as { status?: number })?.status;

/** The server's message, or the fallback when the request did not reach it. */
export const messageOf = (error: unknown, fallback: string): string => apiErrorOf(error)?.message || fallback;

/**
 * Field errors keyed by their path ("name", "keys.0.value"): the 400's `details.errors`, and a
 * 409's `details.field` (a unique value taken) on its field. `message` words a 400's entry
 * (useValidationMessage: in the user's language); without it, the server's text is kept.
 */
export const fieldErrorsOf = (
  error: unknown,
  message: (e: Omit<FieldError, 'path'>) => string = (e) => e.message
): Record<string, string> => {
  const body = apiErrorOf(error);
  const out: Record<string, string> = {};
  for (const e of body?.details?.errors ?? []) {
    const key = e.path.join('.');
    if (!out[key]) out[key] = message(e);
  }
  if (body?.status === 409 && typeof body.details?.field === 'string' && body.message) {
    out[body.details.field] = body.message;
  }
  return out;
};
