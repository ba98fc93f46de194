/**
 * Errors of the admin API as the pages show them. A failed endpoint gives Strapi's error object
 * (`{ status, name, message, details }`, from the envelope `{ data: null, error }`); a 400 names its
 * fields in `details.errors[]` (`path`, `message`), a 409 may name one in `details.field`.
 */
import * as React from 'react';
import { useAPIErrorHandler, useNotification } from '@strapi/strapi/admin';
import type { FieldError } from '../../../shared/issues';
import { useT } from '../utils/translations';
import { useValidationMessage } from '../utils/validationMessages';

export interface ApiErrorBody {
  status?: number;
  name?: string;
  message?: string;
  details?: { errors?: (Omit<FieldError, 'path'> & { path: (string | number)[] })[]; field?: string } & Record<string, unknown>;
}

const bodyOf = (error: unknown): ApiErrorBody | undefined => (error && typeof error === 'object' ? (error as ApiErrorBody) : undefined);

export const statusOf = (error: unknown): number | undefined => bodyOf(error)?.status;

/**
 * Field errors keyed by their path ("name", "keys.add.0.value"): the 400's `details.errors`, and a
 * 409's `details.field`. `message` words a 400's entry (useValidationMessage: in the user's
 * language, from its code and params); without it, the server's text is kept.
 */
export const fieldErrorsOf = (error: unknown, message: (e: Omit<FieldError, 'path'>, field: string) => string = (e) => e.message): Record<string, string> => {
  const body = bodyOf(error);
  const out: Record<string, string> = {};
  for (const e of body?.details?.errors ?? []) {
    const key = e.path.join('.');
    if (!out[key]) out[key] = message(e, key);
  }
  if (body?.status === 409 && typeof body.details?.field === 'string' && body.message) {
    out[body.details.field] = body.message;
  }
  return out;
};

export interface DescribedError {
  /** What the notification says: the server's message, or "an error occurred" when it sent none. */
  message: string;
  /** The errors the form shows on its fields. */
  fields: Record<string, string>;
  status?: number;
}

/**
 * One place that reads an error of the admin API, over Strapi's `useAPIErrorHandler` (which
 * formats the message as Strapi's own pages do): `describe` gives the message and field errors,
 * `notify` also shows the message in a danger notification.
 */
export const useApiError = () => {
  const t = useT();
  const { toggleNotification } = useNotification();
  const { _unstableFormatAPIError: formatAPIError } = useAPIErrorHandler();
  const validationMessage = useValidationMessage();
  return React.useMemo(() => {
    /** `valueLabel` words the values a choice field allows (`invalid_value`) as the form shows them. */
    const describe = (error: unknown, valueLabel?: (field: string, value: string) => string): DescribedError => {
      const body = bodyOf(error);
      const labelled = (e: Omit<FieldError, 'path'>, field: string) =>
        valueLabel && e.code === 'invalid_value' && Array.isArray(e.params?.values)
          ? { ...e, params: { ...e.params, values: e.params.values.map((v) => valueLabel(field, String(v))) } }
          : e;
      return {
        message: body?.message ? formatAPIError(body as Parameters<typeof formatAPIError>[0]) : t('notification.error'),
        fields: fieldErrorsOf(error, (e, field) => validationMessage(labelled(e, field))),
        status: body?.status,
      };
    };
    const notify = (error: unknown, title?: string): DescribedError => {
      const described = describe(error);
      toggleNotification({ type: 'danger', message: described.message, ...(title ? { title } : {}) });
      return described;
    };
    return { describe, notify };
  }, [t, toggleNotification, formatAPIError, validationMessage]);
};
