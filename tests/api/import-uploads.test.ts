/**
 * An import's upload never stays in the temporary folder, whatever the answer: a dry run, a
 * commit, a 400 for an option or for the file, Strapi's 401/403, the action's 403, a 413, an
 * aborted commit, and every file of the form (not only the field `file`).
 */
import fsPromises, { rm } from 'node:fs/promises';
import os from 'node:os';
import type { Test } from 'supertest';
import { ACTIONS } from '../../shared/constants';
import { adminWith, startApp, unique, type TestApp } from './support/app';
import { created } from './support/fixtures';
import { csv, postImport, withImportFile } from './support/import';
import { tempFilesHolding } from './support/temp-files';

let app: TestApp;
let since: number;
let limited: string;
let noReference: string;
let software: string;

beforeAll(async () => {
  since = Date.now();
  app = await startApp();
  limited = await adminWith(app, unique('read-only'), [ACTIONS.read]);
  noReference = await adminWith(app, unique('no-reference'), [ACTIONS.read, ACTIONS.create, ACTIONS.update, ACTIONS.assign]);
  software = unique('Upload Suite');
  await created(app, '/software', { name: software });
});
afterAll(() => app.stop());

/** A unique marker, written into every byte sequence the request uploads. */
const marker = () => unique('UPLOAD-MARK').replace(/\W/g, '_');
const licenseFile = (mark: string, names: string[] = [`${mark} License`]) => csv([['name', 'software', 'quantity'], ...names.map((n) => [n, software, '1'])]);

const expectNothingLeft = async (mark: string) => expect(await tempFilesHolding(mark, since)).toEqual([]);

describe('the temporary folder', () => {
  it('keeps an upload Strapi does not route to the plugin (the scan sees a left file)', async () => {
    // The control: the body parser writes to the folder scanned, and only the plugin's routes delete.
    const mark = marker();
    const res = await app
      .http()
      .post('/_health')
      .attach('file', Buffer.from(`name\n${mark}\n`), 'x.csv');
    expect(res.status).toBeLessThan(500);
    const left = await tempFilesHolding(mark, since);
    expect(left).toHaveLength(1);
    await rm(left[0], { force: true });
  });
});

describe('an import upload is deleted once answered', () => {
  const cases: [string, (mark: string) => Test, number][] = [
    ['a dry run', (m) => postImport(app, 'licenses', licenseFile(m)), 200],
    ['a commit', (m) => postImport(app, 'licenses', licenseFile(m), { dryRun: 'false' }), 200],
    [
      'an assignment dry run',
      (m) =>
        postImport(
          app,
          'assignments',
          csv([
            ['license', 'personEmail'],
            [m, 'x@example.com'],
          ]),
        ),
      200,
    ],
    ['a bad option (400)', (m) => postImport(app, 'licenses', licenseFile(m), { onError: 'maybe' }), 400],
    ['a bad file (400)', (m) => postImport(app, 'licenses', `unknown\n${m}\n`), 400],
    ['a binary file (400)', (m) => postImport(app, 'licenses', Buffer.concat([Buffer.from([1, 2, 3, 0]), Buffer.from(m)])), 400],
    ['an aborted commit (400 with the report)', (m) => postImport(app, 'licenses', licenseFile(m, [`${m} A`, `${m} A`]), { dryRun: 'false' }), 400],
    ['no token (401)', (m) => withImportFile(app.http().post('/license-manager/licenses/import'), 'licenses', licenseFile(m)), 401],
    ['without the permission (403 from Strapi)', (m) => postImport(app, 'licenses', licenseFile(m), {}, limited), 403],
    ['createMissing without reference management (403)', (m) => postImport(app, 'licenses', licenseFile(m), { createMissing: 'true' }, noReference), 403],
    [
      'an assignment import without the permission (403)',
      (m) =>
        postImport(
          app,
          'assignments',
          csv([
            ['license', 'personEmail'],
            [m, 'x@y.org'],
          ]),
          {},
          limited,
        ),
      403,
    ],
    [
      'two files in the field `file` (400)',
      (m) => postImport(app, 'licenses', licenseFile(m)).attach('file', Buffer.from(licenseFile(`${m} second`)), 'b.csv'),
      400,
    ],
    [
      'files in other fields, `files` included',
      (m) =>
        postImport(app, 'licenses', licenseFile(m))
          .attach('other', Buffer.from(`other ${m}`), 'other.txt')
          .attach('files', Buffer.from(`files ${m}`), 'files.txt')
          .attach('files', Buffer.from(`files again ${m}`), 'files2.txt'),
      200,
    ],
    [
      'files only in other fields (400: no file)',
      (m) =>
        app
          .http()
          .post('/license-manager/licenses/import')
          .set('Authorization', `Bearer ${app.adminToken}`)
          .attach('attachment', Buffer.from(`name\n${m}\n`), 'a.csv'),
      400,
    ],
    ['a file over 20 MB (413)', (m) => postImport(app, 'licenses', Buffer.concat([Buffer.from(`name\n${m}\n`), Buffer.alloc(20 * 1024 * 1024, 'a')])), 413],
  ];

  it.each(cases)('%s', async (_name, send, status) => {
    const mark = marker();
    const res = await send(mark);
    expect(res.status).toBe(status);
    await expectNothingLeft(mark);
  });

  it('an upload that cannot be read is a 400, and nothing is left', async () => {
    // The body parser wrote the file but it cannot be read back (a full disk, a cleaner removing it).
    const mark = marker();
    const original = fsPromises.readFile;
    const spy = jest
      .spyOn(fsPromises, 'readFile')
      .mockImplementation(((file: unknown, ...rest: unknown[]) =>
        typeof file === 'string' && file.startsWith(os.tmpdir())
          ? Promise.reject(Object.assign(new Error('EIO: i/o error'), { code: 'EIO' }))
          : (original as (...a: unknown[]) => Promise<Buffer>)(file, ...rest)) as typeof fsPromises.readFile);
    try {
      const res = await postImport(app, 'licenses', licenseFile(mark));
      expect(spy).toHaveBeenCalled();
      expect(res.status).toBe(400);
      expect(res.body.error.details.errors).toEqual([
        expect.objectContaining({ path: ['file'], message: 'the uploaded file could not be read; send it again' }),
      ]);
    } finally {
      spy.mockRestore();
    }
    await expectNothingLeft(mark);
  });
});
