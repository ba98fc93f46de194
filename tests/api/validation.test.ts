/**
 * Every bad input is a 400 that names the field, and writes nothing (docs/domain.md, docs/api.md).
 * The table runs against the admin API and the content API alike.
 */
import { apiToken, rows, startApp, unique, type TestApp } from './support/app';
import { makeLicense, makeOrganization, makeSoftware } from './support/fixtures';

let app: TestApp;
let software: string;
let otherOrgUnit: string;
let organization: string;
let fullToken: string;

beforeAll(async () => {
  app = await startApp();
  software = (await makeSoftware(app)).documentId;
  organization = (await makeOrganization(app)).documentId;
  const other = (await makeOrganization(app)).documentId;
  const unit = await app.admin('post', '/organizational-units', { data: { name: unique('Unit'), organization: other } });
  otherOrgUnit = unit.body.data.documentId;
  fullToken = await apiToken(app, 'full-access');
});
afterAll(async () => {
  await app?.stop();
});

const base = () => ({ name: unique('Valid'), software, quantity: 3 });
const longText = 'x'.repeat(256);

/** [what is wrong, fields to send over a valid license, the path that must be named] */
const BAD: Array<[string, () => Record<string, unknown>, string[]]> = [
  ['name missing', () => ({ name: undefined }), ['name']],
  ['name empty', () => ({ name: '' }), ['name']],
  ['name blank', () => ({ name: '   ' }), ['name']],
  ['name too long', () => ({ name: longText }), ['name']],
  ['name a number', () => ({ name: 42 }), ['name']],
  ['name with NUL', () => ({ name: 'bad\u0000name' }), ['name']],
  ['software missing', () => ({ software: undefined }), ['software']],
  ['software null', () => ({ software: null }), ['software']],
  ['software unknown', () => ({ software: 'nosuchsoftware00000000000' }), ['software']],
  ['software malformed', () => ({ software: 'not a documentId!' }), ['software']],
  ['category unknown', () => ({ category: 'nosuchcategory0000000000' }), ['category']],
  ['category an object', () => ({ category: { documentId: 'x' } }), ['category']],
  ['organization unknown', () => ({ organization: 'nosuchorg000000000000000' }), ['organization']],
  ['unit of another organization', () => ({ organization, organizationalUnit: otherOrgUnit }), ['organizationalUnit']],
  ['location structure unknown', () => ({ locationStructure: 'nosuchlocation0000000000' }), ['locationStructure']],
  ['supplier unknown', () => ({ supplier: 'nosuchsupplier0000000000' }), ['supplier']],
  ['physical location too long', () => ({ physicalLocation: longText }), ['physicalLocation']],
  ['serial number a number', () => ({ serialNumber: 12345 }), ['serialNumber']],
  ['inventory number too long', () => ({ inventoryNumber: longText }), ['inventoryNumber']],
  ['invoice number an array', () => ({ invoiceNumber: ['FV/1'] }), ['invoiceNumber']],
  ['expiration date malformed', () => ({ expirationDate: '31/01/2027' }), ['expirationDate']],
  ['expiration date not a day', () => ({ expirationDate: '2027-02-30' }), ['expirationDate']],
  ['expiration date with time', () => ({ expirationDate: '2027-01-31T00:00:00Z' }), ['expirationDate']],
  ['expiration before purchase', () => ({ purchaseDate: '2024-02-01', expirationDate: '2024-01-31' }), ['expirationDate']],
  ['support before purchase', () => ({ purchaseDate: '2024-02-01', supportDate: '2023-12-31' }), ['supportDate']],
  ['purchase date a number', () => ({ purchaseDate: 20240201 }), ['purchaseDate']],
  ['net price negative', () => ({ netUnitPrice: '-1.00', vatRate: '23' }), ['netUnitPrice']],
  ['net price three decimals', () => ({ netUnitPrice: '1.001', vatRate: '23' }), ['netUnitPrice']],
  ['net price too large', () => ({ netUnitPrice: '1000000000000.00', vatRate: '23' }), ['netUnitPrice']],
  ['net price in exponent form', () => ({ netUnitPrice: '1e3', vatRate: '23' }), ['netUnitPrice']],
  ['net price a word', () => ({ netUnitPrice: 'ten', vatRate: '23' }), ['netUnitPrice']],
  ['net price a boolean', () => ({ netUnitPrice: true, vatRate: '23' }), ['netUnitPrice']],
  ['net price without VAT', () => ({ netUnitPrice: '10.00' }), ['vatRate']],
  ['VAT over 100', () => ({ netUnitPrice: '10.00', vatRate: '100.01' }), ['vatRate']],
  ['VAT negative', () => ({ netUnitPrice: '10.00', vatRate: -5 }), ['vatRate']],
  ['VAT three decimals', () => ({ netUnitPrice: '10.00', vatRate: '23.001' }), ['vatRate']],
  ['gross price that does not match', () => ({ netUnitPrice: '100', vatRate: '23', grossUnitPrice: '123.01' }), ['grossUnitPrice']],
  ['gross price without net price', () => ({ grossUnitPrice: '123.00' }), ['grossUnitPrice']],
  ['currency lower case', () => ({ currency: 'eur' }), ['currency']],
  ['currency four letters', () => ({ currency: 'EURO' }), ['currency']],
  ['assignment model unknown', () => ({ assignmentModel: 'per_site' }), ['assignmentModel']],
  ['quantity zero', () => ({ quantity: 0 }), ['quantity']],
  ['quantity negative', () => ({ quantity: -3 }), ['quantity']],
  ['quantity fractional', () => ({ quantity: 2.5 }), ['quantity']],
  ['quantity too large', () => ({ quantity: 1000001 }), ['quantity']],
  ['quantity a string', () => ({ quantity: 'five' }), ['quantity']],
  ['quantity missing', () => ({ quantity: undefined }), ['quantity']],
  ['over-assignment unknown', () => ({ overAssignment: 'sometimes' }), ['overAssignment']],
  ['notes an object', () => ({ notes: { a: 1 } }), ['notes']],
  ['an unknown field', () => ({ colour: 'blue' }), ['colour']],
  ['keys not a list', () => ({ keys: 'ABC' }), ['keys']],
  ['a key without a value', () => ({ keys: [{ label: 'no value' }] }), ['keys', '0', 'value']],
  ['a key too long', () => ({ keys: [{ value: 'K'.repeat(4097) }] }), ['keys', '0', 'value']],
  [
    'a key with activation limit 0',
    () => ({ keys: [{ value: 'VALID-KEY-1' }, { value: 'VALID-KEY-2', activationLimit: 0 }] }),
    ['keys', '1', 'activationLimit'],
  ],
  ['a key with an unknown field', () => ({ keys: [{ value: 'VALID-KEY-3', secret: true }] }), ['keys', '0', 'secret']],
];

const counts = async () => Promise.all(['license', 'license-key', 'license-event', 'software'].map((name) => rows(app, name)));

describe.each([
  ['admin API', (body: unknown) => app.admin('post', '/licenses', body)],
  [
    'content API',
    (body: unknown) =>
      app
        .http()
        .post('/api/license-manager/licenses')
        .set('Authorization', `Bearer ${fullToken}`)
        .send(body as object),
  ],
])('%s: a bad license', (_api, post) => {
  it('table has at least 40 rows', () => {
    expect(BAD.length).toBeGreaterThanOrEqual(40);
  });

  it.each(BAD)('%s → 400 naming it, nothing written', async (_what, patch, path) => {
    const data: Record<string, unknown> = { ...base(), ...patch() };
    for (const key of Object.keys(data)) if (data[key] === undefined) delete data[key];
    const before = await counts();
    const res = await post({ data });
    expect(res.status).toBe(400);
    expect(res.body.error.name).toBe('ValidationError');
    expect(res.body.error.details.errors.map((e: { path: string[] }) => e.path)).toContainEqual(path);
    expect(await counts()).toEqual(before);
  });
});

describe('bad requests', () => {
  it('answers 400 for malformed JSON', async () => {
    const before = await counts();
    const res = await app
      .http()
      .post('/license-manager/licenses')
      .set('Authorization', `Bearer ${app.adminToken}`)
      .set('Content-Type', 'application/json')
      .send('{"data": {"name": "broken"');
    expect(res.status).toBe(400);
    expect(await counts()).toEqual(before);
  });

  it.each([
    ['no data wrapper', { name: 'x', software: 'y', quantity: 1 }],
    ['data a list', { data: [] }],
    ['data a string', { data: 'license' }],
  ])('answers 400 for %s, naming data', async (_what, body) => {
    const res = await app.admin('post', '/licenses', body);
    expect(res.status).toBe(400);
    expect(res.body.error.details.errors[0].path).toEqual(['data']);
  });

  it('refuses a bad update and leaves the license as it was', async () => {
    const license = await makeLicense(app, { quantity: 4, netUnitPrice: '10.00', vatRate: '10' });
    for (const data of [{ quantity: 0 }, { vatRate: null }, { name: '' }, { purchaseDate: '2999-01-01', expirationDate: '2998-01-01' }]) {
      const res = await app.admin('put', `/licenses/${license.documentId}`, { data });
      expect(res.status).toBe(400);
    }
    const read = await app.admin('get', `/licenses/${license.documentId}`);
    expect(read.body.data).toEqual(license);
  });

  it('accepts any printable text, emoji included, on every database', async () => {
    const name = unique('Zażółć gęślą jaźń 🚀 ライセンス');
    const license = await makeLicense(app, { name, notes: '—'.repeat(3000) });
    expect(license.name).toBe(name);
  });

  it('answers 404, not 500, for a documentId that cannot exist', async () => {
    const res = await app.admin('get', `/licenses/${encodeURIComponent('bad\u0000id')}`);
    expect(res.status).toBe(404);
    const history = await app.admin('get', `/licenses/${encodeURIComponent('bad\u0000id')}/history`);
    expect(history.status).toBe(404);
  });

  it("carries each error's zod code and parameters next to its message, so the admin can translate it", async () => {
    const res = await app.admin('post', '/licenses', { data: { ...base(), name: longText, quantity: 0, netUnitPrice: '10.00', colour: 'blue' } });
    expect(res.status).toBe(400);
    expect(res.body.error.details.errors).toEqual(
      expect.arrayContaining([
        {
          path: ['name'],
          message: 'must be at most 255 characters',
          name: 'ValidationError',
          code: 'too_big',
          params: { origin: 'string', maximum: 255, inclusive: true },
        },
        {
          path: ['quantity'],
          message: 'must be at least 1',
          name: 'ValidationError',
          code: 'too_small',
          params: { origin: 'number', minimum: 1, inclusive: true },
        },
        { path: ['colour'], message: 'is not a field of this resource', name: 'ValidationError', code: 'unrecognized_keys', params: { keys: ['colour'] } },
      ]),
    );
    // A rule across fields (checked after the schema) names itself the same way.
    const vat = await app.admin('post', '/licenses', { data: { ...base(), netUnitPrice: '10.00' } });
    expect(vat.body.error.details.errors).toEqual([
      { path: ['vatRate'], message: 'is required when a net unit price is set', name: 'ValidationError', code: 'custom', params: { id: 'vatRequired' } },
    ]);
  });

  it('answers 400 for a search text with NUL', async () => {
    const res = await app.admin('get', `/licenses?_q=${encodeURIComponent('a\u0000b')}`);
    expect(res.status).toBe(400);
    expect(res.body.error.details.errors[0].path).toEqual(['_q']);
  });
});
