/**
 * The kept number of licenses (server/src/db/license-total.ts), which an unfiltered list
 * answers as its total: creates and deletes keep it, a refused write leaves it, concurrent creates
 * and deletes leave it exact, the deltas fold into the base row, and a planted difference is found
 * by `npm run verify-seats` and repaired. Runs in the suite's shared database.
 */
import { UID } from '../../shared/constants';
import { columnOf, nameKey, newDocumentId, tableOf } from '../../server/src/db';
import { verifySeats } from './support/verify-seats';
import { apiToken, startApp, unique, type TestApp } from './support/app';
import { makeLicense, makeSoftware } from './support/fixtures';
import { csv, postImport } from './support/import';

let app: TestApp;
beforeAll(async () => {
  app = await startApp({ asPluginAdmin: true });
}, 120000);
afterAll(async () => {
  await app?.stop();
});

const service = () => app.strapi.plugin('license-manager').service('licenseTotal');
const counted = async () => Number((await app.strapi.db.connection(tableOf(app.strapi, UID.license)).count({ n: '*' }))[0].n);
const tallyRows = async () => Number((await app.strapi.db.connection(tableOf(app.strapi, UID.licenseTally)).count({ n: '*' }))[0].n);
/** The totals an unfiltered admin list and content-API list answer. */
const listed = async (token: string) => [
  (await app.admin('get', '/licenses?pageSize=1')).body.meta.pagination.total,
  (await app.http().get('/api/license-manager/licenses?pagination[pageSize]=1').set('Authorization', `Bearer ${token}`)).body.meta.pagination.total,
];

describe('the kept number of licenses', () => {
  let token: string;
  beforeAll(async () => {
    token = await apiToken(app, 'read-only');
  });

  it('is what unfiltered lists answer, and follows creates and deletes but not refused writes', async () => {
    const before = await counted();
    expect(await listed(token)).toEqual([before, before]);
    const made = await makeLicense(app, { name: unique('Tally') });
    const second = await makeLicense(app, { name: unique('Tally') });
    expect(await listed(token)).toEqual([before + 2, before + 2]);
    // A name taken: 409, nothing written.
    const refused = await app.admin('post', '/licenses', { data: { name: made.name, software: (await makeSoftware(app)).documentId, quantity: 1 } });
    expect(refused.status).toBe(409);
    expect((await app.admin('delete', `/licenses/${second.documentId}`)).status).toBe(200);
    expect(await listed(token)).toEqual([before + 1, before + 1]);
    // A filtered list still counts what it matches.
    const filtered = await app.admin('get', `/licenses?_q=${encodeURIComponent(made.name)}`);
    expect(filtered.body.meta.pagination.total).toBe(1);
    expect(await service().verify()).toEqual({ kept: before + 1, counted: before + 1 });
  });

  it('stays exact under concurrent creates and deletes', async () => {
    const software = (await makeSoftware(app)).documentId;
    const doomed = await Promise.all(Array.from({ length: 8 }, () => makeLicense(app, { name: unique('Tally doomed') })));
    const answers = await Promise.all([
      ...Array.from({ length: 12 }, (_, i) => app.admin('post', '/licenses', { data: { name: unique(`Tally race ${i}`), software, quantity: 1 } })),
      // Some twice: one delete wins, the other is a 404.
      ...doomed.flatMap((l, i) => (i % 2 ? [l, l] : [l]).map((x) => app.admin('delete', `/licenses/${x.documentId}`))),
    ]);
    expect(answers.filter((a) => a.status === 201)).toHaveLength(12);
    expect(answers.filter((a) => a.status === 200)).toHaveLength(8);
    const total = await service().verify();
    expect(total.kept).toBe(total.counted);
    expect(await listed(token)).toEqual([total.counted, total.counted]);
  }, 120000);

  it('stays exact when folding and repairing race creates, deletes and an import', async () => {
    const software = await makeSoftware(app);
    const doomed = await Promise.all(Array.from({ length: 6 }, () => makeLicense(app, { name: unique('Tally fold race') })));
    // An import's creates stay uncommitted for its whole transaction: folding skips them, not waits.
    const file = csv([
      ['name', 'software', 'softwareVersion', 'quantity'],
      ...Array.from({ length: 40 }, (_, i) => [unique(`Tally import ${i}`), software.name, '1.0', 1]),
    ]);
    const answers = await Promise.all([
      postImport(app, 'licenses', file, { dryRun: 'false', onError: 'abort' }),
      ...Array.from({ length: 10 }, (_, i) =>
        app.admin('post', '/licenses', { data: { name: unique(`Tally fold ${i}`), software: software.documentId, quantity: 1 } }),
      ),
      ...doomed.map((l) => app.admin('delete', `/licenses/${l.documentId}`)),
      ...Array.from({ length: 4 }, (_, i) => (i % 2 ? service().compact() : service().verify({ repair: true })).then(() => ({ status: 0 }))),
    ]);
    expect(answers[0].status).toBe(200);
    expect((answers[0] as any).body.data.created).toBe(40);
    expect(answers.filter((a: any) => a.status === 201)).toHaveLength(10);
    expect(answers.filter((a: any) => a.status === 200)).toHaveLength(7);
    const total = await service().verify();
    expect(total.kept).toBe(total.counted);
    await service().compact();
    expect(await tallyRows()).toBe(1);
    expect(await service().total()).toBe(total.counted);
  }, 120000);

  it('folds its deltas into one base row, and the total stays', async () => {
    const total = await counted();
    for (let i = 0; i < 3; i++) await makeLicense(app, { name: unique('Tally fold') });
    expect(await tallyRows()).toBeGreaterThan(3);
    await service().compact();
    expect(await tallyRows()).toBe(1);
    expect(await service().total()).toBe(total + 3);
  });

  it('is found wrong by npm run verify-seats when rows are written past the services, and repaired', async () => {
    const before = await counted();
    const software = await app.strapi.db.query(UID.software).findOne({ where: {} });
    // A whole row as the service would store it (later files export and import it back).
    const name = unique('Tally planted');
    const documentId = newDocumentId();
    const now = new Date();
    await app.strapi.db.connection(tableOf(app.strapi, UID.license)).insert({
      [columnOf(app.strapi, UID.license, 'documentId')]: documentId,
      [columnOf(app.strapi, UID.license, 'name')]: name,
      [columnOf(app.strapi, UID.license, 'nameKey')]: nameKey(name),
      [columnOf(app.strapi, UID.license, 'createdAt')]: now,
      [columnOf(app.strapi, UID.license, 'updatedAt')]: now,
      [columnOf(app.strapi, UID.license, 'quantity')]: 1,
      [columnOf(app.strapi, UID.license, 'assignmentModel')]: 'per_user',
      [columnOf(app.strapi, UID.license, 'overAssignment')]: 'block',
      [columnOf(app.strapi, UID.license, 'currency')]: 'EUR',
      [columnOf(app.strapi, UID.license, 'software')]: software.id,
    });
    expect(await service().verify()).toEqual({ kept: before, counted: before + 1 });
    expect((await app.admin('get', '/licenses?pageSize=1')).body.meta.pagination.total).toBe(before);

    const found = await verifySeats();
    expect([found.code, found.out]).toEqual([1, expect.stringContaining(`The kept number of licenses is ${before}, but there are ${before + 1}`)]);
    const repaired = await verifySeats('--repair');
    expect([repaired.code, repaired.out]).toEqual([0, expect.stringContaining(`Repaired the kept number of licenses: ${before}, now ${before + 1}.`)]);
    expect(await service().verify()).toEqual({ kept: before + 1, counted: before + 1 });
    expect((await app.admin('get', '/licenses?pageSize=1')).body.meta.pagination.total).toBe(before + 1);
    // And it goes as any license goes.
    expect((await app.admin('delete', `/licenses/${documentId}`)).status).toBe(200);
    expect(await service().verify()).toEqual({ kept: before, counted: before });
  }, 120000);
});
