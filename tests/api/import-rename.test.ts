/**
 * The license import matches rows to licenses by name before its rows run, then writes each row
 * under the license's lock. A rename committed in between must refuse the row, not be undone by
 * the row's old name. Here the rename lands exactly there (in the row's own savepoint, through the
 * license service), so the check is proven on every database; the race suite ("rename" against
 * "import license rows") races the two for real.
 */
import { startApp, unique, type TestApp } from './support/app';
import { makeLicense } from './support/fixtures';
import { csv, postImport } from './support/import';

let app: TestApp;
beforeAll(async () => {
  app = await startApp({ asPluginAdmin: true });
});
afterAll(async () => {
  await app.stop();
});

type Apply = (documentId: string, input: Record<string, unknown>, actor: string, options?: Record<string, unknown>) => Promise<boolean>;

/** The next apply() first renames its license, as a rename committed just before the row's lock would. */
const renameBeforeNextApply = (to: string) => {
  const service = app.strapi.plugin('license-manager').service('license') as { apply: Apply };
  const original = service.apply;
  service.apply = async (documentId, input, actor, options) => {
    service.apply = original;
    await original.call(service, documentId, { name: to }, 'meanwhile');
    return original.call(service, documentId, input, actor, options);
  };
  return () => {
    service.apply = original;
  };
};

describe('a license renamed between the import reading names and writing the row', () => {
  it('refuses that row, naming the name cell and the new name, and writes nothing of it', async () => {
    const license = await makeLicense(app, { notes: 'before' });
    const renamed = unique('Renamed');
    const restore = renameBeforeNextApply(renamed);
    try {
      const res = await postImport(
        app,
        'licenses',
        csv([
          ['name', 'notes'],
          [license.name, 'from the file'],
        ]),
        { dryRun: 'false', onError: 'skip' },
      );
      expect(res.status).toBe(200);
      expect(res.body.data).toMatchObject({ committed: true, updated: 0, failed: 1 });
      expect(res.body.data.errors).toEqual([{ row: 2, column: 'name', value: license.name, message: expect.stringMatching(/renamed to ".+" meanwhile/) }]);
      expect(res.body.data.errors[0].message).toContain(renamed);
    } finally {
      restore();
    }
    // The refused row's savepoint took the rename with it here; what matters is that the file's row wrote nothing.
    const read = await app.admin('get', `/licenses/${license.documentId}`);
    expect(read.body.data).toMatchObject({ name: license.name, notes: 'before' });
  });

  it('writes the row when the name it matched is still the license name', async () => {
    const license = await makeLicense(app, { notes: 'before' });
    const res = await postImport(
      app,
      'licenses',
      csv([
        ['name', 'notes'],
        [license.name.toUpperCase(), 'from the file'],
      ]),
      { dryRun: 'false' },
    );
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({ committed: true, updated: 1, failed: 0 });
    const read = await app.admin('get', `/licenses/${license.documentId}`);
    expect(read.body.data).toMatchObject({ notes: 'from the file' });
  });
});
