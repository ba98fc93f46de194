/**
 * Issue 12, export half: the license and assignment CSV exports (docs/api.md, "Import and
 * export") over HTTP. Each test's licenses carry a marker in their names, and the export is
 * filtered by it (`_q`), since the test files share one database.
 */
import { parse } from 'csv-parse/sync';
import { ACTIONS } from '../../shared/constants';
import { nameKey } from '../../server/src/db';
import { EXPORT_BATCH } from '../../server/src/services/export';
import { adminWith, startApp, unique, type TestApp } from './support/app';
import { created, makePerson } from './support/fixtures';
import { asBytes } from './support/import';

let app: TestApp;
const CANARY = 'EXPORT-CANARY-KEY-7f3a9c';

const download = (url: string, token?: string) =>
  asBytes(
    app
      .http()
      .get(`/license-manager${url}`)
      .set('Authorization', `Bearer ${token ?? app.adminToken}`),
  );

/** The file's rows as objects keyed by the header, after checking the BOM. */
const table = (bytes: Buffer, delimiter = ',') => {
  expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  const records: string[][] = parse(bytes.subarray(3).toString('utf8'), { delimiter });
  const [header, ...rows] = records;
  return { header, rows: rows.map((r) => Object.fromEntries(header.map((h, i) => [h, r[i]]))) };
};

const listNames = async (query: string) => {
  const res = await app.admin('get', `/licenses?${query}&pageSize=100`);
  expect(res.status).toBe(200);
  return res.body.data.map((l: { name: string }) => l.name);
};

let marker: string;
let refs: Record<string, { documentId: string; name: string }>;
let full: { documentId: string; name: string };

beforeAll(async () => {
  app = await startApp();
  marker = unique('Export');
  const organization = await created(app, '/organizations', { name: unique('Export org') });
  refs = {
    software: await created(app, '/software', { name: unique('Export software'), version: '2024 LTS' }),
    category: await created(app, '/categories', { name: unique('Export category') }),
    organization,
    unit: await created(app, '/organizational-units', { name: unique('Export unit'), organization: organization.documentId }),
    location: await created(app, '/locations', { name: unique('Export location') }),
    supplier: await created(app, '/organizations', { name: unique('Export supplier') }),
  } as any;
  full = (await created(app, '/licenses', {
    name: `${marker} A full`,
    software: refs.software.documentId,
    category: refs.category.documentId,
    organization: refs.organization.documentId,
    organizationalUnit: refs.unit.documentId,
    locationStructure: refs.location.documentId,
    supplier: refs.supplier.documentId,
    physicalLocation: 'Rack 4, "B"',
    serialNumber: 'SN-1',
    inventoryNumber: unique('INV'),
    expirationDate: '2031-12-31',
    supportDate: '2030-06-30',
    purchaseDate: '2024-01-15',
    invoiceNumber: '+49 invoice',
    netUnitPrice: '999999999999.99',
    vatRate: '0',
    currency: 'EUR',
    assignmentModel: 'per_user',
    quantity: 3,
    overAssignment: 'block',
    notes: '=HYPERLINK("http://evil.test","x")\nsecond line',
    notifyEmails: ['a@example.test', 'b@example.test'],
    keys: [{ value: CANARY, label: 'main' }],
  })) as any;
  const persons = [await makePerson(app), await makePerson(app)];
  expect((await app.admin('put', `/licenses/${full.documentId}/persons`, { data: { persons: persons.map((p) => p.documentId) } })).status).toBe(200);
  await created(app, '/licenses', { name: `${marker} B expired`, software: refs.software.documentId, quantity: 1, expirationDate: '2020-01-01' });
  await created(app, '/licenses', {
    name: `${marker} C plain`,
    software: refs.software.documentId,
    quantity: 7,
    netUnitPrice: '10.05',
    vatRate: '19',
    currency: 'USD',
  });
}, 120000);

afterAll(async () => {
  await app?.stop();
});

describe('license export', () => {
  it('answers a UTF-8 CSV with a BOM, as an attachment, with every exported attribute', async () => {
    const res = await download(`/licenses/export?format=csv&_q=${encodeURIComponent(marker)}`);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/csv; charset=utf-8/);
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename="licenses-\d{4}-\d{2}-\d{2}\.csv"$/);
    const { header, rows } = table(res.body);
    expect(header).toEqual([
      'name',
      'category',
      'software',
      'softwareVersion',
      'organization',
      'organizationalUnit',
      'locationStructure',
      'physicalLocation',
      'serialNumber',
      'inventoryNumber',
      'supplier',
      'expirationDate',
      'supportDate',
      'purchaseDate',
      'invoiceNumber',
      'netUnitPrice',
      'vatRate',
      'grossUnitPrice',
      'currency',
      'assignmentModel',
      'billing',
      'quantity',
      'overAssignment',
      'coreFactor',
      'minCoresPerProcessor',
      'minCoresPerServer',
      'notes',
      'notifyEmails',
      'seatsUsed',
      'status',
      'totalNet',
      'totalGross',
      'validUntil',
    ]);
    expect(rows.map((r) => r.name)).toEqual([`${marker} A full`, `${marker} B expired`, `${marker} C plain`]);
    expect(rows[0]).toMatchObject({
      category: refs.category.name,
      software: refs.software.name,
      softwareVersion: '2024 LTS',
      organization: refs.organization.name,
      organizationalUnit: refs.unit.name,
      locationStructure: refs.location.name,
      supplier: refs.supplier.name,
      physicalLocation: 'Rack 4, "B"',
      expirationDate: '2031-12-31',
      supportDate: '2030-06-30',
      purchaseDate: '2024-01-15',
      netUnitPrice: '999999999999.99',
      vatRate: '0.00',
      grossUnitPrice: '999999999999.99',
      currency: 'EUR',
      quantity: '3',
      // OWASP: a cell a spreadsheet would run as a formula gets a leading apostrophe.
      invoiceNumber: "'+49 invoice",
      notes: '\'=HYPERLINK("http://evil.test","x")\nsecond line',
      notifyEmails: 'a@example.test, b@example.test',
      seatsUsed: '2',
      status: 'active',
      totalNet: '2999999999999.97',
      billing: 'one_time',
      validUntil: '2031-12-31',
    });
    expect(rows[1]).toMatchObject({ status: 'expired', seatsUsed: '0', netUnitPrice: '', notifyEmails: '', category: '' });
    expect(rows[2]).toMatchObject({ netUnitPrice: '10.05', vatRate: '19.00', grossUnitPrice: '11.96', currency: 'USD', totalNet: '70.35' });
  });

  it('holds no key value and no ciphertext', async () => {
    const res = await download(`/licenses/export?_q=${encodeURIComponent(marker)}`);
    const text = (res.body as Buffer).toString('utf8');
    expect(text).toContain(`${marker} A full`);
    expect(text).not.toContain(CANARY);
    const stored = await app.strapi.db
      .query('plugin::license-manager.license-key' as any)
      .findMany({ where: { label: 'main' }, select: ['value', 'maskedValue'] });
    expect(stored.length).toBeGreaterThan(0);
    for (const k of stored) {
      expect(text).not.toContain(k.value);
      expect(text).not.toContain(k.maskedValue);
    }
  });

  it.each([
    ['sort=name:desc', ''],
    ['sort=seatsUsed:desc', ''],
    ['status=expired', ''],
    ['sort=expirationDate:asc&assignmentModel=per_user', ''],
  ])('applies the list query %s as the list does', async (query) => {
    const q = `_q=${encodeURIComponent(marker)}&${query}`;
    const res = await download(`/licenses/export?${q}`);
    expect(res.status).toBe(200);
    const names = table(res.body).rows.map((r) => r.name);
    expect(names.length).toBeGreaterThan(0);
    expect(names).toEqual(await listNames(q));
  });

  it('filters by software documentId and answers an empty file with its header when nothing matches', async () => {
    const bySoftware = table((await download(`/licenses/export?software=${refs.software.documentId}`)).body);
    expect(bySoftware.rows).toHaveLength(3);
    const none = table((await download(`/licenses/export?_q=${encodeURIComponent(`${marker} nothing`)}`)).body);
    expect(none.header[0]).toBe('name');
    expect(none.rows).toEqual([]);
  });

  it.each([
    ['semicolon', ';'],
    ['tab', '\t'],
  ])('writes with the %s delimiter', async (name, delimiter) => {
    const res = await download(`/licenses/export?delimiter=${name}&_q=${encodeURIComponent(marker)}`);
    const bytes = res.body as Buffer;
    expect(bytes.subarray(3).toString('utf8').split('\n')[0]).toBe(table(bytes, delimiter).header.join(delimiter));
    expect(table(bytes, delimiter).rows[2]).toMatchObject({ name: `${marker} C plain`, netUnitPrice: '10.05' });
  });

  it('reads the matches by keyset, EXPORT_BATCH rows per statement', async () => {
    const batchMarker = unique('Batch');
    const software = await app.strapi.db.query('plugin::license-manager.software' as any).findOne({ where: { documentId: refs.software.documentId } });
    const now = new Date();
    const data = Array.from({ length: 1001 }, (_, i) => ({
      name: `${batchMarker} ${String(i).padStart(4, '0')}`,
      // The key the service would store, so later tests that match by name (the import's) see these rows as they are.
      nameKey: nameKey(`${batchMarker} ${String(i).padStart(4, '0')}`),
      software: software.id,
      quantity: 1,
      // Every value the service would store: the content API's answers are checked against docs/openapi.json.
      currency: 'EUR',
      assignmentModel: 'per_user',
      overAssignment: 'block',
      createdAt: now,
      updatedAt: now,
    }));
    // Straight into the table: 1,001 creates over HTTP would be most of this file's time.
    for (let i = 0; i < data.length; i += 200) {
      await app.strapi.db
        .query('plugin::license-manager.license' as any)
        .createMany({ data: data.slice(i, i + 200).map((d, j) => ({ ...d, documentId: `eb${process.pid}${Date.now()}${i + j}` })) });
    }
    // Past the services, so the kept number of licenses is set right as a restart would.
    const licenseTotal = app.strapi.plugin('license-manager').service('licenseTotal');
    await licenseTotal.verify({ repair: true });
    const after = await licenseTotal.verify();
    expect(after.kept).toBe(after.counted);
    const statements: string[] = [];
    const onQuery = (q: { sql: string }) => {
      if (q.sql.includes('license_manager_licenses')) statements.push(q.sql);
    };
    app.strapi.db.connection.on('query', onQuery);
    try {
      const res = await download(`/licenses/export?_q=${encodeURIComponent(batchMarker)}&sort=name:asc`);
      const names = table(res.body).rows.map((r) => r.name);
      expect(names).toHaveLength(1001);
      expect(names[0]).toBe(`${batchMarker} 0000`);
      expect(names[1000]).toBe(`${batchMarker} 1000`);
      expect(new Set(names).size).toBe(1001);
    } finally {
      app.strapi.db.connection.off('query', onQuery);
    }
    // Keyset statements on the sort's index, no list of ids first: the licenses with a name
    // (EXPORT_BATCH at a time, the last batch short), then those without one (none).
    expect(statements).toHaveLength(Math.floor(1001 / EXPORT_BATCH) + 1 + 1);
    expect(statements.every((sql) => /limit/i.test(sql))).toBe(true);
  });

  it.each([
    ['format=xlsx', 'format'],
    ['delimiter=pipe', 'delimiter'],
    ['sort=price', 'sort'],
    ['status=broken', 'status'],
    ['software=not%20an%20id', 'software'],
    ['overAllocated=maybe', 'overAllocated'],
    ['_q=a%00b', '_q'],
  ])('answers 400 naming the parameter: %s', async (query, param) => {
    const res = await app.admin('get', `/licenses/export?${query}`);
    expect(res.status).toBe(400);
    expect(res.body.error.name).toBe('ValidationError');
    expect(res.body.error.details.errors[0].path[0]).toBe(param);
  });

  it('needs licenses.read', async () => {
    const token = await adminWith(app, 'Export no read', [ACTIONS.settings]);
    expect((await app.admin('get', '/licenses/export', undefined, token)).status).toBe(403);
    expect((await app.admin('get', '/assignments/export', undefined, token)).status).toBe(403);
  });
});

describe('assignment export', () => {
  it("exports a license's assignments by name, e-mail and number", async () => {
    const res = await download(`/assignments/export?license=${full.documentId}&delimiter=semicolon`);
    expect(res.status).toBe(200);
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename="assignments-\d{4}-\d{2}-\d{2}\.csv"$/);
    const { header, rows } = table(res.body, ';');
    expect(header).toEqual(['license', 'person', 'personEmail', 'personEmployeeNumber', 'asset', 'assetInventoryNumber', 'assignedAt', 'assignedBy']);
    expect(rows).toHaveLength(2);
    for (const r of rows) {
      expect(r.license).toBe(full.name);
      expect(r.person).toMatch(/^Test Person /);
      expect(r.asset).toBe('');
      expect(r.assignedAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
      expect(r.assignedBy).not.toBe('');
    }
  });

  it('exports every assignment without a license, and answers 400/404 for a bad one', async () => {
    const all = table((await download('/assignments/export')).body);
    expect(all.rows.filter((r) => r.license === full.name)).toHaveLength(2);
    const bad = await app.admin('get', '/assignments/export?license=not%20an%20id');
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.errors[0].path[0]).toBe('license');
    expect((await app.admin('get', '/assignments/export?license=abcdefghijklmnopqrstuvwx')).status).toBe(404);
  });
});
