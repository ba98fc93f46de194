/**
 * The admin form's pure logic: the live gross price, the client-side validation and which tab
 * holds an error, the assignment dialog's seat count, and what a reference form sends.
 */
import { tabsWithErrors, validateLicense } from '../../admin/src/components/license-form/validation';
import {
  editPayload,
  emptyValues,
  fieldsPayload,
  formErrorsOf,
  liveGross,
  valuesOf,
  newKeyDraft,
  type LicenseFormValues,
} from '../../admin/src/components/license-form/values';
import { countsSeats, seatsLeft } from '../../admin/src/components/AssignDialog';
import { license } from './support/fixtures';
import { initialValues, toPayload } from '../../admin/src/components/ReferenceFormModal';
import { REFERENCE } from '../../admin/src/resources';
import { referenceSchema } from '../../shared/schemas';

// The components import Strapi's admin hooks; the real module cannot load in jsdom.
jest.mock('@strapi/strapi/admin', () => jest.requireActual('./support/strapi-admin'));

const REQUIRED = 'This value is required.';

/** A form that passes validation: name, software, quantity. */
const validValues = (patch: Partial<LicenseFormValues> = {}): LicenseFormValues => ({
  ...emptyValues(),
  name: 'Office 365',
  software: { documentId: 'sw1', name: 'Office' },
  quantity: 5,
  ...patch,
});

describe('liveGross: gross unit price = net × (1 + VAT/100), two decimals', () => {
  test.each([
    ['100', '20', '120.00'],
    ['100', '0', '100.00'],
    ['19.99', '19', '23.79'], // 23.7881
    ['10', '7.7', '10.77'],
    ['0', '20', '0.00'],
    ['1234567.89', '25', '1543209.86'], // 1543209.8625
    [' 50 ', ' 10 ', '55.00'], // surrounding blanks are ignored
  ])('net %p, VAT %p gives %p', (net, vat, gross) => {
    expect(liveGross(net, vat)).toBe(gross);
  });

  test('rounds half up on the exact decimal, not on a binary float', () => {
    // 1.15 × 1.5 is 1.7249999... in floats, so its toFixed(2) is "1.72"; the exact 1.725 rounds to 1.73.
    expect((1.15 * 1.5).toFixed(2)).toBe('1.72');
    expect(liveGross('1.15', '50')).toBe('1.73');
    // 0.5 × 1.01 = 0.505 exactly: half up gives 0.51.
    expect(liveGross('0.5', '1')).toBe('0.51');
  });

  test.each([
    ['', '20'],
    ['100', ''],
    ['', ''],
    ['abc', '20'],
    ['100', 'x'],
    ['12,50', '20'], // a comma is not a decimal point here
    ['-5', '20'],
    ['1e3', '20'],
    ['100', '-1'],
    // Amounts the server refuses, so it would never show this gross price:
    ['2.675', '0'], // three decimals
    ['100', '100.5'], // VAT over 100
    ['100', '7.125'],
    ['1000000000000', '0'], // over the largest price
  ])('is empty while net %p or VAT %p is not an amount the server accepts', (net, vat) => {
    expect(liveGross(net, vat)).toBe('');
  });
});

describe('validateLicense: the same rules as the server, keyed by field path', () => {
  test('an empty new form misses its name and software, and the untouched key draft is not an error', () => {
    const errors = validateLicense(emptyValues(), false, REQUIRED);
    expect(errors.name).toBe(REQUIRED);
    expect(errors.software).toBe(REQUIRED);
    expect(Object.keys(errors).some((k) => k.startsWith('keys'))).toBe(false);
  });

  test('a complete form has no errors', () => {
    expect(validateLicense(validValues({ netUnitPrice: '100', vatRate: '20' }), false, REQUIRED)).toEqual({});
  });

  test('a missing quantity is required', () => {
    expect(validateLicense(validValues({ quantity: undefined }), false, REQUIRED)).toEqual({ quantity: REQUIRED });
  });

  test('a key with a label but no value is an error on that key', () => {
    const keys = [
      { ...newKeyDraft(), value: 'AAAA-BBBB' },
      { ...newKeyDraft(), label: 'Second seat' },
    ];
    const errors = validateLicense(validValues({ keys }), false, REQUIRED);
    expect(errors).toEqual({ 'keys.1.value': REQUIRED });
  });

  test('prices are checked as the server checks them', () => {
    expect(validateLicense(validValues({ netUnitPrice: 'abc', vatRate: '20' }), false, REQUIRED)).toEqual({
      netUnitPrice: 'must be a non-negative decimal number',
    });
    expect(validateLicense(validValues({ netUnitPrice: '1.234', vatRate: '20' }), false, REQUIRED)).toEqual({
      netUnitPrice: 'must have at most 2 decimal places',
    });
    expect(validateLicense(validValues({ netUnitPrice: '100', vatRate: '101' }), false, REQUIRED)).toEqual({
      vatRate: 'must be between 0 and 100',
    });
    expect(validateLicense(validValues({ netUnitPrice: '100', vatRate: '' }), false, REQUIRED)).toEqual({
      vatRate: 'is required when a net unit price is set',
    });
  });

  test('dates must not precede the purchase date', () => {
    const errors = validateLicense(validValues({ purchaseDate: '2025-06-01', expirationDate: '2025-05-31', supportDate: '2025-06-01' }), false, REQUIRED);
    expect(errors).toEqual({ expirationDate: 'must not be before the purchase date' });
  });

  test('editing a license read back from the server is valid as it is', () => {
    const values = valuesOf(license({ netUnitPrice: '100.00', vatRate: '20.00', grossUnitPrice: '120.00' }));
    expect(validateLicense(values, true, REQUIRED)).toEqual({});
  });
});

describe('tabsWithErrors: which tab of the form holds an error', () => {
  test('no errors marks no tab', () => {
    expect(tabsWithErrors({})).toEqual({ basic: false, keys: false });
  });

  test('a field of Basic information marks that tab only', () => {
    expect(tabsWithErrors({ name: REQUIRED })).toEqual({ basic: true, keys: false });
    expect(tabsWithErrors({ vatRate: 'x', grossUnitPrice: 'y' })).toEqual({ basic: true, keys: false });
  });

  test('a key field, or the key list itself, marks the Keys tab only', () => {
    expect(tabsWithErrors({ 'keys.2.value': REQUIRED })).toEqual({ basic: false, keys: true });
    expect(tabsWithErrors({ keys: 'must be a list of keys' })).toEqual({ basic: false, keys: true });
  });

  test('errors on both tabs mark both', () => {
    expect(tabsWithErrors({ software: REQUIRED, 'keys.0.activationLimit': 'must be at least 1' })).toEqual({ basic: true, keys: true });
  });

  test('follows validateLicense: a key without a value on an otherwise valid form marks Keys only', () => {
    const keys = [{ ...newKeyDraft(), label: 'No value' }];
    expect(tabsWithErrors(validateLicense(validValues({ keys }), false, REQUIRED))).toEqual({ basic: false, keys: true });
    expect(tabsWithErrors(validateLicense({ ...emptyValues(), keys }, false, REQUIRED))).toEqual({ basic: true, keys: true });
  });
});

describe('seatsLeft: seats left once the ticked set is saved', () => {
  const seats = (total: number) => ({ total, used: 0, available: total, shortfall: 0 });
  // The seat total counts, not the quantity: a purchase may add seats to it.
  const perUser = { quantity: 4, seats: seats(5), assignmentModel: 'per_user' as const };
  const perComputer = { quantity: 1, seats: seats(2), assignmentModel: 'per_computer' as const };

  test('persons use the seats of a per-user license', () => {
    expect(countsSeats('person', perUser)).toBe(true);
    expect(seatsLeft(perUser, 'person', 0)).toBe(5);
    expect(seatsLeft(perUser, 'person', 3)).toBe(2);
    expect(seatsLeft(perUser, 'person', 5)).toBe(0);
  });

  test('assets use the seats of a per-computer license', () => {
    expect(countsSeats('asset', perComputer)).toBe(true);
    expect(seatsLeft(perComputer, 'asset', 1)).toBe(1);
  });

  test('more ticked than seats gives a negative count', () => {
    expect(seatsLeft(perUser, 'person', 7)).toBe(-2);
    expect(seatsLeft(perComputer, 'asset', 3)).toBe(-1);
  });

  test('the other kind uses no seats: no count', () => {
    expect(countsSeats('asset', perUser)).toBe(false);
    expect(seatsLeft(perUser, 'asset', 4)).toBeNull();
    expect(countsSeats('person', perComputer)).toBe(false);
    expect(seatsLeft(perComputer, 'person', 4)).toBeNull();
  });
});

describe('editPayload: an edit with its key changes, in one body', () => {
  const key = (value: string, label = '') => ({ ...newKeyDraft(), value, label });

  test('keys is left out when no key was added or removed', () => {
    const body = editPayload(validValues({ keys: [newKeyDraft()] }), []);
    expect(body).not.toHaveProperty('keys');
    expect(body).toMatchObject({ name: 'Office 365', software: 'sw1', quantity: 5 });
  });

  test('the filled rows are added, the removed keys listed', () => {
    const values = validValues({ keys: [key(' AAAA '), newKeyDraft(), key('BBBB', 'Laptop')] });
    expect(editPayload(values, ['key1']).keys).toEqual({ add: [{ value: 'AAAA' }, { value: 'BBBB', label: 'Laptop' }], remove: ['key1'] });
    expect(editPayload(validValues({ keys: [] }), ['key1', 'key2']).keys).toEqual({ add: [], remove: ['key1', 'key2'] });
  });
});

describe("formErrorsOf: the server's errors on the form's fields", () => {
  // Rows 0 and 2 are filled, row 1 is blank (not sent).
  const values = validValues({ keys: [{ ...newKeyDraft(), value: 'A' }, newKeyDraft(), { ...newKeyDraft(), value: 'B' }] });

  test('a key sent on an edit (keys.add.n) or a create (keys.n) is the n-th filled row', () => {
    expect(formErrorsOf({ 'keys.add.0.value': 'x', 'keys.add.1.label': 'y' }, values)).toEqual({ 'keys.0.value': 'x', 'keys.2.label': 'y' });
    expect(formErrorsOf({ 'keys.1.value': 'taken' }, values)).toEqual({ 'keys.2.value': 'taken' });
  });

  test('an error about the removed keys, or the keys as a whole, goes to the keys; other fields stay', () => {
    expect(formErrorsOf({ 'keys.remove.0': 'not a key of this license', name: 'taken' }, values)).toEqual({
      keys: 'not a key of this license',
      name: 'taken',
    });
    expect(formErrorsOf({ keys: 'too many' }, values)).toEqual({ keys: 'too many' });
  });
});

describe('the form values, derived from the license description by kind', () => {
  test('a new form starts from the defaults: enumerations, the minimum quantity, the currency and VAT% of the settings', () => {
    const { keys, ...fields } = emptyValues({ defaultCurrency: 'PLN', defaultVatRate: '23' });
    expect(keys).toHaveLength(1);
    expect(fields).toEqual({
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
      currency: 'PLN',
      netUnitPrice: '',
      vatRate: '23',
      assignmentModel: 'per_user',
      billing: 'one_time',
      quantity: 1,
      overAssignment: 'block',
      // A per-core license's terms start neutral (shown and sent for per_core only).
      coreFactor: '1',
      minCoresPerProcessor: 0,
      minCoresPerServer: 0,
      notes: '',
      notifyEmails: '',
    });
    expect(emptyValues()).toMatchObject({ currency: 'EUR', vatRate: '' });
  });

  test('the payload trims texts, sends blanks as null, upper-cases the currency and names relations by documentId', () => {
    const values = validValues({ name: ' Office 365 ', serialNumber: '  ', notes: ' n ', currency: ' pln ', quantity: undefined });
    expect(fieldsPayload(values)).toEqual({
      name: 'Office 365',
      category: null,
      software: 'sw1',
      organization: null,
      organizationalUnit: null,
      locationStructure: null,
      physicalLocation: null,
      serialNumber: null,
      inventoryNumber: null,
      supplier: null,
      expirationDate: null,
      supportDate: null,
      purchaseDate: null,
      invoiceNumber: null,
      currency: 'PLN',
      netUnitPrice: null,
      vatRate: null,
      assignmentModel: 'per_user',
      billing: 'one_time',
      quantity: null,
      overAssignment: 'block',
      notes: 'n',
      notifyEmails: [],
    });
  });

  test("a per-core license's terms are sent for per_core only: a model changed away leaves them out, and the server clears them", () => {
    const perCore = validValues({ assignmentModel: 'per_core', coreFactor: '0.5', minCoresPerProcessor: 8, minCoresPerServer: 16 });
    expect(fieldsPayload(perCore)).toMatchObject({ assignmentModel: 'per_core', coreFactor: '0.5', minCoresPerProcessor: 8, minCoresPerServer: 16 });
    const away = fieldsPayload({ ...perCore, assignmentModel: 'per_processor' });
    expect(away).toMatchObject({ assignmentModel: 'per_processor' });
    for (const term of ['coreFactor', 'minCoresPerProcessor', 'minCoresPerServer']) expect(away).not.toHaveProperty(term);
    expect(validateLicense(validValues({ assignmentModel: 'per_core', coreFactor: '0.1' }), false, REQUIRED)).toEqual({
      coreFactor: 'must be between 0.25 and 4',
    });
  });

  test('reminder e-mails are edited as one text: split on commas, semicolons and line breaks, joined back with commas', () => {
    const values = validValues({ notifyEmails: ' it@example.test, buyer@example.test;\nboss@example.test ' });
    expect(fieldsPayload(values).notifyEmails).toEqual(['it@example.test', 'buyer@example.test', 'boss@example.test']);
    expect(valuesOf(license({ notifyEmails: ['a@example.test', 'b@example.test'] })).notifyEmails).toBe('a@example.test, b@example.test');
    // A bad address is the cell's error, whichever address it is, in the form and from the server.
    expect(validateLicense(validValues({ notifyEmails: 'a@example.test, nope' }), false, REQUIRED)).toEqual({ notifyEmails: 'must be an e-mail address' });
    expect(formErrorsOf({ 'notifyEmails.3': 'must be an e-mail address' }, values)).toEqual({ notifyEmails: 'must be an e-mail address' });
  });

  test('a license read becomes form values without its computed gross price, and writes back as it was read', () => {
    const read = license({ netUnitPrice: '100.00', vatRate: '20.00', grossUnitPrice: '120.00', supportDate: '2026-01-31' });
    const values = valuesOf(read);
    expect(values).not.toHaveProperty('grossUnitPrice');
    expect(values).toMatchObject({ physicalLocation: '', supportDate: '2026-01-31', quantity: 3, keys: [] });
    expect(fieldsPayload(values)).toMatchObject({ netUnitPrice: '100.00', vatRate: '20.00', supportDate: '2026-01-31', physicalLocation: null });
  });
});

describe('reference forms', () => {
  const assetCreateSchema = referenceSchema('assets');

  it('sends a new asset with only its name as the API accepts it: the type shown chosen is its default', () => {
    const fields = REFERENCE.assets.fields;
    const values: Record<string, unknown> = { ...initialValues(fields), name: 'Laptop 7' };
    expect(values.assetType).toBe('computer');
    const data = toPayload(fields, values);
    expect(data).toMatchObject({ name: 'Laptop 7', assetType: 'computer' });
    expect(assetCreateSchema.safeParse(data).success).toBe(true);
  });

  it('sends a new asset one processor and unknown cores, and a cleared processors field as null, which the API refuses naming it', () => {
    const fields = REFERENCE.assets.fields;
    const data = toPayload(fields, { ...initialValues(fields), name: 'Server 1' });
    expect(data).toMatchObject({ processors: 1, coresPerProcessor: null });
    expect(assetCreateSchema.safeParse(data).success).toBe(true);
    const cleared = toPayload(fields, { ...initialValues(fields), name: 'Server 2', processors: undefined });
    expect(cleared.processors).toBeNull();
    expect(assetCreateSchema.safeParse(cleared).error?.issues.map((i) => i.path)).toEqual([['processors']]);
  });

  it('leaves an empty choice out rather than send it as null', () => {
    const fields = REFERENCE.assets.fields;
    const data = toPayload(fields, { ...initialValues(fields), name: 'Laptop 8', assetType: '' });
    expect('assetType' in data).toBe(false);
    expect(assetCreateSchema.safeParse(data).success).toBe(true);
  });
});
