/**
 * Issue 30: the compliance trend read from each day's kept totals (server/src/db/snapshots). The
 * totals of a day are the sums of its rows, for the whole register and for a scope, written once
 * with them; a day stored before the totals existed (its rows written directly, as the previous
 * version left them) is filled in at startup, with the same numbers, by two processes at once too.
 * The test files share the database: this one uses days 300 to 303 days back, inside the trend's
 * 366-day window and outside the 90 days the other files' trend tests read.
 */
import { ACTIONS, CONDITIONS, UID } from '../../shared/constants';
import { columnOf, isUniqueViolation, newDocumentId, tableOf } from '../../server/src/db';
import { fillSnapshotTotals } from '../../server/src/db/snapshots';
import { scopeKeyOf } from '../../server/src/scope';
import { adminUserWith, startApp, unique, type TestApp } from './support/app';
import { created, makePerson } from './support/fixtures';

let app: TestApp;
let scoped: { token: string; id: number };
let software: string;
let scopeKey: string;

const day = (offset: number) => {
  const d = new Date();
  d.setUTCDate(d.getUTCDate() + offset);
  return d.toISOString().slice(0, 10);
};
const [STORED, SCOPED, OLD, RACED] = [day(-300), day(-301), day(-302), day(-303)];

type Point = { date: string; nonCompliant: number; atRisk: number; shortfall: number; licensed: number; used: number };
const service = () => app.strapi.plugin('license-manager').service('compliance');
const knex = () => app.strapi.db.connection;
const ROWS = UID.complianceSnapshot;
const SCOPE_ROWS = UID.complianceScopeSnapshot;
const TOTALS = UID.complianceSnapshotTotal;
const c = (uid: typeof ROWS | typeof SCOPE_ROWS | typeof TOTALS, attribute: string) => columnOf(app.strapi, uid, attribute);

const trend = async (query = '', token?: string): Promise<Point[]> => {
  const res = await app.admin('get', `/compliance/trend?days=366${query}`, undefined, token);
  expect(res.status).toBe(200);
  return res.body.data;
};
const pointOn = async (date: string, query = '', token?: string) => (await trend(query, token)).filter((p) => p.date === date);

/** A day's point summed here from its rows (of the register, or of `key`'s scope). */
const summed = async (date: string, key?: string): Promise<Point> => {
  const uid = key === undefined ? ROWS : SCOPE_ROWS;
  const q = knex()(tableOf(app.strapi, uid)).where(c(uid, 'date'), date);
  if (key !== undefined) q.where(c(uid, 'scopeKey'), key);
  const rows = await q;
  expect(rows.length).toBeGreaterThan(0);
  const sum = (a: string) => rows.reduce((s: number, r: any) => s + Number(r[c(uid, a)] ?? 0), 0);
  const count = (status: string) => rows.filter((r: any) => r[c(uid, 'status')] === status).length;
  return { date, nonCompliant: count('non_compliant'), atRisk: count('at_risk'), shortfall: sum('shortfall'), licensed: sum('licensed'), used: sum('used') };
};

/** The totals rows of a day and key ('' for the whole register). */
const totalsOf = (date: string, key: string) => knex()(tableOf(app.strapi, TOTALS)).where(c(TOTALS, 'date'), date).where(c(TOTALS, 'scopeKey'), key);

/** Rows as the version before the totals wrote them: the day's rows only. */
const insertOldRows = async (date: string, key: string | undefined, rows: Array<[string, number, number, number]>) => {
  const uid = key === undefined ? ROWS : SCOPE_ROWS;
  const now = new Date();
  await knex()(tableOf(app.strapi, uid)).insert(
    rows.map(([status, licensed, used, shortfall]) => ({
      [c(uid, 'documentId')]: newDocumentId(),
      [c(uid, 'date')]: date,
      ...(key === undefined ? {} : { [c(uid, 'scopeKey')]: key }),
      [c(uid, 'softwareDocumentId')]: newDocumentId(),
      [c(uid, 'softwareName')]: unique('Old software'),
      [c(uid, 'licensed')]: licensed,
      [c(uid, 'used')]: used,
      [c(uid, 'shortfall')]: shortfall,
      [c(uid, 'unused')]: Math.max(0, licensed - used),
      [c(uid, 'expiredInUse')]: 0,
      [c(uid, 'status')]: status,
      [c(uid, 'createdAt')]: now,
      [c(uid, 'updatedAt')]: now,
      [c(uid, 'publishedAt')]: now,
    })),
  );
};
const OLD_REGISTER: Array<[string, number, number, number]> = [
  ['non_compliant', 10, 14, 4],
  ['at_risk', 10, 9, 0],
  ['compliant', 20, 5, 0],
];
const OLD_SCOPE: Array<[string, number, number, number]> = [
  ['non_compliant', 2, 3, 1],
  ['covered', 0, 7, 0],
];
const OLD_REGISTER_POINT = { nonCompliant: 1, atRisk: 1, shortfall: 4, licensed: 40, used: 28 };
const OLD_SCOPE_POINT = { nonCompliant: 1, atRisk: 0, shortfall: 1, licensed: 2, used: 10 };

beforeAll(async () => {
  app = await startApp();
  // An admin whose every role reads licenses only in their organizations: the daily snapshot stores their scope's rows.
  scoped = await adminUserWith(app, 'Trend scoped', [ACTIONS.read], [CONDITIONS.organizations.id]);
  const org = await created(app, '/organizations', { name: unique('Trend org'), administrators: [scoped.id] });
  const orgRow = await app.strapi.db.query(UID.organization).findOne({ where: { documentId: org.documentId }, select: ['id'] });
  scopeKey = scopeKeyOf({ organizations: [Number(orgRow.id)], units: [] });
  software = (await created(app, '/software', { name: unique('Trend software'), version: '1' })).documentId;
  const license = await created(app, '/licenses', {
    name: unique('Trend license'),
    software,
    organization: org.documentId,
    quantity: 3,
    overAssignment: 'allow',
  });
  const persons = [];
  for (let i = 0; i < 5; i++) persons.push((await makePerson(app)).documentId);
  expect((await app.admin('put', `/licenses/${license.documentId}/persons`, { data: { persons } })).status).toBe(200);
}, 120000);

afterAll(async () => {
  await app?.stop();
});

it("keeps a day's totals of the whole register: the sums of its rows, written with them, once", async () => {
  // Four calls at once: one stores the day, with its totals.
  const results = await Promise.all(Array.from({ length: 4 }, () => service().snapshot(STORED)));
  expect(results.filter((r: any) => !r.alreadyStored)).toHaveLength(1);
  const expected = await summed(STORED);
  expect(expected).toMatchObject({ nonCompliant: expect.any(Number), licensed: expect.any(Number) });
  expect(expected.nonCompliant).toBeGreaterThanOrEqual(1);
  expect(await pointOn(STORED)).toEqual([expected]);
  const [kept, ...more] = await totalsOf(STORED, '');
  expect(more).toEqual([]);
  expect(Number(kept[c(TOTALS, 'software')])).toBe(results.find((r: any) => !r.alreadyStored).software);
  // Again: stored already, nothing written twice; the unique index refuses a second totals row of the day.
  expect(await service().snapshot(STORED)).toMatchObject({ alreadyStored: true });
  expect(await totalsOf(STORED, '')).toHaveLength(1);
  const again = { ...kept, [c(TOTALS, 'documentId')]: newDocumentId() };
  delete again.id;
  const refused = await knex()(tableOf(app.strapi, TOTALS))
    .insert(again)
    .then(
      () => null,
      (error: unknown) => error,
    );
  expect(isUniqueViolation(refused)).toBe(true);
  expect(await totalsOf(STORED, '')).toHaveLength(1);
  // One software's trend reads its own row of the day.
  expect(await pointOn(STORED, `&software=${software}`)).toEqual([{ date: STORED, nonCompliant: 1, atRisk: 0, shortfall: 2, licensed: 3, used: 5 }]);
});

it('stores a day again after its rows were deleted by hand: its totals follow the new rows', async () => {
  const date = day(-304);
  expect(await service().snapshot(date)).toMatchObject({ alreadyStored: false });
  // The rows gone, the totals left (as a hand-made cleanup would leave them), with numbers of their own.
  await knex()(tableOf(app.strapi, ROWS)).where(c(ROWS, 'date'), date).delete();
  await totalsOf(date, '').update({ [c(TOTALS, 'licensed')]: 999999 });
  expect(await service().snapshot(date)).toMatchObject({ alreadyStored: false });
  expect(await totalsOf(date, '')).toHaveLength(1);
  expect(await pointOn(date)).toEqual([await summed(date)]);
});

it("keeps a scope's totals of a day: the sums of its rows, which its admin's trend reads", async () => {
  await service().snapshot(SCOPED);
  const expected = await summed(SCOPED, scopeKey);
  // The scope holds this file's license only.
  expect(expected).toEqual({ date: SCOPED, nonCompliant: 1, atRisk: 0, shortfall: 2, licensed: 3, used: 5 });
  expect(await pointOn(SCOPED, '', scoped.token)).toEqual([expected]);
  expect(await pointOn(SCOPED, `&software=${software}`, scoped.token)).toEqual([expected]);
  expect(await totalsOf(SCOPED, scopeKey)).toHaveLength(1);
  await service().snapshot(SCOPED);
  expect(await totalsOf(SCOPED, scopeKey)).toHaveLength(1);
  // The register's point of the day is its own.
  expect(await pointOn(SCOPED)).toEqual([await summed(SCOPED)]);
});

it('fills in at startup the totals of a day stored before them, with the same numbers', async () => {
  await insertOldRows(OLD, undefined, OLD_REGISTER);
  await insertOldRows(OLD, scopeKey, OLD_SCOPE);
  // Without totals the day is not read.
  expect(await pointOn(OLD)).toEqual([]);
  const before = await trend();
  const beforeScoped = await trend('', scoped.token);

  await app.stop();
  app = await startApp();

  expect(await pointOn(OLD)).toEqual([{ date: OLD, ...OLD_REGISTER_POINT }]);
  expect(await pointOn(OLD, '', scoped.token)).toEqual([{ date: OLD, ...OLD_SCOPE_POINT }]);
  expect(await summed(OLD)).toEqual({ date: OLD, ...OLD_REGISTER_POINT });
  // Every other day as it was.
  expect((await trend()).filter((p) => p.date !== OLD)).toEqual(before);
  expect((await trend('', scoped.token)).filter((p) => p.date !== OLD)).toEqual(beforeScoped);
  expect(await totalsOf(OLD, '')).toHaveLength(1);
  expect(await totalsOf(OLD, scopeKey)).toHaveLength(1);
});

it('fills a day once when two processes fill at the same moment, and then finds nothing to fill', async () => {
  await insertOldRows(RACED, undefined, OLD_REGISTER);
  await insertOldRows(RACED, scopeKey, OLD_SCOPE);
  const filled = await Promise.all([fillSnapshotTotals(app.strapi), fillSnapshotTotals(app.strapi)]);
  expect(Math.max(...filled)).toBe(2);
  expect(await totalsOf(RACED, '')).toHaveLength(1);
  expect(await totalsOf(RACED, scopeKey)).toHaveLength(1);
  expect(await pointOn(RACED)).toEqual([{ date: RACED, ...OLD_REGISTER_POINT }]);
  expect(await pointOn(RACED, '', scoped.token)).toEqual([{ date: RACED, ...OLD_SCOPE_POINT }]);
  expect(await fillSnapshotTotals(app.strapi)).toBe(0);
});
