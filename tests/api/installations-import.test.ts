/**
 * The installations CSV import (issue 28; docs/api.md, "Installations"): a file from another
 * discovery tool, its dry run, its row report and its limits; each device's rows written as one
 * push (its set replaced), a device with a bad row left as it was.
 */
import { ACTIONS } from '../../shared/constants';
import { adminWith, startApp, unique, type TestApp } from './support/app';
import { created } from './support/fixtures';

let app: TestApp;
beforeAll(async () => {
  app = await startApp();
});
afterAll(async () => {
  await app?.stop();
});

const serial = () => unique('SN').replace(/\W/g, '');
const upload = (csv: string, fields: Record<string, string> = {}, token?: string) => {
  const req = app
    .http()
    .post('/license-manager/installations/import')
    .set('Authorization', `Bearer ${token ?? app.adminToken}`);
  for (const [k, v] of Object.entries(fields)) req.field(k, v);
  return req.attach('file', Buffer.from(csv, 'utf8'), { filename: 'installations.csv', contentType: 'text/csv' });
};
const installationsOf = async (q: string) =>
  (await app.admin('get', `/installations?pageSize=100&q=${q}`)).body.data.map((i: any) => `${i.rawName} ${i.rawVersion ?? ''}`.trim()).sort();

describe('the installations import', () => {
  it("reads another tool's export (semicolons, its own column order, `serial`), dry run first, then writes each device as a push", async () => {
    const [a, b] = [serial(), serial()];
    const asset = await created(app, '/assets', { name: unique('PC'), serialNumber: a, assetType: 'computer' });
    // A Lansweeper-like export: other columns are warnings, read past.
    const csv = [
      'Publisher;Name;Version;serial;hostname;InstallDate',
      `Microsoft Corporation;Microsoft Visio Professional 2021;16.0;${a};ws-${a};2024-01-02`,
      `Mozilla;Firefox;120.0;${a};ws-${a};2024-01-02`,
      `Mozilla;Firefox;120.0;${b};ws-${b};2024-01-03`,
    ].join('\n');
    const dry = await upload(csv, { dryRun: 'true' });
    expect(dry.status).toBe(200);
    expect(dry.body.data).toMatchObject({ dryRun: true, committed: false, rows: 3, created: 3, unchanged: 0, failed: 0, ended: 0, delimiter: 'semicolon' });
    expect(dry.body.data.warnings.map((w: any) => w.column)).toEqual(['InstallDate']);
    expect(await installationsOf(a)).toEqual([]);

    const done = await upload(csv, { dryRun: 'false' });
    expect(done.body.data).toMatchObject({ dryRun: false, committed: true, created: 3, failed: 0 });
    expect(await installationsOf(a)).toEqual(['Firefox 120.0', 'Microsoft Visio Professional 2021 16.0']);
    const mine = (await app.admin('get', `/installations?asset=${asset.documentId}`)).body.data;
    expect(mine.map((i: any) => i.source)).toEqual(['csv', 'csv']);

    // The same file again: nothing new; a file without Visio ends it on that device.
    expect((await upload(csv, { dryRun: 'false' })).body.data).toMatchObject({ created: 0, unchanged: 3, ended: 0 });
    const fewer = await upload([`serialNumber,name,version,publisher`, `${a},Firefox,120.0,Mozilla`].join('\n'), { dryRun: 'false' });
    expect(fewer.body.data).toMatchObject({ created: 0, unchanged: 1, ended: 1 });
    expect(await installationsOf(a)).toEqual(['Firefox 120.0']);
  });

  it('reports a bad row by line and column; its device is not written, the others are', async () => {
    const [good, bad] = [serial(), serial()];
    const csv = [
      'hostname,serialNumber,name,version,publisher',
      `h-${good},${good},Tool,1,Pub`,
      `h-${bad},${bad},Tool,1,Pub`,
      `h-${bad},${bad},${'x'.repeat(600)},1,Pub`,
      `,To be filled by O.E.M.,Orphan,1,Pub`,
      `h-${bad},${bad},,2,Pub`,
    ].join('\n');
    const res = await upload(csv, { dryRun: 'false', onError: 'skip' });
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({ committed: true, rows: 5, created: 1, failed: 4 });
    const errors = res.body.data.errors.map((e: any) => [e.row, e.column, e.code]);
    expect(errors).toEqual([
      [3, null, 'device_row_failed'],
      [4, 'name', 'too_big'],
      [5, null, 'device_required'],
      [6, 'name', expect.any(String)],
    ]);
    expect(await installationsOf(good)).toEqual(['Tool 1']);
    expect(await installationsOf(bad)).toEqual([]);

    // abort: nothing at all, and a 400 with the report.
    const other = serial();
    const aborted = await upload([...csv.split('\n'), `h-${other},${other},Tool,1,Pub`].join('\n'), { dryRun: 'false', onError: 'abort' });
    expect(aborted.status).toBe(400);
    expect(aborted.body.error.details).toMatchObject({ committed: false, failed: 4 });
    expect(await installationsOf(other)).toEqual([]);
  });

  it('refuses a file without a name or device column, a NUL, and a user without installations.manage', async () => {
    const noDevice = await upload('name,version\nTool,1', { dryRun: 'true' });
    expect(noDevice.status).toBe(400);
    expect(noDevice.body.error.details.errors[0].path[0]).toMatch(/hostname|serialNumber|serial|uuid|inventoryNumber/);
    const noName = await upload(`hostname,version\nh,1`, { dryRun: 'true' });
    expect([noName.status, noName.body.error.details.errors[0].path]).toEqual([400, ['name']]);
    const nul = await upload(`hostname,name\nh-${serial()},a\u0000b`, { dryRun: 'true' });
    expect(nul.body.data.errors.map((e: any) => [e.row, e.column])).toEqual([[2, 'name']]);
    const reader = await adminWith(app, 'Import reader', [ACTIONS.read, ACTIONS.update, ACTIONS.create]);
    expect((await upload('hostname,name\nh,a', { dryRun: 'true' }, reader)).status).toBe(403);
  });
});
