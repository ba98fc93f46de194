/**
 * Licenses counted the way vendors count them (docs/domain.md, "Seats"): per core with a core factor
 * and minimums, per processor. Seats are units; the seat rule holds on assign, on a license's model,
 * terms and quantity edits, and on an asset's hardware edit, and a refusal changes nothing.
 */
import { UID } from '../../shared/constants';
import { columnOf, tableOf } from '../../server/src/db';
import type { SeatCountDifference } from '../../server/src/db/seat-counts';
import { startApp, unique, type TestApp } from './support/app';
import { created, makeLicense, makePerson, makeSoftware } from './support/fixtures';
import { csv, postImport } from './support/import';

let app: TestApp;
beforeAll(async () => {
  app = await startApp({ asPluginAdmin: true });
}, 120000);
afterAll(async () => {
  await app?.stop();
});

const server = (processors: number, coresPerProcessor: number | null) =>
  created(app, '/assets', { name: unique('Server'), assetType: 'server', processors, coresPerProcessor });
const assign = (license: string, data: Record<string, unknown>) => app.admin('post', `/licenses/${license}/assignments`, { data });
const edit = (license: string, data: Record<string, unknown>) => app.admin('put', `/licenses/${license}`, { data });
const editAsset = (asset: string, data: Record<string, unknown>) => app.admin('put', `/assets/${asset}`, { data });
const seatsOf = async (license: string) => (await app.admin('get', `/licenses/${license}`)).body.data.seats;
const fieldsOf = (res: { body: any }) =>
  (res.body.error?.details?.errors ?? []).map((e: { path: string[]; params?: { id?: string } }) => [e.path.join('.'), e.params?.id]);
const verify = (repair = false): Promise<SeatCountDifference[]> => app.strapi.plugin('license-manager').service('seatCounts').verify({ repair });
const sqlServer = (data: Record<string, unknown> = {}) =>
  makeLicense(app, { name: unique('SQL Server'), assignmentModel: 'per_core', quantity: 24, minCoresPerProcessor: 8, minCoresPerServer: 0, ...data });

describe('a per-core license', () => {
  it('counts each server by its cores with the minimums: 2 × 4 cores at 8 per processor uses 16, a 1 × 4 server at 16 per server is refused until the quantity is raised', async () => {
    const license = await sqlServer({ minCoresPerServer: 16 });
    expect(license).toMatchObject({ assignmentModel: 'per_core', coreFactor: '1.00', minCoresPerProcessor: 8, minCoresPerServer: 16 });
    const [big, small] = await Promise.all([server(2, 4), server(1, 4)]);
    const first = await assign(license.documentId, { asset: big.documentId });
    expect([first.status, first.body.data.seats]).toEqual([201, { total: 24, used: 16, available: 8, shortfall: 0 }]);
    const refused = await assign(license.documentId, { asset: small.documentId });
    expect([refused.status, refused.body.error.details]).toEqual([409, { requested: 16, available: 8, used: 16, total: 24 }]);
    expect(await seatsOf(license.documentId)).toMatchObject({ used: 16, total: 24 });
    expect((await edit(license.documentId, { quantity: 32 })).status).toBe(200);
    const second = await assign(license.documentId, { asset: small.documentId });
    expect([second.status, second.body.data.seats.used]).toEqual([201, 32]);
    expect(await verify()).toEqual([]);
  });

  it("multiplies by the core factor and rounds up (Oracle's 0.5 on 3 cores is 2), exactly", async () => {
    const license = await makeLicense(app, { name: unique('Oracle'), assignmentModel: 'per_core', quantity: 10, coreFactor: '0.5' });
    expect(license.coreFactor).toBe('0.50');
    const three = await server(1, 3);
    expect((await assign(license.documentId, { asset: three.documentId })).body.data.seats.used).toBe(2);
    // 0.3 × 10 is 3 in decimals, 3.0000000000000004 in floats (4 once rounded up).
    const tenth = await makeLicense(app, { name: unique('Factor'), assignmentModel: 'per_core', quantity: 10, coreFactor: '0.3' });
    expect((await assign(tenth.documentId, { asset: (await server(1, 10)).documentId })).body.data.seats.used).toBe(3);
  });

  it('takes assets only, with known cores: a 400 naming the field, nothing written', async () => {
    const license = await sqlServer();
    const person = await makePerson(app);
    const byPerson = await assign(license.documentId, { person: person.documentId });
    expect([byPerson.status, fieldsOf(byPerson)]).toEqual([400, [['person', 'assetsOnly']]]);
    const persons = await app.admin('put', `/licenses/${license.documentId}/persons`, { data: { persons: [person.documentId] } });
    expect([persons.status, fieldsOf(persons)]).toEqual([400, [['persons.0', 'assetsOnly']]]);
    const unknown = await server(2, null);
    const noCores = await assign(license.documentId, { asset: unknown.documentId });
    expect([noCores.status, fieldsOf(noCores)]).toEqual([400, [['asset', 'noCores']]]);
    const known = await server(1, 8);
    const set = await app.admin('put', `/licenses/${license.documentId}/assets`, { data: { assets: [known.documentId, unknown.documentId] } });
    expect([set.status, fieldsOf(set)]).toEqual([400, [['assets.1', 'noCores']]]);
    expect(await seatsOf(license.documentId)).toMatchObject({ used: 0 });
    // The set in units: 8 + 16 cores against 24.
    const fits = await app.admin('put', `/licenses/${license.documentId}/assets`, { data: { assets: [known.documentId, (await server(2, 8)).documentId] } });
    expect([fits.status, fits.body.data.seats.used]).toEqual([200, 24]);
    const over = await app.admin('put', `/licenses/${license.documentId}/assets`, { data: { assets: [known.documentId, (await server(2, 10)).documentId] } });
    expect([over.status, over.body.error.details]).toMatchObject([409, { requested: 20, available: 16 }]);
  });

  it('has terms only under its model: a term sent for another model is a 400 naming it, the defaults are accepted, and a model change clears them', async () => {
    const software = (await makeSoftware(app)).documentId;
    const sent = await app.admin('post', '/licenses', {
      data: { name: unique('Per user'), software, quantity: 5, assignmentModel: 'per_user', coreFactor: '0.5', minCoresPerServer: 16 },
    });
    expect([sent.status, fieldsOf(sent)]).toEqual([
      400,
      [
        ['coreFactor', 'perCoreOnly'],
        ['minCoresPerServer', 'perCoreOnly'],
      ],
    ]);
    const neutral = await app.admin('post', '/licenses', {
      data: { name: unique('Per user'), software, quantity: 5, coreFactor: '1', minCoresPerProcessor: 0 },
    });
    expect([neutral.status, neutral.body.data.coreFactor]).toEqual([201, '1.00']);
    for (const [field, value] of [
      ['coreFactor', '0.1'],
      ['coreFactor', '4.01'],
      ['coreFactor', '0.333'],
      ['minCoresPerProcessor', -1],
      ['minCoresPerServer', 1.5],
    ] as const) {
      const bad = await app.admin('post', '/licenses', { data: { name: unique('Bad'), software, quantity: 5, assignmentModel: 'per_core', [field]: value } });
      expect([field, bad.status, fieldsOf(bad).map(([path]: string[]) => path)]).toEqual([field, 400, [field]]);
    }
    const license = await sqlServer({ coreFactor: '0.75', minCoresPerServer: 4 });
    const onlyTerm = await edit(neutral.body.data.documentId, { minCoresPerServer: 8 });
    expect([onlyTerm.status, fieldsOf(onlyTerm)]).toEqual([400, [['minCoresPerServer', 'perCoreOnly']]]);
    const away = await edit(license.documentId, { assignmentModel: 'per_processor' });
    expect([away.status, away.body.data]).toEqual([200, expect.objectContaining({ coreFactor: '1.00', minCoresPerProcessor: 0, minCoresPerServer: 0 })]);
  });
});

describe('a per-processor license', () => {
  it('counts processors: two 2-processor servers use 4 of 4, a third is refused', async () => {
    const license = await makeLicense(app, { name: unique('Per processor'), assignmentModel: 'per_processor', quantity: 4 });
    for (const expected of [2, 4]) {
      const res = await assign(license.documentId, { asset: (await server(2, null)).documentId });
      expect([res.status, res.body.data.seats.used]).toEqual([201, expected]);
    }
    expect((await assign(license.documentId, { asset: (await server(1, 2)).documentId })).status).toBe(409);
  });
});

describe("an asset's hardware edit", () => {
  it('moves the units it uses on each license; past a blocked license’s seats it is a 409 naming each license and its shortfall, and nothing changes', async () => {
    const [blocked, allowed] = [await sqlServer({ quantity: 32 }), await sqlServer({ quantity: 16, overAssignment: 'allow' })];
    const perUser = await makeLicense(app, { name: unique('Recorded'), quantity: 1 });
    const asset = await server(2, 4);
    for (const l of [blocked, allowed, perUser]) expect((await assign(l.documentId, { asset: asset.documentId })).status).toBe(201);
    expect((await seatsOf(blocked.documentId)).used).toBe(16);

    const past = await editAsset(asset.documentId, { coresPerProcessor: 20 });
    expect(past.status).toBe(409);
    expect(past.body.error.details.licenses).toEqual([
      { documentId: blocked.documentId, name: blocked.name, used: 40, total: 32, shortfall: 8, reason: 'seats' },
    ]);
    expect((await app.admin('get', `/assets/${asset.documentId}`)).body.data.coresPerProcessor).toBe(4);
    expect(await seatsOf(blocked.documentId)).toMatchObject({ used: 16 });

    const cleared = await editAsset(asset.documentId, { coresPerProcessor: null });
    expect([cleared.status, cleared.body.error.details.licenses.map((l: { reason: string }) => l.reason)]).toEqual([409, ['noCores', 'noCores']]);

    // Within the blocked license's seats: both move, the allowed one shows its shortfall.
    expect((await editAsset(asset.documentId, { processors: 4 })).status).toBe(200);
    expect(await seatsOf(blocked.documentId)).toMatchObject({ used: 32, shortfall: 0 });
    expect(await seatsOf(allowed.documentId)).toMatchObject({ used: 32, shortfall: 16 });
    expect(await seatsOf(perUser.documentId)).toMatchObject({ used: 0 });
    expect(await verify()).toEqual([]);
  });
});

describe("a license's model or terms edit", () => {
  it('works the units out again; refuses persons, unknown cores and a total below the new units, changing nothing', async () => {
    const withPerson = await makeLicense(app, { name: unique('Users'), quantity: 5 });
    expect((await assign(withPerson.documentId, { person: (await makePerson(app)).documentId })).status).toBe(201);
    const persons = await edit(withPerson.documentId, { assignmentModel: 'per_core' });
    expect([persons.status, persons.body.error.details]).toEqual([409, { field: 'assignmentModel', persons: 1 }]);

    const computers = await makeLicense(app, { name: unique('Computers'), assignmentModel: 'per_computer', quantity: 16 });
    const [a, b] = [await server(2, 4), await server(1, null)];
    for (const s of [a, b]) expect((await assign(computers.documentId, { asset: s.documentId })).status).toBe(201);
    const unknown = await edit(computers.documentId, { assignmentModel: 'per_core' });
    expect([unknown.status, unknown.body.error.details]).toEqual([409, { field: 'assignmentModel', assetsWithoutCores: 1 }]);
    const processors = await edit(computers.documentId, { assignmentModel: 'per_processor' });
    expect([processors.status, processors.body.data.seats.used]).toEqual([200, 3]);
    expect((await editAsset(b.documentId, { coresPerProcessor: 6 })).status).toBe(200);
    // 8 + 6 cores, then the 16-per-server minimum makes it 32 against 16: refused, nothing changed.
    const cores = await edit(computers.documentId, { assignmentModel: 'per_core' });
    expect([cores.status, cores.body.data.seats.used]).toEqual([200, 14]);
    const minimum = await edit(computers.documentId, { minCoresPerServer: 16 });
    expect([minimum.status, minimum.body.error.details]).toMatchObject([409, { used: 32, quantity: 16 }]);
    expect((await app.admin('get', `/licenses/${computers.documentId}`)).body.data).toMatchObject({ minCoresPerServer: 0, seats: { used: 14 } });
    expect((await edit(computers.documentId, { minCoresPerServer: 16, quantity: 32 })).body.data.seats).toMatchObject({ used: 32, total: 32 });
    // Back to per computer: a seat each.
    expect((await edit(computers.documentId, { assignmentModel: 'per_computer' })).body.data.seats.used).toBe(2);
    expect(await verify()).toEqual([]);
  });
});

describe('verify-seats', () => {
  it('finds an assignment whose units differ from its asset and license, and repairs it', async () => {
    const license = await sqlServer();
    const res = await assign(license.documentId, { asset: (await server(2, 4)).documentId });
    const table = tableOf(app.strapi, UID.assignment);
    await app.strapi.db
      .connection(table)
      .where('document_id', res.body.data.documentId)
      .update({ [columnOf(app.strapi, UID.assignment, 'units')]: 3 });
    // Its license's kept count still says 16: only the formula shows the difference.
    const found = (await verify()).filter((d) => d.documentId === license.documentId);
    expect(found.map((d) => [d.stored.assetUnits, d.counted.assetUnits])).toEqual([[16, 16]]);
    await verify(true);
    expect(await verify()).toEqual([]);
    expect(
      await app.strapi.db
        .connection(table)
        .where('document_id', res.body.data.documentId)
        .first(columnOf(app.strapi, UID.assignment, 'units') + ' as u'),
    ).toEqual({ u: 16 });
  });
});

describe('the compliance report', () => {
  it('positions per-core and per-processor licenses in their units', async () => {
    const software = await makeSoftware(app);
    const license = await sqlServer({ software: software.documentId });
    expect((await assign(license.documentId, { asset: (await server(2, 4)).documentId })).status).toBe(201);
    const report = await app.admin('get', `/compliance?_q=${encodeURIComponent(software.name)}&pageSize=100`);
    const row = report.body.data.find((r: { software: { documentId: string } }) => r.software.documentId === software.documentId);
    expect(row.byModel.per_core).toMatchObject({ licensed: 24, used: 16, position: 8 });
    expect(row.byModel.per_processor).toMatchObject({ licensed: 0, used: 0 });
  });
});

describe('the CSV import', () => {
  it("reads a per-core license's terms with the admin's labels and a comma decimal, and refuses them for another model by row and the file's column", async () => {
    const software = await makeSoftware(app);
    const [ok, wrong] = [unique('Imported per core'), unique('Imported per user')];
    const file = csv(
      [
        ['name', 'software', 'quantity', 'License type (per user/computer)', 'Core factor', 'Minimum cores per processor', 'Minimum cores per server'],
        [ok, software.name, '24', 'per_core', '0,5', '8', '16'],
        [wrong, software.name, '5', 'per_user', '0,5', '', ''],
      ],
      ';',
    );
    const res = await postImport(app, 'licenses', file, { dryRun: 'false', onError: 'skip', decimalSeparator: ',', delimiter: 'semicolon' });
    expect([res.status, res.body.error]).toEqual([200, undefined]);
    expect(res.body.data.errors).toEqual([expect.objectContaining({ row: 3, column: 'Core factor', value: '0,5', params: { id: 'perCoreOnly' } })]);
    const listed = await app.admin('get', `/licenses?_q=${encodeURIComponent(ok)}`);
    expect(listed.body.data).toEqual([
      expect.objectContaining({ name: ok, assignmentModel: 'per_core', coreFactor: '0.50', minCoresPerProcessor: 8, minCoresPerServer: 16 }),
    ]);
    expect((await app.admin('get', `/licenses?_q=${encodeURIComponent(wrong)}`)).body.data).toEqual([]);
  });

  it('refuses an assignment row naming a person for a per-core license, with the reason', async () => {
    const license = await sqlServer();
    const person = await created(app, '/persons', { lastName: unique('Imported'), email: `${unique('p').toLowerCase().replace(/\W+/g, '.')}@example.test` });
    const file = csv([
      ['licenseDocumentId', 'personEmail'],
      [license.documentId, person.email],
    ]);
    const res = await postImport(app, 'assignments', file, { dryRun: 'false', onError: 'skip' });
    expect(res.status).toBe(200);
    expect(res.body.data.errors).toEqual([expect.objectContaining({ row: 2, params: { id: 'assetsOnly' } })]);
    expect(await seatsOf(license.documentId)).toMatchObject({ used: 0 });
  });
});
