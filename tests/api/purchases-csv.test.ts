/**
 * The purchases CSV (docs/api.md, "Import and export"; guide.md, "Export" and "Import"): the export
 * lists every further purchase by license in term order, escaped; its file imports back unchanged;
 * an import adds purchases, updates one named by its documentId, reports each refusal on its row
 * and column, and the seat rule of the license decides a row that lowers a purchase.
 */
import { parse } from 'csv-parse/sync';
import { ACTIONS, UID } from '../../shared/constants';
import { addDays, isoDay } from '../../shared/days';
import { adminWith, startApp, unique, type TestApp } from './support/app';
import { makeLicense, makeOrganization, makePerson } from './support/fixtures';
import { asBytes, csv, postImport } from './support/import';
import { tempFilesHolding } from './support/temp-files';

let app: TestApp;
beforeAll(async () => {
  app = await startApp();
});
afterAll(async () => {
  await app?.stop();
});

const today = isoDay(new Date());
const day = (n: number) => addDays(today, n);
const download = (url: string) => asBytes(app.http().get(`/license-manager${url}`).set('Authorization', `Bearer ${app.adminToken}`));
const table = (bytes: Buffer, delimiter = ',') => {
  expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  const [header, ...rows]: string[][] = parse(bytes.subarray(3).toString('utf8'), { delimiter });
  return { header, rows: rows.map((r) => Object.fromEntries(header.map((h, i) => [h, r[i]]))) };
};
const buy = async (documentId: string, data: Record<string, unknown>) => {
  const res = await app.admin('post', `/licenses/${documentId}/purchases`, { data });
  expect(res.status).toBe(201);
  return res.body.data;
};
const purchasesOf = async (documentId: string) => (await app.admin('get', `/licenses/${documentId}/purchases`)).body.data.filter((p: any) => !p.first);
const historyCount = (documentId: string) => app.strapi.db.query(UID.event).count({ where: { licenseDocumentId: documentId } });

const HEADER = [
  'license',
  'quantity',
  'purchaseDate',
  'orderNumber',
  'invoiceNumber',
  'supplier',
  'currency',
  'netUnitPrice',
  'vatRate',
  'grossUnitPrice',
  'termStart',
  'termEnd',
  'supportEnd',
  'billing',
  'autoRenew',
  'notes',
  'active',
  'documentId',
];

describe('the purchases export', () => {
  let supplier: any;
  let subscription: any;
  let topUp: any;
  let plain: any;
  let terms: any[];

  beforeAll(async () => {
    supplier = await makeOrganization(app, unique('=Supplier'));
    subscription = await makeLicense(app, { name: unique('CSV Subscription'), quantity: 5 });
    topUp = await makeLicense(app, { name: unique('CSV Top-up'), quantity: 2 });
    plain = await makeLicense(app, { name: unique('CSV Plain'), quantity: 1 });
    // Given out of term order: the export lists them by the day each begins.
    terms = [
      await buy(subscription.documentId, { quantity: 12, termStart: day(366), termEnd: day(730), billing: 'yearly', netUnitPrice: '10', vatRate: '20' }),
      await buy(subscription.documentId, {
        quantity: 10,
        termStart: day(1),
        termEnd: day(365),
        billing: 'yearly',
        autoRenew: true,
        supplier: supplier.documentId,
        orderNumber: 'PO-1',
        netUnitPrice: '10',
        vatRate: '20',
        notes: '=HYPERLINK("http://x")',
      }),
    ];
    await buy(topUp.documentId, { quantity: 3, purchaseDate: day(-10) });
  });

  it('lists each further purchase by license in term order, the license itself never, with text escaped', async () => {
    const res = await download('/purchases/export');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toMatch(/attachment; filename="purchases-\d{4}-\d{2}-\d{2}\.csv"/);
    const { header, rows } = table(res.body);
    expect(header).toEqual(HEADER);
    const mine = rows.filter((r) => [subscription.name, topUp.name, plain.name].includes(r.license));
    expect(mine.map((r) => [r.license, r.documentId])).toEqual([
      [subscription.name, terms[1].documentId],
      [subscription.name, terms[0].documentId],
      [topUp.name, expect.any(String)],
    ]);
    expect(mine[0]).toMatchObject({
      quantity: '10',
      orderNumber: 'PO-1',
      supplier: `'${supplier.name}`,
      netUnitPrice: '10.00',
      vatRate: '20.00',
      grossUnitPrice: '12.00',
      termStart: day(1),
      termEnd: day(365),
      supportEnd: '',
      billing: 'yearly',
      autoRenew: 'true',
      notes: `'=HYPERLINK("http://x")`,
      active: 'false',
    });
    expect(mine[2]).toMatchObject({ quantity: '3', purchaseDate: day(-10), billing: 'one_time', autoRenew: 'false', active: 'true' });
  });

  it('lists one license with license=, answers 400 or 404 for a bad one before any byte, and takes a delimiter', async () => {
    const one = table((await download(`/purchases/export?license=${topUp.documentId}&delimiter=semicolon`)).body, ';');
    expect(one.rows.map((r) => r.license)).toEqual([topUp.name]);
    const none = table((await download(`/purchases/export?license=${plain.documentId}`)).body);
    expect(none.rows).toEqual([]);
    const bad = await app.admin('get', '/purchases/export?license=no%20such!');
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.errors[0].path).toEqual(['license']);
    expect((await app.admin('get', '/purchases/export?license=abcdefghijklmnopqrstuvwx')).status).toBe(404);
    expect((await app.admin('get', '/purchases/export?delimiter=pipe')).status).toBe(400);
  });

  it('imports back unchanged: every row is unchanged, nothing is written', async () => {
    const file = (await download(`/purchases/export?license=${subscription.documentId}`)).body as Buffer;
    const before = await historyCount(subscription.documentId);
    const res = await postImport(app, 'purchases', file, { dryRun: 'false' });
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({ committed: true, rows: 2, created: 0, updated: 0, unchanged: 2, failed: 0, errors: [] });
    expect(res.body.data.columns.find((c: any) => c.header === 'active')).toMatchObject({ status: 'ignored' });
    expect(await historyCount(subscription.documentId)).toBe(before);
    expect((await purchasesOf(subscription.documentId)).map((p: any) => p.quantity)).toEqual([10, 12]);
  });
});

describe('the purchases import', () => {
  it('adds and updates purchases, and reports each refusal on its row and column, writing none of them', async () => {
    const license = await makeLicense(app, { name: unique('CSV Import'), quantity: 4 });
    const other = await makeLicense(app, { name: unique('CSV Other'), quantity: 1 });
    const kept = await buy(license.documentId, { quantity: 2, orderNumber: 'PO-KEPT' });
    const foreign = await buy(other.documentId, { quantity: 1 });
    const newSupplier = unique('New Supplier');
    const file = csv([
      ['License', 'Quantity', 'Order number', 'Term start', 'Term end', 'Billing', 'Net unit price', 'VAT%', 'supplier', 'documentId'],
      [license.name.toUpperCase(), 5, 'PO-NEW', '01.02.2027', '31.01.2028', 'Yearly', '1.234,50', '20', '', ''], // 2: created
      [license.name, 3, '', '', '', '', '', '', '', kept.documentId], // 3: updated
      [license.name, 1, '', '', '', '', '', '', '', foreign.documentId], // 4: another license's purchase
      [license.name, 1, '', '', '', '', '', '', '', kept.documentId], // 5: the same purchase again
      [license.name, 2, 'PO-DATE', '30.02.2027', '', '', '', '', '', ''], // 6: no such day
      [`${license.name} nowhere`, 2, '', '', '', '', '', '', '', ''], // 7: no such license
      [license.name, 2, 'PO-SUPPLIER', '', '', '', '', '', newSupplier, ''], // 8: no such supplier (without createMissing)
      [license.name, '', 'PO-NO-QUANTITY', '', '', '', '', '', '', ''], // 9: a new purchase needs its quantity
      [license.name, 2, '', '01.03.2027', '01.02.2027', '', '', '', '', ''], // 10: ends before it starts
    ]);
    const form = { dateFormat: 'DD.MM.YYYY', decimalSeparator: ',', onError: 'skip' };
    const since = Date.now();
    const dry = await postImport(app, 'purchases', file, form);
    expect(dry.status).toBe(200);
    expect(dry.body.data.errors.filter((e: any) => e.row === 2)).toEqual([]);
    expect(await purchasesOf(license.documentId)).toHaveLength(1);
    for (const res of [dry, await postImport(app, 'purchases', file, { ...form, dryRun: 'false' })]) {
      expect(res.status).toBe(200);
      expect(res.body.data).toMatchObject({ rows: 9, created: 1, updated: 1, unchanged: 0, failed: 7 });
      const errors = res.body.data.errors.map((e: any) => [e.row, e.column, e.code ?? null]);
      expect(errors).toEqual([
        [4, 'documentId', 'no_record'],
        [5, 'documentId', 'duplicate_row'],
        [6, 'Term start', 'not_a_date'],
        [7, 'License', 'no_record'],
        [8, 'supplier', 'no_reference'],
        [9, 'Quantity', expect.any(String)],
        [10, 'Term end', 'custom'],
      ]);
      expect(res.body.data.results[0]).toMatchObject({ row: 2, name: `${license.name.toUpperCase()} · PO-NEW`, outcome: 'created' });
    }
    const after = await purchasesOf(license.documentId);
    expect(after.map((p: any) => [p.orderNumber, p.quantity])).toEqual([
      ['PO-KEPT', 3],
      ['PO-NEW', 5],
    ]);
    expect(after[1]).toMatchObject({ termStart: '2027-02-01', termEnd: '2028-01-31', billing: 'yearly', netUnitPrice: '1234.50' });
    expect((await purchasesOf(other.documentId)).map((p: any) => p.quantity)).toEqual([1]);
    expect(await tempFilesHolding('PO-NO-QUANTITY', since)).toEqual([]);

    // With createMissing the supplier is added, as the license import adds reference data.
    const withSupplier = await postImport(
      app,
      'purchases',
      csv([
        ['license', 'quantity', 'supplier'],
        [license.name, 1, newSupplier],
      ]),
      {
        dryRun: 'false',
        createMissing: 'true',
      },
    );
    expect(withSupplier.body.data).toMatchObject({ created: 1, failed: 0 });
    expect((await purchasesOf(license.documentId)).map((p: any) => p.supplier?.name ?? null)).toContain(newSupplier);
  });

  it('refuses a row that would bring the seats below those in use under block, as a purchase edit is refused', async () => {
    const license = await makeLicense(app, { name: unique('CSV Seats'), quantity: 2, overAssignment: 'block' });
    const purchase = await buy(license.documentId, { quantity: 3 });
    const persons = await Promise.all(Array.from({ length: 4 }, () => makePerson(app).then((p) => p.documentId)));
    expect((await app.admin('put', `/licenses/${license.documentId}/persons`, { data: { persons } })).status).toBe(200);
    const file = csv([
      ['license', 'documentId', 'quantity'],
      [license.name, purchase.documentId, 1],
    ]);
    const before = await historyCount(license.documentId);
    // Under abort a row error writes nothing: a 400 carrying the report.
    const res = await postImport(app, 'purchases', file, { dryRun: 'false' });
    expect(res.status).toBe(400);
    expect(res.body.error.details).toMatchObject({ committed: false, failed: 1 });
    expect(res.body.error.details.errors).toEqual([
      expect.objectContaining({ row: 2, column: 'quantity', value: '1', message: expect.stringMatching(/below the 4 in use/) }),
    ]);
    expect((await purchasesOf(license.documentId))[0].quantity).toBe(3);
    expect(await historyCount(license.documentId)).toBe(before);
    // One seat fewer still fits.
    const fits = await postImport(
      app,
      'purchases',
      csv([
        ['license', 'documentId', 'quantity'],
        [license.name, purchase.documentId, 2],
      ]),
      { dryRun: 'false' },
    );
    expect(fits.body.data).toMatchObject({ committed: true, updated: 1 });
    expect((await app.admin('get', `/licenses/${license.documentId}`)).body.data.seats).toMatchObject({ total: 4, used: 4 });
  });

  it('refuses a file without a license column, naming it; a user without licenses.update; createMissing without reference.manage', async () => {
    const res = await postImport(app, 'purchases', csv([['quantity'], [1]]));
    expect(res.status).toBe(400);
    expect(res.body.error.details.errors[0].path).toEqual(['license']);
    const file = csv([
      ['license', 'quantity'],
      [unique('Nobody'), 1],
    ]);
    const reader = await adminWith(app, 'Purchases reader', [ACTIONS.read]);
    expect((await postImport(app, 'purchases', file, {}, reader)).status).toBe(403);
    const editor = await adminWith(app, 'Purchases editor', [ACTIONS.read, ACTIONS.update]);
    expect((await postImport(app, 'purchases', file, {}, editor)).status).toBe(200);
    expect((await postImport(app, 'purchases', file, { createMissing: 'true' }, editor)).status).toBe(403);
  });
});
