/** The license form's own check, before anything is sent. */
import { grossFromNet } from '../../../../shared/money';
import { fieldErrorOf } from '../../../../shared/issues';
import { crossFieldErrors, licenseCreateSchema, licenseUpdateSchema, requiredUnder } from '../../../../shared/schemas';
import { LICENSE_FIELDS } from '../../../../shared/fields/license';
import type { LicenseFieldSpec } from '../../../../shared/fields/types';
import type { ValidationIssue } from '../../utils/validationMessages';
import { cellOf, FORM_FIELDS, fieldsPayload, filledKeys, keyPayload, type LicenseFormValues } from './values';

/** Required whatever the model, or (the quantity) unless the license is site-wide. */
const REQUIRED_FIELDS = FORM_FIELDS.filter((name) => {
  const f = LICENSE_FIELDS[name] as LicenseFieldSpec;
  return f.required || f.requiredUnless;
});

/**
 * Checks the form with the same schemas as the server, so the user sees the same messages before
 * sending, worded by `message` (useValidationMessage: in the user's language). Errors are keyed by
 * path: "name", "keys.0.value".
 */
export const validateLicense = (
  values: LicenseFormValues,
  isEdit: boolean,
  requiredMessage: string,
  message: (issue: ValidationIssue) => string = (issue) => issue.message,
): Record<string, string> => {
  const errors: Record<string, string> = {};
  const keys = filledKeys(values.keys);
  const payload = { ...fieldsPayload(values), ...(isEdit ? {} : { keys: keys.map(keyPayload) }) };
  const result = (isEdit ? licenseUpdateSchema : licenseCreateSchema).safeParse(payload);
  if (!result.success) {
    for (const issue of result.error.issues) {
      const path = cellOf(issue.path.map(String).join('.'));
      if (!errors[path]) errors[path] = message(fieldErrorOf(issue));
    }
  } else {
    const parsed = result.data as Record<string, string | null | undefined>;
    const gross = parsed.netUnitPrice && parsed.vatRate ? grossFromNet(parsed.netUnitPrice, parsed.vatRate) : null;
    for (const e of crossFieldErrors({ ...parsed, grossUnitPrice: gross }, undefined)) errors[e.path.join('.')] = message(e);
  }
  // A required field left blank (shared/fields/license) gets the plain "required" message.
  for (const name of REQUIRED_FIELDS) {
    if (!requiredUnder(name, values.assignmentModel)) continue;
    const value = values[name];
    if (!value || (typeof value === 'string' && !value.trim())) errors[name] = requiredMessage;
  }
  keys.forEach((k, i) => {
    if (!k.value.trim()) errors[`keys.${i}.value`] = requiredMessage;
  });
  return errors;
};

export const tabsWithErrors = (errors: Record<string, string>) => ({
  basic: Object.keys(errors).some((k) => !k.startsWith('keys')),
  keys: Object.keys(errors).some((k) => k.startsWith('keys')),
});
