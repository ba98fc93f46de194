/**
 * Issue 30: a commit writes an import's new licenses in runs (services/import/bulk-rows,
 * services/license/bulk-insert): a few statements per run instead of a dozen per row. What it
 * writes and reports must be what the rows one by one give: the licenses as POST creates them, their
 * history and events, the license total, the search; the report of a dry run (which runs every row
 * on its own); and, when the database refuses a run's write, each row on its own, reported alone.
 */
import { LICENSE_EVENTS } from '../../shared/events';
import { startApp, unique, type TestApp } from './support/app';
import { created } from './support/fixtures';
import { csv, postImport } from './support/import';
import { startReceiver, subscribe } from './support/receiver';

const onSqlite = (process.env.DATABASE_CLIENT ?? 'sqlite') === 'sqlite';
const LICENSE = 'plugin::license-manager.license';
const EVENT = 'plugin::license-manager.license-event';
const SOFTWARE = 'plugin::license-manager.software';

let app: TestApp;
let receiver: Awaited<ReturnType<typeof startReceiver>>;
let mark: string;
let refs: Record<'software' | 'category' | 'organization' | 'unit' | 'location' | 'supplier', { documentId: string; name: string }>;

beforeAll(async () => {
  app = await startApp();
  receiver = await startReceiver();
  await subscribe(
    app,
    receiver.url,
    'bulk import events',
    Object.values(LICENSE_EVENTS).map((e) => e.event),
  );
  mark = unique('Bulk').replace(/\s/g, '');
  const organization = await created(app, '/organizations', { name: `${mark} Org` });
  refs = {
    software: await created(app, '/software', { name: `${mark} Suite`, version: '2' }),
    category: await created(app, '/categories', { name: `${mark} Type` }),
    organization,
    unit: await created(app, '/organizational-units', { name: `${mark} Unit`, organization: organization.documentId }),
    location: await created(app, '/locations', { name: `${mark} Room` }),
    supplier: await created(app, '/organizations', { name: `${mark} Supplier` }),
  } as typeof refs;
});
afterAll(async () => {
  await receiver.close();
  await app.stop();
});

const HEADER = [
  'name',
  'software',
  'softwareVersion',
  'category',
  'organization',
  'organizationalUnit',
  'locationStructure',
  'supplier',
  'physicalLocation',
  'serialNumber',
  'inventoryNumber',
  'invoiceNumber',
  'netUnitPrice',
  'vatRate',
  'grossUnitPrice',
  'currency',
  'purchaseDate',
  'expirationDate',
  'supportDate',
  'billing',
  'assignmentModel',
  'overAssignment',
  'quantity',
  'coreFactor',
  'minCoresPerProcessor',
  'minCoresPerServer',
  'notes',
  'notifyEmails',
  'key',
] as const;
type Column = (typeof HEADER)[number];

/** Six kinds of license, by `i % 6`: as a file's row (cells by column) and as POST's body; `tag` keeps the unique values apart. */
const variant = (i: number, tag: string): { cells: Partial<Record<Column, string>>; body: Record<string, unknown> } => {
  const sw = { cells: { software: refs.software.name, softwareVersion: '2' }, body: { software: refs.software.documentId } };
  switch (i % 6) {
    case 0:
      return { cells: { ...sw.cells, quantity: '1' }, body: { ...sw.body, quantity: 1 } };
    case 1: {
      const fixed = { physicalLocation: 'Rack 1', serialNumber: `SN-${i}`, inventoryNumber: `${mark}-${tag}-INV-${i}`, invoiceNumber: `R-${i}` };
      return {
        cells: {
          ...sw.cells,
          category: refs.category.name,
          organization: refs.organization.name,
          organizationalUnit: refs.unit.name,
          locationStructure: refs.location.name,
          supplier: refs.supplier.name,
          ...fixed,
          quantity: '1',
        },
        body: {
          ...sw.body,
          category: refs.category.documentId,
          organization: refs.organization.documentId,
          organizationalUnit: refs.unit.documentId,
          locationStructure: refs.location.documentId,
          supplier: refs.supplier.documentId,
          ...fixed,
          quantity: 1,
        },
      };
    }
    case 2: {
      const fixed = {
        netUnitPrice: '19.90',
        vatRate: '19',
        currency: 'USD',
        purchaseDate: '2026-01-15',
        expirationDate: '2027-01-14',
        supportDate: '2026-12-31',
        billing: 'yearly',
      };
      return { cells: { ...sw.cells, ...fixed, quantity: '3' }, body: { ...sw.body, ...fixed, quantity: 3 } };
    }
    case 3:
      return {
        cells: { ...sw.cells, assignmentModel: 'per_core', coreFactor: '0.5', minCoresPerProcessor: '8', minCoresPerServer: '16', quantity: '32' },
        body: { ...sw.body, assignmentModel: 'per_core', coreFactor: '0.5', minCoresPerProcessor: 8, minCoresPerServer: 16, quantity: 32 },
      };
    case 4: {
      const key = `${mark}-${tag}-KEY-${i}`;
      return {
        cells: { ...sw.cells, notes: 'two\nlines', notifyEmails: 'a@example.test; b@example.test', key, quantity: '2' },
        body: { ...sw.body, notes: 'two\nlines', notifyEmails: ['a@example.test', 'b@example.test'], keys: [{ value: key }], quantity: 2 },
      };
    }
    default:
      return {
        cells: { ...sw.cells, assignmentModel: 'site', overAssignment: 'allow' },
        body: { ...sw.body, assignmentModel: 'site', overAssignment: 'allow' },
      };
  }
};

const row = (cells: Partial<Record<Column, string>>) => HEADER.map((c) => cells[c] ?? '');
const fileOf = (rows: Partial<Record<Column, string>>[]) => csv([[...HEADER], ...rows.map(row)]);

/** A license read as the API answers it, without what tells two creates apart. */
const comparable = (license: Record<string, any>) => {
  const { documentId: _d, name: _n, createdAt: _c, updatedAt: _u, inventoryNumber, keys, ...rest } = license;
  return { ...rest, inventoryNumber: inventoryNumber === null ? null : 'set', keys: (keys ?? []).map((k: Record<string, unknown>) => ({ label: k.label })) };
};
const historyOf = async (documentId: string) =>
  (await app.admin('get', `/licenses/${documentId}/history?pageSize=50`)).body.data.map((e: Record<string, any>) => ({
    action: e.action,
    actor: e.actor,
    changes: e.action === 'key_added' ? { label: e.changes.label } : e.changes,
  }));
const byName = async (prefix: string): Promise<Map<string, string>> => {
  const found = await app.strapi.db.query(LICENSE).findMany({ select: ['documentId', 'name'], where: { name: { $startsWith: prefix } } });
  return new Map(found.map((l: { name: string; documentId: string }) => [l.name, l.documentId]));
};
/** Every row created, in file order (a row's `row` is the line it starts on: a cell's line break moves the next ones). */
const expectAllCreated = (results: { row: number; name: string; outcome: string }[], names: string[]) => {
  expect(results.map((r) => [r.name, r.outcome])).toEqual(names.map((name) => [name, 'created']));
  expect(results.every((r, i) => i === 0 || r.row > results[i - 1].row)).toBe(true);
  expect(results[0].row).toBe(2);
};
const totalKept = async () => {
  const check = await app.strapi.plugin('license-manager').service('licenseTotal').verify();
  expect(check.kept).toBe(check.counted);
};
const createdEvents = (names: Set<string>) => receiver.deliveries.filter((d) => d.event === 'license.create' && names.has(d.body.license?.name));

describe('new licenses written in runs', () => {
  it('are what POST creates: fields, relations, keys, history, events, total and search', async () => {
    const ROWS = 300;
    const names = Array.from({ length: ROWS }, (_, i) => `${mark} Imp ${String(i).padStart(3, '0')}`);
    const res = await postImport(app, 'licenses', fileOf(names.map((name, i) => ({ name, ...variant(i, 'imp').cells }))), {
      dryRun: 'false',
      onError: 'abort',
    });
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({ committed: true, created: ROWS, updated: 0, failed: 0, errors: [] });
    expectAllCreated(res.body.data.results, names);

    // The same licenses, one by one, through POST (the license service's `insert`, as a row on its own).
    const ids = await byName(`${mark} Imp `);
    expect(ids.size).toBe(ROWS);
    for (let i = 0; i < 12; i++) {
      const api = await created(app, '/licenses', { name: `${mark} Api ${i}`, ...variant(i, 'api').body });
      const imported = (await app.admin('get', `/licenses/${ids.get(names[i])}`)).body.data;
      const posted = (await app.admin('get', `/licenses/${api.documentId}`)).body.data;
      expect(comparable(imported)).toEqual(comparable(posted));
      expect(await historyOf(ids.get(names[i])!)).toEqual(await historyOf(api.documentId));
    }

    // One license.create each (a key added in the create is part of it), nothing else about them.
    await receiver.settle(() => createdEvents(new Set(names)).length >= ROWS, 30000);
    const mine = receiver.deliveries.filter((d) => names.includes(d.body.license?.name));
    expect(mine.length).toBe(ROWS);
    expect(new Set(mine.map((d) => d.body.license.documentId)).size).toBe(ROWS);
    expect(new Set(mine.map((d) => d.event))).toEqual(new Set(['license.create']));
    const imported4 = mine.find((d) => d.body.license.name === names[4])!;
    const api4 = receiver.deliveries.find((d) => d.event === 'license.create' && d.body.license?.name === `${mark} Api 4`)!;
    expect(comparable(imported4.body.license)).toEqual(comparable(api4.body.license));
    expect(receiver.deliveries.filter((d) => d.event === 'license.import' && d.body.created === ROWS)).toHaveLength(1);

    await totalKept();
    const search = await app.admin('get', `/licenses?_q=${encodeURIComponent(`${mark} Imp`)}&pageSize=1`);
    expect(search.body.meta.pagination.total).toBe(ROWS);
    const byNumber = await app.admin('get', `/licenses?_q=${encodeURIComponent(`${mark}-imp-INV-295`)}`);
    expect(byNumber.body.data.map((l: { name: string }) => l.name)).toEqual([names[295]]);
    // The unfiltered list's total is the kept one.
    const all = await app.admin('get', '/licenses?pageSize=1');
    expect(all.body.meta.pagination.total).toBe(await app.strapi.db.query(LICENSE).count());
  }, 180000);

  it('report what the dry run (every row on its own) reports, row for row, in a file of every kind of row', async () => {
    const existing = await created(app, '/licenses', {
      name: `${mark} Existing`,
      software: refs.software.documentId,
      quantity: 1,
      inventoryNumber: `${mark}-OLD`,
    });
    await created(app, '/locations', { name: `${mark} Twin` });
    await created(app, '/locations', { name: `${mark} Twin` });
    const ROWS = 620;
    const rows = Array.from(
      { length: ROWS },
      (_, i) => ({ name: `${mark} Mix ${String(i).padStart(3, '0')}`, ...variant(i, 'mix').cells }) as Partial<Record<Column, string>>,
    );
    for (let i = 5; i < ROWS; i += 37) rows[i].quantity = '-3';
    for (let i = 7; i < ROWS; i += 41) Object.assign(rows[i], { software: `${mark} New ${i % 2}`, softwareVersion: '' });
    for (let i = 9; i < ROWS; i += 43) rows[i].name = rows[i - 3].name!.toUpperCase();
    for (let i = 13; i < ROWS; i += 53) rows[i].locationStructure = `${mark} Twin`;
    for (let i = 17; i < ROWS; i += 59) Object.assign(rows[i], { netUnitPrice: '10', vatRate: '19', currency: 'EUR', grossUnitPrice: '99' });
    rows[100] = { name: existing.name.toUpperCase(), notes: 'updated by the file' };
    rows[150].inventoryNumber = `${mark}-OLD`;
    rows[200].inventoryNumber = rows[400].inventoryNumber = `${mark}-SHARED`;
    rows[320].inventoryNumber = rows[321].inventoryNumber = `${mark}-PAIR`;
    const file = fileOf(rows);

    const dry = await postImport(app, 'licenses', file, { dryRun: 'true', createMissing: 'true' });
    expect(dry.status).toBe(200);
    const commit = await postImport(app, 'licenses', file, { dryRun: 'false', onError: 'skip', createMissing: 'true' });
    expect(commit.status).toBe(200);
    const { dryRun: _d, committed: _c, ...dryReport } = dry.body.data;
    const { dryRun: _d2, committed, ...commitReport } = commit.body.data;
    expect(committed).toBe(true);
    expect(commitReport).toEqual(dryReport);
    // Every kind of refusal is there, each on its row.
    expect(commitReport.updated).toBe(1);
    expect(commitReport.failed).toBeGreaterThan(40);
    const errorsOf = (i: number) => {
      const line = commitReport.results.find((r: { name: string }) => r.name === rows[i].name).row;
      return commitReport.errors.filter((e: { row: number }) => e.row === line).map((e: { column: string }) => e.column);
    };
    expect(errorsOf(150)).toEqual(['inventoryNumber']);
    expect(errorsOf(400)).toEqual(['inventoryNumber']);
    expect(errorsOf(321)).toEqual(['inventoryNumber']);
    expect(errorsOf(200)).toEqual([]);
    expect(errorsOf(320)).toEqual([]);
    const written = await byName(`${mark} Mix `);
    expect(written.size).toBe(commitReport.created);
    expect((await app.admin('get', `/licenses/${existing.documentId}`)).body.data.notes).toBe('updated by the file');
    await totalKept();
  }, 240000);
});

describe('a run the database refuses', () => {
  it('is rolled back, and its rows are written one by one: each license, history entry and event once', async () => {
    const events = app.strapi.plugin('license-manager').service('events');
    const queue = events.queue;
    let refused = 0;
    // The run fails once its licenses, total and history are written and its webhook events queued: all of it must go.
    const spy = jest.spyOn(events, 'queue').mockImplementation(async (...args: unknown[]) => {
      await queue.apply(events, args);
      // The run's entries (more than a row's two), once.
      if ((args[0] as unknown[]).length > 2 && !refused) {
        refused++;
        throw new Error('simulated refusal');
      }
    });
    const names = Array.from({ length: 40 }, (_, i) => `${mark} Refused ${String(i).padStart(2, '0')}`);
    try {
      const res = await postImport(app, 'licenses', fileOf(names.map((name, i) => ({ name, ...variant(i, 'ref').cells }))), {
        dryRun: 'false',
        onError: 'abort',
      });
      expect(res.status).toBe(200);
      expect(res.body.data).toMatchObject({ committed: true, created: 40, failed: 0 });
      expectAllCreated(res.body.data.results, names);
    } finally {
      spy.mockRestore();
    }
    expect(refused).toBe(1);
    expect((await byName(`${mark} Refused `)).size).toBe(40);
    expect(await app.strapi.db.query(EVENT).count({ where: { licenseName: { $startsWith: `${mark} Refused ` }, action: 'created' } })).toBe(40);
    await receiver.settle(() => createdEvents(new Set(names)).length >= 40);
    expect(receiver.deliveries.filter((d) => names.includes(d.body.license?.name)).map((d) => d.event)).toEqual(Array(40).fill('license.create'));
    await totalKept();
  }, 120000);

  it('with a unique violation (PostgreSQL: the aborted statement) writes the rows one by one', async () => {
    const repo = app.strapi.db.query(LICENSE);
    const original = repo.createMany;
    let refused = 0;
    // Two rows of the run with one name key: the multi-row INSERT fails in the database.
    const spy = jest.spyOn(repo, 'createMany').mockImplementation(async (params: any) => {
      if (!refused++)
        return original.call(repo, { ...params, data: params.data.map((d: any, i: number) => (i === 1 ? { ...d, nameKey: params.data[0].nameKey } : d)) });
      return original.call(repo, params);
    });
    const names = Array.from({ length: 30 }, (_, i) => `${mark} Clash ${String(i).padStart(2, '0')}`);
    try {
      const res = await postImport(app, 'licenses', fileOf(names.map((name, i) => ({ name, ...variant(i, 'cla').cells }))), {
        dryRun: 'false',
        onError: 'abort',
      });
      expect(res.status).toBe(200);
      expect(res.body.data).toMatchObject({ committed: true, created: 30, failed: 0 });
    } finally {
      spy.mockRestore();
    }
    expect(refused).toBe(1);
    expect((await byName(`${mark} Clash `)).size).toBe(30);
    expect(await app.strapi.db.query(EVENT).count({ where: { licenseName: { $startsWith: `${mark} Clash ` } } })).toBe(30 + 5);
    await totalKept();
  }, 120000);
});

describe('a license of a row name created meanwhile', () => {
  /** Commits a file of new licenses of these names, of one software (`onError=skip`). */
  const commitNew = (names: string[]) =>
    postImport(app, 'licenses', fileOf(names.map((name) => ({ name, software: refs.software.name, softwareVersion: '2', quantity: '1' }))), {
      dryRun: 'false',
      onError: 'skip',
    });

  it('before the run is checked: that row is refused as on its own, the others written', async () => {
    const names = Array.from({ length: 20 }, (_, i) => `${mark} Taken ${String(i).padStart(2, '0')}`);
    const repo = app.strapi.db.query(SOFTWARE);
    const original = repo.findMany;
    let injected = false;
    // The run's check resolves its relations first: a license of row 6's name is created just then, in the import's transaction.
    const spy = jest.spyOn(repo, 'findMany').mockImplementation(async (params: any) => {
      if (!injected && params?.where?.documentId?.$in) {
        injected = true;
        await app.strapi.plugin('license-manager').service('license').insert({ name: names[5], software: refs.software.documentId, quantity: 1 }, 'meanwhile');
      }
      return original.call(repo, params);
    });
    try {
      const res = await commitNew(names);
      expect(res.status).toBe(200);
      expect(res.body.data).toMatchObject({ committed: true, created: 19, failed: 1 });
      expect(res.body.data.errors).toEqual([{ row: 7, column: 'name', value: names[5], message: 'A license with this name already exists' }]);
      expect(res.body.data.results[5]).toEqual({ row: 7, name: names[5], outcome: 'failed' });
    } finally {
      spy.mockRestore();
    }
    expect(injected).toBe(true);
    expect((await byName(`${mark} Taken `)).size).toBe(20);
    await totalKept();
  }, 120000);

  // Only where another request can write between a run's check and its write: SQLite has one
  // writer, which the import holds (the test before this one covers that row's path there).
  if (!onSqlite)
    it('by another request between the check and the write: that row is refused alone, the others written', async () => {
      const names = Array.from({ length: 20 }, (_, i) => `${mark} Raced ${String(i).padStart(2, '0')}`);
      const repo = app.strapi.db.query(LICENSE);
      const original = repo.createMany;
      let raced: number | undefined;
      const spy = jest.spyOn(repo, 'createMany').mockImplementation(async (params: any) => {
        if (raced === undefined)
          raced = (await app.admin('post', '/licenses', { data: { name: names[3], software: refs.software.documentId, quantity: 1 } })).status;
        return original.call(repo, params);
      });
      try {
        const res = await commitNew(names);
        expect(res.status).toBe(200);
        expect(res.body.data).toMatchObject({ committed: true, created: 19, failed: 1 });
        expect(res.body.data.errors).toEqual([{ row: 5, column: 'name', value: names[3], message: expect.stringContaining('already exists') }]);
      } finally {
        spy.mockRestore();
      }
      expect(raced).toBe(201);
      expect((await byName(`${mark} Raced `)).size).toBe(20);
      await totalKept();
    }, 120000);
});
