/**
 * The reconciled position (issue 28; docs/domain.md, "Compliance" and "Installations"): what the
 * devices report installed beside what was assigned. Each test makes its own software and assets
 * and reads the report filtered by the software's name (the test files share one database).
 */
import { UID } from '../../shared/constants';
import { expectKeptReport, refreshKept } from './support/kept';
import { apiToken, startApp, unique, type TestApp } from './support/app';
import { created, makeOrganization } from './support/fixtures';

let app: TestApp;
let token: string;
beforeAll(async () => {
  app = await startApp();
  token = await apiToken(app, 'full-access');
});
afterAll(async () => {
  await app?.stop();
});
// Every test's writes move the whole register's kept rows as they move the report worked out whole.
afterEach(async () => {
  await expectKeptReport(app, false);
});

/** A name no other software's name contains: the trailing "/" ends it. */
const softwareName = (prefix: string) => `${unique(prefix)}/`;
const makeSoftware = async (name: string) => (await created(app, '/software', { name, version: '1' })).documentId as string;
const serial = () => unique('SN').replace(/\W/g, '');
const makeAsset = async (data: Record<string, unknown> = {}) => {
  const serialNumber = serial();
  const asset = await created(app, '/assets', { name: unique('PC'), serialNumber, assetType: 'computer', ...data });
  return { documentId: asset.documentId as string, serialNumber };
};
const push = async (serialNumber: string, names: string[]) => {
  const res = await app
    .http()
    .post('/api/license-manager/inventory')
    .set('Authorization', `Bearer ${token}`)
    .send({
      device: { serialNumber, hostname: null, uuid: null },
      software: [{ name: 'Some runtime', version: '1' }, ...names.map((name) => ({ name, version: '1' }))],
    });
  expect(res.status).toBe(200);
  return res.body.data;
};
/** A rule recognizing the software by its name, and the background pass done. */
const recognizeAs = async (softwareId: string, name: string) => {
  const res = await app.admin('post', '/installation-rules', { data: { match: { name: { op: 'equals', value: name } }, software: softwareId } });
  expect(res.status).toBe(201);
  await app.strapi.plugin('license-manager').service('installations').recognition.settled();
};
const report = async (name: string, query = '') => {
  await refreshKept(app); // so that a later write's change is checked (afterEach)
  const res = await app.admin('get', `/compliance?_q=${encodeURIComponent(name)}${query}`);
  expect(res.status).toBe(200);
  return res.body.data as any[];
};
const rowOf = async (name: string, query = '') => {
  const rows = await report(name, query);
  expect(rows).toHaveLength(1);
  return rows[0];
};
const license = async (software: string, data: Record<string, unknown>) =>
  (await created(app, '/licenses', { name: unique('Reconciled'), software, overAssignment: 'allow', ...data })).documentId as string;

describe('the reconciled position', () => {
  it('per computer: installed, unlicensed and reclaim candidates beside the assigned seats; the status follows the larger', async () => {
    const name = softwareName('Reconciled PC');
    const software = await makeSoftware(name);
    const app1 = `${name} app`;
    await recognizeAs(software, app1);
    const [a1, a2, a3, a4] = await Promise.all([makeAsset(), makeAsset(), makeAsset(), makeAsset()]);
    const lic = await license(software, { assignmentModel: 'per_computer', quantity: 2 });
    expect((await app.admin('put', `/licenses/${lic}/assets`, { data: { assets: [a1.documentId, a2.documentId] } })).status).toBe(200);

    // Before any installation: the report as it was, and nothing for `unlicensed`.
    expect(await rowOf(name)).toMatchObject({ installed: 0, installedUnlicensed: 0, assignedNotInstalled: 0, status: 'at_risk' });
    expect(await report(name, '&unlicensed=true')).toEqual([]);
    expect((await rowOf(name)).byModel.per_computer).toMatchObject({ licensed: 2, used: 2, position: 0, installed: null, reconciledPosition: null });

    await push(a1.serialNumber, [app1]); // assigned and installed
    await push(a2.serialNumber, []); // assigned, its inventory shows no installation: a reclaim candidate
    await push(a3.serialNumber, [app1]); // installed, not assigned: unlicensed
    let row = await rowOf(name);
    expect(row).toMatchObject({ installed: 2, installedUnlicensed: 1, assignedNotInstalled: 1, shortfall: 0, status: 'at_risk' });
    // `unlicensed=true`: the software with unlicensed installations, their counts worked out for the whole report.
    expect((await report(name, '&unlicensed=true&pageSize=1')).map((r) => r.software.documentId)).toEqual([software]);
    const bad = await app.admin('get', `/compliance?unlicensed=yes`);
    expect([bad.status, bad.body.error.details.errors[0].path]).toEqual([400, ['unlicensed']]);
    expect(row.byModel.per_computer).toMatchObject({ licensed: 2, used: 2, position: 0, installed: 2, reconciledPosition: 0 });

    // A third installation takes the installed count past the licenses: non-compliant by one.
    await push(a4.serialNumber, [app1]);
    row = await rowOf(name);
    expect(row).toMatchObject({ installed: 3, installedUnlicensed: 2, shortfall: 1, status: 'non_compliant' });
    expect(row.byModel.per_computer).toMatchObject({ position: 0, installed: 3, reconciledPosition: -1 });

    // Its device has not reported for longer than staleAfterDays: it no longer counts.
    const devices = app.strapi.db.metadata.get(UID.inventoryDevice).tableName;
    const installations = app.strapi.db.metadata.get(UID.installation).tableName;
    const device = await app.strapi.db.connection(devices).first('id').where({ serial_number: a4.serialNumber });
    const old = new Date(Date.now() - 40 * 86_400_000);
    await app.strapi.db.connection(installations).update({ last_seen: old }).where({ device_id: device.id });
    await app.strapi.db.connection(devices).update({ last_seen: old }).where({ id: device.id });
    row = await rowOf(name);
    expect(row).toMatchObject({ installed: 2, installedUnlicensed: 1, shortfall: 0, status: 'at_risk' });

    // An uninstall on the assigned computer: a second reclaim candidate, and the surplus shows.
    await push(a1.serialNumber, []);
    row = await rowOf(name);
    expect(row).toMatchObject({ installed: 1, installedUnlicensed: 1, assignedNotInstalled: 2 });
    expect(row.byModel.per_computer).toMatchObject({ used: 2, installed: 1, reconciledPosition: 0 });

    // The CSV export carries the three counts.
    const csv = await app.admin('get', `/compliance/export?_q=${encodeURIComponent(name)}`);
    expect(csv.status).toBe(200);
    const [header, line] = csv.text
      .replace(/^\uFEFF/, '')
      .trim()
      .split(/\r?\n/);
    const cells = Object.fromEntries(header.split(',').map((h, k) => [h, line.split(',')[k]]));
    expect(cells).toMatchObject({ installed: '1', installedUnlicensed: '1', assignedNotInstalled: '2' });
  });

  it('per user: the installed count is the distinct users of the installed computers; a user assigned covers their computers', async () => {
    const name = softwareName('Reconciled user');
    const software = await makeSoftware(name);
    await recognizeAs(software, `${name} app`);
    const [p, q] = await Promise.all([
      created(app, '/persons', { firstName: 'Una', lastName: unique('User') }),
      created(app, '/persons', { firstName: 'Quinn', lastName: unique('User') }),
    ]);
    const [b1, b2, b3] = await Promise.all([makeAsset({ user: p.documentId }), makeAsset({ user: p.documentId }), makeAsset({ user: q.documentId })]);
    const lic = await license(software, { assignmentModel: 'per_user', quantity: 1 });
    expect((await app.admin('put', `/licenses/${lic}/persons`, { data: { persons: [p.documentId] } })).status).toBe(200);
    for (const b of [b1, b2, b3]) await push(b.serialNumber, [`${name} app`]);
    const row = await rowOf(name);
    // Three computers, two users; Una's two are covered by her assignment, Quinn's is not.
    expect(row).toMatchObject({ installed: 3, installedUnlicensed: 1, status: 'non_compliant', shortfall: 1 });
    expect(row.byModel.per_user).toMatchObject({ licensed: 1, used: 1, position: 0, installed: 2, reconciledPosition: -1 });
  });

  it('a software installed and never licensed has a row of its own, non-compliant; an organization narrows the installed assets', async () => {
    const name = softwareName('Unlicensed');
    const software = await makeSoftware(name);
    await recognizeAs(software, `${name} app`);
    const org = await makeOrganization(app);
    const [inOrg, elsewhere] = await Promise.all([makeAsset({ organization: org.documentId }), makeAsset()]);
    await push(inOrg.serialNumber, [`${name} app`]);
    await push(elsewhere.serialNumber, [`${name} app`]);
    const row = await rowOf(name);
    expect(row).toMatchObject({ licenses: 0, installed: 2, installedUnlicensed: 2, shortfall: 2, status: 'non_compliant' });
    expect(row.byModel.per_computer).toMatchObject({ licensed: 0, used: 0, installed: 2, reconciledPosition: -2 });
    expect(await rowOf(name, `&organization=${org.documentId}`)).toMatchObject({ installed: 1, installedUnlicensed: 1 });
    // The status filter sees it.
    expect((await report(name, '&status=non_compliant')).map((r) => r.software.documentId)).toEqual([software]);
  });

  it('an unrecognized or ignored entry, or one on a device matching no asset, counts nowhere', async () => {
    const name = softwareName('Counted');
    const software = await makeSoftware(name);
    await recognizeAs(software, `${name} app`);
    const ignore = await app.admin('post', '/installation-rules', { data: { match: { name: { op: 'equals', value: `${name} runtime` } }, ignore: true } });
    expect(ignore.status).toBe(201);
    const asset = await makeAsset();
    await push(asset.serialNumber, [`${name} runtime`, `${name} other`]);
    await push(serial(), [`${name} app`]); // a device no asset has
    expect(await report(name)).toEqual([]);
    await license(software, { assignmentModel: 'per_computer', quantity: 1 });
    expect(await rowOf(name)).toMatchObject({ licenses: 1, installed: 0, installedUnlicensed: 0 });
  });
});
