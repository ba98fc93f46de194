/**
 * What a CSV file may carry in and out: every exported field whose value starts with a character
 * the CSV writer escapes comes back unchanged from an export → import → export round trip; the
 * `license.import` event quotes no cell; a dry run does not tell a user who may not reveal keys
 * whether a key cell is a stored key; an export racing with writes lists each license once.
 */
import { parse } from 'csv-parse/sync';
import { ACTIONS } from '../../shared/constants';
import { nameKey } from '../../server/src/db';
import { adminWith, startApp, unique, type TestApp } from './support/app';
import { created } from './support/fixtures';
import { asBytes, csv, postImport } from './support/import';
import { startReceiver, subscribe } from './support/receiver';

let app: TestApp;

beforeAll(async () => {
  app = await startApp();
}, 120000);
afterAll(async () => {
  await app?.stop();
});

const download = async (url: string) => {
  const res = await asBytes(app.http().get(`/license-manager${url}`).set('Authorization', `Bearer ${app.adminToken}`));
  expect(res.status).toBe(200);
  return res.body as Buffer;
};
const rowsOf = (bytes: Buffer): Record<string, string>[] => {
  const [header, ...rows]: string[][] = parse(bytes.subarray(3).toString('utf8'));
  return rows.map((r) => Object.fromEntries(header.map((h, i) => [h, r[i]])));
};

/** The characters the CSV writer escapes (a spreadsheet would run the cell as a formula). */
const ESCAPED = ['=', '+', '-', '@', '\t', '\r'];

describe('export → import → export', () => {
  const mark = unique('Trip').replace(/\W+/g, '');
  /** Per escaped character: the license and what the API stored of each field set with it. */
  const made: { char: string; documentId: string; stored: Record<string, unknown> }[] = [];

  /** The record, if the API takes the value (it may store it trimmed); else undefined. */
  const accepted = async (path: string, data: Record<string, unknown>, field: string, value: unknown) => {
    const res = await app.admin('post', path, { data: { ...data, [field]: value } });
    return res.status === 201 ? (res.body.data as { documentId: string; [k: string]: any }) : undefined;
  };

  beforeAll(async () => {
    for (const [i, c] of ESCAPED.entries()) {
      const tag = `${mark}x${i}`;
      const refs: Record<string, string> = {};
      const ref = async (field: string, path: string, extra: Record<string, unknown> = {}) => {
        const r = (await accepted(path, extra, 'name', `${c}${tag} ${field}`)) ?? (await created(app, path, { ...extra, name: `${tag} ${field}` }));
        refs[field] = r.documentId;
      };
      const software =
        (await accepted('/software', { name: `${c}${tag} software` }, 'version', `${c}${i}.0 LTS`)) ??
        (await created(app, '/software', { name: `${tag} software`, version: '1' }));
      refs.software = software.documentId;
      await ref('category', '/categories');
      await ref('organization', '/organizations');
      await ref('organizationalUnit', '/organizational-units', { organization: refs.organization });
      await ref('locationStructure', '/locations');
      await ref('supplier', '/organizations');
      // The name must hold the mark for the export's search: it follows the character.
      const license =
        (await accepted('/licenses', { software: refs.software, quantity: 5 }, 'name', `${c}${tag} license`)) ??
        (await created(app, '/licenses', { name: `${tag} license`, software: refs.software, quantity: 5 }));
      const stored: Record<string, unknown> = { name: license.name };
      const put = {
        category: refs.category,
        organization: refs.organization,
        organizationalUnit: refs.organizationalUnit,
        locationStructure: refs.locationStructure,
        supplier: refs.supplier,
      };
      expect((await app.admin('put', `/licenses/${license.documentId}`, { data: put })).status).toBe(200);
      const texts: Record<string, unknown> = {
        physicalLocation: `${c}room ${i}`,
        serialNumber: `${c}SN ${tag}`,
        inventoryNumber: `${c}INV ${tag}`,
        invoiceNumber: `${c}INVOICE ${i}`,
        notes: `${c}SUM(A1)\nline two`,
        notifyEmails: [`${c}a${i}@example.test`, `b${i}@example.test`],
      };
      for (const [field, value] of Object.entries(texts)) {
        const res = await app.admin('put', `/licenses/${license.documentId}`, { data: { [field]: value } });
        if (res.status === 200 && JSON.stringify(res.body.data[field]) === JSON.stringify(value)) stored[field] = value;
      }
      // A person and an asset, to be assigned: their numbers and e-mail start with the character too.
      const person =
        (await accepted(
          '/persons',
          { lastName: `${tag} person`, employeeNumber: `${c}E${i}${process.pid}` },
          'email',
          `${c}p${i}.${process.pid}@example.test`,
        )) ??
        (await created(app, '/persons', { lastName: `${tag} person`, employeeNumber: `${c}E${i}${process.pid}`, email: `p${i}.${process.pid}@example.test` }));
      const asset = await created(app, '/assets', { name: `${c}${tag} asset`, inventoryNumber: `${c}A${tag}` });
      expect((await app.admin('post', `/licenses/${license.documentId}/assignments`, { data: { person: person.documentId } })).status).toBe(201);
      expect((await app.admin('post', `/licenses/${license.documentId}/assignments`, { data: { asset: asset.documentId } })).status).toBe(201);
      made.push({ char: c, documentId: license.documentId, stored });
    }
  }, 120000);

  it('stores values that start with each escaped character where the field accepts them', () => {
    // = + - @ start every text field but e-mail addresses, which take + and -. Every text is trimmed, so no
    // field keeps a leading tab or CR: their rows still make the round trip.
    for (const { char, stored } of made.filter((m) => ['=', '+', '-', '@'].includes(m.char))) {
      expect((stored.name as string).startsWith(char)).toBe(true);
      expect(Object.keys(stored).sort()).toEqual(
        [
          'name',
          'physicalLocation',
          'serialNumber',
          'inventoryNumber',
          'invoiceNumber',
          'notes',
          ...(['+', '-'].includes(char) ? ['notifyEmails'] : []),
        ].sort(),
      );
    }
  });

  it('imports its license export back unchanged, and exports the same file again', async () => {
    const url = `/licenses/export?_q=${encodeURIComponent(mark)}`;
    const first = await download(url);
    const rows = rowsOf(first);
    expect(rows).toHaveLength(ESCAPED.length);
    // Every text cell a spreadsheet would run is escaped in the file.
    const plus = rows.find((r) => r.name.startsWith("'+"))!;
    expect(plus).toMatchObject({
      software: expect.stringMatching(/^'\+/),
      softwareVersion: "'+1.0 LTS",
      invoiceNumber: "'+INVOICE 1",
      notifyEmails: "'+a1@example.test, b1@example.test",
    });
    const before = await Promise.all(made.map(async (m) => (await app.admin('get', `/licenses/${m.documentId}`)).body.data));
    const res = await postImport(app, 'licenses', first, { dryRun: 'false' });
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({ committed: true, created: 0, updated: 0, unchanged: ESCAPED.length, failed: 0, errors: [] });
    const after = await Promise.all(made.map(async (m) => (await app.admin('get', `/licenses/${m.documentId}`)).body.data));
    expect(after).toEqual(before);
    for (const [i, m] of made.entries()) expect(after[i]).toMatchObject(m.stored);
    expect((await download(url)).equals(first)).toBe(true);
  });

  it('imports each assignment export back unchanged, and exports the same file again', async () => {
    for (const m of made) {
      const url = `/assignments/export?license=${m.documentId}`;
      const first = await download(url);
      const rows = rowsOf(first);
      expect(rows).toHaveLength(2);
      if (['=', '+', '-', '@'].includes(m.char))
        expect(rows.find((r) => r.assetInventoryNumber !== '')!.assetInventoryNumber).toBe(`'${m.char}A${mark}x${ESCAPED.indexOf(m.char)}`);
      const res = await postImport(app, 'assignments', first, { dryRun: 'false' });
      expect(res.body.data).toMatchObject({ committed: true, created: 0, unchanged: 2, failed: 0, errors: [] });
      expect((await download(url)).equals(first)).toBe(true);
    }
  });
});

describe('the license.import event', () => {
  it('carries no value of the file, whatever the error', async () => {
    const receiver = await startReceiver();
    await subscribe(app, receiver.url, 'import events', ['license.import']);
    try {
      const mark = `CELL${process.pid}MARKER`;
      const software = await created(app, '/software', { name: unique('Evt software'), version: '1' });
      const person = await created(app, '/persons', { lastName: unique('Evt person'), email: `evt.${process.pid}@example.test` });
      const tight = await created(app, '/licenses', { name: unique('Evt tight'), software: software.documentId, quantity: 2 });
      expect((await app.admin('post', `/licenses/${tight.documentId}/assignments`, { data: { person: person.documentId } })).status).toBe(201);
      const ok = unique('Evt ok');
      const file = csv([
        ['name', 'software', 'softwareVersion', 'category', 'organizationalUnit', 'expirationDate', 'quantity', 'assignmentModel', 'notifyEmails', 'currency'],
        [ok, software.name, '1', '', '', '', '1', '', '', ''],
        [`${mark} a`, `${mark} software`, '', '', '', '', '1', '', '', ''],
        [`${mark} b`, software.name, '1', `${mark} category`, '', '', '1', '', '', ''],
        [`${mark} c`, software.name, '1', '', `${mark} unit`, '', '1', '', '', ''],
        [`${mark} d`, software.name, '1', '', '', `${mark}`, '1', '', '', ''],
        [`${mark} e`, software.name, '1', '', '', '', `${mark}`, '', '', ''],
        [`${mark} f`, software.name, '1', '', '', '', '1', `${mark}`, '', ''],
        [`${mark} g`, software.name, '1', '', '', '', '1', '', `${mark}@`, ''],
        [`${mark} h`, software.name, '1', '', '', '', '1', '', '', `${mark}`],
        [tight.name, software.name, '1', '', '', '', '0', '', '', ''],
        [ok, software.name, '1', '', '', '', '1', '', '', ''],
      ]);
      const res = await postImport(app, 'licenses', file, { dryRun: 'false', onError: 'skip' });
      expect(res.status).toBe(200);
      expect(res.body.data).toMatchObject({ committed: true, created: 1, failed: 10 });
      await receiver.settle(() => receiver.deliveries.some((d) => d.event === 'license.import'));
      const events = receiver.deliveries.filter((d) => d.event === 'license.import');
      expect(events).toHaveLength(1);
      expect(events[0].body.errors).toHaveLength(res.body.data.errors.length);
      expect(events[0].raw).not.toContain(mark);
      // The messages still say what is wrong.
      for (const e of events[0].body.errors) expect(e.message).not.toBe('');
    } finally {
      await receiver.close();
    }
  });
});

describe('a dry run and the stored keys', () => {
  it('tells whether a key cell is a stored key only to a user who may reveal keys', async () => {
    const KEY = `GUESS-${process.pid}-ABCD-1234`;
    const software = await created(app, '/software', { name: unique('Guess software'), version: '1' });
    const license = await created(app, '/licenses', { name: unique('Guess'), software: software.documentId, quantity: 1, keys: [{ value: KEY }] });
    const importer = await adminWith(app, 'Importer without reveal', [ACTIONS.read, ACTIONS.create, ACTIONS.update]);
    const outcome = async (key: string, token?: string) => {
      const res = await postImport(
        app,
        'licenses',
        csv([
          ['name', 'key'],
          [license.name, key],
        ]),
        {},
        token,
      );
      expect(res.status).toBe(200);
      expect(res.body.data.failed).toBe(0);
      return res.body.data.results[0].outcome;
    };
    // Without keys.reveal: the same answer for the stored key and for a wrong guess.
    expect(await outcome(KEY, importer)).toBe('updated');
    expect(await outcome(`${KEY}-wrong`, importer)).toBe('updated');
    // With it (the super admin): the stored key is unchanged.
    expect(await outcome(KEY)).toBe('unchanged');
    expect(await outcome(`${KEY}-wrong`)).toBe('updated');
    // A commit by that user still adds a key only if the license does not hold it.
    const commit = await postImport(
      app,
      'licenses',
      csv([
        ['name', 'key'],
        [license.name, KEY],
      ]),
      { dryRun: 'false' },
      importer,
    );
    expect(commit.body.data).toMatchObject({ committed: true, updated: 1, failed: 0 });
    expect((await app.admin('get', `/licenses/${license.documentId}`)).body.data.keys).toHaveLength(1);
  });
});

describe('an export racing with writes', () => {
  it('lists every license that existed throughout exactly once', async () => {
    const mark = unique('Race').replace(/\W+/g, '');
    const software = await created(app, '/software', { name: unique('Race software'), version: '1' });
    const softwareId = (await app.strapi.db.query('plugin::license-manager.software' as any).findOne({ where: { documentId: software.documentId } })).id;
    const now = new Date();
    const count = 1200;
    const name = (i: number) => `${mark} ${String(i).padStart(4, '0')}`;
    const data = Array.from({ length: count }, (_, i) => ({
      name: name(i),
      nameKey: nameKey(name(i)),
      serialNumber: `S${i}`,
      // A long cell, so the first batch fills the stream's buffer and the export waits for its reader.
      notes: 'x'.repeat(200),
      software: softwareId,
      quantity: 1,
      currency: 'EUR',
      assignmentModel: 'per_user',
      overAssignment: 'block',
      createdAt: now,
      updatedAt: now,
    }));
    for (let i = 0; i < data.length; i += 200) {
      await app.strapi.db
        .query('plugin::license-manager.license' as any)
        .createMany({ data: data.slice(i, i + 200).map((d, j) => ({ ...d, documentId: `rc${process.pid}${i + j}x${Date.now()}`.slice(0, 24) })) });
    }
    const licenseTotal = app.strapi.plugin('license-manager').service('licenseTotal');
    await licenseTotal.verify({ repair: true });
    const ids = await app.strapi.db
      .query('plugin::license-manager.license' as any)
      .findMany({ select: ['documentId', 'serialNumber'], where: { name: { $startsWith: mark } } });
    const bySerial = new Map(ids.map((r: any) => [r.serialNumber, r.documentId as string]));
    expect(bySerial.size).toBe(count);

    const service = app.strapi.plugin('license-manager').service('export');
    const stream = service.licenses({ q: mark, sort: { field: 'name', order: 'asc' } }, ',');
    // Destroyed however the test ends: a stream left unread would keep its snapshot's transaction open.
    try {
      // Wait until the first batch is read and the stream waits for its reader (up to 30 s: CI's load).
      for (let i = 0; i < 1200 && stream.readableLength < stream.readableHighWaterMark; i++) await new Promise((r) => setTimeout(r, 25));
      expect(stream.readableLength).toBeGreaterThanOrEqual(stream.readableHighWaterMark);

      const license = app.strapi.plugin('license-manager').service('license');
      // Meanwhile: 50 licenses of the first batch renamed to sort last, 50 of the last renamed to
      // sort first, 50 in the middle deleted, 20 created.
      for (let i = 0; i < 50; i++) await license.apply(bySerial.get(`S${i}`), { name: `${mark} ~${i}` }, 'race');
      for (let i = count - 50; i < count; i++) await license.apply(bySerial.get(`S${i}`), { name: `${mark} !${i}` }, 'race');
      const deleted = new Set<string>();
      for (let i = 600; i < 650; i++) {
        await license.delete(bySerial.get(`S${i}`), 'race');
        deleted.add(`S${i}`);
      }
      for (let i = 0; i < 20; i++)
        await created(app, '/licenses', { name: `${mark} new ${i}`, software: software.documentId, quantity: 1, serialNumber: `N${i}` });

      const chunks: Buffer[] = [];
      for await (const chunk of stream) chunks.push(Buffer.from(chunk));
      const serials = rowsOf(Buffer.concat(chunks)).map((r) => r.serialNumber);
      expect(serials.length).toBe(new Set(serials).size);
      const missing = [...bySerial.keys()].filter((s) => !deleted.has(s) && !serials.includes(s));
      expect(missing).toEqual([]);
    } finally {
      stream.destroy();
    }
  }, 120000);
});
