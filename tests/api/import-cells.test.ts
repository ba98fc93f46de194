/**
 * Cells and headers a database or the server cannot take: a NUL byte in any cell the import looks
 * up or writes is that row's error (PostgreSQL refuses NUL in a query: it was a 500), and a header
 * of a million columns or an endless header cell is a quick 400 naming the limit.
 */
import { rows, startApp, unique, type TestApp } from './support/app';
import { created, makeAsset, makeLicense, makePerson } from './support/fixtures';
import { csv, postImport } from './support/import';

let app: TestApp;
let mark: string;
let software: string;
let organization: string;

beforeAll(async () => {
  app = await startApp({ asPluginAdmin: true });
  mark = unique('Cells').replace(/\s/g, '');
  software = `${mark} Suite`;
  organization = `${mark} Org`;
  await created(app, '/software', { name: software, version: '1' });
  await created(app, '/organizations', { name: organization });
});
afterAll(() => app.stop());

const counts = async () =>
  Object.fromEntries(
    await Promise.all(
      ['license', 'license-assignment', 'software', 'organization', 'organizational-unit', 'location', 'license-category'].map(async (n) => [
        n,
        await rows(app, n),
      ]),
    ),
  );

describe('a NUL byte in a cell', () => {
  it('in a license file is the row error of that cell, before any look-up, on a dry run and a commit', async () => {
    const header = [
      'name',
      'software',
      'softwareVersion',
      'organization',
      'organizationalUnit',
      'locationStructure',
      'supplier',
      'category',
      'notes',
      'quantity',
    ];
    const good = [`${mark} Good`, software, '1', organization, '', '', '', '', '', '1'];
    const nulIn = header.filter((h) => h !== 'quantity');
    const file = csv([
      header,
      good,
      ...nulIn.map((column, i) => {
        const row = [...good];
        row[0] = `${mark} Row ${i}`;
        const at = header.indexOf(column);
        row[at] = `${row[at] || 'x'}\u0000y`;
        return row;
      }),
    ]);
    const expected = nulIn.map((column, i) => ({
      row: i + 3,
      column,
      value: expect.any(String),
      message: 'must not contain NUL characters',
      code: 'custom',
      params: { id: 'noNul' },
    }));
    const before = await counts();
    for (const form of [{}, { createMissing: 'true' }, { dryRun: 'false', onError: 'skip', createMissing: 'true' }]) {
      const res = await postImport(app, 'licenses', file, form);
      expect(res.status).toBe(200);
      expect(res.body.data.errors).toEqual(expected);
      expect(res.body.data).toMatchObject({ rows: nulIn.length + 1, created: 1, failed: nulIn.length });
      expect(JSON.stringify(res.body)).not.toContain('\\u0000');
    }
    // The commit wrote the good row only; no reference was made from a cell with NUL.
    expect(await counts()).toEqual({ ...before, license: before.license + 1 });
  });

  it('in an assignment file is the row error of that cell: license name or id, e-mail, employee number, inventory number', async () => {
    const license = await makeLicense(app, { name: `${mark} Seats`, quantity: 10 });
    const person = await makePerson(app);
    const personRead = (await app.admin('get', `/persons/${person.documentId}`)).body.data;
    const asset = await makeAsset(app);
    const inventory = (await app.admin('get', `/assets/${asset.documentId}`)).body.data.inventoryNumber;
    const header = ['license', 'licenseDocumentId', 'personEmail', 'personEmployeeNumber', 'assetInventoryNumber'];
    const file = csv([
      header,
      [`${mark} Seats\u0000`, '', personRead.email ?? '', '', ''],
      ['', `${license.documentId}\u0000`, '', '', inventory ?? 'INV'],
      [`${mark} Seats`, '', 'a\u0000@example.com', '', ''],
      [`${mark} Seats`, '', '', 'E\u00001', ''],
      [`${mark} Seats`, '', '', '', 'INV\u00001'],
    ]);
    const before = await counts();
    for (const form of [{}, { dryRun: 'false', onError: 'skip' }]) {
      const res = await postImport(app, 'assignments', file, form);
      expect(res.status).toBe(200);
      expect(res.body.data.errors).toEqual(
        ['license', 'licenseDocumentId', 'personEmail', 'personEmployeeNumber', 'assetInventoryNumber'].map((column, i) => ({
          row: i + 2,
          column,
          value: expect.any(String),
          message: 'must not contain NUL characters',
          code: 'custom',
          params: { id: 'noNul' },
        })),
      );
      expect(res.body.data).toMatchObject({ rows: 5, failed: 5 });
    }
    expect(await counts()).toEqual(before);
  });
});

describe('a header over the limits', () => {
  /**
   * The request's time past sending the upload: the same bytes sent with an option the controller
   * refuses before it reads the file take the transfer and the body parser's time, subtracted.
   */
  /**
   * The time the server spends on the file beyond receiving it: the quickest answer to the file less
   * the quickest refusal of its upload (an option refused before the file is read), over up to three
   * tries while over a second. One try on a loaded machine (CI runs the suites side by side) can
   * carry a pause of the machine's own.
   */
  const answered = async (kind: 'licenses' | 'assignments', file: Buffer | string) => {
    const timed = async (form: Record<string, string>) => {
      const started = Date.now();
      const res = await postImport(app, kind, file, form);
      return { res, took: Date.now() - started };
    };
    let upload = Infinity;
    let answer = Infinity;
    let res: Awaited<ReturnType<typeof postImport>> | undefined;
    for (let tries = 0; tries === 0 || (tries < 3 && answer - upload >= 1000); tries++) {
      const refused = await timed({ onError: 'never' });
      expect(refused.res.status).toBe(400);
      upload = Math.min(upload, refused.took);
      const read = await timed({});
      res = read.res;
      answer = Math.min(answer, read.took);
    }
    return { res: res!, beyondUpload: answer - upload };
  };

  it('of a million columns is a 400 naming the limit, answered within a second', async () => {
    const { res, beyondUpload } = await answered('licenses', `name${',c'.repeat(1_000_000)}\r\n${mark} A\r\n`);
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({
      message: 'the header row has more than 200 columns (at most 200)',
      details: { errors: [{ path: ['file'], message: 'the header row has more than 200 columns (at most 200)' }] },
    });
    expect(JSON.stringify(res.body).length).toBeLessThan(1000);
    expect(beyondUpload).toBeLessThan(1000);
  });

  it('with a cell of 20 MB on one line is a 400 naming the limit, answered within a second of its upload', async () => {
    const { res, beyondUpload } = await answered('assignments', Buffer.concat([Buffer.from('name,'), Buffer.alloc(20 * 1024 * 1024 - 5, 'h')]));
    expect(res.status).toBe(400);
    expect(res.body.error.message).toBe('header cell 2 has more than 1,000 characters (at most 1,000)');
    expect(beyondUpload).toBeLessThan(1000);
  });

  it('of 200 columns is read, and the report lists them', async () => {
    const header = ['name', ...Array.from({ length: 199 }, (_, i) => `extra ${i}`)];
    const res = await postImport(app, 'licenses', csv([header, [`${mark} Wide`, software]]));
    expect(res.status).toBe(200);
    expect(res.body.data.columns).toHaveLength(200);
  });
});
