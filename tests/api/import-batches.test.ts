/**
 * A long import lets other requests in (SQLite has one connection and one writer, so a file run in
 * one transaction made every other request wait for all of it): the rows run in batches, and a
 * dry run's report stays what one transaction would find, also for rows far apart in the file.
 */
import { startApp, unique, type TestApp } from './support/app';
import { created } from './support/fixtures';
import { csv, postImport } from './support/import';

const ROWS = 1000;
/** Rows of the all-or-nothing import: longer than a write waits for it on SQLite (4 s). */
const WHOLE = 4000;

let app: TestApp;
let mark: string;
let software: string;
let softwareId: string;

beforeAll(async () => {
  app = await startApp({ asPluginAdmin: true });
  mark = unique('Batch').replace(/\s/g, '');
  software = `${mark} Suite`;
  softwareId = (await created(app, '/software', { name: software, version: '1' })).documentId;
  // Deltas enough (over 500) that the first list read folds them (db/license-total) while the
  // dry run below writes: on MySQL that folding deadlocked the import's batch, which answered 409.
  const tally = app.strapi.db.metadata.get('plugin::license-manager.license-tally');
  const column = (attribute: string) => (tally.attributes[attribute] as { columnName: string }).columnName;
  const deltas = Array.from({ length: 600 }, (_, i) => ({
    [column('documentId')]: `${mark}tally${i}`.slice(0, 64),
    [column('kind')]: null,
    [column('delta')]: 0,
  }));
  for (let i = 0; i < deltas.length; i += 100) await app.strapi.db.connection(tally.tableName).insert(deltas.slice(i, i + 100));
});
afterAll(() => app.stop());

it(`answers a license list while a ${ROWS}-row dry run runs, and reports rows far apart as one transaction would`, async () => {
  const n = (i: number) => `${mark} Row ${String(i).padStart(4, '0')}`;
  const newSoftware = `${mark} Created`;
  const lines: string[][] = [['name', 'software', 'softwareVersion', 'quantity', 'inventoryNumber']];
  for (let i = 0; i < ROWS; i++) lines.push([n(i), software, '1', '1', '']);
  // Line 2 creates a software that the last rows use again; the last two rows repeat line 2's
  // name and line 3's inventory number: far apart, so in other batches unless kept together.
  lines[1] = [n(0), newSoftware, '', '1', ''];
  lines[2] = [n(1), software, '1', '1', `${mark}-INV`];
  lines.push([n(ROWS), newSoftware, '', '1', '']);
  lines.push([n(0).toUpperCase(), software, '1', '1', '']);
  lines.push([n(ROWS + 1), software, '1', '1', `${mark}-INV`]);

  // The list is asked for when the import writes its first row; it must answer while rows remain.
  const license = app.strapi.plugin('license-manager').service('license');
  const insert = license.insert;
  let rowsRun = 0;
  let listed: Promise<{ status: number; rowsRun: number }> | undefined;
  const spy = jest.spyOn(license, 'insert').mockImplementation((...args: unknown[]) => {
    rowsRun++;
    listed ??= app.admin('get', '/licenses?pageSize=5').then((res) => ({ status: res.status, rowsRun }));
    return insert.apply(license, args);
  });
  try {
    const res = await postImport(app, 'licenses', csv(lines), { dryRun: 'true', createMissing: 'true' });
    expect(res.status).toBe(200);
    expect(await listed).toEqual({ status: 200, rowsRun: expect.any(Number) });
    expect((await listed)!.rowsRun).toBeLessThan(ROWS);

    const report = res.body.data;
    expect({ created: report.created, failed: report.failed, committed: report.committed }).toEqual({ created: ROWS + 1, failed: 2, committed: false });
    expect(report.errors.map((e: { row: number; column: string; message: string }) => [e.row, e.column, e.message])).toEqual([
      [ROWS + 3, 'name', 'the same license is on line 2 of the file'],
      [ROWS + 4, 'inventoryNumber', 'A license with this inventory number already exists'],
    ]);
    expect(report.results.map((r: { row: number }) => r.row)).toEqual(Array.from({ length: ROWS + 3 }, (_, i) => i + 2));
  } finally {
    spy.mockRestore();
  }
  // A dry run wrote nothing, the software it created included.
  expect((await app.admin('get', `/licenses?_q=${encodeURIComponent(mark)}`)).body.meta.pagination.total).toBe(0);
  expect((await app.admin('get', `/software?_q=${encodeURIComponent(newSoftware)}`)).body.data).toEqual([]);
}, 120000);

it(`answers a list, and a write within 5 s (a 409 on SQLite that says why), while a ${WHOLE}-row all-or-nothing import commits`, async () => {
  const onSqlite = (process.env.DATABASE_CLIENT ?? 'sqlite') === 'sqlite';
  const other = await created(app, '/licenses', { name: `${mark} Other`, software: softwareId, quantity: 1 });
  const lines: string[][] = [['name', 'software', 'softwareVersion', 'quantity']];
  for (let i = 0; i < WHOLE; i++) lines.push([`${mark} Whole ${String(i).padStart(4, '0')}`, software, '1', '1']);

  // Asked for when the import writes its first licenses (a commit writes new licenses in runs, each
  // recording their history at once): both must answer while rows remain.
  const history = app.strapi.plugin('license-manager').service('history');
  const record = history.record;
  let rowsRun = 0;
  let listed: Promise<{ status: number; rowsRun: number }> | undefined;
  let written: Promise<{ status: number; message: string; rowsRun: number }> | undefined;
  const spy = jest.spyOn(history, 'record').mockImplementation(async (...args: unknown[]) => {
    const first = rowsRun === 0;
    rowsRun += ([args[0]].flat() as { action: string }[]).filter((e) => e.action === 'created').length;
    listed ??= app.admin('get', '/licenses?pageSize=5').then((res) => ({ status: res.status, rowsRun }));
    written ??= app
      .admin('put', `/licenses/${other.documentId}`, { data: { notes: 'during the import' } })
      .then((res) => ({ status: res.status, message: res.body.error?.message ?? '', rowsRun }));
    // On SQLite the write waits for the import's commit (4 s at most, then its 409): the import
    // waits for that answer here, however fast its rows are written. It holds no connection the
    // write needs: Strapi's keeps answering reads, and the write waits without one.
    if (first && onSqlite) await written;
    return record.apply(history, args);
  });
  try {
    const res = await postImport(app, 'licenses', csv(lines), { dryRun: 'false', onError: 'abort' });
    expect(res.status).toBe(200);
    expect({ created: res.body.data.created, committed: res.body.data.committed }).toEqual({ created: WHOLE, committed: true });
    const list = (await listed)!;
    expect(list.status).toBe(200);
    const write = (await written)!;
    if (onSqlite) {
      // Both answered before the import's last row: the import writes on a connection of its own,
      // and the write, after waiting 4 s for it, is refused saying why.
      expect(list.rowsRun).toBeLessThan(WHOLE);
      expect(write).toEqual({ status: 409, message: expect.stringContaining('An import is being written'), rowsRun: expect.any(Number) });
      expect(write.rowsRun).toBeLessThan(WHOLE);
    } else {
      expect(write.status).toBe(200);
    }
  } finally {
    spy.mockRestore();
  }
  expect((await app.admin('get', `/licenses?_q=${encodeURIComponent(`${mark} Whole`)}`)).body.meta.pagination.total).toBe(WHOLE);
  // After the import, writes go through again.
  expect((await app.admin('put', `/licenses/${other.documentId}`, { data: { notes: 'after the import' } })).status).toBe(200);
}, 240000);
