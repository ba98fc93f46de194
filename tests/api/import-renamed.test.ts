/**
 * Issue 24, point 9: a license import row that matches a license by name without case and writes
 * another capitalization says so in its result (`renamed: { from, to }`), in a dry run as in a
 * commit, beside the unchanged `outcome`. A row spelled as stored, a new license, a row refused and
 * a cell that differs only by surrounding spaces (the schema trims it) have no `renamed`.
 */
import { startApp, unique, type TestApp } from './support/app';
import { makeLicense, makeSoftware } from './support/fixtures';
import { csv, postImport } from './support/import';

let app: TestApp;
beforeAll(async () => {
  app = await startApp({ asPluginAdmin: true });
});
afterAll(() => app.stop());

type Stored = Awaited<ReturnType<typeof makeLicense>>;
type Result = { row: number; name: string; outcome: string; renamed?: { from: string; to: string } };

const storedName = async (documentId: string) => (await app.admin('get', `/licenses/${documentId}`)).body.data.name;

describe('a row whose name differs from the license it matches only in capitalization', () => {
  let recased: Stored;
  let same: Stored;
  let padded: Stored;
  let refused: Stored;
  let software: Stored;
  let fresh: string;
  let file: string;

  beforeAll(async () => {
    software = await makeSoftware(app);
    const mark = unique('Renamed');
    recased = await makeLicense(app, { name: `${mark} office 2021`, notes: 'before' });
    same = await makeLicense(app, { name: `${mark} Visio 2021`, notes: 'before' });
    padded = await makeLicense(app, { name: `${mark} Project 2021` });
    refused = await makeLicense(app, { name: `${mark} teams` });
    fresh = `${mark} New`;
    file = csv([
      ['name', 'software', 'quantity', 'notes'],
      [`${mark} Office 2021`, '', '', 'from the file'], // 2: recased and updated
      [same.name, '', '', 'from the file'], // 3: spelled as stored, updated
      [`  ${padded.name}  `, '', '', ''], // 4: only spaces around, which the schema trims: unchanged
      [`${mark} TEAMS`, '', 'many', ''], // 5: recased, but refused (quantity)
      [fresh, software.name, '3', ''], // 6: created
    ]);
  });

  const byRow = (results: Result[]) => Object.fromEntries(results.map((r) => [r.row, r]));

  const expectResults = (results: Result[]) => {
    const rows = byRow(results);
    expect(rows[2]).toEqual({
      row: 2,
      name: recased.name.replace('office', 'Office'),
      outcome: 'updated',
      renamed: { from: recased.name, to: recased.name.replace('office', 'Office') },
    });
    expect(rows[3]).toEqual({ row: 3, name: same.name, outcome: 'updated' });
    expect(rows[4]).toMatchObject({ row: 4, outcome: 'unchanged' });
    expect(rows[4]).not.toHaveProperty('renamed');
    expect(rows[5]).toEqual({ row: 5, name: refused.name.replace('teams', 'TEAMS'), outcome: 'failed' });
    expect(rows[6]).toEqual({ row: 6, name: fresh, outcome: 'created' });
  };

  it('a dry run reports the rename it would write, and writes nothing', async () => {
    const res = await postImport(app, 'licenses', file, { onError: 'skip' });
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({ dryRun: true, committed: false, created: 1, updated: 2, unchanged: 1, failed: 1 });
    expectResults(res.body.data.results);
    expect(await storedName(recased.documentId)).toBe(recased.name);
  });

  it('a commit under abort that a row refuses reports the same rename, and writes nothing', async () => {
    const res = await postImport(app, 'licenses', file, { dryRun: 'false' });
    expect(res.status).toBe(400);
    expect(res.body.error.details).toMatchObject({ committed: false });
    expectResults(res.body.error.details.results);
    expect(await storedName(recased.documentId)).toBe(recased.name);
  });

  it("a commit writes the file's spelling and reports the rename; importing the file again renames nothing", async () => {
    const res = await postImport(app, 'licenses', file, { dryRun: 'false', onError: 'skip' });
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({ committed: true, created: 1, updated: 2, unchanged: 1, failed: 1 });
    expectResults(res.body.data.results);
    const to = recased.name.replace('office', 'Office');
    expect(await storedName(recased.documentId)).toBe(to);
    expect(await storedName(same.documentId)).toBe(same.name);
    expect(await storedName(padded.documentId)).toBe(padded.name);
    expect(await storedName(refused.documentId)).toBe(refused.name);
    // The license's history records the rename as any name change.
    const history = (await app.admin('get', `/licenses/${recased.documentId}/history`)).body.data;
    expect(history[0]).toMatchObject({ action: 'updated', changes: { name: { old: recased.name, new: to } } });

    const again = await postImport(app, 'licenses', file, { dryRun: 'false', onError: 'skip' });
    expect(again.status).toBe(200);
    expect(again.body.data).toMatchObject({ created: 0, updated: 0, unchanged: 4, failed: 1 });
    expect(again.body.data.results.filter((r: Result) => 'renamed' in r)).toEqual([]);
  });
});
