/**
 * Site licenses (docs/domain.md, "Seats"): any number of persons and assets, a quantity that is
 * optional and informative, `seats.total` null, never over-allocated, and "covered" in the
 * compliance report with the count of users; the other models still require their quantity.
 */
import { parse } from 'csv-parse/sync';
import { apiToken, startApp, unique, type TestApp } from './support/app';
import { created, makeLicense, makePerson, makeSoftware } from './support/fixtures';
import { asBytes, csv, postImport } from './support/import';
import type { SeatCountDifference } from '../../server/src/db/seat-counts';

let app: TestApp;
beforeAll(async () => {
  app = await startApp({ asPluginAdmin: true });
}, 120000);
afterAll(async () => {
  await app?.stop();
});

const computer = () => created(app, '/assets', { name: unique('Desk'), assetType: 'computer' });
const edit = (license: string, data: Record<string, unknown>) => app.admin('put', `/licenses/${license}`, { data });
const read = async (license: string) => (await app.admin('get', `/licenses/${license}`)).body.data;
const fieldsOf = (res: { body: any }) =>
  (res.body.error?.details?.errors ?? []).map((e: { path: string[]; params?: { id?: string } }) => [e.path.join('.'), e.params?.id]);
const verify = (): Promise<SeatCountDifference[]> => app.strapi.plugin('license-manager').service('seatCounts').verify({ repair: false });
/** A CSV download's rows by header (after its BOM). */
const download = async (url: string): Promise<Array<Record<string, string>>> => {
  const res = await asBytes(app.http().get(`/license-manager${url}`).set('Authorization', `Bearer ${app.adminToken}`));
  expect(res.status).toBe(200);
  const [header, ...rows]: string[][] = parse((res.body as Buffer).subarray(3).toString('utf8'));
  return rows.map((r) => Object.fromEntries(header.map((h, i) => [h, r[i]])));
};
const countNamed = async (name: string) => (await app.admin('get', `/licenses?_q=${encodeURIComponent(name)}`)).body.data.length;

describe('a site license', () => {
  it('is created without a quantity: no seat total, nothing available, no totals of price', async () => {
    const license = await makeLicense(app, { name: unique('Campus'), assignmentModel: 'site', quantity: undefined, netUnitPrice: '10.00', vatRate: '20.00' });
    expect(license).toMatchObject({ assignmentModel: 'site', quantity: null, totalNet: null, totalGross: null });
    expect(license.seats).toEqual({ total: null, used: 0, available: null, shortfall: 0 });
    // The content API reads it the same way.
    const token = await apiToken(app, 'read-only');
    const content = await app.http().get(`/api/license-manager/licenses/${license.documentId}`).set('Authorization', `Bearer ${token}`);
    expect([content.status, content.body.data.seats]).toEqual([200, { total: null, used: 0, available: null, shortfall: 0 }]);
  });

  it('takes any number of persons and assets under block, past its informative quantity, and is never over-allocated', async () => {
    const license = await makeLicense(app, { name: unique('Campus'), assignmentModel: 'site', quantity: 1, overAssignment: 'block' });
    const persons = await Promise.all([makePerson(app), makePerson(app), makePerson(app)]);
    const set = await app.admin('put', `/licenses/${license.documentId}/persons`, { data: { persons: persons.map((p) => p.documentId) } });
    expect([set.status, set.body.data.seats]).toEqual([200, { total: null, used: 3, available: null, shortfall: 0 }]);
    const asset = await app.admin('post', `/licenses/${license.documentId}/assignments`, { data: { asset: (await computer()).documentId } });
    expect([asset.status, asset.body.data.seats]).toEqual([201, { total: null, used: 4, available: null, shortfall: 0 }]);
    expect((await read(license.documentId)).seats).toEqual({ total: null, used: 4, available: null, shortfall: 0 });
    const over = await app.admin('get', `/licenses?overAllocated=true&_q=${encodeURIComponent(license.name)}`);
    expect(over.body.data).toEqual([]);
    expect(await verify()).toEqual([]);
  });

  it('leaves the quantity required for every other model: a 400 naming it, nothing written', async () => {
    const name = unique('No quantity');
    const software = await makeSoftware(app);
    for (const assignmentModel of ['per_user', 'per_computer', 'per_core', 'per_processor', undefined]) {
      const res = await app.admin('post', '/licenses', { data: { name, software: software.documentId, ...(assignmentModel ? { assignmentModel } : {}) } });
      expect([assignmentModel, res.status, fieldsOf(res)]).toEqual([assignmentModel, 400, [['quantity', 'requiredUnlessSite']]]);
    }
    expect(await countNamed(name)).toBe(0);
    const perUser = await makeLicense(app, { quantity: 2 });
    const cleared = await edit(perUser.documentId, { quantity: null });
    expect([cleared.status, fieldsOf(cleared)]).toEqual([400, [['quantity', 'requiredUnlessSite']]]);
    expect((await read(perUser.documentId)).quantity).toBe(2);
  });

  it('changes model under the seat rule: to site always, from site only with a quantity that holds the seats in use', async () => {
    const license = await makeLicense(app, { quantity: 2, overAssignment: 'block' });
    const persons = await Promise.all([makePerson(app), makePerson(app)]);
    expect((await app.admin('put', `/licenses/${license.documentId}/persons`, { data: { persons: persons.map((p) => p.documentId) } })).status).toBe(200);
    const toSite = await edit(license.documentId, { assignmentModel: 'site', quantity: null });
    expect([toSite.status, toSite.body.data?.seats]).toEqual([200, { total: null, used: 2, available: null, shortfall: 0 }]);
    const third = await app.admin('post', `/licenses/${license.documentId}/assignments`, { data: { person: (await makePerson(app)).documentId } });
    expect(third.status).toBe(201);

    const noQuantity = await edit(license.documentId, { assignmentModel: 'per_user' });
    expect([noQuantity.status, fieldsOf(noQuantity)]).toEqual([400, [['quantity', 'requiredUnlessSite']]]);
    const tooFew = await edit(license.documentId, { assignmentModel: 'per_user', quantity: 2 });
    expect(tooFew.status).toBe(409);
    const unchanged = await read(license.documentId);
    expect([unchanged.assignmentModel, unchanged.quantity, unchanged.seats.total]).toEqual(['site', null, null]);

    const back = await edit(license.documentId, { assignmentModel: 'per_user', quantity: 3 });
    expect([back.status, back.body.data.seats]).toEqual([200, { total: 3, used: 3, available: 0, shortfall: 0 }]);
    // Persons assigned: a hardware model refuses them, as from any model.
    const toCore = await edit(license.documentId, { assignmentModel: 'site' });
    expect(toCore.status).toBe(200);
    const hardware = await edit(license.documentId, { assignmentModel: 'per_processor', quantity: 4 });
    expect([hardware.status, hardware.body.error?.details]).toEqual([409, { field: 'assignmentModel', persons: 3 }]);
    expect(await verify()).toEqual([]);
  });
});

describe('the compliance report', () => {
  it('shows a software under a site license as covered with its count of users, whatever the other models count', async () => {
    const software = await makeSoftware(app);
    const perUser = await makeLicense(app, { software: software.documentId, quantity: 1, overAssignment: 'allow' });
    const persons = await Promise.all([makePerson(app), makePerson(app)]);
    expect((await app.admin('put', `/licenses/${perUser.documentId}/persons`, { data: { persons: persons.map((p) => p.documentId) } })).status).toBe(200);
    const find = async () => {
      const report = await app.admin('get', `/compliance?_q=${encodeURIComponent(software.name)}&pageSize=100`);
      return report.body.data.find((r: { software: { documentId: string } }) => r.software.documentId === software.documentId);
    };
    expect(await find()).toMatchObject({ status: 'non_compliant', shortfall: 1 });

    const site = await makeLicense(app, { software: software.documentId, assignmentModel: 'site', quantity: undefined });
    const users = await Promise.all([makePerson(app), makePerson(app), makePerson(app)]);
    expect((await app.admin('put', `/licenses/${site.documentId}/persons`, { data: { persons: users.map((p) => p.documentId) } })).status).toBe(200);
    expect((await app.admin('post', `/licenses/${site.documentId}/assignments`, { data: { asset: (await computer()).documentId } })).status).toBe(201);
    const row = await find();
    expect(row).toMatchObject({ status: 'covered', shortfall: 0, licenses: 2 });
    expect(row.byModel.site).toEqual({ licensed: 0, used: 4, position: 0, installed: null, reconciledPosition: null, referencePrice: null });
    expect(row.byModel.per_user).toMatchObject({ licensed: 1, used: 2, position: -1 });

    const covered = await app.admin('get', `/compliance?status=covered&_q=${encodeURIComponent(software.name)}`);
    expect(covered.body.data.map((r: { software: { name: string } }) => r.software.name)).toEqual([software.name]);
    const [cells] = await download(`/compliance/export?format=csv&_q=${encodeURIComponent(software.name)}`);
    expect(cells).toMatchObject({ status: 'covered', siteLicensed: '0', siteUsed: '4', sitePosition: '0' });

    // Expired, it covers nothing: the per-user shortfall counts again.
    expect((await edit(site.documentId, { expirationDate: '2020-01-31' })).status).toBe(200);
    expect(await find()).toMatchObject({ status: 'non_compliant', shortfall: 1 });
  });
});

describe('the CSV', () => {
  it('imports a site license with an empty quantity and exports it back with an empty cell; another model without one is a row error', async () => {
    const software = await makeSoftware(app);
    const [site, perUser] = [unique('Imported site'), unique('Imported per user')];
    const file = csv([
      ['name', 'software', 'quantity', 'assignmentModel'],
      [site, software.name, '', 'site'],
      [perUser, software.name, '', 'per_user'],
    ]);
    const res = await postImport(app, 'licenses', file, { dryRun: 'false', onError: 'skip' });
    expect([res.status, res.body.error]).toEqual([200, undefined]);
    expect(res.body.data.errors).toEqual([expect.objectContaining({ row: 3, column: 'quantity', params: { id: 'requiredUnlessSite' } })]);
    expect(await countNamed(perUser)).toBe(0);
    const [cells] = await download(`/licenses/export?format=csv&_q=${encodeURIComponent(site)}`);
    expect(cells).toMatchObject({ name: site, quantity: '', assignmentModel: 'site' });
  });
});
