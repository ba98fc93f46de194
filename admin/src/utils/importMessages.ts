/**
 * An import row error in the user's language, from its code and params (docs/api.md, "Import"):
 * the import's own codes (shared/import/codes.ts) here, a schema's issue by validationMessages.ts,
 * and the server's English message only for an error without a code. An option a message names is
 * named by its label in the dialog, formatted from the same translation, not copied.
 */
import type { IntlShape } from 'react-intl';
import type { ImportError } from '../../../shared/contracts/import';
import { isImportCode, type ImportCode } from '../../../shared/import/codes';
import { msg, type TranslationKey, type TranslationValues } from './translations';
import { validationMessage, type ValidationIssue } from './validationMessages';

export const IMPORT_MESSAGES: Record<ImportCode, TranslationKey> = {
  cell_too_long: 'import.code.cell_too_long',
  beyond_header: 'import.code.beyond_header',
  not_a_date: 'import.code.not_a_date',
  not_a_decimal: 'import.code.not_a_decimal',
  not_an_integer: 'import.code.not_an_integer',
  unpaired_surrogate: 'import.code.unpaired_surrogate',
  required: 'import.code.required',
  duplicate_row: 'import.code.duplicate_row',
  no_reference: 'import.code.no_reference',
  ambiguous_reference: 'import.code.ambiguous_reference',
  unit_needs_organization: 'import.code.unit_needs_organization',
  reference_not_created: 'import.code.reference_not_created',
  no_record: 'import.code.no_record',
  person_or_asset_required: 'import.code.person_or_asset_required',
  person_and_asset: 'import.code.person_and_asset',
  device_required: 'import.code.device_required',
  device_row_failed: 'import.code.device_row_failed',
  too_many_entries: 'import.code.too_many_entries',
  outside_scope: 'import.code.outside_scope',
};

/** The import options a message may name, by the label the dialog shows them with. */
const OPTION_LABELS: Record<string, TranslationKey> = {
  createMissing: 'import.option.createMissing',
};

type Issue = Pick<ImportError, 'message' | 'code' | 'params'>;

/** The values a message selects on or shows; a select's key cannot hold "-" (organizational-units). */
const valuesOf = (intl: Pick<IntlShape, 'formatMessage'>, params: Record<string, unknown>, offered: readonly string[]): TranslationValues => {
  // A checkbox is named only to a user who is shown it (createMissing needs the reference permission).
  const option = typeof params.option === 'string' && offered.includes(params.option) ? OPTION_LABELS[params.option] : undefined;
  const cause = params.cause && typeof params.cause === 'object' ? (params.cause as ValidationIssue) : undefined;
  const causeText = cause?.code ? validationMessage(intl, { ...cause, message: '' }) : '';
  return {
    kind: String(params.kind ?? '').replace(/-/g, '_'),
    max: Number(params.max),
    line: Number(params.line),
    format: String(params.format ?? ''),
    separator: params.separator === ',' ? 'comma' : 'point',
    withOption: option ? 'yes' : 'no',
    option: option ? intl.formatMessage(msg(option)) : '',
    withCause: causeText ? 'yes' : 'no',
    cause: causeText,
  };
};

/** `offered`: the options the user's dialog shows (all of them unless said). */
export const importMessage = (intl: Pick<IntlShape, 'formatMessage'>, error: Issue, offered: readonly string[] = Object.keys(OPTION_LABELS)): string => {
  if (isImportCode(error.code)) return intl.formatMessage(msg(IMPORT_MESSAGES[error.code]), valuesOf(intl, error.params ?? {}, offered));
  return validationMessage(intl, error);
};
