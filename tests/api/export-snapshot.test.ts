/**
 * Issue 30: the license export reads one consistent snapshot in keyset order (docs/api.md, "Import
 * and export"). A client reads the start of the file and stops; while the server waits on it,
 * licenses are renamed across the export's position (both ways), deleted, and created. The file
 * must be the register as it was when the export began: no row repeated, none skipped, none added.
 * The statements are counted, so the test fails if the export had read everything before the writes.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { parse } from 'csv-parse/sync';
import { nameKey } from '../../server/src/db';
import { startApp, unique, type TestApp } from './support/app';
import { created } from './support/fixtures';

let app: TestApp;
let base: string;

beforeAll(async () => {
  app = await startApp();
  await new Promise<void>((resolve) => app.strapi.server.httpServer.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(app.strapi.server.httpServer.address() as AddressInfo).port}`;
}, 120000);

afterAll(async () => {
  await new Promise<void>((resolve) => app?.strapi.server.httpServer.close(() => resolve()));
  await app?.stop();
});

const ROWS = 2500;
// Each row carries 4 KB of notes, so the file (about 10 MB) is more than the sockets buffer: the
// server has to wait for the client in the middle of the file.
const NOTES = 'x'.repeat(4000);

it('exports the register as it was when the export began, whatever is written meanwhile', async () => {
  const marker = unique('Snapshot');
  const software = await created(app, '/software', { name: unique('Snapshot software') });
  const softwareRow = await app.strapi.db.query('plugin::license-manager.software' as any).findOne({ where: { documentId: software.documentId } });
  const names = Array.from({ length: ROWS }, (_, i) => `${marker} ${String(i).padStart(4, '0')}`);
  const now = new Date();
  // Straight into the table: 2,500 creates over HTTP would be most of this file's time.
  for (let i = 0; i < ROWS; i += 250) {
    await app.strapi.db.query('plugin::license-manager.license' as any).createMany({
      data: names.slice(i, i + 250).map((name, j) => ({
        documentId: `es${process.pid}${Date.now()}${i + j}`,
        name,
        nameKey: nameKey(name),
        software: softwareRow.id,
        quantity: 1,
        currency: 'EUR',
        assignmentModel: 'per_user',
        overAssignment: 'block',
        notes: NOTES,
        createdAt: now,
        updatedAt: now,
      })),
    });
  }
  const licenseTotal = app.strapi.plugin('license-manager').service('licenseTotal');
  await licenseTotal.verify({ repair: true });
  const docOf = async (name: string) =>
    (await app.strapi.db.query('plugin::license-manager.license' as any).findOne({ where: { nameKey: nameKey(name) } })).documentId as string;

  // The export's batch statements (they carry the keyset's sort_key), counted as they run.
  let batches = 0;
  const onQuery = (q: { sql: string }) => {
    if (q.sql.includes('sort_key') && q.sql.includes('license_manager_licenses')) batches++;
  };
  app.strapi.db.connection.on('query', onQuery);
  try {
    const chunks: Buffer[] = [];
    let firstChunk: () => void = () => {};
    const started = new Promise<void>((resolve) => (firstChunk = resolve));
    let res!: http.IncomingMessage;
    const url = `${base}/license-manager/licenses/export?software=${software.documentId}&sort=name:asc`;
    const ended = new Promise<void>((resolve, reject) => {
      http
        .get(url, { headers: { authorization: `Bearer ${app.adminToken}` } }, (r) => {
          res = r;
          r.on('data', (c: Buffer) => {
            chunks.push(c);
            if (chunks.length === 1) {
              r.pause();
              firstChunk();
            }
          });
          r.on('end', resolve);
          r.on('error', reject);
        })
        .on('error', reject);
    });
    await started;
    expect(res.statusCode).toBe(200);
    // Long enough for the server to fill the sockets and wait for the client.
    await new Promise((resolve) => setTimeout(resolve, 500));
    const batchesBeforeWrites = batches;

    // One not yet read moves before the export's position; one already read moves after it.
    const late = await docOf(names[2400]);
    const early = await docOf(names[1]);
    expect((await app.admin('put', `/licenses/${late}`, { data: { name: `${marker} 0000a moved up` } })).status).toBe(200);
    expect((await app.admin('put', `/licenses/${early}`, { data: { name: `${marker} 2499z moved down` } })).status).toBe(200);
    // One not yet read is deleted; a new one sorts last.
    expect((await app.admin('delete', `/licenses/${await docOf(names[2450])}`)).status).toBe(200);
    await created(app, '/licenses', { name: `${marker} 2499y new`, software: software.documentId, quantity: 1 });

    res.resume();
    await ended;
    // The export read on after the writes: without a snapshot they would show in the file.
    expect(batchesBeforeWrites).toBeLessThan(batches);
    const body = Buffer.concat(chunks);
    const [header, ...rows]: string[][] = parse(body.subarray(3).toString('utf8'));
    const name = header.indexOf('name');
    expect(rows.map((r) => r[name])).toEqual(names);
  } finally {
    app.strapi.db.connection.off('query', onQuery);
  }
}, 180000);

it('answers more filtered exports at once than the pool has connections', async () => {
  // Each export reads the settings and looks its filters up. Made while a snapshot held a connection,
  // ten exports held the pool of ten and waited for it. The settings are held until ten exports ask for them.
  const software = await created(app, '/software', { name: unique('Pool software') });
  const organization = await created(app, '/organizations', { name: unique('Pool organization') });
  const name = unique('Pooled');
  await created(app, '/licenses', { name, software: software.documentId, organization: organization.documentId, quantity: 1 });
  const settings = app.strapi.plugin('license-manager').service('settings');
  const get = settings.get;
  const held: Array<() => void> = [];
  const spy = jest.spyOn(settings, 'get').mockImplementation(async (...args: unknown[]) => {
    await new Promise<void>((resolve) => {
      held.push(resolve);
      if (held.length >= 10) held.splice(0).forEach((release) => release());
      else setTimeout(resolve, 3000);
    });
    return get.apply(settings, args);
  });
  try {
    const url = `/licenses/export?software=${software.documentId}&organization=${organization.documentId}`;
    const answers = await Promise.all(Array.from({ length: 12 }, () => app.admin('get', url)));
    for (const res of answers) {
      expect(res.status).toBe(200);
      const [header, ...rows]: string[][] = parse(res.text.slice(1));
      expect(rows.map((r) => r[header.indexOf('name')])).toEqual([name]);
    }
  } finally {
    spy.mockRestore();
  }
}, 45000);
