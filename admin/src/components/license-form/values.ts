/**
 * The license form's values and how they map to the API and back: a license read into form values,
 * form values into the create and edit payloads, and the server's field errors onto the form's
 * fields.
 */
import type { AssignmentModel, OverAssignment } from '../../../../shared/constants';
import { grossFromNet } from '../../../../shared/money';
import { optionalMoney, optionalPercent } from '../../../../shared/schemas';
import type { KeyInput, LicenseUpdate } from '../../api/licenses';
import type { License, RelationRef, Settings } from '../../api/types';

export interface KeyDraft {
  /** Local id of a key being added. */
  id: string;
  value: string;
  label: string;
  activationLimit: number | undefined;
}

export interface LicenseFormValues {
  name: string;
  category: RelationRef | null;
  software: RelationRef | null;
  organization: RelationRef | null;
  organizationalUnit: RelationRef | null;
  locationStructure: RelationRef | null;
  physicalLocation: string;
  serialNumber: string;
  inventoryNumber: string;
  supplier: RelationRef | null;
  expirationDate: string;
  supportDate: string;
  purchaseDate: string;
  invoiceNumber: string;
  netUnitPrice: string;
  vatRate: string;
  currency: string;
  assignmentModel: AssignmentModel;
  quantity: number | undefined;
  overAssignment: OverAssignment;
  notes: string;
  /** New keys; the license's existing keys are in `existingKeys`. */
  keys: KeyDraft[];
}

let draftCounter = 0;
export const newKeyDraft = (): KeyDraft => ({ id: `k${++draftCounter}`, value: '', label: '', activationLimit: undefined });

export const emptyValues = (settings?: Partial<Settings>): LicenseFormValues => ({
  name: '',
  category: null,
  software: null,
  organization: null,
  organizationalUnit: null,
  locationStructure: null,
  physicalLocation: '',
  serialNumber: '',
  inventoryNumber: '',
  supplier: null,
  expirationDate: '',
  supportDate: '',
  purchaseDate: '',
  invoiceNumber: '',
  netUnitPrice: '',
  vatRate: settings?.defaultVatRate ?? '',
  currency: settings?.defaultCurrency ?? 'EUR',
  assignmentModel: 'per_user',
  quantity: 1,
  overAssignment: 'block',
  notes: '',
  keys: [newKeyDraft()],
});

export const valuesOf = (license: License): LicenseFormValues => ({
  name: license.name,
  category: license.category,
  software: license.software,
  organization: license.organization,
  organizationalUnit: license.organizationalUnit,
  locationStructure: license.locationStructure,
  physicalLocation: license.physicalLocation ?? '',
  serialNumber: license.serialNumber ?? '',
  inventoryNumber: license.inventoryNumber ?? '',
  supplier: license.supplier,
  expirationDate: license.expirationDate ?? '',
  supportDate: license.supportDate ?? '',
  purchaseDate: license.purchaseDate ?? '',
  invoiceNumber: license.invoiceNumber ?? '',
  netUnitPrice: license.netUnitPrice ?? '',
  vatRate: license.vatRate ?? '',
  currency: license.currency,
  assignmentModel: license.assignmentModel,
  quantity: license.quantity,
  overAssignment: license.overAssignment,
  notes: license.notes ?? '',
  keys: [],
});

/**
 * The gross unit price as the server will compute it, or '' while net or VAT is not what the
 * server accepts (the shared schema's own rules: two decimals at most, VAT 0-100, ...).
 */
export const liveGross = (net: string, vat: string): string => {
  const n = optionalMoney().safeParse(net);
  const v = optionalPercent().safeParse(vat);
  return n.success && v.success && n.data != null && v.data != null ? grossFromNet(n.data, v.data) : '';
};

const text = (v: string) => (v.trim() === '' ? null : v.trim());
const ref = (v: RelationRef | null) => v?.documentId ?? null;

/** License fields as the API writes them; the gross price is the server's to compute. */
export const fieldsPayload = (v: LicenseFormValues) => ({
  name: v.name.trim(),
  category: ref(v.category),
  software: ref(v.software),
  organization: ref(v.organization),
  organizationalUnit: ref(v.organizationalUnit),
  locationStructure: ref(v.locationStructure),
  physicalLocation: text(v.physicalLocation),
  serialNumber: text(v.serialNumber),
  inventoryNumber: text(v.inventoryNumber),
  supplier: ref(v.supplier),
  expirationDate: text(v.expirationDate),
  supportDate: text(v.supportDate),
  purchaseDate: text(v.purchaseDate),
  invoiceNumber: text(v.invoiceNumber),
  netUnitPrice: text(v.netUnitPrice),
  vatRate: text(v.vatRate),
  currency: v.currency.trim().toUpperCase(),
  assignmentModel: v.assignmentModel,
  quantity: v.quantity ?? null,
  overAssignment: v.overAssignment,
  notes: text(v.notes),
});

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
    if (!out[key]) out[key] = message;
  }
  return out;
};
