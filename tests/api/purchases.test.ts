/**
 * Purchases (docs/domain.md, "Purchases"; docs/api.md, "Purchases"): a license renewed, topped up and
 * paid by the year. The seat total, validity, status, cost and history follow its purchases; the seat
 * rule holds against them as against a quantity edit; a license without purchases reads as before.
 */
import { UID } from '../../shared/constants';
import { addDays, addMonths, isoDay } from '../../shared/days';
import { apiToken, rows, startApp, unique, type TestApp } from './support/app';
import { makeLicense, makeOrganization, makePerson } from './support/fixtures';
import { verifySeats } from './support/verify-seats';

let app: TestApp;
beforeAll(async () => {
  app = await startApp();
});
afterAll(async () => {
  await app?.stop();
});

const today = isoDay(new Date());
const day = (n: number) => addDays(today, n);
const read = async (documentId: string) => (await app.admin('get', `/licenses/${documentId}`)).body.data;
const purchasesOf = async (documentId: string) => {
  const res = await app.admin('get', `/licenses/${documentId}/purchases`);
  expect(res.status).toBe(200);
  return res.body.data as any[];
};
const buy = (documentId: string, data: Record<string, unknown>) => app.admin('post', `/licenses/${documentId}/purchases`, { data });
const assign = async (documentId: string, n: number) => {
  const persons = await Promise.all(Array.from({ length: n }, () => makePerson(app).then((p) => p.documentId)));
  const res = await app.admin('put', `/licenses/${documentId}/persons`, { data: { persons } });
  expect(res.status).toBe(200);
  return persons;
};

describe('a license without purchases', () => {
  it('reads as before, with its validity, its billing and its cost added', async () => {
    const license = await makeLicense(app, { quantity: 4, expirationDate: day(400), netUnitPrice: '100', vatRate: '23' });
    const out = await read(license.documentId);
    expect(out).toMatchObject({
      seats: { total: 4, used: 0, available: 4, shortfall: 0 },
      status: 'active',
      validUntil: day(400),
      billing: 'one_time',
      totalGross: '492.00',
      cost: [{ currency: 'EUR', annualRecurring: '0.00', committed: '492.00' }],
    });
    // Its own purchase fields are its first purchase, read-only here.
    expect(await purchasesOf(license.documentId)).toEqual([
      expect.objectContaining({ documentId: license.documentId, first: true, active: true, quantity: 4, termEnd: day(400), grossUnitPrice: '123.00' }),
    ]);
  });

  it('keeps its seats once expired, and its validity follows an edit of its expiration date', async () => {
    const license = await makeLicense(app, { quantity: 2, expirationDate: day(-10) });
    expect(await read(license.documentId)).toMatchObject({ status: 'expired', validUntil: day(-10), seats: { total: 2 } });
    await app.admin('put', `/licenses/${license.documentId}`, { data: { expirationDate: day(10) } });
    expect(await read(license.documentId)).toMatchObject({ status: 'expiring', validUntil: day(10) });
  });
});

describe('the seat total', () => {
  it('counts every purchase active today, and a renewal keeps an expired license active', async () => {
    const license = await makeLicense(app, { quantity: 10, billing: 'yearly', purchaseDate: day(-365), expirationDate: day(-1) });
    expect(await read(license.documentId)).toMatchObject({ status: 'expired', seats: { total: 10 } });
    const renewal = await buy(license.documentId, { quantity: 12, termStart: today, termEnd: day(364), billing: 'yearly' });
    expect(renewal.status).toBe(201);
    // The first purchase ended yesterday: its 10 seats no longer count, the renewal's 12 do.
    expect(renewal.body.data).toMatchObject({ first: false, active: true, quantity: 12, billing: 'yearly', currency: 'EUR', seats: { total: 12 } });
    const future = await buy(license.documentId, { quantity: 5, termStart: day(365), termEnd: day(729), billing: 'yearly' });
    expect(future.body.data).toMatchObject({ active: false, seats: { total: 12 } });
    expect(await read(license.documentId)).toMatchObject({ status: 'active', validUntil: day(729) });
    // A top-up without a term end is perpetual: the license is valid without end while it counts.
    const topUp = await buy(license.documentId, { quantity: 20, purchaseDate: day(-30) });
    expect(topUp.body.data.seats.total).toBe(32);
    expect(await read(license.documentId)).toMatchObject({ status: 'active', validUntil: null, seats: { total: 32 } });
    const list = await purchasesOf(license.documentId);
    expect(list.map((p) => [p.first, p.quantity, p.active])).toEqual([
      [true, 10, false],
      [false, 20, true],
      [false, 12, true],
      [false, 5, false],
    ]);
  });

  it('is the limit of assignments under block: 409 past it, and a purchase adds seats', async () => {
    const license = await makeLicense(app, { quantity: 2 });
    await assign(license.documentId, 2);
    const person = await makePerson(app);
    expect((await app.admin('post', `/licenses/${license.documentId}/assignments`, { data: { person: person.documentId } })).status).toBe(409);
    await buy(license.documentId, { quantity: 1 });
    const res = await app.admin('post', `/licenses/${license.documentId}/assignments`, { data: { person: person.documentId } });
    expect(res.status).toBe(201);
    expect(res.body.data.seats).toEqual({ total: 3, used: 3, available: 0, shortfall: 0 });
  });

  it('refuses under block a purchase edit or delete below the seats in use, and changes nothing', async () => {
    const license = await makeLicense(app, { quantity: 2 });
    const purchase = (await buy(license.documentId, { quantity: 3 })).body.data;
    await assign(license.documentId, 4);
    const history = await rows(app, 'license-event');
    const lower = await app.admin('put', `/licenses/${license.documentId}/purchases/${purchase.documentId}`, { data: { quantity: 1 } });
    expect(lower.status).toBe(409);
    expect(lower.body.error.details).toEqual({ field: 'quantity', total: 3, used: 4 });
    const gone = await app.admin('delete', `/licenses/${license.documentId}/purchases/${purchase.documentId}`);
    expect(gone.status).toBe(409);
    expect(gone.body.error.details).toEqual({ total: 2, used: 4 });
    // A term moved to the past takes its seats as surely.
    const ended = await app.admin('put', `/licenses/${license.documentId}/purchases/${purchase.documentId}`, {
      data: { termStart: day(-60), termEnd: day(-1) },
    });
    expect(ended.status).toBe(409);
    // The license's own expiration date ends its first purchase now that it has others.
    const expired = await app.admin('put', `/licenses/${license.documentId}`, { data: { expirationDate: day(-1) } });
    expect(expired.status).toBe(409);
    expect(expired.body.error.details).toEqual({ field: 'expirationDate', quantity: 2, used: 4, total: 3 });
    expect((await read(license.documentId)).seats).toEqual({ total: 5, used: 4, available: 1, shortfall: 0 });
    expect((await purchasesOf(license.documentId))[1].quantity).toBe(3);
    expect(await rows(app, 'license-event')).toBe(history);
  });

  it('shows a shortfall under allow, and the list filters the license as over-allocated', async () => {
    const license = await makeLicense(app, { quantity: 1, overAssignment: 'allow', name: unique('Short') });
    const purchase = (await buy(license.documentId, { quantity: 2 })).body.data;
    await assign(license.documentId, 3);
    const res = await app.admin('delete', `/licenses/${license.documentId}/purchases/${purchase.documentId}`);
    expect(res.status).toBe(200);
    expect(res.body.data.seats).toEqual({ total: 1, used: 3, available: 0, shortfall: 2 });
    const list = await app.admin('get', `/licenses?overAllocated=true&_q=${encodeURIComponent(license.name)}`);
    expect(list.body.data.map((l: any) => l.documentId)).toEqual([license.documentId]);
  });
});

describe('renew', () => {
  it('creates the next term of the latest recurring purchase: the day after its end, as long, its quantity and prices unless sent', async () => {
    const supplier = await makeOrganization(app);
    const license = await makeLicense(app, {
      quantity: 10,
      billing: 'yearly',
      purchaseDate: '2026-01-01',
      expirationDate: '2026-12-31',
      supportDate: '2026-12-31',
      netUnitPrice: '100',
      vatRate: '23',
      supplier: supplier.documentId,
    });
    const first = await app.admin('post', `/licenses/${license.documentId}/purchases/renew`);
    expect(first.status).toBe(201);
    expect(first.body.data).toMatchObject({
      termStart: '2027-01-01',
      termEnd: '2027-12-31',
      supportEnd: '2027-12-31',
      quantity: 10,
      netUnitPrice: '100.00',
      grossUnitPrice: '123.00',
      billing: 'yearly',
      supplier: { documentId: supplier.documentId },
    });
    const second = await app.admin('post', `/licenses/${license.documentId}/purchases/renew`, { data: { quantity: 12, netUnitPrice: '110' } });
    expect(second.body.data).toMatchObject({ termStart: '2028-01-01', termEnd: '2028-12-31', quantity: 12, grossUnitPrice: '135.30' });
    expect((await read(license.documentId)).validUntil).toBe('2028-12-31');
    // Two renewals at once follow each other under the license's lock: the next two years, never the same one twice.
    await app.admin('delete', `/licenses/${license.documentId}/purchases/${second.body.data.documentId}`);
    const both = await Promise.all([
      app.admin('post', `/licenses/${license.documentId}/purchases/renew`),
      app.admin('post', `/licenses/${license.documentId}/purchases/renew`),
    ]);
    expect(both.map((r) => r.status)).toEqual([201, 201]);
    expect(both.map((r) => r.body.data.termStart).sort()).toEqual(['2028-01-01', '2029-01-01']);
    // A purchase that already starts on the next term's first day (not a recurring one, so not what renew follows) is that term.
    await buy(license.documentId, { quantity: 1, termStart: '2030-01-01' });
    const exists = await app.admin('post', `/licenses/${license.documentId}/purchases/renew`);
    expect(exists.status).toBe(409);
    expect(exists.body.error.details).toEqual({ cause: 'next_term_exists', termStart: '2030-01-01' });
  });

  it('is a 409 when nothing recurring has an end to follow', async () => {
    const license = await makeLicense(app, { quantity: 1, expirationDate: day(30) });
    const res = await app.admin('post', `/licenses/${license.documentId}/purchases/renew`, { data: {} });
    expect(res.status).toBe(409);
    expect(res.body.error.details).toEqual({ cause: 'nothing_to_renew' });
  });
});

describe('cost, history and validation', () => {
  it('adds up per currency: annual recurring and committed, exactly', async () => {
    const license = await makeLicense(app, { quantity: 3, netUnitPrice: '0.10', vatRate: '0', currency: 'EUR' });
    // Three months, paid monthly: 3 × 10.10 a month, 12 months a year while it runs.
    const termEnd = addDays(addMonths(day(-1), 3), -1);
    await buy(license.documentId, { quantity: 3, billing: 'monthly', netUnitPrice: '10.10', vatRate: '0', termStart: day(-1), termEnd });
    await buy(license.documentId, { quantity: 1, netUnitPrice: '0.20', vatRate: '0', currency: 'USD' });
    const cost = (await read(license.documentId)).cost;
    expect(cost).toEqual([
      { currency: 'EUR', annualRecurring: '363.60', committed: '91.20' },
      { currency: 'USD', annualRecurring: '0.00', committed: '0.20' },
    ]);
  });

  it("keeps each term's periods through every write; verify-seats finds and repairs one that differs", async () => {
    const periods = app.strapi.plugin('license-manager').service('purchases');
    const license = await makeLicense(app, { quantity: 1, billing: 'yearly', purchaseDate: '2024-01-01', expirationDate: '2026-12-31' });
    const bought = (await buy(license.documentId, { quantity: 1, billing: 'monthly', termStart: '2025-01-01', termEnd: '2025-03-31' })).body.data;
    const kept = async (uid: string, documentId: string) =>
      Number((await app.strapi.db.connection(app.strapi.db.metadata.get(uid).tableName).where('document_id', documentId).first('periods')).periods);
    expect([await kept(UID.license, license.documentId), await kept(UID.purchase, bought.documentId)]).toEqual([3, 3]);
    // Edits of the dates or the billing keep them.
    expect((await app.admin('put', `/licenses/${license.documentId}`, { data: { billing: 'quarterly' } })).status).toBe(200);
    expect((await app.admin('put', `/licenses/${license.documentId}/purchases/${bought.documentId}`, { data: { termEnd: '2025-12-31' } })).status).toBe(200);
    expect([await kept(UID.license, license.documentId), await kept(UID.purchase, bought.documentId)]).toEqual([12, 12]);
    expect(await periods.periodDifferences()).toEqual([]);
    // A row that no longer keeps its term's periods (written behind the services' back) is found, then set right.
    await app.strapi.db.connection(app.strapi.db.metadata.get(UID.purchase).tableName).where('document_id', bought.documentId).update({ periods: 5 });
    expect(await periods.periodDifferences()).toEqual([{ of: 'purchase', documentId: bought.documentId, kept: 5, counted: 12 }]);
    const found = await verifySeats();
    expect([found.code, found.out]).toEqual([1, expect.stringContaining(`purchase ${bought.documentId}: keeps 5 period(s); its term has 12`)]);
    const repaired = await verifySeats('--repair');
    expect([repaired.code, repaired.out]).toEqual([0, expect.stringContaining('Repaired the periods of 1 term(s).')]);
    expect(await kept(UID.purchase, bought.documentId)).toBe(12);
    expect(await periods.periodDifferences()).toEqual([]);
  }, 120000);

  it('records every purchase write in the history with its field changes and the seat change', async () => {
    const license = await makeLicense(app, { quantity: 1 });
    const purchase = (await buy(license.documentId, { quantity: 2, orderNumber: 'PO-1' })).body.data;
    await app.admin('put', `/licenses/${license.documentId}/purchases/${purchase.documentId}`, { data: { orderNumber: 'PO-2', quantity: 4 } });
    await app.admin('delete', `/licenses/${license.documentId}/purchases/${purchase.documentId}`);
    const history = (await app.admin('get', `/licenses/${license.documentId}/history`)).body.data;
    expect(history.slice(0, 3).map((e: any) => [e.action, e.changes])).toEqual([
      [
        'purchase_removed',
        expect.objectContaining({
          purchase: purchase.documentId,
          seatsTotal: { old: 5, new: 1 },
          fields: expect.objectContaining({ quantity: { old: 4, new: null } }),
        }),
      ],
      [
        'purchase_updated',
        { purchase: purchase.documentId, seatsTotal: { old: 3, new: 5 }, fields: { orderNumber: { old: 'PO-1', new: 'PO-2' }, quantity: { old: 2, new: 4 } } },
      ],
      ['purchase_added', expect.objectContaining({ purchase: purchase.documentId, seatsTotal: { old: 1, new: 3 } })],
    ]);
  });

  it('answers a bad purchase with a 400 naming each field, and writes nothing', async () => {
    const license = await makeLicense(app, { quantity: 1 });
    const before = await rows(app, 'license-purchase');
    const res = await buy(license.documentId, {
      quantity: 0,
      termStart: '2027-01-02',
      termEnd: '2027-01-01',
      billing: 'weekly',
      supplier: 'nosuchorganization00000',
      color: 'red',
    });
    expect(res.status).toBe(400);
    expect(res.body.error.details.errors.map((e: any) => e.path.join('.')).sort()).toEqual(['billing', 'color', 'quantity']);
    const dates = await buy(license.documentId, {
      quantity: 1,
      termStart: '2027-01-02',
      termEnd: '2027-01-01',
      netUnitPrice: '1',
      vatRate: '10',
      grossUnitPrice: '2.00',
    });
    expect(dates.body.error.details.errors.map((e: any) => [e.path.join('.'), e.params?.id])).toEqual([
      ['grossUnitPrice', 'grossMismatch'],
      ['termEnd', 'beforeTermStart'],
    ]);
    const supplier = await buy(license.documentId, { quantity: 1, supplier: 'nosuchorganization00000' });
    expect(supplier.status).toBe(400);
    expect(supplier.body.error.details.errors[0].path).toEqual(['supplier']);
    expect(await rows(app, 'license-purchase')).toBe(before);
  });

  it('answers 404 for a purchase of another license, and for an unknown license', async () => {
    const [a, b] = await Promise.all([makeLicense(app), makeLicense(app)]);
    const purchase = (await buy(a.documentId, { quantity: 1 })).body.data;
    expect((await app.admin('put', `/licenses/${b.documentId}/purchases/${purchase.documentId}`, { data: { quantity: 2 } })).status).toBe(404);
    expect((await app.admin('delete', `/licenses/${b.documentId}/purchases/${purchase.documentId}`)).status).toBe(404);
    expect((await app.admin('get', '/licenses/nosuchlicense0000000000/purchases')).status).toBe(404);
  });

  it('deletes a license with its purchases, and keeps a supplier in use from being deleted', async () => {
    const supplier = await makeOrganization(app);
    const license = await makeLicense(app, { quantity: 1 });
    await buy(license.documentId, { quantity: 1, supplier: supplier.documentId });
    const refused = await app.admin('delete', `/organizations/${supplier.documentId}`);
    expect(refused.status).toBe(409);
    expect(refused.body.error.details.usedBy).toEqual({ purchasesSupplied: 1 });
    expect((await app.admin('delete', `/licenses/${license.documentId}`)).status).toBe(200);
    expect((await app.admin('delete', `/organizations/${supplier.documentId}`)).status).toBe(200);
  });
});

describe('the passing of time', () => {
  it('the daily job brings a license whose term ended up to date, once, and verify-seats finds nothing left', async () => {
    const license = await makeLicense(app, { quantity: 5, expirationDate: day(100) });
    const purchase = (await buy(license.documentId, { quantity: 3, termStart: day(-30), termEnd: day(30) })).body.data;
    await assign(license.documentId, 8);
    // A day passes: the term ran until yesterday, though no write said so.
    await app.strapi.db.query(UID.purchase).update({ where: { documentId: purchase.documentId }, data: { termEnd: day(-1) } });
    const service = app.strapi.plugin('license-manager').service('purchases');
    expect((await service.positionDifferences()).map((d: any) => d.documentId)).toEqual([license.documentId]);
    const [a, b] = await Promise.all([service.refreshTerms(), service.refreshTerms()]);
    expect(a + b).toBe(1);
    // Time is not refused: under block the seats in use stay, and show as a shortfall.
    expect((await read(license.documentId)).seats).toEqual({ total: 5, used: 8, available: 0, shortfall: 3 });
    const history = (await app.admin('get', `/licenses/${license.documentId}/history`)).body.data;
    expect(history[0]).toMatchObject({ action: 'term_changed', actor: 'License Manager', changes: { seatsTotal: { old: 8, new: 5 } } });
    expect(await service.positionDifferences()).toEqual([]);
    expect(await app.strapi.plugin('license-manager').service('seatCounts').verify()).toEqual([]);
  });
});

describe('the content API', () => {
  it('reads purchases with a read-only token and writes them with a full-access one', async () => {
    const license = await makeLicense(app, { quantity: 1 });
    const [readOnly, full] = await Promise.all([apiToken(app, 'read-only'), apiToken(app, 'full-access')]);
    const base = `/api/license-manager/licenses/${license.documentId}/purchases`;
    const created = await app
      .http()
      .post(base)
      .set('Authorization', `Bearer ${full}`)
      .send({ data: { quantity: 2 } });
    expect(created.status).toBe(201);
    expect(
      (
        await app
          .http()
          .post(base)
          .set('Authorization', `Bearer ${readOnly}`)
          .send({ data: { quantity: 2 } })
      ).status,
    ).toBe(403);
    const list = await app.http().get(base).set('Authorization', `Bearer ${readOnly}`);
    expect(list.body.data.map((p: any) => p.quantity)).toEqual([1, 2]);
    const one = await app.http().get(`${base}/${created.body.data.documentId}`).set('Authorization', `Bearer ${readOnly}`);
    expect(one.body.data).toMatchObject({ quantity: 2, first: false });
    const content = await app.http().get(`/api/license-manager/licenses/${license.documentId}`).set('Authorization', `Bearer ${readOnly}`);
    expect(content.body.data).toMatchObject({ seats: { total: 3 }, validUntil: null, billing: 'one_time' });
  });
});

describe('the license lists by validity', () => {
  it('filter and sort by validUntil in both APIs: a renewal moves a license, one without end is valid past any day, a bad day is a 400 naming it', async () => {
    const mark = unique('Validity').replace(/\W+/g, '');
    const renewed = await makeLicense(app, { name: `${mark} renewed`, expirationDate: '2030-01-31' });
    expect(
      (await app.admin('post', `/licenses/${renewed.documentId}/purchases`, { data: { quantity: 1, termStart: '2030-02-01', termEnd: '2031-01-31' } })).status,
    ).toBe(201);
    await makeLicense(app, { name: `${mark} june`, expirationDate: '2030-06-30' });
    await makeLicense(app, { name: `${mark} perpetual` });
    const admin = async (query: string) => {
      const res = await app.admin('get', `/licenses?_q=${mark}&pageSize=100&${query}`);
      expect(res.status).toBe(200);
      return res.body.data.map((l: { name: string }) => l.name.slice(mark.length + 1));
    };
    expect(await admin('validUntilFrom=2030-07-01&sort=name')).toEqual(['perpetual', 'renewed']);
    expect(await admin('validUntilTo=2030-12-31')).toEqual(['june']);
    expect(await admin('validUntilFrom=2030-06-30&validUntilTo=2031-01-31&sort=validUntil:desc')).toEqual(['renewed', 'june']);
    expect(await admin('validUntilTo=2030-02-15')).toEqual([]);

    const token = await apiToken(app, 'read-only');
    const content = async (query: string) => {
      const res = await app.http().get(`/api/license-manager/licenses?filters[name][$startsWith]=${mark}&${query}`).set('Authorization', `Bearer ${token}`);
      return [res.status, res.status === 200 ? res.body.data.map((l: { name: string }) => l.name.slice(mark.length + 1)) : res.body.error.details.errors];
    };
    expect(await content('validUntilFrom=2030-07-01&sort=name:asc')).toEqual([200, ['perpetual', 'renewed']]);
    expect(await content('validUntilTo=2030-12-31&sort=validUntil:asc')).toEqual([200, ['june']]);

    const bad = await app.admin('get', '/licenses?validUntilFrom=2030-02-30');
    expect([bad.status, bad.body.error.details.errors.map((e: { path: string[] }) => e.path.join('.'))]).toEqual([400, ['validUntilFrom']]);
    expect(await content('validUntilTo=soon')).toEqual([400, [expect.objectContaining({ path: ['validUntilTo'] })]]);
  });
});
