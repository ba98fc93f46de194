/**
 * Issue 12: export then import of the demo data is a round trip. A second Strapi process starts on
 * a database of its own, where the playground seeds its demo data; its license and assignment
 * exports are imported back (committed): nothing is created or updated, every row is unchanged,
 * and no exported file holds a key value or ciphertext.
 */
import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import request from 'supertest';
import { ADMIN } from './support/app';
import { freshDatabase } from './support/fresh-db';
import { asBytes, csv } from './support/import';
import { freePort, serve, stop } from './support/second';

let base = '';
let child: ChildProcess | undefined;
let drop: (() => Promise<void>) | undefined;
let token: string;

const SEED = fs.readFileSync(path.resolve(__dirname, '../../playground/src/seed-demo-data.js'), 'utf8');
/** Every key value the demo data stores, as the seed writes it. */
const KEY_VALUES = [...SEED.matchAll(/keys: \[([^\]]*)\]/g)].flatMap((m) => [...m[1].matchAll(/value: '([^']+)'/g)].map((v) => v[1]));

beforeAll(async () => {
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  const db = await freshDatabase(`lm_roundtrip_${process.pid}`);
  drop = db.drop;
  child = await serve({
    ...process.env,
    ...db.env,
    PORT: String(port),
    HOST: '127.0.0.1',
    SERVE_DEMO_DATA: 'true',
  });
  expect((await request(base).post('/admin/register-admin').send(ADMIN)).status).toBe(200);
  token = (await request(base).post('/admin/login').send({ email: ADMIN.email, password: ADMIN.password })).body.data.token;
}, 180000);
afterAll(async () => {
  await stop(child);
  await drop?.();
});

const get = (url: string) => request(base).get(`/license-manager${url}`).set('Authorization', `Bearer ${token}`);
const download = async (url: string) => (await asBytes(get(url))).body as Buffer;
const upload = (kind: string, file: Buffer) =>
  request(base)
    .post(`/license-manager/${kind}/import`)
    .set('Authorization', `Bearer ${token}`)
    .field('dryRun', 'false')
    .attach('file', file, { filename: `${kind}.csv`, contentType: 'text/csv' });
/** The licenses the demo data seeds (playground/src/seed-demo-data.js), the site-wide agreement included. */
const DEMO_LICENSES = 17;
const everything = async () => (await get('/licenses?pageSize=100&sort=name')).body.data;

it('the demo data has keys to leak, and the exports leak none of them', async () => {
  expect(KEY_VALUES.length).toBeGreaterThanOrEqual(3);
  const licenses = await everything();
  expect(licenses.length).toBe(DEMO_LICENSES);
  const masked: string[] = [];
  for (const l of licenses) for (const k of (await get(`/licenses/${l.documentId}`)).body.data.keys) masked.push(k.maskedValue);
  expect(masked.length).toBe(KEY_VALUES.length);
  for (const url of ['/licenses/export', '/licenses/export?delimiter=semicolon', '/assignments/export']) {
    const text = (await download(url)).toString('utf8');
    for (const value of [...KEY_VALUES, ...masked]) expect(text).not.toContain(value);
    expect(text).not.toMatch(/v2:/);
  }
});

it("pushes three laptops' GLPI inventories: an unlicensed installation, a seat to reclaim, ignored runtimes and a name to recognize", async () => {
  const rowOf = async (name: string) => (await get(`/compliance?_q=${encodeURIComponent(name)}`)).body.data[0];
  const photoshop = await rowOf('Photoshop');
  expect(photoshop).toMatchObject({ installed: 1, installedUnlicensed: 1 });
  const office = await rowOf('Microsoft 365 Apps');
  expect(office).toMatchObject({ installed: 1, assignedNotInstalled: 1 });
  const reclaim = await get(`/compliance/${office.software.documentId}/reconciliation?list=assignedNotInstalled`);
  expect(reclaim.body.data.map((r: any) => r.asset.name)).toEqual(['Laptop 2']);
  expect((await get('/installations?state=ignored&pageSize=100')).body.meta.pagination.total).toBe(9);
  const unrecognized = (await get('/installations/unrecognized?pageSize=100')).body.data.map((g: any) => g.rawName);
  expect(unrecognized.sort()).toEqual(['7-Zip 23.01 (x64)', 'Ledgerline Sync Client', 'Notepad++ (64-bit x64)']);
  expect((await get('/inventory-devices?state=unmatched')).body.data).toEqual([]);
});

it('imports its own license export back unchanged', async () => {
  const before = await everything();
  const file = await download('/licenses/export');
  const res = await upload('licenses', file);
  expect(res.status).toBe(200);
  expect(res.body.data).toMatchObject({
    committed: true,
    rows: DEMO_LICENSES,
    created: 0,
    updated: 0,
    unchanged: DEMO_LICENSES,
    failed: 0,
    errors: [],
    warnings: [],
  });
  expect(await everything()).toEqual(before);
  // A semicolon file with the same content too.
  const semi = await upload('licenses', await download('/licenses/export?delimiter=semicolon'));
  expect(semi.body.data).toMatchObject({
    delimiter: 'semicolon',
    unchanged: DEMO_LICENSES,
    created: 0,
    updated: 0,
  });
});

it('imports its own assignment export back unchanged', async () => {
  const file = await download('/assignments/export');
  const rows = file.toString('utf8').trim().split('\n').length - 1;
  expect(rows).toBeGreaterThan(10);
  const res = await upload('assignments', file);
  expect(res.status).toBe(200);
  expect(res.body.data).toMatchObject({
    committed: true,
    rows,
    created: 0,
    unchanged: rows,
    failed: 0,
  });
});

it('a changed cell is the one update', async () => {
  const [first] = await everything();
  const res = await upload(
    'licenses',
    Buffer.from(
      csv([
        ['name', 'notes'],
        [first.name, 'changed by the round-trip test'],
      ]),
    ),
  );
  expect(res.body.data).toMatchObject({ updated: 1, unchanged: 0 });
  const history = (await get(`/licenses/${first.documentId}/history`)).body.data;
  expect(history[0]).toMatchObject({
    action: 'updated',
    changes: { notes: { new: 'changed by the round-trip test' } },
  });
});

it("the README's sample files import into the demo data without an error", async () => {
  const sample = (name: string) => fs.readFileSync(path.resolve(__dirname, '../../docs/samples', name));
  const licenses = await upload('licenses', sample('licenses-import.csv'));
  expect(licenses.body.data).toMatchObject({ committed: true, rows: 2, created: 2, failed: 0, errors: [], warnings: [] });
  const assignments = await upload('assignments', sample('assignments-import.csv'));
  expect(assignments.body.data).toMatchObject({ committed: true, rows: 3, created: 3, failed: 0, errors: [] });
  const [acrobat] = (await get(`/licenses?_q=${encodeURIComponent('Acrobat Pro – Marketing')}`)).body.data;
  expect(acrobat).toMatchObject({ quantity: 5, netUnitPrice: '179.88', seats: { used: 2 }, organizationalUnit: { name: 'IT' } });
  expect((await get(`/licenses/${acrobat.documentId}`)).body.data.keys).toHaveLength(1);
});
