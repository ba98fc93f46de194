/**
 * Issue 11: the compliance report (docs/api.md and docs/domain.md, "Compliance") over HTTP, on the
 * database the run names. Each test makes its own software under a name no other holds and reads
 * the report filtered by that name (`_q`), since the test files share one database.
 */
import { parse } from 'csv-parse/sync';
import Decimal from 'decimal.js';
import { ACTIONS } from '../../shared/constants';
import { expectKeptReport, refreshKept } from './support/kept';
import { adminWith, apiToken, startApp, unique, type TestApp } from './support/app';
import { created, makeAsset, makeOrganization, makePerson } from './support/fixtures';
import { asBytes } from './support/import';

let app: TestApp;
let persons: string[];
let assets: string[];
let windowDays: number;

const day = (offset: number) => {
  const d = new Date();
  d.setUTCDate(d.getUTCDate() + offset);
  return d.toISOString().slice(0, 10);
};

/** A name no other software's name contains, and no other contains it: the trailing "/" ends it. */
const softwareName = (prefix: string) => `${unique(prefix)}/`;

const software = async (name = softwareName('Compliance')) => (await created(app, '/software', { name, version: '1' })).documentId as string;

const license = async (softwareId: string, data: Record<string, unknown>) =>
  (await created(app, '/licenses', { name: unique('Compliance license'), software: softwareId, overAssignment: 'allow', ...data })).documentId as string;

const assignPersons = async (licenseId: string, count: number, from = 0) => {
  const res = await app.admin('put', `/licenses/${licenseId}/persons`, { data: { persons: persons.slice(from, from + count) } });
  expect(res.status).toBe(200);
};
const assignAssets = async (licenseId: string, count: number) => {
  const res = await app.admin('put', `/licenses/${licenseId}/assets`, { data: { assets: assets.slice(0, count) } });
  expect(res.status).toBe(200);
};

const report = async (query: string) => {
  await refreshKept(app); // so that a later write's change is checked (afterEach)
  const res = await app.admin('get', `/compliance?${query}`);
  expect(res.status).toBe(200);
  return res.body;
};
const rowOf = async (name: string) => {
  const body = await report(`_q=${encodeURIComponent(name)}`);
  expect(body.data).toHaveLength(1);
  return body.data[0];
};

beforeAll(async () => {
  app = await startApp();
  persons = [];
  for (let i = 0; i < 20; i++) persons.push((await makePerson(app)).documentId);
  assets = [];
  for (let i = 0; i < 4; i++) assets.push((await makeAsset(app)).documentId);
  windowDays = (await app.admin('get', '/settings')).body.data.expiringWithinDays;
}, 120000);

afterAll(async () => {
  await app?.stop();
});
// Every test's writes move the whole register's kept rows as they move the report worked out whole.
afterEach(async () => {
  await expectKeptReport(app, false);
});

describe('positions', () => {
  it('pools the licenses of one software and model', async () => {
    const name = softwareName('Pooled');
    const s = await software(name);
    await assignPersons(await license(s, { quantity: 10, expirationDate: day(400) }), 8);
    await assignPersons(await license(s, { quantity: 5 }), 9, 8);
    const row = await rowOf(name);
    expect(row.software).toMatchObject({ documentId: s, name, version: '1' });
    expect(row.licenses).toBe(2);
    expect(row.byModel.per_user).toMatchObject({ licensed: 15, used: 17, position: -2 });
    expect(row.byModel.per_computer).toMatchObject({ licensed: 0, used: 0, position: 0 });
    expect(row).toMatchObject({ shortfall: 2, unused: 0, expiredInUse: 0, utilization: '1.1333', status: 'non_compliant', nextExpiration: day(400) });
  });

  it('counts seats on expired licenses as used and not licensed (expiredInUse)', async () => {
    const name = softwareName('Expired');
    const s = await software(name);
    await assignPersons(await license(s, { quantity: 5, purchaseDate: '2019-01-01', expirationDate: '2020-01-01' }), 3);
    await assignPersons(await license(s, { quantity: 10, expirationDate: day(200) }), 1, 3);
    const row = await rowOf(name);
    expect(row.byModel.per_user).toMatchObject({ licensed: 10, used: 4, position: 6 });
    expect(row).toMatchObject({ licenses: 2, shortfall: 0, unused: 6, expiredInUse: 3, utilization: '0.4000', status: 'compliant', nextExpiration: day(200) });
  });

  it('is at risk when a position falls below 0 once the licenses expiring in the window expire', async () => {
    const name = softwareName('Expiring');
    const s = await software(name);
    await assignPersons(await license(s, { quantity: 5, expirationDate: day(Math.min(5, windowDays)) }), 4);
    await assignPersons(await license(s, { quantity: 5, expirationDate: day(windowDays + 100) }), 3, 4);
    const row = await rowOf(name);
    // 7 used of 10 (0.7) is fine today; once 5 expire, 5 are licensed for 7 used.
    expect(row).toMatchObject({ shortfall: 0, unused: 3, utilization: '0.7000', status: 'at_risk', nextExpiration: day(Math.min(5, windowDays)) });
  });

  it('is at risk from a utilization of 0.9, and compliant below it', async () => {
    const high = softwareName('Utilization high');
    await assignPersons(await license(await software(high), { quantity: 10 }), 9);
    const low = softwareName('Utilization low');
    await assignPersons(await license(await software(low), { quantity: 10 }), 8);
    expect(await rowOf(high)).toMatchObject({ utilization: '0.9000', status: 'at_risk', unused: 1 });
    expect(await rowOf(low)).toMatchObject({ utilization: '0.8000', status: 'compliant', unused: 2 });
  });

  it('keeps per_user and per_computer apart: a surplus of one does not cover a shortfall of the other', async () => {
    const name = softwareName('Models');
    const s = await software(name);
    await assignPersons(await license(s, { quantity: 5, assignmentModel: 'per_user' }), 2);
    await assignAssets(await license(s, { quantity: 2, assignmentModel: 'per_computer' }), 3);
    const row = await rowOf(name);
    expect(row.byModel.per_user).toMatchObject({ licensed: 5, used: 2, position: 3 });
    expect(row.byModel.per_computer).toMatchObject({ licensed: 2, used: 3, position: -1 });
    expect(row).toMatchObject({ shortfall: 1, unused: 3, status: 'non_compliant', utilization: '0.7143' });
  });

  it('reports nothing licensed as a null utilization, and software without licenses not at all', async () => {
    const name = softwareName('Unlicensed');
    const s = await software(name);
    await assignPersons(await license(s, { quantity: 2, purchaseDate: '2019-01-01', expirationDate: '2020-01-01' }), 1);
    expect(await rowOf(name)).toMatchObject({ utilization: null, shortfall: 1, expiredInUse: 1, status: 'non_compliant', nextExpiration: null });
    const none = softwareName('No licenses');
    await software(none);
    expect((await report(`_q=${encodeURIComponent(none)}`)).data).toEqual([]);
  });
});

/** The sums of these licenses' own `cost` per currency (docs/domain.md, "Purchases"), exactly. */
const licensesCost = async (documentIds: string[], pick: 'annualRecurring' | 'committed'): Promise<Record<string, string>> => {
  const sums: Record<string, Decimal> = {};
  for (const documentId of documentIds) {
    for (const c of (await app.admin('get', `/licenses/${documentId}`)).body.data.cost) sums[c.currency] = (sums[c.currency] ?? new Decimal(0)).plus(c[pick]);
  }
  return Object.fromEntries(Object.entries(sums).map(([c, v]) => [c, v.toFixed(2)]));
};

describe('costs', () => {
  it('prices shortfall and unused seats per currency at the latest purchased non-expired license, exactly', async () => {
    const name = softwareName('Costs');
    const s = await software(name);
    const eur = await license(s, { quantity: 1, netUnitPrice: '100.00', vatRate: '23', currency: 'EUR', purchaseDate: '2024-02-01' });
    await license(s, { quantity: 1, netUnitPrice: '50.00', vatRate: '0', currency: 'EUR', purchaseDate: '2023-01-01' });
    // Bought later but expired: not the reference price.
    await license(s, { quantity: 1, netUnitPrice: '999.00', vatRate: '0', currency: 'EUR', purchaseDate: '2024-06-01', expirationDate: '2025-01-01' });
    await assignPersons(eur, 5);
    await assignAssets(
      await license(s, { quantity: 4, assignmentModel: 'per_computer', netUnitPrice: '10.10', vatRate: '0', currency: 'USD', purchaseDate: '2024-03-01' }),
      1,
    );
    const row = await rowOf(name);
    expect(row.byModel.per_user).toMatchObject({ licensed: 2, used: 5, position: -3, referencePrice: { amount: '123.00', currency: 'EUR' } });
    expect(row.byModel.per_computer).toMatchObject({ licensed: 4, used: 1, position: 3, referencePrice: { amount: '10.10', currency: 'USD' } });
    expect(row.costs).toEqual([
      // Committed: every license's price × quantity, the expired one's too (what was bought, whatever the day).
      { currency: 'EUR', trueUp: '369.00', unusedValue: '0.00', annualRecurring: '0.00', committed: '1172.00' },
      { currency: 'USD', trueUp: '0.00', unusedValue: '30.30', annualRecurring: '0.00', committed: '40.40' },
    ]);
  });

  it("adds what the recurring terms active today cost a year, per currency, as the licenses' own costs do", async () => {
    const name = softwareName('Recurring');
    const s = await software(name);
    const priced = { vatRate: '0', currency: 'EUR' };
    // The license itself, paid by the year until day 100: 4 × 12.50.
    const yearly = await license(s, { ...priced, quantity: 4, netUnitPrice: '12.50', billing: 'yearly', expirationDate: day(100) });
    // Its term is over: nothing a year. Paid once: never recurring.
    const ended = await license(s, { ...priced, quantity: 5, netUnitPrice: '99.00', billing: 'yearly', expirationDate: day(-1) });
    const once = await license(s, { ...priced, quantity: 2, netUnitPrice: '7.00', currency: 'USD' });
    const buy = async (documentId: string, data: Record<string, unknown>) =>
      expect((await app.admin('post', `/licenses/${documentId}/purchases`, { data: { vatRate: '0', ...data } })).status).toBe(201);
    // Active today: 3 × 10.10 × 12 in the license's currency, 1 × 5.00 × 4 in USD.
    await buy(yearly, { quantity: 3, netUnitPrice: '10.10', billing: 'monthly', termStart: day(-1), termEnd: day(60) });
    await buy(once, { quantity: 1, netUnitPrice: '5.00', billing: 'quarterly', termStart: day(-10), termEnd: day(80) });
    // Ended yesterday, begins tomorrow, paid once, on the expired license: none counts.
    await buy(yearly, { quantity: 9, netUnitPrice: '1.00', billing: 'monthly', termStart: day(-30), termEnd: day(-1) });
    await buy(yearly, { quantity: 9, netUnitPrice: '1.00', billing: 'monthly', termStart: day(1), termEnd: day(30) });
    await buy(once, { quantity: 9, netUnitPrice: '1.00', termStart: day(-1) });
    await buy(ended, { quantity: 9, netUnitPrice: '1.00', billing: 'yearly', termStart: day(-400), termEnd: day(-35) });
    const annual = (costs: Array<{ currency: string; annualRecurring: string }>) => Object.fromEntries(costs.map((c) => [c.currency, c.annualRecurring]));
    const expected = { EUR: '413.60', USD: '20.00' };
    expect(annual((await rowOf(name)).costs)).toEqual(expected);
    expect(annual((await report(`_q=${encodeURIComponent(name)}`)).meta.totals.costs)).toEqual(expected);
    // The same sum as each license's cost (docs/domain.md, "Purchases"): one rule, two reads.
    expect(await licensesCost([yearly, ended, once], 'annualRecurring')).toEqual(expected);
    // Committed, whatever the day (ended and future terms count): the same sum as the licenses' own.
    const committed = (costs: Array<{ currency: string; committed: string }>) => Object.fromEntries(costs.map((c) => [c.currency, c.committed]));
    const all = await licensesCost([yearly, ended, once], 'committed');
    expect(committed((await rowOf(name)).costs)).toEqual(all);
    expect(committed((await report(`_q=${encodeURIComponent(name)}`)).meta.totals.costs)).toEqual(all);
    expect(Object.keys(all)).toEqual(['EUR', 'USD']);
  });

  it('adds the largest amounts exactly: a term too large for a 64-bit sum of cents beside a cent', async () => {
    const name = softwareName('Largest');
    const s = await software(name);
    // 999,999,999,999.99 × 1,000,000 seats: 10^20 cents, past any integer sum; plus 0.01, which a float sum would lose.
    await license(s, { quantity: 1000000, netUnitPrice: '999999999999.99', vatRate: '0', currency: 'EUR' });
    await license(s, { quantity: 1, netUnitPrice: '0.01', vatRate: '0', currency: 'EUR' });
    expect((await rowOf(name)).costs.map((c: { committed: string }) => c.committed)).toEqual(['999999999999990000.01']);
  });

  it('adds what every term commits, whatever the day: one-time once, recurring once per period of its term', async () => {
    const name = softwareName('Committed');
    const s = await software(name);
    const priced = { vatRate: '0', currency: 'EUR' };
    // Paid by the year, 2024-01-01 to 2026-12-31: 3 years × 2 × 10.00 = 60.00.
    const own = await license(s, {
      ...priced,
      quantity: 2,
      netUnitPrice: '10.00',
      billing: 'yearly',
      purchaseDate: '2024-01-01',
      expirationDate: '2026-12-31',
    });
    const buy = async (data: Record<string, unknown>) =>
      expect((await app.admin('post', `/licenses/${own}/purchases`, { data: { vatRate: '0', ...data } })).status).toBe(201);
    // Two quarters: 1 × 5.00 × 2; a month and a day, monthly: a part period counted whole, 1 × 0.10 × 2;
    // monthly without an end: one period, 1 × 3.00; once: 1 × 1.00; without a price: nothing.
    await buy({ quantity: 1, netUnitPrice: '5.00', billing: 'quarterly', termStart: '2025-01-01', termEnd: '2025-06-30' });
    await buy({ quantity: 1, netUnitPrice: '0.10', billing: 'monthly', termStart: '2025-01-01', termEnd: '2025-02-01' });
    await buy({ quantity: 1, netUnitPrice: '3.00', billing: 'monthly', termStart: '2025-01-01' });
    await buy({ quantity: 1, netUnitPrice: '1.00', purchaseDate: '2023-05-01' });
    await buy({ quantity: 4, termStart: '2025-01-01' });
    // A per-computer license of the same software, in USD, on the same row: 3 × 0.10 each quarter of a year.
    const usd = await license(s, {
      assignmentModel: 'per_computer',
      quantity: 3,
      netUnitPrice: '0.10',
      vatRate: '0',
      currency: 'USD',
      billing: 'quarterly',
      purchaseDate: '2025-01-01',
      expirationDate: '2025-12-31',
    });
    const row = await rowOf(name);
    expect(row.costs.map((c: { currency: string; committed: string }) => [c.currency, c.committed])).toEqual([
      ['EUR', '74.20'],
      ['USD', '1.20'],
    ]);
    expect(await licensesCost([own, usd], 'committed')).toEqual({ EUR: '74.20', USD: '1.20' });
    // An edit of a term's dates changes what it commits: the yearly license to one year.
    expect((await app.admin('put', `/licenses/${own}`, { data: { expirationDate: '2024-12-31' } })).status).toBe(200);
    expect((await rowOf(name)).costs.map((c: { committed: string }) => c.committed)).toEqual(['34.20', '1.20']);
  });

  it('prices true-up at the latest active purchase: a renewal over its license, a license bought later over a purchase', async () => {
    const name = softwareName('Renewed');
    const s = await software(name);
    const priced = { vatRate: '0', currency: 'EUR' };
    const buy = async (documentId: string, data: Record<string, unknown>) =>
      expect((await app.admin('post', `/licenses/${documentId}/purchases`, { data: { vatRate: '0', ...data } })).status).toBe(201);
    // Its own term ended yesterday; the renewal's runs: 2 seats at 120.00, not 2 at 100.00.
    const renewed = await license(s, {
      ...priced,
      quantity: 2,
      netUnitPrice: '100.00',
      billing: 'yearly',
      purchaseDate: '2024-01-01',
      expirationDate: day(-1),
    });
    await buy(renewed, { quantity: 2, netUnitPrice: '120.00', billing: 'yearly', termStart: day(0), termEnd: day(364) });
    // Bought later but not active: ended, or not begun.
    await buy(renewed, { quantity: 1, netUnitPrice: '500.00', purchaseDate: day(-2), termStart: day(-60), termEnd: day(-2) });
    await buy(renewed, { quantity: 1, netUnitPrice: '999.00', purchaseDate: day(0), termStart: day(1) });
    await assignPersons(renewed, 3);
    // Per computer: a purchase bought five days ago, a license bought today: the license's price.
    const older = await license(s, { ...priced, assignmentModel: 'per_computer', quantity: 1, netUnitPrice: '30.00', purchaseDate: '2024-01-01' });
    await buy(older, { quantity: 1, netUnitPrice: '20.00', purchaseDate: day(-5) });
    const later = await license(s, { ...priced, assignmentModel: 'per_computer', quantity: 1, netUnitPrice: '10.00', purchaseDate: day(0) });
    const row = await rowOf(name);
    expect(row.byModel.per_user).toMatchObject({ licensed: 2, used: 3, referencePrice: { amount: '120.00', currency: 'EUR' } });
    expect(row.byModel.per_computer).toMatchObject({ licensed: 3, used: 0, referencePrice: { amount: '10.00', currency: 'EUR' } });
    expect(row.costs).toEqual([
      {
        currency: 'EUR',
        trueUp: '120.00',
        unusedValue: '30.00',
        annualRecurring: '240.00',
        committed: (await licensesCost([renewed, older, later], 'committed')).EUR,
      },
    ]);
  });

  it('prices true-up, among purchases bought the same day, at the one created last; a purchase without a day is the oldest', async () => {
    const name = softwareName('Tied');
    const tied = await license(await software(name), { vatRate: '0', currency: 'EUR', quantity: 1, netUnitPrice: '1.00', purchaseDate: '2024-01-01' });
    for (const [netUnitPrice, purchaseDate] of [
      ['7.00', day(-3)],
      ['5.00', day(-3)],
      ['9.00', undefined],
    ]) {
      const res = await app.admin('post', `/licenses/${tied}/purchases`, { data: { quantity: 1, vatRate: '0', netUnitPrice, purchaseDate } });
      expect(res.status).toBe(201);
    }
    await assignPersons(tied, 5);
    const row = await rowOf(name);
    expect(row.byModel.per_user).toMatchObject({ licensed: 4, used: 5, referencePrice: { amount: '5.00', currency: 'EUR' } });
    expect(row.costs).toEqual([{ currency: 'EUR', trueUp: '5.00', unusedValue: '0.00', annualRecurring: '0.00', committed: '22.00' }]);
  });

  it('has no cost where no price is known', async () => {
    const name = softwareName('Unpriced');
    await assignPersons(await license(await software(name), { quantity: 1 }), 2);
    const row = await rowOf(name);
    expect(row.byModel.per_user.referencePrice).toBeNull();
    expect(row).toMatchObject({ shortfall: 1, costs: [] });
  });
});

describe('totals, filters, sort and pages', () => {
  let prefix: string;
  const names: Record<string, string> = {};
  let organization: string;
  let category: string;

  beforeAll(async () => {
    prefix = `${unique('Totals')}/`;
    organization = (await makeOrganization(app)).documentId;
    category = (await app.admin('get', '/categories?pageSize=100')).body.data[0].documentId;
    // bad: 3 short at 123.00 EUR; risky: 9 of 10 used; fine: 1 of 10 used at 2.50 EUR, plus another license.
    names.bad = `${prefix}a bad`;
    await assignPersons(await license(await software(names.bad), { quantity: 2, netUnitPrice: '100', vatRate: '23', currency: 'EUR' }), 5);
    names.risky = `${prefix}b risky`;
    await assignPersons(await license(await software(names.risky), { quantity: 10, organization }), 9);
    names.fine = `${prefix}c fine`;
    const fine = await software(names.fine);
    await assignPersons(await license(fine, { quantity: 10, netUnitPrice: '2.50', vatRate: '0', currency: 'EUR', category }), 1);
    // Another organization's license of `fine`: pooled unless the report is filtered by organization or category.
    await assignPersons(await license(fine, { quantity: 1 }), 3, 10);
  });

  const q = () => `_q=${encodeURIComponent(prefix)}`;
  const softwareNames = (body: { data: Array<{ software: { name: string } }> }) => body.data.map((r) => r.software.name);

  it('totals every filtered software: counts by status and costs per currency', async () => {
    const body = await report(q());
    expect(softwareNames(body)).toEqual([names.bad, names.risky, names.fine]);
    expect(body.data.map((r: any) => r.status)).toEqual(['non_compliant', 'at_risk', 'compliant']);
    // fine pools 11 licensed for 4 used: 7 unused at its only price, 2.50.
    expect(body.meta.totals).toEqual({
      software: 3,
      nonCompliant: 1,
      atRisk: 1,
      // Committed: 2 × 123.00 + 10 × 2.50.
      costs: [{ currency: 'EUR', trueUp: '369.00', unusedValue: '17.50', annualRecurring: '0.00', committed: '271.00' }],
    });
    expect(body.meta.pagination).toEqual({ page: 1, pageSize: 25, pageCount: 1, total: 3 });
  });

  it('filters by status, organization and category (the licenses pooled)', async () => {
    const risky = await report(`${q()}&status=at_risk`);
    expect(softwareNames(risky)).toEqual([names.risky]);
    expect(risky.meta.totals).toMatchObject({ software: 1, nonCompliant: 0, atRisk: 1 });
    expect(softwareNames(await report(`${q()}&organization=${organization}`))).toEqual([names.risky]);
    const byCategory = await report(`${q()}&category=${category}`);
    expect(softwareNames(byCategory)).toEqual([names.fine]);
    // Only the category's license: 1 of 10 used, 9 unused at 2.50.
    expect(byCategory.data[0]).toMatchObject({
      status: 'compliant',
      unused: 9,
      costs: [{ currency: 'EUR', trueUp: '0.00', unusedValue: '22.50', annualRecurring: '0.00' }],
    });
    expect((await report(`${q()}&organization=nosuchdocumentid`)).data).toEqual([]);
  });

  it('sorts and pages', async () => {
    expect(softwareNames(await report(`${q()}&sort=software:desc`))).toEqual([names.fine, names.risky, names.bad]);
    expect(softwareNames(await report(`${q()}&sort=shortfall:desc`))).toEqual([names.bad, names.risky, names.fine]);
    expect(softwareNames(await report(`${q()}&sort=unused:desc`))).toEqual([names.fine, names.risky, names.bad]);
    // utilization: fine 4/11, risky 9/10, bad 5/2.
    expect(softwareNames(await report(`${q()}&sort=utilization:asc`))).toEqual([names.fine, names.risky, names.bad]);
    const page = await report(`${q()}&sort=software&page=2&pageSize=2`);
    expect(softwareNames(page)).toEqual([names.fine]);
    expect(page.meta.pagination).toEqual({ page: 2, pageSize: 2, pageCount: 2, total: 3 });
    expect(page.meta.totals.software).toBe(3);
  });

  it('exports the same rows as CSV, UTF-8 with a BOM and a header row', async () => {
    const res = await asBytes(
      app.http().get(`/license-manager/compliance/export?format=csv&${q()}&sort=shortfall:desc`).set('Authorization', `Bearer ${app.adminToken}`),
    );
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/csv; charset=utf-8/);
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename="compliance-\d{4}-\d{2}-\d{2}\.csv"$/);
    const bytes = res.body as Buffer;
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = bytes.subarray(3).toString('utf8').trim().split('\n');
    expect(lines[0].split(',')).toEqual([
      'software',
      'softwareVersion',
      'status',
      'licenses',
      'perUserLicensed',
      'perUserUsed',
      'perUserPosition',
      'perComputerLicensed',
      'perComputerUsed',
      'perComputerPosition',
      'shortfall',
      'unused',
      'expiredInUse',
      'utilization',
      'nextExpiration',
      // The hardware models after the older columns, so those keep their places.
      'perCoreLicensed',
      'perCoreUsed',
      'perCorePosition',
      'perProcessorLicensed',
      'perProcessorUsed',
      'perProcessorPosition',
      'siteLicensed',
      'siteUsed',
      'sitePosition',
      'installed',
      'installedUnlicensed',
      'assignedNotInstalled',
      'trueUp EUR',
      'unusedValue EUR',
      'annualRecurring EUR',
      'committed EUR',
    ]);
    expect(lines.slice(1)).toEqual([
      `${names.bad},1,non_compliant,1,2,5,-3,0,0,0,3,0,0,2.5000,,0,0,0,0,0,0,0,0,0,0,0,0,369.00,0.00,0.00,246.00`,
      `${names.risky},1,at_risk,1,10,9,1,0,0,0,0,1,0,0.9000,,0,0,0,0,0,0,0,0,0,0,0,0,,,,`,
      `${names.fine},1,compliant,2,11,4,7,0,0,0,0,7,0,0.3636,,0,0,0,0,0,0,0,0,0,0,0,0,0.00,17.50,0.00,25.00`,
    ]);
    // The delimiter a spreadsheet in a comma-decimal locale expects. Only the at-risk row: no price, so no cost columns.
    const semicolon = await app.admin('get', `/compliance/export?format=csv&delimiter=semicolon&${q()}&status=at_risk`);
    expect(semicolon.status).toBe(200);
    expect(
      semicolon.text
        .replace(/^\uFEFF/, '')
        .trim()
        .split('\n')[1],
    ).toBe(`${names.risky};1;at_risk;1;10;9;1;0;0;0;0;1;0;0.9000;;0;0;0;0;0;0;0;0;0;0;0;0`);
  });
});

describe('CSV export of hostile names', () => {
  it('escapes a software name or version a spreadsheet would run, as every export does', async () => {
    const mark = unique('Formula').replace(/\W+/g, '');
    const cases = [
      ['=HYPERLINK("http://evil.test")', '+1 LTS'],
      ['@SUM(A1)', '-2 beta'],
      ['-2+3', '=cmd'],
      ['+cmd', '@4'],
    ];
    for (const [name, version] of cases) await license((await created(app, '/software', { name: `${name} ${mark}`, version })).documentId, { quantity: 1 });
    const res = await asBytes(app.http().get(`/license-manager/compliance/export?format=csv&_q=${mark}`).set('Authorization', `Bearer ${app.adminToken}`));
    expect(res.status).toBe(200);
    const [, ...rows]: string[][] = parse((res.body as Buffer).subarray(3).toString('utf8'));
    expect(rows.map((r) => [r[0], r[1]]).sort()).toEqual(cases.map(([name, version]) => [`'${name} ${mark}`, `'${version}`]).sort());
  });
});

describe('bad queries', () => {
  it.each([
    ['status=broken', 'status'],
    ['sort=price', 'sort'],
    ['sort=shortfall:up', 'sort'],
    ['page=0', 'page'],
    ['pageSize=101', 'pageSize'],
    ['pageSize=ten', 'pageSize'],
    ['organization=not%20an%20id', 'organization'],
    ['category[$eq]=x', 'category'],
    ['_q=a%00b', '_q'],
  ])('answers 400 naming the parameter: %s', async (query, param) => {
    const res = await app.admin('get', `/compliance?${query}`);
    expect(res.status).toBe(400);
    expect(res.body.error.name).toBe('ValidationError');
    expect(res.body.error.details.errors[0].path[0]).toBe(param);
  });

  it.each([
    ['/compliance/trend?days=0', 'days'],
    ['/compliance/trend?days=367', 'days'],
    ['/compliance/trend?software=%24bad', 'software'],
    ['/compliance/export?format=xlsx', 'format'],
    ['/compliance/export?delimiter=pipe', 'delimiter'],
  ])('answers 400 for %s', async (url, param) => {
    const res = await app.admin('get', url);
    expect(res.status).toBe(400);
    expect(res.body.error.details.errors[0].path[0]).toBe(param);
  });

  it('needs licenses.read in the admin', async () => {
    const token = await adminWith(app, 'Compliance no read', [ACTIONS.settings]);
    for (const url of ['/compliance', '/compliance/trend', '/compliance/export?format=csv']) {
      expect((await app.admin('get', url, undefined, token)).status).toBe(403);
    }
  });
});

describe('content API', () => {
  it('answers a read-only API token with the admin rows; a token without the scope gets 403', async () => {
    const name = softwareName('Content API');
    await assignPersons(await license(await software(name), { quantity: 3, netUnitPrice: '10', vatRate: '0', currency: 'EUR' }), 4);
    const token = await apiToken(app, 'read-only');
    const res = await app
      .http()
      .get(`/api/license-manager/compliance?_q=${encodeURIComponent(name)}`)
      .set('Authorization', `Bearer ${token}`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual(await report(`_q=${encodeURIComponent(name)}`));
    expect(res.body.data[0]).toMatchObject({ shortfall: 1, costs: [{ currency: 'EUR', trueUp: '10.00', unusedValue: '0.00', annualRecurring: '0.00' }] });
    const paged = await app.http().get('/api/license-manager/compliance?pagination[pageSize]=1').set('Authorization', `Bearer ${token}`);
    expect(paged.body.meta.pagination.pageSize).toBe(1);
    const bad = await app.http().get('/api/license-manager/compliance?pagination[page]=x').set('Authorization', `Bearer ${token}`);
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.errors[0].path).toEqual(['pagination', 'page']);

    const other = await app.strapi.service('admin::api-token').create({
      name: `licenses only ${Date.now()}`,
      type: 'custom',
      lifespan: null,
      permissions: ['plugin::license-manager.license.find'],
    });
    const denied = await app.http().get('/api/license-manager/compliance').set('Authorization', `Bearer ${other.accessKey}`);
    expect(denied.status).toBe(403);
    expect((await app.http().get('/api/license-manager/compliance')).status).toBe(403);
  });

  it('shows compliance.find as a scope of its own in the Users & Permissions picker', async () => {
    const res = await app.http().get('/users-permissions/permissions').set('Authorization', `Bearer ${app.adminToken}`);
    expect(Object.keys(res.body.permissions['plugin::license-manager'].controllers.compliance)).toEqual(['find']);
  });
});

describe('as of a day, snapshots and trend', () => {
  const service = () => app.strapi.plugin('license-manager').service('compliance');

  it('computes the report as of a given day', async () => {
    const name = softwareName('As of');
    const s = await software(name);
    await assignPersons(await license(s, { quantity: 4, purchaseDate: '2024-01-01', expirationDate: '2025-06-30' }), 2);
    const query = { q: name, sort: { field: 'software', order: 'asc' }, page: 1, pageSize: 10 };
    const before = (await service().report(query, '2025-06-30')).data[0];
    expect(before).toMatchObject({ shortfall: 0, unused: 2, expiredInUse: 0, nextExpiration: '2025-06-30' });
    const after = (await service().report(query, '2025-07-01')).data[0];
    expect(after).toMatchObject({ shortfall: 2, unused: 0, expiredInUse: 2, status: 'non_compliant', nextExpiration: null });
  });

  it('stores a day exactly once when several calls race', async () => {
    const date = '2003-03-03';
    const results = await Promise.all(Array.from({ length: 5 }, () => service().snapshot(date)));
    expect(results.filter((r: any) => !r.alreadyStored)).toHaveLength(1);
    const stored = await app.strapi.db.query('plugin::license-manager.compliance-snapshot').findMany({ where: { date }, select: ['softwareDocumentId'] });
    expect(stored.length).toBeGreaterThan(0);
    expect(new Set(stored.map((r: any) => r.softwareDocumentId)).size).toBe(stored.length);
    for (const r of results) expect(r).toEqual({ date, software: stored.length, alreadyStored: r.alreadyStored });
    expect(await service().snapshot(date)).toEqual({ date, software: stored.length, alreadyStored: true });
  });

  it('answers the trend from the snapshots, oldest first, days without one absent', async () => {
    const name = softwareName('Trend');
    const s = await software(name);
    await assignPersons(await license(s, { quantity: 2 }), 3);
    await service().snapshot(day(-3));
    await service().snapshot(day(-1));
    const res = await app.admin('get', `/compliance/trend?days=90&software=${s}`);
    expect(res.status).toBe(200);
    expect(res.body.data).toEqual([
      { date: day(-3), nonCompliant: 1, atRisk: 0, shortfall: 1, licensed: 2, used: 3 },
      { date: day(-1), nonCompliant: 1, atRisk: 0, shortfall: 1, licensed: 2, used: 3 },
    ]);
    // Other files share the database, and the reminders' run-now stores today's snapshot: only the
    // days this test stored, and the one it did not, are known.
    const all = (await app.admin('get', '/compliance/trend')).body.data.map((p: any) => p.date);
    expect(all.filter((d: string) => d < day(0))).toEqual([day(-3), day(-1)]);
    expect([...all].sort()).toEqual(all);
    // The window: three days back reaches day(-3)'s point only from days=4.
    const three = (await app.admin('get', '/compliance/trend?days=3')).body.data.map((p: any) => p.date);
    expect(three.filter((d: string) => d < day(0))).toEqual([day(-1)]);
  });
});
