/**
 * The seat counts a license keeps (server/src/db/seat-counts.ts) against its assignments:
 * every kind of write keeps them, reads show them, `verify` and `npm run verify-seats` find a
 * planted difference and repair it, and a database whose counts are all 0 gets them counted at
 * startup. Runs in the suite's shared database: a difference any earlier file left shows here too.
 */
import { UID } from '../../shared/constants';
import { columnOf, tableOf } from '../../server/src/db';
import type { KeptSeats, SeatCountDifference } from '../../server/src/db/seat-counts';
import { verifySeats } from './support/verify-seats';
import { startApp, unique, type TestApp } from './support/app';
import { makeAsset, makeLicense, makePerson } from './support/fixtures';

let app: TestApp;
beforeAll(async () => {
  app = await startApp({ asPluginAdmin: true });
}, 120000);
afterAll(async () => {
  await app?.stop();
});

const verify = (repair = false): Promise<SeatCountDifference[]> => app.strapi.plugin('license-manager').service('seatCounts').verify({ repair });

/** Sets a license's kept columns behind the services' back, as a bug or a hand-made SQL fix would. */
const plant = (documentId: string | null, kept: Partial<KeptSeats>) => {
  const q = app.strapi.db.connection(tableOf(app.strapi, UID.license));
  if (documentId) q.where(columnOf(app.strapi, UID.license, 'documentId'), documentId);
  const column = { persons: 'personsCount', assets: 'assetsCount', assetUnits: 'assetUnits', seatsUsed: 'seatsUsed', overAllocated: 'overAllocated' } as const;
  return q.update(Object.fromEntries(Object.entries(kept).map(([k, v]) => [columnOf(app.strapi, UID.license, column[k as keyof KeptSeats]), v])));
};
const listed = async (query: string) => (await app.admin('get', `/licenses?pageSize=100&${query}`)).body.data.map((l: any) => [l.documentId, l.seats.used]);

const seatsOf = async (documentId: string) => (await app.admin('get', `/licenses/${documentId}`)).body.data.seats;

describe('kept seat counts', () => {
  let license: { documentId: string; name: string };

  it('follow every write of assignments: assign, unassign, set, person and asset deletes, a model change', async () => {
    const [p1, p2, p3, a1, a2] = await Promise.all([makePerson(app), makePerson(app), makePerson(app), makeAsset(app), makeAsset(app)]);
    const made = await makeLicense(app, { name: unique('Kept counts'), quantity: 3 });
    license = { documentId: made.documentId, name: made.name };
    const kept = async () => (await verify()).filter((d) => d.documentId === license.documentId);

    const first = await app.admin('post', `/licenses/${license.documentId}/assignments`, { data: { person: p1.documentId } });
    expect([first.status, first.body.data.seats.used]).toEqual([201, 1]);
    const set = await app.admin('put', `/licenses/${license.documentId}/persons`, { data: { persons: [p1.documentId, p2.documentId, p3.documentId] } });
    expect([set.status, set.body.data.seats.used]).toEqual([200, 3]);
    expect((await app.admin('put', `/licenses/${license.documentId}/assets`, { data: { assets: [a1.documentId, a2.documentId] } })).status).toBe(200);
    // Refused under block: nothing written, the counts unchanged.
    expect((await app.admin('post', `/licenses/${license.documentId}/assignments`, { data: { person: (await makePerson(app)).documentId } })).status).toBe(409);
    expect(await kept()).toEqual([]);

    expect((await app.admin('delete', `/licenses/${license.documentId}/assignments/${first.body.data.documentId}`)).status).toBe(200);
    expect((await app.admin('delete', `/persons/${p2.documentId}`)).status).toBe(200);
    expect((await app.admin('delete', `/assets/${a1.documentId}`)).status).toBe(200);
    expect(await seatsOf(license.documentId)).toMatchObject({ used: 1, total: 3 });
    // Both kinds are kept, so the other model's seats are there at once.
    expect((await app.admin('put', `/licenses/${license.documentId}`, { data: { assignmentModel: 'per_computer' } })).status).toBe(200);
    expect(await seatsOf(license.documentId)).toMatchObject({ used: 1, total: 3 });
    expect((await app.admin('put', `/licenses/${license.documentId}/assets`, { data: { assets: [] } })).body.data.seats.used).toBe(0);
    expect(await kept()).toEqual([]);
  });

  it('are read by the list: its seat sort and over-allocation filter', async () => {
    expect(
      (await app.admin('put', `/licenses/${license.documentId}`, { data: { assignmentModel: 'per_user', overAssignment: 'allow', quantity: 1 } })).status,
    ).toBe(200);
    const extra = await makePerson(app);
    expect((await app.admin('post', `/licenses/${license.documentId}/assignments`, { data: { person: extra.documentId } })).status).toBe(201);
    const named = `_q=${encodeURIComponent(license.name)}`;
    expect(await listed(`overAllocated=true&sort=seatsUsed:desc&${named}`)).toEqual([[license.documentId, 2]]);
    // The kept seats used and over-allocation follow a change of quantity and of model at once.
    expect((await app.admin('put', `/licenses/${license.documentId}`, { data: { quantity: 2 } })).status).toBe(200);
    expect(await listed(`overAllocated=true&${named}`)).toEqual([]);
    expect(await listed(`overAllocated=false&${named}`)).toEqual([[license.documentId, 2]]);
    expect((await app.admin('put', `/licenses/${license.documentId}`, { data: { assignmentModel: 'per_computer' } })).status).toBe(200);
    expect(await listed(`overAllocated=false&${named}`)).toEqual([[license.documentId, 0]]);
    expect((await app.admin('put', `/licenses/${license.documentId}`, { data: { assignmentModel: 'per_user', quantity: 1 } })).status).toBe(200);
    expect(await listed(`overAllocated=true&sort=seatsUsed:asc&${named}`)).toEqual([[license.documentId, 2]]);
    expect(await verify()).toEqual([]);
  });

  it('are reported by verify when they differ, exactly, and repaired', async () => {
    expect(await verify()).toEqual([]);
    await plant(license.documentId, { persons: 7, assets: 1, seatsUsed: 7 });
    const difference = {
      documentId: license.documentId,
      name: license.name,
      stored: { persons: 7, assets: 1, assetUnits: 0, seatsUsed: 7, overAllocated: true },
      counted: { persons: 2, assets: 0, assetUnits: 0, seatsUsed: 2, overAllocated: true },
    };
    expect(await verify()).toEqual([difference]);
    // Reads show what is kept: the plant is visible, which is why verify exists.
    expect((await seatsOf(license.documentId)).used).toBe(7);

    const found = await verifySeats();
    expect([found.code, found.out]).toEqual([
      1,
      expect.stringContaining(
        `${license.documentId} "${license.name}": kept persons 7, assets 1, asset units 0, seats used 7, over-allocated yes; counted persons 2, assets 0, asset units 0, seats used 2, over-allocated yes`,
      ),
    ]);
    expect(await verify()).toEqual([difference]);
    const repaired = await verifySeats('--repair');
    expect([repaired.code, repaired.out]).toEqual([0, expect.stringContaining('Repaired the seat counts of 1 license(s).')]);
    expect(await verify()).toEqual([]);
    expect((await seatsOf(license.documentId)).used).toBe(2);
  }, 120000);

  it('are reported when only the derived columns differ from the counts, and repaired', async () => {
    await plant(license.documentId, { overAllocated: false });
    const kept = { persons: 2, assets: 0, assetUnits: 0, seatsUsed: 2 };
    expect(await verify()).toEqual([
      { documentId: license.documentId, name: license.name, stored: { ...kept, overAllocated: false }, counted: { ...kept, overAllocated: true } },
    ]);
    expect(await listed(`overAllocated=true&_q=${encodeURIComponent(license.name)}`)).toEqual([]);
    expect(await verify(true)).toHaveLength(1);
    expect(await listed(`overAllocated=true&_q=${encodeURIComponent(license.name)}`)).toEqual([[license.documentId, 2]]);
    expect(await verify()).toEqual([]);
  });

  it('are counted at startup on a database from before them (every count 0, assignments present)', async () => {
    await plant(null, { persons: 0, assets: 0, seatsUsed: 0, overAllocated: false });
    expect((await verify()).map((d) => d.documentId)).toContain(license.documentId);
    // verify-seats boots the plugin, whose bootstrap counts them before the check runs.
    const booted = await verifySeats();
    expect([booted.code, booted.out]).toEqual([0, expect.stringContaining('Every license keeps the seat counts of its assignments.')]);
    expect(await verify()).toEqual([]);
    // Not when any count is set: a single difference is verify's to report, not the startup's to hide.
    const other = await makeLicense(app);
    expect((await app.admin('post', `/licenses/${other.documentId}/assignments`, { data: { person: (await makePerson(app)).documentId } })).status).toBe(201);
    await plant(license.documentId, { persons: 0, assets: 0, seatsUsed: 0, overAllocated: false });
    await app.strapi.plugin('license-manager').service('seatCounts').initialize();
    expect((await verify(true)).map((d) => d.documentId)).toEqual([license.documentId]);
    expect(await verify()).toEqual([]);
  }, 120000);

  it('keep the asset units of a database from before them, once, at startup', async () => {
    const other = await makeLicense(app, { assignmentModel: 'per_computer' });
    const [a1, a2] = await Promise.all([makeAsset(app), makeAsset(app)]);
    expect((await app.admin('put', `/licenses/${other.documentId}/assets`, { data: { assets: [a1.documentId, a2.documentId] } })).status).toBe(200);
    await plant(other.documentId, { assetUnits: 0 });
    expect((await verify()).map((d) => [d.documentId, d.stored.assetUnits, d.counted.assetUnits])).toEqual([[other.documentId, 0, 2]]);
    await app.strapi.plugin('license-manager').service('seatCounts').initialize();
    expect(await verify()).toEqual([]);
  });

  it('go with a deleted license, and no write of this file left a difference', async () => {
    expect((await app.admin('delete', `/licenses/${license.documentId}`)).status).toBe(200);
    expect(await verify()).toEqual([]);
  });
});
