/**
 * Issue 12, import half: POST /license-manager/licenses/import over HTTP with a file written here
 * that has every kind of problem the contract names, checked row by row; dry run, abort and skip;
 * and a second import of the same file changing nothing.
 */
import { ACTIONS } from '../../shared/constants';
import { adminWith, startApp, unique, type TestApp } from './support/app';
import { created, makePerson } from './support/fixtures';
import { asBytes, csv, postImport } from './support/import';

let app: TestApp;
let software: string;
let mark: string;

beforeAll(async () => {
  app = await startApp();
  mark = unique('Imp').replace(/\s/g, '');
  software = `${mark} Suite`;
  await created(app, '/software', { name: software, version: '1' });
});
afterAll(() => app.stop());

const names = async () => {
  const res = await app.admin('get', `/licenses?_q=${encodeURIComponent(mark)}&pageSize=100&sort=name`);
  expect(res.status).toBe(200);
  return res.body.data.map((l: { name: string }) => l.name);
};
const softwareNamed = async (name: string) => (await app.admin('get', `/software?_q=${encodeURIComponent(name)}`)).body.data.length;

describe('a file with every kind of problem', () => {
  let full: string; // the over-the-seats license, with 2 persons assigned
  let file: string;
  const n = (s: string) => `${mark} ${s}`;

  beforeAll(async () => {
    const lic = await created(app, '/licenses', {
      name: n('Full'),
      software: (await app.admin('get', `/software?_q=${encodeURIComponent(software)}`)).body.data[0].documentId,
      quantity: 2,
    });
    full = lic.documentId;
    for (let i = 0; i < 2; i++) {
      const p = await makePerson(app);
      expect(
        (
          await app.admin('post', `/licenses/${full}/assignments`, {
            data: { person: p.documentId },
          })
        ).status,
      ).toBe(201);
    }
    file = csv([
      ['name', 'software', 'expirationDate', 'netUnitPrice', 'vatRate', 'quantity', 'serialNumber', 'notes', 'Colour'],
      [n('Good A'), software, '2027-01-31', '100.50', '19', '5', '', '', 'blue'], // 2: created
      [n('Bad date'), software, '2027-02-30', '', '', '1', '', '', ''], // 3
      [n('Comma'), software, '', '100,50', '', '1', '', '', ''], // 4
      [n('Unknown software'), `${mark} Nowhere`, '', '', '', '1', '', '', ''], // 5
      [n('good a'), software, '', '', '', '1', '', '', ''], // 6: the same name as line 2
      [n('Full'), software, '', '', '', '1', '', '', ''], // 7: quantity 1 below the 2 seats in use
      [n('Nul'), software, '', '', '', '1', '', 'a\u0000b', ''], // 8
      [n('Long'), software, '', '', '', '1', 'x'.repeat(10_000), '', ''], // 9
      [n('Good B'), software, '', '', '', '3', 'SN-1', 'plain', ''], // 10: created
    ]);
  });

  const expectReport = (report: any, { createMissing = false } = {}) => {
    const byRow = (row: number) => report.errors.filter((e: any) => e.row === row);
    expect(report.rows).toBe(9);
    expect(report.warnings).toEqual([{ column: 'Colour', message: 'unknown column, not imported' }]);
    expect(byRow(3)).toEqual([
      {
        row: 3,
        column: 'expirationDate',
        value: '2027-02-30',
        message: 'not a date in the format YYYY-MM-DD',
        code: 'not_a_date',
        params: { format: 'YYYY-MM-DD' },
      },
    ]);
    expect(byRow(4)).toEqual([
      {
        row: 4,
        column: 'netUnitPrice',
        value: '100,50',
        message: 'not a number with "." as decimal separator',
        code: 'not_a_decimal',
        params: { separator: '.' },
      },
    ]);
    if (createMissing) expect(byRow(5)).toEqual([]);
    else
      expect(byRow(5)).toEqual([
        {
          row: 5,
          column: 'software',
          value: `${mark} Nowhere`,
          message: 'no software has this name (createMissing adds it)',
          code: 'no_reference',
          params: { kind: 'software', option: 'createMissing' },
        },
      ]);
    expect(byRow(6)).toEqual([
      {
        row: 6,
        column: 'name',
        value: n('good a'),
        message: 'the same license is on line 2 of the file',
        code: 'duplicate_row',
        params: { line: 2 },
      },
    ]);
    expect(byRow(7)).toEqual([
      expect.objectContaining({
        row: 7,
        column: 'quantity',
        value: '1',
        message: expect.stringContaining('below the 2 seats in use'),
      }),
    ]);
    expect(byRow(8)).toEqual([
      expect.objectContaining({
        row: 8,
        column: 'notes',
        message: expect.stringMatching(/NUL|null/i),
        code: 'custom',
        params: { id: 'noNul' },
      }),
    ]);
    expect(byRow(9)).toEqual([
      expect.objectContaining({
        row: 9,
        column: 'serialNumber',
        message: expect.stringContaining('255'),
        // The schema's issue, as a 400 carries it, for a client to word it.
        code: 'too_big',
        params: expect.objectContaining({ origin: 'string', maximum: 255 }),
      }),
    ]);
    expect(byRow(9)[0].value.length).toBeLessThanOrEqual(201);
    expect(report.failed).toBe(createMissing ? 6 : 7);
    expect(report.created).toBe(createMissing ? 3 : 2);
    expect(report.results.map((r: any) => r.outcome)).toEqual([
      'created',
      'failed',
      'failed',
      createMissing ? 'created' : 'failed',
      'failed',
      'failed',
      'failed',
      'failed',
      'created',
    ]);
  };

  it('a dry run reports every problem row by row and writes nothing', async () => {
    const res = await postImport(app, 'licenses', file);
    expect(res.status).toBe(200);
    const report = res.body.data;
    expect(report).toMatchObject({
      dryRun: true,
      committed: false,
      encoding: 'utf-8',
      delimiter: 'comma',
      updated: 0,
      unchanged: 0,
    });
    expectReport(report);
    expect(await names()).toEqual([n('Full')]);
  });

  it('a dry run with createMissing creates nothing either', async () => {
    const res = await postImport(app, 'licenses', file, {
      createMissing: 'true',
    });
    expect(res.status).toBe(200);
    expectReport(res.body.data, { createMissing: true });
    expect(await softwareNamed(`${mark} Nowhere`)).toBe(0);
    expect(await names()).toEqual([n('Full')]);
  });

  it('a commit under abort answers 400 with the report and writes nothing', async () => {
    const res = await postImport(app, 'licenses', file, { dryRun: 'false' });
    expect(res.status).toBe(400);
    expect(res.body.error.name).toBe('ValidationError');
    expect(res.body.error.message).toBe('The file has 7 errors: nothing was imported');
    expect(res.body.error.details).toMatchObject({
      dryRun: false,
      committed: false,
    });
    expectReport(res.body.error.details);
    expect(await names()).toEqual([n('Full')]);
    const full_ = await app.admin('get', `/licenses/${full}`);
    expect(full_.body.data.quantity).toBe(2);
  });

  it('a commit under skip writes exactly the good rows, and a second import changes nothing', async () => {
    const res = await postImport(app, 'licenses', file, {
      dryRun: 'false',
      onError: 'skip',
      createMissing: 'true',
    });
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({ committed: true });
    expectReport(res.body.data, { createMissing: true });
    expect(await names()).toEqual([n('Full'), n('Good A'), n('Good B'), n('Unknown software')].sort());
    const good = (await app.admin('get', `/licenses?_q=${encodeURIComponent(n('Good A'))}`)).body.data[0];
    expect(good).toMatchObject({
      netUnitPrice: '100.50',
      vatRate: '19.00',
      grossUnitPrice: '119.60',
      quantity: 5,
      expirationDate: '2027-01-31',
    });
    expect(await softwareNamed(`${mark} Nowhere`)).toBe(1);

    const again = await postImport(app, 'licenses', file, {
      dryRun: 'false',
      onError: 'skip',
      createMissing: 'true',
    });
    expect(again.status).toBe(200);
    expect(again.body.data).toMatchObject({
      committed: true,
      created: 0,
      updated: 0,
      unchanged: 3,
      failed: 6,
    });
    expect(await names()).toEqual([n('Full'), n('Good A'), n('Good B'), n('Unknown software')].sort());
    expect(await softwareNamed(`${mark} Nowhere`)).toBe(1);
    const history = await app.admin('get', `/licenses/${good.documentId}/history`);
    expect(history.body.data.map((e: { action: string }) => e.action)).toEqual(['created']);
  });
});

describe('matching, keys and whole-file refusals', () => {
  it("updates a license matched by name without case (taking the file's spelling), and leaves empty cells alone", async () => {
    const lic = await created(app, '/licenses', {
      name: `${mark} Match`,
      software: (await app.admin('get', `/software?_q=${encodeURIComponent(software)}`)).body.data[0].documentId,
      quantity: 4,
      notes: 'kept',
    });
    const res = await postImport(
      app,
      'licenses',
      csv([
        ['Name', 'Quantity', 'Notes'],
        [`${mark} MATCH`.toLowerCase(), '6', ''],
      ]),
      { dryRun: 'false' },
    );
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({
      created: 0,
      updated: 1,
      unchanged: 0,
      failed: 0,
    });
    const after = (await app.admin('get', `/licenses/${lic.documentId}`)).body.data;
    expect(after).toMatchObject({
      name: `${mark} match`.toLowerCase(),
      quantity: 6,
      notes: 'kept',
    });
  });

  it('adds a key once, shows it masked, and never answers it', async () => {
    const value = `KEY-${mark}-ABCDEFGH`;
    const file = csv([
      ['name', 'software', 'quantity', 'key'],
      [`${mark} Keyed`, software, '1', value],
    ]);
    const first = await postImport(app, 'licenses', file, { dryRun: 'false' });
    expect(first.body.data).toMatchObject({ created: 1, failed: 0 });
    expect(JSON.stringify(first.body)).not.toContain(value);
    const second = await postImport(app, 'licenses', file, { dryRun: 'false' });
    expect(second.body.data).toMatchObject({
      created: 0,
      updated: 0,
      unchanged: 1,
    });
    const lic = (await app.admin('get', `/licenses?_q=${encodeURIComponent(`${mark} Keyed`)}`)).body.data[0];
    expect((await app.admin('get', `/licenses/${lic.documentId}`)).body.data.keys).toHaveLength(1);
    // A bad key is that column's error, masked.
    const bad = await postImport(
      app,
      'licenses',
      csv([
        ['name', 'software', 'quantity', 'key'],
        [`${mark} Keyed 2`, software, '1', `${value}\u0000`],
      ]),
    );
    expect(bad.body.data.errors).toEqual([expect.objectContaining({ row: 2, column: 'key' })]);
    expect(JSON.stringify(bad.body)).not.toContain(value);
  });

  it('reads back what the export guarded with an apostrophe', async () => {
    const res = await postImport(
      app,
      'licenses',
      csv([
        ['name', 'software', 'quantity', 'notes'],
        [`${mark} Formula`, software, '1', "'=SUM(A1)"],
      ]),
      { dryRun: 'false' },
    );
    expect(res.body.data).toMatchObject({ created: 1 });
    const lic = (await app.admin('get', `/licenses?_q=${encodeURIComponent(`${mark} Formula`)}`)).body.data[0];
    expect((await app.admin('get', `/licenses/${lic.documentId}`)).body.data.notes).toBe('=SUM(A1)');
  });

  it.each([
    ['a missing required column', csv([['software'], [software]]), {}, 'name', 'missing required column name'],
    [
      'a duplicate column',
      csv([
        ['name', 'Name'],
        ['a', 'b'],
      ]),
      {},
      'Name',
      'duplicate column: "name" is already name',
    ],
    ['not a CSV file', Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x00, 0x01, 0x02, 0x03]), {}, 'file', 'not a CSV text file'],
    ['an empty file', '', {}, 'file', ''],
    ['a bad option', csv([['name'], ['x']]), { onError: 'later' }, 'onError', 'onError must be abort or skip'],
    ['a bad date format', csv([['name'], ['x']]), { dateFormat: 'YY' }, 'dateFormat', 'dateFormat must be one of'],
  ])('refuses %s with a 400 naming it', async (_what, file, form, path, message) => {
    const before = await names();
    const res = await postImport(app, 'licenses', file, {
      ...form,
      dryRun: 'false',
    });
    expect(res.status).toBe(400);
    expect(res.body.error.details.errors).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          path: [path],
          message: expect.stringContaining(message),
        }),
      ]),
    );
    expect(await names()).toEqual(before);
  });

  it('refuses a request without a file, and a file over 20 MB with 413', async () => {
    const none = await app.http().post('/license-manager/licenses/import').set('Authorization', `Bearer ${app.adminToken}`).field('dryRun', 'true');
    expect(none.status).toBe(400);
    expect(none.body.error.details.errors[0].path).toEqual(['file']);
    const big = await postImport(app, 'licenses', Buffer.alloc(20 * 1024 * 1024 + 1, 'a'));
    expect(big.status).toBe(413);
    expect(big.body.error.name).toBe('PayloadTooLargeError');
  });

  it('needs create and update, and reference management for createMissing', async () => {
    const file = csv([
      ['name', 'software'],
      [`${mark} Perm`, `${mark} Perm software`],
    ]);
    const createOnly = await adminWith(app, unique('create-only'), [ACTIONS.read, ACTIONS.create]);
    expect((await postImport(app, 'licenses', file, {}, createOnly)).status).toBe(403);
    const writer = await adminWith(app, unique('writer'), [ACTIONS.read, ACTIONS.create, ACTIONS.update]);
    expect((await postImport(app, 'licenses', file, { createMissing: 'true' }, writer)).status).toBe(403);
    const dry = await postImport(app, 'licenses', file, {}, writer);
    expect(dry.status).toBe(200);
    expect(dry.body.data.failed).toBe(1);
  });
});

it('dry-runs everything the suite has stored so far back from its export: nothing to create or update', async () => {
  const res = await asBytes(app.http().get('/license-manager/licenses/export').set('Authorization', `Bearer ${app.adminToken}`));
  const dry = await postImport(app, 'licenses', res.body as Buffer);
  expect(dry.status).toBe(200);
  expect(dry.body.data.errors).toEqual([]);
  expect(dry.body.data).toMatchObject({ created: 0, updated: 0, failed: 0, unchanged: dry.body.data.rows });
  expect(dry.body.data.rows).toBeGreaterThan(5);
  // Its size is whatever the suite stored before it (import-batches alone commits 4,000 licenses):
  // on MySQL that dry run took over a minute beside other work.
}, 300000);
