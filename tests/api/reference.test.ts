/** Reference data: CRUD for every resource, uniqueness (409), data in use (409), trees without cycles. */
import { startApp, unique, type TestApp } from './support/app';
import { created, makeLicense, makeOrganization, makeSoftware } from './support/fixtures';

let app: TestApp;
beforeAll(async () => {
  app = await startApp();
});
afterAll(async () => {
  await app?.stop();
});

describe.each([
  ['software', () => ({ name: unique('Soft'), version: '2.0' }), { version: '3.0' }],
  ['categories', () => ({ name: unique('Cat'), description: 'terms' }), { description: 'other terms' }],
  ['organizations', () => ({ name: unique('Org'), isSupplier: true }), { taxId: 'PL123' }],
  ['locations', () => ({ name: unique('Loc'), address: 'Street 1' }), { address: 'Street 2' }],
  ['persons', () => ({ firstName: 'Jo', lastName: unique('Doe'), email: `${unique('jo').replace(/\W/g, '')}@x.test` }), { firstName: 'Joanna' }],
  ['assets', () => ({ name: unique('PC'), assetType: 'server', hostname: 'srv.local' }), { hostname: 'srv2.local' }],
])('%s', (resource, make, change) => {
  it('is created, read, listed, searched, updated and deleted', async () => {
    const data = make();
    const item = await created(app, `/${resource}`, data);
    expect(item).toMatchObject(data);
    expect((await app.admin('get', `/${resource}/${item.documentId}`)).body.data).toEqual(item);
    const search = Object.values(data).find((v) => typeof v === 'string') as string;
    const list = await app.admin('get', `/${resource}?_q=${encodeURIComponent(search)}`);
    expect(list.status).toBe(200);
    expect(list.body.data.map((x: any) => x.documentId)).toContain(item.documentId);
    const updated = await app.admin('put', `/${resource}/${item.documentId}`, { data: change });
    expect(updated.status).toBe(200);
    expect(updated.body.data).toMatchObject(change);
    expect((await app.admin('delete', `/${resource}/${item.documentId}`)).status).toBe(200);
    expect((await app.admin('get', `/${resource}/${item.documentId}`)).status).toBe(404);
  });

  it('answers 400 naming an unknown field, and for a bad sort', async () => {
    const res = await app.admin('post', `/${resource}`, { data: { ...make(), nonsense: 1 } });
    expect(res.status).toBe(400);
    expect(res.body.error.details.errors[0].path).toEqual(['nonsense']);
    const sort = await app.admin('get', `/${resource}?sort=password:asc`);
    expect(sort.status).toBe(400);
    expect(sort.body.error.details.errors[0].path).toEqual(['sort']);
  });
});

describe("an asset's uuid (issue 28: what inventories match a device by)", () => {
  it('is stored as sent, found by a search, and bounded', async () => {
    const uuid = `4C4C4544-0042-${unique('').replace(/\W/g, '').slice(-4).padStart(4, '0')}-8057-B3C04F4A4E32`;
    const asset = await created(app, '/assets', { name: unique('Laptop'), uuid });
    expect(asset.uuid).toBe(uuid);
    const found = await app.admin('get', `/assets?_q=${encodeURIComponent(uuid.toLowerCase())}`);
    expect(found.body.data.map((a: { documentId: string }) => a.documentId)).toEqual([asset.documentId]);
    const long = await app.admin('put', `/assets/${asset.documentId}`, { data: { uuid: 'x'.repeat(256) } });
    expect([long.status, long.body.error.details.errors[0].path]).toEqual([400, ['uuid']]);
    expect((await app.admin('put', `/assets/${asset.documentId}`, { data: { uuid: null } })).body.data.uuid).toBeNull();
  });
});

describe("an asset's processors and cores per processor (issue 27)", () => {
  it('stores 1 processor and unknown cores when a create leaves them out, and what is sent otherwise', async () => {
    const bare = await created(app, '/assets', { name: unique('Box') });
    expect(bare).toMatchObject({ processors: 1, coresPerProcessor: null });
    const server = await created(app, '/assets', { name: unique('Srv'), assetType: 'server', processors: 2, coresPerProcessor: 16 });
    expect(server).toMatchObject({ processors: 2, coresPerProcessor: 16 });
    expect((await app.admin('get', `/assets/${server.documentId}`)).body.data).toMatchObject({ processors: 2, coresPerProcessor: 16 });
    const listed = await app.admin('get', `/assets?_q=${encodeURIComponent(server.name)}`);
    expect(listed.body.data).toEqual([expect.objectContaining({ documentId: server.documentId, processors: 2, coresPerProcessor: 16 })]);
  });

  it('changes only the one sent, takes the bounds, and forgets the cores given null', async () => {
    const asset = await created(app, '/assets', { name: unique('Srv'), processors: 2, coresPerProcessor: 8 });
    const put = (data: Record<string, unknown>) => app.admin('put', `/assets/${asset.documentId}`, { data });
    expect((await put({ processors: 4 })).body.data).toMatchObject({ processors: 4, coresPerProcessor: 8 });
    expect((await put({ coresPerProcessor: 1024 })).body.data).toMatchObject({ processors: 4, coresPerProcessor: 1024 });
    expect((await put({ processors: 1024, coresPerProcessor: 1 })).body.data).toMatchObject({ processors: 1024, coresPerProcessor: 1 });
    expect((await put({ coresPerProcessor: null })).body.data).toMatchObject({ processors: 1024, coresPerProcessor: null });
    expect((await put({ hostname: 'db.local' })).body.data).toMatchObject({ processors: 1024, coresPerProcessor: null, hostname: 'db.local' });
  });

  const BAD: Array<[string, unknown]> = [
    ['processors', 0],
    ['processors', 1025],
    ['processors', 1.5],
    ['processors', 'x'],
    ['processors', '2'],
    ['processors', null],
    ['processors', 1e20],
    ['processors', true],
    ['coresPerProcessor', 0],
    ['coresPerProcessor', 1025],
    ['coresPerProcessor', 2.5],
    ['coresPerProcessor', 'x'],
    ['coresPerProcessor', -4],
    ['coresPerProcessor', [4]],
  ];

  it.each(BAD)('refuses %s = %j with a 400 naming it, on create and update, and changes nothing', async (field, value) => {
    const name = unique('Bad');
    const create = await app.admin('post', '/assets', { data: { name, [field]: value } });
    expect(create.status).toBe(400);
    expect(create.body.error.details.errors.map((e: { path: string[] }) => e.path)).toEqual([[field]]);
    expect((await app.admin('get', `/assets?_q=${encodeURIComponent(name)}`)).body.data).toEqual([]);

    const asset = await created(app, '/assets', { name: unique('Srv'), processors: 2, coresPerProcessor: 4 });
    const update = await app.admin('put', `/assets/${asset.documentId}`, { data: { hostname: 'changed.local', [field]: value } });
    expect(update.status).toBe(400);
    expect(update.body.error.details.errors.map((e: { path: string[] }) => e.path)).toEqual([[field]]);
    expect((await app.admin('get', `/assets/${asset.documentId}`)).body.data).toEqual(asset);
  });

  it('gives a row written without them one processor: the column default, as for assets from before the fields', async () => {
    const meta = app.strapi.db.metadata.get('plugin::license-manager.asset');
    const documentId = unique('raw').replace(/\W/g, '');
    const now = new Date();
    await app.strapi.db.connection(meta.tableName).insert({ document_id: documentId, name: unique('Raw'), created_at: now, updated_at: now });
    expect((await app.admin('get', `/assets/${documentId}`)).body.data).toMatchObject({ processors: 1, coresPerProcessor: null });
    expect((await app.admin('delete', `/assets/${documentId}`)).status).toBe(200);
  });
});

describe('uniqueness', () => {
  it('refuses software with the same name and version, case-insensitively', async () => {
    const name = unique('Dup');
    await created(app, '/software', { name, version: 'X1' });
    const res = await app.admin('post', '/software', { data: { name: name.toLowerCase(), version: 'x1' } });
    expect(res.status).toBe(409);
    expect((await app.admin('post', '/software', { data: { name, version: 'X2' } })).status).toBe(201);
  });

  it('keys the name and version a record ends with when two edits change one each at the same moment', async () => {
    for (let round = 0; round < 5; round++) {
      const software = await created(app, '/software', { name: unique('Pair'), version: '1' });
      const renamed = unique('Renamed');
      const [one, two] = await Promise.all([
        app.admin('put', `/software/${software.documentId}`, { data: { name: renamed } }),
        app.admin('put', `/software/${software.documentId}`, { data: { version: '2' } }),
      ]);
      expect([one.status, two.status]).toEqual([200, 200]);
      expect((await app.admin('get', `/software/${software.documentId}`)).body.data).toMatchObject({ name: renamed, version: '2' });
      // The unique key was computed from the merged row as written: the same pair is taken.
      const again = await app.admin('post', '/software', { data: { name: renamed.toUpperCase(), version: '2' } });
      expect(again.status).toBe(409);
    }
  });

  it('refuses a person e-mail or an asset inventory number taken', async () => {
    const email = `${unique('mail').replace(/\W/g, '')}@x.test`;
    await created(app, '/persons', { lastName: 'A', email });
    expect((await app.admin('post', '/persons', { data: { lastName: 'B', email } })).status).toBe(409);
    const inventoryNumber = unique('INV');
    await created(app, '/assets', { name: 'A', inventoryNumber });
    expect((await app.admin('post', '/assets', { data: { name: 'B', inventoryNumber } })).status).toBe(409);
  });

  it('refuses a license type name taken', async () => {
    expect((await app.admin('post', '/categories', { data: { name: 'oem' } })).status).toBe(409);
  });
});

describe('data in use', () => {
  it('refuses to delete software a license uses, saying how many', async () => {
    const software = await makeSoftware(app);
    await makeLicense(app, { software: software.documentId });
    await makeLicense(app, { software: software.documentId });
    const res = await app.admin('delete', `/software/${software.documentId}`);
    expect(res.status).toBe(409);
    expect(res.body.error.details).toMatchObject({ licenses: 2 });
    expect(res.body.error.message).toMatch(/2 licenses/);
  });

  it('refuses to delete an organization that owns units, supplies or owns licenses', async () => {
    const organization = await makeOrganization(app);
    await created(app, '/organizational-units', { name: unique('U'), organization: organization.documentId });
    await makeLicense(app, { supplier: organization.documentId });
    const res = await app.admin('delete', `/organizations/${organization.documentId}`);
    expect(res.status).toBe(409);
    expect(res.body.error.details.usedBy).toMatchObject({ organizationalUnits: 1, licensesSupplied: 1 });
  });
});

describe('trees', () => {
  it('refuses a parent that would make a cycle', async () => {
    const a = await created(app, '/locations', { name: unique('A') });
    const b = await created(app, '/locations', { name: unique('B'), parent: a.documentId });
    const c = await created(app, '/locations', { name: unique('C'), parent: b.documentId });
    const res = await app.admin('put', `/locations/${a.documentId}`, { data: { parent: c.documentId } });
    expect(res.status).toBe(400);
    expect(res.body.error.details.errors[0].path).toEqual(['parent']);
    // The rule is named (code and params), so the admin words it in the user's language.
    expect(res.body.error.details.errors[0]).toMatchObject({ code: 'custom', params: { id: 'cycle' } });
    const self = await app.admin('put', `/locations/${a.documentId}`, { data: { parent: a.documentId } });
    expect(self.status).toBe(400);
  });

  it('never lets two simultaneous moves make a cycle', async () => {
    for (let round = 0; round < 5; round++) {
      const a = await created(app, '/locations', { name: unique('A') });
      const b = await created(app, '/locations', { name: unique('B') });
      const [one, two] = await Promise.all([
        app.admin('put', `/locations/${a.documentId}`, { data: { parent: b.documentId } }),
        app.admin('put', `/locations/${b.documentId}`, { data: { parent: a.documentId } }),
      ]);
      expect([one.status, two.status].sort()).toEqual([200, 400]);
      const parents = await Promise.all([a, b].map(async (l) => (await app.admin('get', `/locations/${l.documentId}`)).body.data.parent));
      expect(parents.filter(Boolean)).toHaveLength(1);
    }
  });

  it('lists the units of one organization', async () => {
    const one = await makeOrganization(app);
    const unit = await created(app, '/organizational-units', { name: unique('Mine'), organization: one.documentId });
    await created(app, '/organizational-units', { name: unique('Theirs'), organization: (await makeOrganization(app)).documentId });
    const res = await app.admin('get', `/organizational-units?organization=${one.documentId}`);
    expect(res.body.data.map((u: any) => u.documentId)).toEqual([unit.documentId]);
    expect((await app.admin('get', '/organizational-units?organization=not%20an%20id')).status).toBe(400);
  });

  it('keeps an organizational unit under a parent of the same organization', async () => {
    const one = await makeOrganization(app);
    const two = await makeOrganization(app);
    const parent = await created(app, '/organizational-units', { name: unique('P'), organization: one.documentId });
    const res = await app.admin('post', '/organizational-units', { data: { name: unique('C'), organization: two.documentId, parent: parent.documentId } });
    expect(res.status).toBe(400);
    expect(res.body.error.details.errors[0]).toMatchObject({ path: ['parent'], code: 'custom', params: { id: 'sameOrganization' } });
    const nowhere = await app.admin('post', '/organizational-units', { data: { name: unique('C'), organization: 'x'.repeat(24) } });
    expect(nowhere.status).toBe(400);
    expect(nowhere.body.error.details.errors[0]).toMatchObject({ path: ['organization'], code: 'custom', params: { id: 'noRecord' } });
  });
});

describe('settings', () => {
  it('reads and changes the expiring window, which the status follows', async () => {
    const soon = new Date(Date.now() + 20 * 86400000).toISOString().slice(0, 10);
    const license = await makeLicense(app, { expirationDate: soon });
    expect(license.status).toBe('expiring');
    const res = await app.admin('put', '/settings', { data: { expiringWithinDays: 10 } });
    expect(res.status).toBe(200);
    expect(res.body.data.expiringWithinDays).toBe(10);
    expect((await app.admin('get', `/licenses/${license.documentId}`)).body.data.status).toBe('active');
    await app.admin('put', '/settings', { data: { expiringWithinDays: 30 } });
    const bad = await app.admin('put', '/settings', { data: { expiringWithinDays: 0, defaultCurrency: 'euro' } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.errors.map((e: any) => e.path[0]).sort()).toEqual(['defaultCurrency', 'expiringWithinDays']);
  });
});

describe('permission pickers', () => {
  it('lists every content-API action under the plugin for Users & Permissions', async () => {
    const res = await app.http().get('/users-permissions/permissions').set('Authorization', `Bearer ${app.adminToken}`);
    expect(res.status).toBe(200);
    const controllers = res.body.permissions['plugin::license-manager'].controllers;
    expect(Object.keys(controllers.license).sort()).toEqual(['create', 'delete', 'find', 'findOne', 'update']);
    // A license's assignments: their own controller, so a read-only token's `find` covers the list.
    expect(Object.keys(controllers.assignment).sort()).toEqual(['create', 'delete', 'find']);
    expect(Object.keys(controllers.software).sort()).toEqual(['create', 'delete', 'find', 'findOne', 'update']);
    // A license's purchases: reads and writes of their own, and the renewal.
    expect(Object.keys(controllers.purchase).sort()).toEqual(['create', 'delete', 'find', 'findOne', 'renew', 'update']);
    // The inventory push only: the installations' other actions are the admin API's.
    expect(Object.keys(controllers.installations)).toEqual(['push']);
  });

  it('registers the admin actions of docs/domain.md', async () => {
    const res = await app.http().get('/admin/permissions').set('Authorization', `Bearer ${app.adminToken}`);
    expect(res.status).toBe(200);
    const actions = res.body.data.sections.plugins.map((a: any) => a.action);
    for (const action of [
      'licenses.read',
      'licenses.create',
      'licenses.update',
      'licenses.delete',
      'licenses.assign',
      'keys.reveal',
      'reference.manage',
      'settings',
      'installations.manage',
    ]) {
      expect(actions).toContain(`plugin::license-manager.${action}`);
    }
  });
});
