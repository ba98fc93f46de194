/**
 * The license form's values and how they map to the API and back, derived from the license's
 * description (shared/fields/license): a license read into form values, form values into the
 * create and edit payloads, and the server's field errors onto the form's fields.
 */
import { LICENSE_FIELDS, licenseFormOrder, PER_CORE_TERMS, type LicenseFieldName } from '../../../../shared/fields/license';
import type { LicenseFieldSpec } from '../../../../shared/fields/types';
import { grossFromNet } from '../../../../shared/money';
import { optionalMoney, optionalPercent } from '../../../../shared/schemas';
import type { KeyInput, LicenseInput, LicenseUpdate } from '../../api/licenses';
import type { License, RelationRef, Settings } from '../../api/types';

export interface KeyDraft {
  /** Local id of a key being added. */
  id: string;
  value: string;
  label: string;
  activationLimit: number | undefined;
}

type Fields = typeof LICENSE_FIELDS;

/** The fields the form edits: those it shows, but the ones the server computes. */
export type FormFieldName = {
  [K in keyof Fields]: Fields[K] extends { form: false } | { readOnly: string } ? never : K;
}[keyof Fields];

/** A field's value while edited: text as typed, a whole number or none, an enumeration's value, a relation or none. */
type FormValueOf<F> = F extends { kind: 'integer' }
  ? number | undefined
  : F extends { kind: 'enum'; values: readonly (infer V)[] }
    ? V
    : F extends { kind: 'boolean' }
      ? boolean
      : F extends { kind: 'relation' }
        ? RelationRef | null
        : string;

export type LicenseFormValues = { -readonly [K in FormFieldName]: FormValueOf<Fields[K]> } & {
  /** New keys; the license's existing keys are in `existingKeys`. */
  keys: KeyDraft[];
};

const spec = (name: LicenseFieldName) => LICENSE_FIELDS[name] as LicenseFieldSpec;

/** The edited fields, in the form's order. */
export const FORM_FIELDS = licenseFormOrder().filter((name): name is FormFieldName => !spec(name).readOnly);

type AnyValues = Record<FormFieldName, unknown>;

/** A field left blank: no text, no number, no relation. */
const blank = (f: LicenseFieldSpec) => (f.kind === 'relation' ? null : f.kind === 'integer' ? undefined : f.kind === 'boolean' ? false : '');

/**
 * What a new license starts from: an enumeration's default, a required number's minimum, the
 * currency from the settings it names (EUR, the config's default, until they load), and the VAT%
 * the settings propose (an admin-only proposal, not a server default).
 */
const initial = (name: FormFieldName, settings?: Partial<Settings>): unknown => {
  const f = spec(name);
  if (name === 'vatRate') return settings?.defaultVatRate ?? '';
  if (f.kind === 'currency') return (f.defaultFrom && settings?.[f.defaultFrom]) || 'EUR';
  if ((f.kind === 'enum' || f.kind === 'boolean') && f.default !== undefined) return f.default;
  // The quantity too: most licenses are not site-wide, where it may be left blank.
  if (f.kind === 'integer' && (f.required || f.requiredUnless)) return f.min;
  if ((f.kind === 'integer' || f.kind === 'factor') && f.default !== undefined) return f.default;
  return blank(f);
};

let draftCounter = 0;
export const newKeyDraft = (): KeyDraft => ({ id: `k${++draftCounter}`, value: '', label: '', activationLimit: undefined });

const build = (valueOf: (name: FormFieldName) => unknown, keys: KeyDraft[]) =>
  ({ ...Object.fromEntries(FORM_FIELDS.map((name) => [name, valueOf(name)])), keys }) as LicenseFormValues;

export const emptyValues = (settings?: Partial<Settings>): LicenseFormValues => build((name) => initial(name, settings), [newKeyDraft()]);

/** A list of addresses is edited as one text, the addresses separated by commas. */
const EMAIL_SEPARATOR = ', ';

export const valuesOf = (license: License): LicenseFormValues =>
  build((name) => {
    const value = license[name];
    if (spec(name).kind === 'emails') return Array.isArray(value) ? value.join(EMAIL_SEPARATOR) : '';
    return value ?? blank(spec(name));
  }, []);

/**
 * The gross unit price as the server will compute it, or '' while net or VAT is not what the
 * server accepts (the shared schema's own rules: two decimals at most, VAT 0-100, ...).
 */
export const liveGross = (net: string, vat: string): string => {
  const n = optionalMoney().safeParse(net);
  const v = optionalPercent().safeParse(vat);
  return n.success && v.success && n.data != null && v.data != null ? grossFromNet(n.data, v.data) : '';
};

/** A field's value as the API writes it: text trimmed (blank is null unless required), a code upper-cased, a relation by documentId, addresses as a list. */
const written = (f: LicenseFieldSpec, v: unknown): unknown => {
  switch (f.kind) {
    case 'relation':
      return (v as RelationRef | null)?.documentId ?? null;
    case 'integer':
      return v ?? null;
    case 'enum':
    case 'boolean':
      return v;
    case 'currency':
      return String(v).trim().toUpperCase();
    case 'emails':
      // Commas, semicolons or line breaks separate addresses, as a mail client's "To" accepts them.
      return String(v)
        .split(/[,;\s]+/)
        .map((e) => e.trim())
        .filter(Boolean);
    default: {
      const text = String(v).trim();
      return text === '' && !f.required ? null : text;
    }
  }
};

/** Whether the form shows a field: a per-core license's terms only while the model is per core. */
export const shownIn = (v: Pick<LicenseFormValues, 'assignmentModel'>, name: LicenseFieldName): boolean =>
  v.assignmentModel === 'per_core' || !(PER_CORE_TERMS as readonly string[]).includes(name);

/** License fields as the API writes them, those the form shows; the gross price is the server's to compute. */
export const fieldsPayload = (v: LicenseFormValues): LicenseInput =>
  Object.fromEntries(FORM_FIELDS.filter((name) => shownIn(v, name)).map((name) => [name, written(spec(name), (v as AnyValues)[name])]));

export const keyPayload = (k: KeyDraft): KeyInput => ({
  value: k.value.trim(),
  ...(k.label.trim() ? { label: k.label.trim() } : {}),
  ...(k.activationLimit ? { activationLimit: k.activationLimit } : {}),
});

/** New keys the user left entirely blank are dropped rather than refused. */
export const filledKeys = (keys: KeyDraft[]) => keys.filter((k) => k.value.trim() || k.label.trim() || k.activationLimit);

/**
 * An edit in one request (docs/api.md): the fields, and `keys` with the keys added and the existing
 * keys removed, only when there are any.
 */
export const editPayload = (values: LicenseFormValues, removedKeys: string[]): LicenseUpdate => {
  const add = filledKeys(values.keys).map(keyPayload);
  return { ...fieldsPayload(values), ...(add.length || removedKeys.length ? { keys: { add, remove: removedKeys } } : {}) };
};

/** An error about one address of a list (`notifyEmails.2`) belongs to the list's cell. */
export const cellOf = (path: string): string => {
  const [head] = path.split('.');
  return head !== path && (FORM_FIELDS as string[]).includes(head) ? head : path;
};

/**
 * The server's field errors in the form's terms. A key sent is the n-th filled row, which is
 * `keys.n` on create and `keys.add.n` on an edit; either becomes `keys.<its row>.<field>`, the row's
 * index among the rows shown. An error about the removed keys goes to the keys as a whole.
 */
export const formErrorsOf = (serverErrors: Record<string, string>, values: LicenseFormValues): Record<string, string> => {
  const filled = filledKeys(values.keys);
  const out: Record<string, string> = {};
  for (const [path, message] of Object.entries(serverErrors)) {
    const sent = /^keys\.(?:add\.)?(\d+)(\..+)?$/.exec(path);
    const draft = sent ? filled[Number(sent[1])] : undefined;
    let key = path;
    if (draft) key = `keys.${values.keys.indexOf(draft)}${sent![2] ?? ''}`;
    else if (path.startsWith('keys.')) key = 'keys';
    else key = cellOf(path);
    if (!out[key]) out[key] = message;
  }
  return out;
};
