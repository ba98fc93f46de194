/** The license API (admin and content): every route's happy path and the rules of docs/domain.md. */
import { ACTIONS } from '../../shared/constants';
import { ADMIN, apiToken, rows, startApp, unique, type TestApp } from './support/app';
import { created, makeLicense, makeOrganization, makeSoftware } from './support/fixtures';

let app: TestApp;
beforeAll(async () => {
  app = await startApp();
});
afterAll(async () => {
  await app?.stop();
});

describe('admin API: licenses', () => {
  it('creates a license with every Basic-information field and reads it back', async () => {
    const software = await makeSoftware(app);
    const organization = await makeOrganization(app);
    const supplier = await makeOrganization(app);
    const unit = await created(app, '/organizational-units', { name: unique('Unit'), organization: organization.documentId });
    const location = await created(app, '/locations', { name: unique('Location') });
    const categories = await app.admin('get', '/categories?pageSize=100');
    const category = categories.body.data.find((c: any) => c.name === 'Open/MOLP');
    expect(category).toBeDefined();
    const name = unique('Office 2021 Pro');

    const res = await app.admin('post', '/licenses', {
      data: {
        name,
        category: category.documentId,
        software: software.documentId,
        organization: organization.documentId,
        organizationalUnit: unit.documentId,
        locationStructure: location.documentId,
        physicalLocation: 'HQ, room 12',
        serialNumber: 'SN-1',
        inventoryNumber: unique('INV'),
        supplier: supplier.documentId,
        expirationDate: '2099-01-31',
        supportDate: '2098-12-31',
        purchaseDate: '2024-02-01',
        invoiceNumber: 'FV/2024/02/17',
        netUnitPrice: '100.00',
        vatRate: 23,
        currency: 'EUR',
        assignmentModel: 'per_user',
        quantity: 25,
        overAssignment: 'block',
        notes: 'bought with the new office',
        keys: [{ value: 'AAAA-BBBB-CCCC-7QX2', label: 'Volume key' }],
      },
    });
    expect(res.status).toBe(201);
    const license = res.body.data;
    expect(license).toMatchObject({
      name,
      category: { documentId: category.documentId, name: 'Open/MOLP' },
      software: { documentId: software.documentId, name: software.name, version: '1.0' },
      organization: { documentId: organization.documentId },
      organizationalUnit: { documentId: unit.documentId },
      locationStructure: { documentId: location.documentId },
      supplier: { documentId: supplier.documentId },
      physicalLocation: 'HQ, room 12',
      expirationDate: '2099-01-31',
      supportDate: '2098-12-31',
      purchaseDate: '2024-02-01',
      netUnitPrice: '100.00',
      vatRate: '23.00',
      grossUnitPrice: '123.00',
      currency: 'EUR',
      quantity: 25,
      seats: { total: 25, used: 0, available: 25, shortfall: 0 },
      status: 'active',
      totalNet: '2500.00',
      totalGross: '3075.00',
      keys: [{ label: 'Volume key', maskedValue: '••••••••7QX2', activationLimit: null }],
    });
    expect(JSON.stringify(res.body)).not.toContain('AAAA-BBBB');

    const read = await app.admin('get', `/licenses/${license.documentId}`);
    expect(read.status).toBe(200);
    expect(read.body.data).toEqual(license);
  });

  it('computes the gross price exactly and refuses a client gross price that differs', async () => {
    const ok = await makeLicense(app, { netUnitPrice: 19.99, vatRate: '8.5', grossUnitPrice: '21.69' });
    expect(ok.grossUnitPrice).toBe('21.69');
    const software = await makeSoftware(app);
    const before = await rows(app, 'license');
    const bad = await app.admin('post', '/licenses', {
      data: { name: unique('L'), software: software.documentId, quantity: 1, netUnitPrice: '19.99', vatRate: '8.5', grossUnitPrice: '21.68' },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.errors[0].path).toEqual(['grossUnitPrice']);
    expect(await rows(app, 'license')).toBe(before);
  });

  it('applies the defaults: currency from config, per_user, block', async () => {
    const license = await makeLicense(app);
    expect(license).toMatchObject({ currency: 'EUR', assignmentModel: 'per_user', overAssignment: 'block' });
  });

  it('updates fields and records the change in the history', async () => {
    const license = await makeLicense(app, { quantity: 5 });
    const res = await app.admin('put', `/licenses/${license.documentId}`, { data: { quantity: 7, netUnitPrice: '10', vatRate: '20' } });
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({ quantity: 7, grossUnitPrice: '12.00', seats: { total: 7 } });
    const history = await app.admin('get', `/licenses/${license.documentId}/history`);
    expect(history.body.data[0]).toMatchObject({
      action: 'updated',
      actor: 'admin:admin@license-manager.test',
      changes: { quantity: { old: 5, new: 7 }, netUnitPrice: { old: null, new: '10.00' } },
    });
    expect(history.body.data.at(-1).action).toBe('created');
  });

  it('names the admin user behind an admin token in the history, with the token', async () => {
    const name = unique('Admin token');
    const issued = await app
      .http()
      .post('/admin/admin-tokens')
      .set('Authorization', `Bearer ${app.adminToken}`)
      .send({
        name,
        lifespan: null,
        // An admin token holds the actions it is given, within its owner's.
        adminPermissions: [{ action: ACTIONS.update, subject: null, properties: {}, conditions: [] }],
      });
    expect(issued.status).toBe(201);
    const token = issued.body.data.accessKey;
    const license = await makeLicense(app);
    const res = await app.admin('put', `/licenses/${license.documentId}`, { data: { notes: 'through an admin token' } }, token);
    expect(res.status).toBe(200);
    const history = await app.admin('get', `/licenses/${license.documentId}/history`);
    expect(history.body.data[0]).toMatchObject({ action: 'updated', actor: `admin:${ADMIN.email} (admin-token:${name})` });
  });

  it('refuses keys on update unless they are { add, remove }', async () => {
    const license = await makeLicense(app);
    const res = await app.admin('put', `/licenses/${license.documentId}`, { data: { keys: [] } });
    expect(res.status).toBe(400);
    expect(res.body.error.details.errors[0].path).toEqual(['keys']);
  });

  it('answers 409 for a name taken, case-insensitively, and for an inventory number taken', async () => {
    const name = unique('Taken');
    const inventoryNumber = unique('INV');
    await makeLicense(app, { name, inventoryNumber });
    const software = await makeSoftware(app);
    const sameName = await app.admin('post', '/licenses', { data: { name: name.toUpperCase(), software: software.documentId, quantity: 1 } });
    expect(sameName.status).toBe(409);
    expect(sameName.body.error.details).toMatchObject({ field: 'name' });
    const sameInventory = await app.admin('post', '/licenses', {
      data: { name: unique('Other'), software: software.documentId, quantity: 1, inventoryNumber },
    });
    expect(sameInventory.status).toBe(409);
    expect(sameInventory.body.error.details).toMatchObject({ field: 'inventoryNumber' });
  });

  it('answers 404 for an unknown documentId on every license route', async () => {
    for (const [method, url] of [
      ['get', '/licenses/doesnotexist000000000000'],
      ['put', '/licenses/doesnotexist000000000000'],
      ['delete', '/licenses/doesnotexist000000000000'],
    ] as const) {
      const res = await app.admin(method, url, method === 'put' ? { data: { quantity: 2 } } : undefined);
      expect(res.status).toBe(404);
    }
  });

  it('deletes a license with its keys, and keeps its history', async () => {
    const license = await makeLicense(app, { keys: [{ value: 'DELETE-ME-KEY-0001' }] });
    const keysBefore = await rows(app, 'license-key');
    const res = await app.admin('delete', `/licenses/${license.documentId}`);
    expect(res.status).toBe(200);
    expect(res.body.data).toEqual({ documentId: license.documentId });
    expect(await rows(app, 'license-key')).toBe(keysBefore - 1);
    expect((await app.admin('get', `/licenses/${license.documentId}`)).status).toBe(404);
    const history = await app.admin('get', `/licenses/${license.documentId}/history`);
    expect(history.status).toBe(200);
    expect(history.body.data.map((e: any) => e.action)).toEqual(['deleted', 'key_added', 'created']);
  });
});

describe('admin API: license list', () => {
  let software: string;
  const names: string[] = [];
  beforeAll(async () => {
    software = (await makeSoftware(app, unique('Listware'))).documentId;
    for (const [i, q] of [3, 1, 2].entries()) {
      const name = unique(`List ${String.fromCharCode(65 + i)}`);
      names.push(name);
      await makeLicense(app, { name, software, quantity: q, serialNumber: `LISTSERIAL-${i}`, expirationDate: i === 0 ? '2000-01-01' : null });
    }
  });

  it('filters by software and paginates', async () => {
    const res = await app.admin('get', `/licenses?software=${software}&pageSize=2&page=1&sort=name:asc`);
    expect(res.status).toBe(200);
    expect(res.body.meta.pagination).toEqual({ page: 1, pageSize: 2, pageCount: 2, total: 3 });
    expect(res.body.data.map((l: any) => l.name)).toEqual(names.slice(0, 2));
    const page2 = await app.admin('get', `/licenses?software=${software}&pageSize=2&page=2&sort=name:asc`);
    expect(page2.body.data.map((l: any) => l.name)).toEqual([names[2]]);
  });

  it('sorts by quantity both ways', async () => {
    const asc = await app.admin('get', `/licenses?software=${software}&sort=quantity:asc`);
    expect(asc.body.data.map((l: any) => l.quantity)).toEqual([1, 2, 3]);
    const desc = await app.admin('get', `/licenses?software=${software}&sort=quantity:desc`);
    expect(desc.body.data.map((l: any) => l.quantity)).toEqual([3, 2, 1]);
  });

  it('searches name, serial number and software name, case-insensitively', async () => {
    const bySerial = await app.admin('get', `/licenses?_q=listserial-1`);
    expect(bySerial.body.data.map((l: any) => l.name)).toEqual([names[1]]);
    const bySoftware = await app.admin('get', `/licenses?_q=${encodeURIComponent('LISTWARE')}&sort=name:asc`);
    expect(bySoftware.body.data.map((l: any) => l.name)).toEqual(names);
    const wildcard = await app.admin('get', `/licenses?_q=${encodeURIComponent('%_')}`);
    expect(wildcard.body.data).toEqual([]);
  });

  it('filters by status', async () => {
    const expired = await app.admin('get', `/licenses?software=${software}&status=expired`);
    expect(expired.body.data.map((l: any) => l.name)).toEqual([names[0]]);
    expect(expired.body.data[0].status).toBe('expired');
  });

  it.each([
    ['sort=notAField:asc', 'sort'],
    ['sort=name:sideways', 'sort'],
    ['pageSize=101', 'pageSize'],
    ['page=0', 'page'],
    ['status=maybe', 'status'],
    ['overAllocated=yes', 'overAllocated'],
    ['assignmentModel=per_site', 'assignmentModel'],
  ])('answers 400 for %s, naming the parameter', async (query, param) => {
    const res = await app.admin('get', `/licenses?${query}`);
    expect(res.status).toBe(400);
    expect(res.body.error.details.errors[0].path).toEqual([param]);
  });
});

describe('content API', () => {
  it('lists and reads licenses with seats and status, and never keys', async () => {
    const token = await apiToken(app, 'read-only');
    const license = await makeLicense(app, { keys: [{ value: 'CONTENT-API-SECRET-KEY' }] });
    const list = await app
      .http()
      .get(`/api/license-manager/licenses?filters[name][$eq]=${encodeURIComponent(license.name)}`)
      .set('Authorization', `Bearer ${token}`);
    expect(list.status).toBe(200);
    expect(list.body.data).toHaveLength(1);
    expect(list.body.data[0]).toMatchObject({ documentId: license.documentId, seats: { total: 5, used: 0 }, status: 'active' });
    expect(list.body.meta.pagination).toMatchObject({ page: 1, total: 1 });
    const one = await app.http().get(`/api/license-manager/licenses/${license.documentId}`).set('Authorization', `Bearer ${token}`);
    expect(one.status).toBe(200);
    for (const body of [list.body, one.body]) {
      expect(JSON.stringify(body)).not.toMatch(/keys|maskedValue|CONTENT-API-SECRET/);
    }
  });

  it('creates, updates and deletes with a full-access token, under the same rules', async () => {
    const token = await apiToken(app, 'full-access');
    const software = await makeSoftware(app);
    const api = (m: 'post' | 'put' | 'delete', url: string, body?: object) =>
      app.http()[m](`/api/license-manager${url}`).set('Authorization', `Bearer ${token}`).send(body);
    const create = await api('post', '/licenses', { data: { name: unique('API'), software: software.documentId, quantity: 2, netUnitPrice: '10.005' } });
    expect(create.status).toBe(400);
    expect(create.body.error.details.errors[0].path).toEqual(['netUnitPrice']);
    const ok = await api('post', '/licenses', { data: { name: unique('API'), software: software.documentId, quantity: 2 } });
    expect(ok.status).toBe(201);
    const updated = await api('put', `/licenses/${ok.body.data.documentId}`, { data: { quantity: 3 } });
    expect(updated.status).toBe(200);
    expect(updated.body.data.quantity).toBe(3);
    const history = await app.admin('get', `/licenses/${ok.body.data.documentId}/history`);
    expect(history.body.data[0].actor).toMatch(/^api-token:/);
    expect((await api('delete', `/licenses/${ok.body.data.documentId}`)).status).toBe(200);
  });

  it('filters by status and refuses a bad one', async () => {
    const token = await apiToken(app, 'read-only');
    const expired = await makeLicense(app, { expirationDate: '2001-01-01' });
    const res = await app.http().get('/api/license-manager/licenses?status=expired&pagination[pageSize]=100').set('Authorization', `Bearer ${token}`);
    expect(res.status).toBe(200);
    expect(res.body.data.map((l: any) => l.documentId)).toContain(expired.documentId);
    expect(res.body.data.every((l: any) => l.status === 'expired')).toBe(true);
    const bad = await app.http().get('/api/license-manager/licenses?status=soon').set('Authorization', `Bearer ${token}`);
    expect(bad.status).toBe(400);
  });

  it('reads software', async () => {
    const token = await apiToken(app, 'read-only');
    const software = await makeSoftware(app);
    const res = await app.http().get(`/api/license-manager/software/${software.documentId}`).set('Authorization', `Bearer ${token}`);
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({ documentId: software.documentId, name: software.name });
  });
});
