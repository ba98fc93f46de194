/**
 * Organization scope (docs/domain.md, "Permissions"): two organizations, an admin role with the
 * condition "Is in one of my organizations" on every plugin action, one with "Is in my
 * organizational unit or below", an unconditioned role and the super admin. Every admin route of
 * the plugin is taken from the route table and checked by the mode its scope policy declares; the
 * routes that narrow lists and writes have their own cases below, and a route without one fails.
 */
import adminRoutes from '../../server/src/routes/admin';
import type { ScopeConfig } from '../../server/src/policies/scope';
import { ACTIONS, CONDITIONS, UID } from '../../shared/constants';
import { adminUserWith, apiToken, startApp, unique, type TestApp } from './support/app';
import { created, makeSoftware } from './support/fixtures';
import { csv, postImport } from './support/import';

let app: TestApp;
const ALL_ACTIONS = Object.values(ACTIONS);
type User = { token: string; id: number };
let byOrg: User;
let byUnit: User;
let byOrgB: User;
let plain: User;
const tag = unique('Scope');

/** Records by name: organizations A and B, units A1 > A1a and B1, and what belongs to each. */
const w: Record<string, any> = {};

const as = (user: User | 'super', method: 'get' | 'post' | 'put' | 'delete', url: string, body?: unknown) =>
  app.admin(method, url, body, user === 'super' ? app.adminToken : user.token);

const namesOf = (res: { body: { data: Array<{ name?: string; lastName?: string }> } }) => res.body.data.map((r) => r.name ?? r.lastName).sort();

beforeAll(async () => {
  app = await startApp();
  [byOrg, byUnit, byOrgB, plain] = await Promise.all([
    adminUserWith(app, 'Scoped by organization', ALL_ACTIONS, [CONDITIONS.organizations.id]),
    adminUserWith(app, 'Scoped by unit', ALL_ACTIONS, [CONDITIONS.units.id]),
    adminUserWith(app, 'Scoped by organization B', ALL_ACTIONS, [CONDITIONS.organizations.id]),
    adminUserWith(app, 'Unconditioned', ALL_ACTIONS),
  ]);
  w.orgA = await created(app, '/organizations', { name: `${tag} A`, administrators: [byOrg.id] });
  w.orgB = await created(app, '/organizations', { name: `${tag} B`, administrators: [byOrgB.id] });
  w.unitA1 = await created(app, '/organizational-units', { name: `${tag} A1`, organization: w.orgA.documentId, administrators: [byUnit.id] });
  w.unitA1a = await created(app, '/organizational-units', { name: `${tag} A1a`, organization: w.orgA.documentId, parent: w.unitA1.documentId });
  w.unitA2 = await created(app, '/organizational-units', { name: `${tag} A2`, organization: w.orgA.documentId });
  w.unitB1 = await created(app, '/organizational-units', { name: `${tag} B1`, organization: w.orgB.documentId });
  w.software = await makeSoftware(app, `${tag} software`);
  const person = (name: string, org: any, unit?: any) =>
    created(app, '/persons', { lastName: `${tag} ${name}`, organization: org.documentId, organizationalUnit: unit?.documentId ?? null });
  w.personA = await person('person A', w.orgA);
  w.personA1a = await person('person A1a', w.orgA, w.unitA1a);
  w.personB = await person('person B', w.orgB);
  w.personNone = await created(app, '/persons', { lastName: `${tag} person none` });
  w.assetA = await created(app, '/assets', {
    name: `${tag} asset A`,
    inventoryNumber: unique('INV-A'),
    serialNumber: unique('SN-A').replace(/\s/g, ''),
    organization: w.orgA.documentId,
  });
  w.assetB = await created(app, '/assets', {
    name: `${tag} asset B`,
    inventoryNumber: unique('INV-B'),
    serialNumber: unique('SN-B').replace(/\s/g, ''),
    organization: w.orgB.documentId,
  });
  const license = (name: string, org: any, unit?: any) =>
    created(app, '/licenses', {
      name: `${tag} ${name}`,
      software: w.software.documentId,
      quantity: 5,
      organization: org?.documentId ?? null,
      organizationalUnit: unit?.documentId ?? null,
      keys: [{ value: `KEY-${name.replace(/\W/g, '')}-0001`, label: 'key' }],
    });
  w.licenseA = await license('license A', w.orgA);
  w.licenseA1a = await license('license A1a', w.orgA, w.unitA1a);
  w.licenseB = await license('license B', w.orgB);
  w.licenseNone = await license('license none', null);
  // License B: an assignment and a purchase, so its sub-routes have real ids to refuse.
  expect((await app.admin('put', `/licenses/${w.licenseB.documentId}/persons`, { data: { persons: [w.personB.documentId] } })).status).toBe(200);
  w.assignmentB = (await app.admin('get', `/licenses/${w.licenseB.documentId}/assignments`)).body.data[0];
  const bought = await app.admin('post', `/licenses/${w.licenseB.documentId}/purchases`, {
    data: { quantity: 1, termStart: '2030-02-01', termEnd: '2031-01-31' },
  });
  expect(bought.status).toBe(201);
  w.purchaseB = bought.body.data;
});
afterAll(async () => {
  await app?.stop();
});

interface Route {
  method: string;
  path: string;
  handler: string;
  config: { policies: Array<string | { name: string; config: ScopeConfig }> };
}
const ROUTES = adminRoutes.routes as Route[];
const modeOf = (r: Route) => {
  const policy = r.config.policies.find((p): p is { name: string; config: ScopeConfig } => typeof p === 'object' && p.name === 'plugin::license-manager.scope');
  return policy?.config.mode;
};
const keyOf = (r: Route) => `${r.method} ${r.path}`;

/** The out-of-scope record each path parameter names: license B and what it holds, person B, asset B, unit B1, organization B. */
const RECORD_OUT: Record<string, () => string> = {
  [UID.license]: () => w.licenseB.documentId,
  [UID.person]: () => w.personB.documentId,
  [UID.asset]: () => w.assetB.documentId,
  [UID.organizationalUnit]: () => w.unitB1.documentId,
  [UID.organization]: () => w.orgB.documentId,
};
const fill = (path: string, documentId: string) =>
  path
    .replace(':documentId', documentId)
    .replace(':keyDocumentId', w.licenseB.keys?.[0]?.documentId ?? 'none')
    .replace(':assignmentDocumentId', w.assignmentB?.documentId ?? 'none')
    .replace(':purchaseDocumentId', w.purchaseB?.documentId ?? 'none')
    .replace(':softwareDocumentId', w.software.documentId);
const NOWHERE = 'aaaaaaaaaaaaaaaaaaaaaaaa';

describe('the conditions', () => {
  it('are offered in Settings → Roles, in Strapi’s default category', async () => {
    const res = await app.http().get('/admin/permissions').set('Authorization', `Bearer ${app.adminToken}`);
    expect(res.status).toBe(200);
    const offered = res.body.data.conditions.filter((c: { id: string }) => c.id.startsWith('plugin::license-manager.'));
    expect(offered).toEqual(
      expect.arrayContaining(Object.values(CONDITIONS).map((c) => expect.objectContaining({ id: c.id, displayName: c.displayName, category: 'default' }))),
    );
    expect(offered).toHaveLength(2);
  });
});

describe('the route table', () => {
  it('gives every admin route the scope policy, after the permission check', () => {
    expect(ROUTES.length).toBeGreaterThan(70);
    for (const r of ROUTES) {
      const names = r.config.policies.map((p) => (typeof p === 'string' ? p : p.name));
      expect([keyOf(r), names.indexOf('plugin::license-manager.scope') > names.indexOf('admin::hasPermissions')]).toEqual([keyOf(r), true]);
      expect([keyOf(r), modeOf(r)?.kind]).toEqual([keyOf(r), expect.stringMatching(/^(all|scoped|record|unconditioned)$/)]);
    }
  });

  it('has a case below for every route that narrows its lists or writes', () => {
    const scoped = ROUTES.filter((r) => modeOf(r)?.kind === 'scoped')
      .map(keyOf)
      .sort();
    expect(scoped).toEqual(Object.keys(SCOPED_CASES).sort());
  });
});

describe('routes no condition narrows answer the same to every role', () => {
  const routes = ROUTES.filter((r) => modeOf(r)?.kind === 'all');
  it.each(routes.map((r) => [keyOf(r), r] as const))('%s', async (_key, r) => {
    // Reads as they are; writes of a record that does not exist, or with no body: the same refusal.
    const url = fill(r.path, NOWHERE);
    const method = r.method.toLowerCase() as 'get' | 'post' | 'put' | 'delete';
    const body = method === 'get' ? undefined : { data: {} };
    const [scoped, unconditioned] = [await as(byOrg, method, url, body), await as(plain, method, url, body)];
    expect([scoped.status, scoped.body]).toEqual([unconditioned.status, unconditioned.body]);
    expect(scoped.status).not.toBe(403);
  });
});

describe('routes not open to a role with conditions answer 403 and change nothing', () => {
  const routes = ROUTES.filter((r) => modeOf(r)?.kind === 'unconditioned');
  it.each(routes.map((r) => [keyOf(r), r] as const))('%s', async (_key, r) => {
    const url = fill(r.path, w.licenseA.documentId);
    const method = r.method.toLowerCase() as 'get' | 'post' | 'put' | 'delete';
    for (const user of [byOrg, byUnit]) {
      const res = await as(user, method, url, method === 'get' ? undefined : { data: {} });
      expect([res.status, res.body.error?.name]).toEqual([403, 'ForbiddenError']);
    }
    if (method === 'get') expect((await as(plain, 'get', url)).status).not.toBe(403);
  });
});

describe('a record outside the scope is not found, and nothing changes', () => {
  const routes = ROUTES.filter((r) => modeOf(r)?.kind === 'record');
  it.each(routes.map((r) => [keyOf(r), r] as const))('%s', async (_key, r) => {
    const mode = modeOf(r) as { kind: 'record'; uid: string; noun: string };
    const url = fill(r.path, RECORD_OUT[mode.uid]());
    const method = r.method.toLowerCase() as 'get' | 'post' | 'put' | 'delete';
    const before = await as(
      'super',
      'get',
      fill(r.path.startsWith('/licenses') ? '/licenses/:documentId' : r.path.replace(/\/:documentId.*/, '/:documentId'), RECORD_OUT[mode.uid]()),
    );
    for (const user of [byOrg, byUnit]) {
      const res = await as(user, method, url, method === 'get' ? undefined : { data: { name: 'moved', persons: [], assets: [], quantity: 1 } });
      // Exactly the answer for a record that does not exist.
      const missing = await as(user, method, fill(r.path, NOWHERE), method === 'get' ? undefined : { data: {} });
      expect([res.status, res.body.error?.message]).toEqual([404, `${mode.noun} not found`]);
      expect([missing.status, missing.body.error?.message]).toEqual([404, `${mode.noun} not found`]);
    }
    const after = await as(
      'super',
      'get',
      fill(r.path.startsWith('/licenses') ? '/licenses/:documentId' : r.path.replace(/\/:documentId.*/, '/:documentId'), RECORD_OUT[mode.uid]()),
    );
    expect(after.body).toEqual(before.body);
    if (method === 'get') {
      // The unconditioned role reads it.
      expect((await as(plain, 'get', url)).status).toBe(200);
    }
  });
});

/** Licenses A' and B' with reminders due on 1961-03-01 (30 days before they expire), made once. */
let reminded: Promise<void> | undefined;
const withReminders = () =>
  (reminded ??= (async () => {
    for (const [name, org] of [
      ['reminded A', w.orgA],
      ['reminded B', w.orgB],
    ] as const) {
      await created(app, '/licenses', {
        name: `${tag} ${name}`,
        software: w.software.documentId,
        quantity: 1,
        organization: org.documentId,
        expirationDate: '1961-03-31',
        notifyEmails: ['scope@license-manager.test'],
      });
    }
    // The unconditioned role runs the day's job (it is not for a role with conditions): the record gains a reminder of each.
    expect((await as(plain, 'post', '/reminders/run', { data: { on: '1961-03-01' } })).status).toBe(200);
  })());

/** Assets A and B report an unrecognized `<tag> app` in their inventories, pushed once. */
let inventoried: Promise<void> | undefined;
const withInventories = () =>
  (inventoried ??= (async () => {
    const token = await apiToken(app, 'full-access');
    for (const asset of [w.assetA, w.assetB]) {
      const res = await app
        .http()
        .post('/api/license-manager/inventory')
        .set('Authorization', `Bearer ${token}`)
        .send({ device: { hostname: null, serialNumber: asset.serialNumber, uuid: null }, software: [{ name: `${tag} app`, version: '1' }], source: 'test' });
      expect([res.status, res.body.data?.asset?.documentId]).toEqual([200, asset.documentId]);
    }
  })());

/** The routes whose lists and writes narrow below the controller, each with what it must show. */
const SCOPED_CASES: Record<string, () => Promise<void>> = {
  // First: the cases after it add licenses of the software.
  'GET /compliance/trend': async () => {
    // Today's snapshot stores the scopes' rows too (another file may have stored the register's already).
    const plugin = app.strapi.plugin('license-manager');
    const today = await plugin.service('reminders').today();
    await plugin.service('compliance').snapshot(today);
    const point = async (user: User) => {
      const res = await as(user, 'get', `/compliance/trend?days=1&software=${w.software.documentId}`);
      expect(res.status).toBe(200);
      return res.body.data.map((p: { date: string; licensed: number }) => [p.date, p.licensed]);
    };
    // Licenses A and A1a (5 seats each); A1a alone.
    expect(await point(byOrg)).toEqual([[today, 10]]);
    expect(await point(byUnit)).toEqual([[today, 5]]);
    // The unconditioned role reads the register's rows: stored today before this file's software, or with all four licenses.
    expect([[], [[today, 20]]]).toContainEqual(await point(plain));
    // A second call stores nothing twice.
    await plugin.service('compliance').snapshot(today);
    expect(await point(byOrg)).toEqual([[today, 10]]);
  },
  'GET /compliance': async () => {
    const row = async (user: User | 'super') => {
      const res = await as(user, 'get', `/compliance?_q=${encodeURIComponent(`${tag} software`)}`);
      expect([res.status, res.body.meta.totals.software]).toEqual([200, 1]);
      return res.body.data[0];
    };
    // Licenses A and A1a (5 seats each); A1a alone; all four (license B's purchase is for a term from 2030).
    expect([(await row(byOrg)).licenses, (await row(byOrg)).byModel.per_user.licensed]).toEqual([2, 10]);
    expect([(await row(byUnit)).licenses, (await row(byUnit)).byModel.per_user.licensed]).toEqual([1, 5]);
    expect([(await row(plain)).licenses, (await row(plain)).byModel.per_user.licensed]).toEqual([4, 20]);
    expect(await row('super')).toEqual(await row(plain));
  },
  'GET /compliance/export': async () => {
    const csv = async (user: User) => (await as(user, 'get', `/compliance/export?_q=${encodeURIComponent(`${tag} software`)}`)).text;
    const [scoped, all] = [await csv(byOrg), await csv(plain)];
    expect([scoped.includes(`${tag} software`), scoped === all]).toEqual([true, false]);
  },
  'GET /compliance/:softwareDocumentId/reconciliation': async () => {
    // Nothing is installed here: each role gets its (empty) list; the software itself is shared by all.
    for (const user of [byOrg, byUnit, plain]) {
      const res = await as(user, 'get', `/compliance/${w.software.documentId}/reconciliation?list=assignedNotInstalled`);
      expect([res.status, res.body.meta.pagination.total]).toEqual([200, 0]);
    }
  },
  'GET /licenses': async () => {
    const list = (user: User | 'super', query = '') => as(user, 'get', `/licenses?_q=${encodeURIComponent(tag)}&pageSize=100${query}`);
    const all = [`${tag} license A`, `${tag} license A1a`, `${tag} license B`, `${tag} license none`];
    expect(namesOf(await list('super'))).toEqual(all);
    expect(namesOf(await list(plain))).toEqual(all);
    const org = await list(byOrg);
    expect([namesOf(org), org.body.meta.pagination.total]).toEqual([[`${tag} license A`, `${tag} license A1a`], 2]);
    const unit = await list(byUnit);
    expect([namesOf(unit), unit.body.meta.pagination.total]).toEqual([[`${tag} license A1a`], 1]);
    // Organization B's own administrator: the other way round.
    const other = await list(byOrgB);
    expect([namesOf(other), other.body.meta.pagination.total]).toEqual([[`${tag} license B`], 1]);
    expect((await as(byOrgB, 'get', `/licenses/${w.licenseA.documentId}`)).status).toBe(404);
    expect((await as(byOrgB, 'get', `/licenses/${w.licenseB.documentId}`)).status).toBe(200);
    // Filters and sorts stay inside it: organization B's licenses are none of theirs.
    expect((await list(byOrg, `&organization=${w.orgB.documentId}`)).body.meta.pagination.total).toBe(0);
    expect(namesOf(await list(byOrg, '&sort=name:desc'))).toEqual([`${tag} license A`, `${tag} license A1a`]);
    // Without a search the total counts only theirs too.
    const unfiltered = await as(byOrg, 'get', '/licenses?pageSize=1');
    expect(unfiltered.body.meta.pagination.total).toBe(2);
  },
  'POST /licenses': async () => {
    const make = (user: User, data: Record<string, unknown>) =>
      as(user, 'post', '/licenses', { data: { name: unique(`${tag} new`), software: w.software.documentId, quantity: 1, ...data } });
    const refused = async (user: User, data: Record<string, unknown>, path: string) => {
      const res = await make(user, data);
      expect([res.status, res.body.error?.details?.errors?.[0]?.path]).toEqual([400, [path]]);
    };
    await refused(byOrg, { organization: w.orgB.documentId }, 'organization');
    await refused(byOrg, {}, 'organization');
    await refused(byOrg, { organization: w.orgA.documentId, organizationalUnit: w.unitB1.documentId }, 'organizationalUnit');
    expect((await make(byOrg, { organization: w.orgA.documentId })).status).toBe(201);
    await refused(byUnit, { organization: w.orgA.documentId }, 'organizationalUnit');
    await refused(byUnit, { organization: w.orgA.documentId, organizationalUnit: w.unitA2.documentId }, 'organizationalUnit');
    expect((await make(byUnit, { organization: w.orgA.documentId, organizationalUnit: w.unitA1a.documentId })).status).toBe(201);
    expect((await make(plain, {})).status).toBe(201);
  },
  'GET /licenses/export': async () => {
    const csv = async (user: User) => {
      const res = await as(user, 'get', `/licenses/export?_q=${encodeURIComponent(`${tag} license`)}`);
      expect(res.status).toBe(200);
      return res.text;
    };
    const scoped = await csv(byOrg);
    expect([scoped.includes(`${tag} license A1a`), scoped.includes(`${tag} license B`), scoped.includes(`${tag} license none`)]).toEqual([true, false, false]);
    // The header and license A1a's row.
    expect((await csv(byUnit)).trim().split(/\r?\n/)).toEqual([expect.any(String), expect.stringContaining(`${tag} license A1a`)]);
    expect((await csv(plain)).includes(`${tag} license B`)).toBe(true);
  },
  'GET /assignments/export': async () => {
    const all = await as(byOrg, 'get', '/assignments/export');
    expect([all.status, all.text.includes(`${tag} license B`)]).toEqual([200, false]);
    expect((await as(plain, 'get', '/assignments/export')).text.includes(`${tag} license B`)).toBe(true);
    const one = await as(byOrg, 'get', `/assignments/export?license=${w.licenseB.documentId}`);
    expect([one.status, one.body.error?.message]).toEqual([404, 'License not found']);
  },
  'GET /purchases/export': async () => {
    const all = await as(byOrg, 'get', '/purchases/export');
    expect([all.status, all.text.includes(`${tag} license B`)]).toEqual([200, false]);
    expect((await as(plain, 'get', '/purchases/export')).text.includes(`${tag} license B`)).toBe(true);
    const one = await as(byUnit, 'get', `/purchases/export?license=${w.licenseB.documentId}`);
    expect([one.status, one.body.error?.message]).toEqual([404, 'License not found']);
  },
  'POST /licenses/import': async () => {
    const file = csv([
      ['name', 'software', 'organization', 'quantity', 'notes'],
      [`${tag} license B`, w.software.name, '', 1, 'taken over'],
      [unique(`${tag} imported`), w.software.name, w.orgB.name, 1, ''],
      [unique(`${tag} imported`), w.software.name, w.orgA.name, 1, ''],
    ]);
    const res = await postImport(app, 'licenses', file, { dryRun: 'false', onError: 'skip' }, byOrg.token);
    expect(res.status).toBe(200);
    const report = res.body.data;
    expect([report.created, report.updated, report.failed]).toEqual([1, 0, 2]);
    expect(report.errors.map((e: { row: number; column: string; code?: string }) => [e.row, e.column, e.code])).toEqual([
      [2, 'name', 'outside_scope'],
      [3, 'organization', 'custom'],
    ]);
    expect((await as('super', 'get', `/licenses/${w.licenseB.documentId}`)).body.data.notes).not.toBe('taken over');
  },
  'POST /assignments/import': async () => {
    const file = csv([
      ['license', 'personEmail', 'assetInventoryNumber'],
      [`${tag} license B`, '', w.assetB.inventoryNumber ?? ''],
      [`${tag} license A`, '', w.assetB.inventoryNumber ?? ''],
      [`${tag} license A`, '', w.assetA.inventoryNumber ?? ''],
    ]);
    const res = await postImport(app, 'assignments', file, { dryRun: 'true', onError: 'skip' }, byOrg.token);
    expect(res.status).toBe(200);
    // License B is as no license; asset B as no asset; asset A is theirs.
    expect(res.body.data.errors.map((e: { row: number; column: string }) => [e.row, e.column])).toEqual([
      [2, 'license'],
      [3, 'assetInventoryNumber'],
    ]);
    expect(res.body.data.created).toBe(1);
  },
  'POST /purchases/import': async () => {
    const file = csv([
      ['license', 'quantity'],
      [`${tag} license B`, 1],
      [`${tag} license A1a`, 1],
    ]);
    const res = await postImport(app, 'purchases', file, { dryRun: 'true', onError: 'skip' }, byUnit.token);
    expect(res.status).toBe(200);
    expect([res.body.data.errors.map((e: { row: number; column: string }) => [e.row, e.column]), res.body.data.created]).toEqual([[[2, 'license']], 1]);
  },
  'GET /reminders/preview': async () => {
    await withReminders();
    const names = async (user: User) => {
      const res = await as(user, 'get', '/reminders/preview?on=1961-03-01');
      expect(res.status).toBe(200);
      return res.body.data.map((r: { license: { name: string } }) => r.license.name).filter((n: string) => n.startsWith(tag));
    };
    // Sent already by the run: the preview shows what is still to send, so read the day before's stage.
    const before = async (user: User) =>
      (await as(user, 'get', '/reminders/preview?on=1960-12-31')).body.data
        .map((r: { license: { name: string } }) => r.license.name)
        .filter((n: string) => n.startsWith(tag));
    expect((await names(byOrg)).concat(await before(byOrg)).sort()).toEqual([`${tag} reminded A`]);
    expect((await names(plain)).concat(await before(plain)).sort()).toEqual([`${tag} reminded A`, `${tag} reminded B`]);
  },
  'GET /reminders': async () => {
    await withReminders();
    const names = async (user: User) => {
      const res = await as(user, 'get', '/reminders?pageSize=100');
      expect(res.status).toBe(200);
      return [...new Set(res.body.data.map((r: { license: { name: string } }) => r.license.name).filter((n: string) => n.startsWith(tag)))];
    };
    expect(await names(byOrg)).toEqual([`${tag} reminded A`]);
    expect(((await names(plain)) as string[]).sort()).toEqual([`${tag} reminded A`, `${tag} reminded B`]);
    const res = await as(byOrg, 'get', '/reminders?pageSize=100');
    expect(res.body.meta.pagination.total).toBe(res.body.data.length);
  },
  'GET /installations': async () => {
    await withInventories();
    const assets = async (user: User) => {
      const res = await as(user, 'get', `/installations?pageSize=100&q=${encodeURIComponent(`${tag} app`)}`);
      expect(res.status).toBe(200);
      return [res.body.data.map((i: { asset: { name: string } | null }) => i.asset?.name).sort(), res.body.meta.pagination.total];
    };
    expect(await assets(byOrg)).toEqual([[`${tag} asset A`], 1]);
    expect(await assets(byUnit)).toEqual([[], 0]);
    expect(await assets(plain)).toEqual([[`${tag} asset A`, `${tag} asset B`], 2]);
  },
  'GET /installations/unrecognized': async () => {
    await withInventories();
    const group = async (user: User) =>
      (await as(user, 'get', `/installations/unrecognized?q=${encodeURIComponent(`${tag} app`)}`)).body.data.map(
        (g: { installations: number; devices: number }) => [g.installations, g.devices],
      );
    expect(await group(byOrg)).toEqual([[1, 1]]);
    expect(await group(plain)).toEqual([[2, 2]]);
  },
  'GET /inventory-devices': async () => {
    await withInventories();
    const serials = async (user: User) => {
      const res = await as(user, 'get', '/inventory-devices?pageSize=100');
      expect(res.status).toBe(200);
      return res.body.data
        .map((d: { serialNumber: string }) => d.serialNumber)
        .filter((s: string) => [w.assetA.serialNumber, w.assetB.serialNumber].includes(s));
    };
    expect(await serials(byOrg)).toEqual([w.assetA.serialNumber]);
    expect((await serials(plain)).sort()).toEqual([w.assetA.serialNumber, w.assetB.serialNumber].sort());
    // Unmatched devices belong to no organization.
    expect((await as(byOrg, 'get', '/inventory-devices?state=unmatched')).body.meta.pagination.total).toBe(0);
  },
  'GET /persons': async () => {
    const list = (user: User) => as(user, 'get', `/persons?_q=${encodeURIComponent(tag)}&pageSize=100`);
    expect(namesOf(await list(byOrg))).toEqual([`${tag} person A`, `${tag} person A1a`]);
    expect(namesOf(await list(byUnit))).toEqual([`${tag} person A1a`]);
    expect(namesOf(await list(plain))).toEqual([`${tag} person A`, `${tag} person A1a`, `${tag} person B`, `${tag} person none`]);
  },
  'POST /persons': async () => {
    const res = await as(byOrg, 'post', '/persons', { data: { lastName: unique(tag), organization: w.orgB.documentId } });
    expect([res.status, res.body.error?.details?.errors?.[0]?.path]).toEqual([400, ['organization']]);
    expect((await as(byOrg, 'post', '/persons', { data: { lastName: unique(tag), organization: w.orgA.documentId } })).status).toBe(201);
    expect((await as(byUnit, 'post', '/persons', { data: { lastName: unique(tag), organization: w.orgA.documentId } })).status).toBe(400);
  },
  'GET /assets': async () => {
    const list = (user: User) => as(user, 'get', `/assets?_q=${encodeURIComponent(tag)}&pageSize=100`);
    expect(namesOf(await list(byOrg))).toEqual([`${tag} asset A`]);
    expect(namesOf(await list(byUnit))).toEqual([]);
    expect(namesOf(await list(plain))).toEqual([`${tag} asset A`, `${tag} asset B`]);
  },
  'POST /assets': async () => {
    const res = await as(byOrg, 'post', '/assets', { data: { name: unique(tag), organization: w.orgB.documentId } });
    expect([res.status, res.body.error?.details?.errors?.[0]?.path]).toEqual([400, ['organization']]);
    expect((await as(byOrg, 'post', '/assets', { data: { name: unique(tag), organization: w.orgA.documentId } })).status).toBe(201);
  },
  'GET /organizational-units': async () => {
    const list = (user: User) => as(user, 'get', `/organizational-units?_q=${encodeURIComponent(tag)}&pageSize=100`);
    expect(namesOf(await list(byOrg))).toEqual([`${tag} A1`, `${tag} A1a`, `${tag} A2`]);
    expect(namesOf(await list(byUnit))).toEqual([`${tag} A1`, `${tag} A1a`]);
  },
  'POST /organizational-units': async () => {
    const make = (user: User, data: Record<string, unknown>) => as(user, 'post', '/organizational-units', { data: { name: unique(tag), ...data } });
    const below = await make(byUnit, { organization: w.orgA.documentId, parent: w.unitA1a.documentId });
    expect(below.status).toBe(201);
    const top = await make(byUnit, { organization: w.orgA.documentId });
    expect([top.status, top.body.error?.details?.errors?.[0]?.path]).toEqual([400, ['parent']]);
    const other = await make(byOrg, { organization: w.orgB.documentId });
    expect([other.status, other.body.error?.details?.errors?.[0]?.path]).toEqual([400, ['organization']]);
  },
  'POST /organizations': async () => {
    expect((await as(byOrg, 'post', '/organizations', { data: { name: unique(`${tag} supplier`), isSupplier: true } })).status).toBe(201);
    // Naming administrators would widen the scope of whoever is named: not for a role with conditions.
    const res = await as(byOrg, 'post', '/organizations', { data: { name: unique(tag), administrators: [byOrg.id] } });
    expect([res.status, res.body.error?.details?.errors?.[0]?.path]).toEqual([400, ['administrators']]);
  },
};

describe('lists and writes narrowed below the controller', () => {
  it.each(Object.keys(SCOPED_CASES))('%s', async (key) => {
    await SCOPED_CASES[key]();
  });
});

describe('records in scope', () => {
  it('reads and edits them, and their seat counts are the license’s whoever assigned the seats', async () => {
    // The unconditioned role assigns person B (outside the scope) to license A.
    expect((await as(plain, 'put', `/licenses/${w.licenseA.documentId}/persons`, { data: { persons: [w.personB.documentId] } })).status).toBe(200);
    const read = await as(byOrg, 'get', `/licenses/${w.licenseA.documentId}`);
    expect([read.status, read.body.data.seats.used]).toEqual([200, 1]);
    // Keeping person B while adding person A is allowed; adding someone else's person is as adding no one.
    const kept = await as(byOrg, 'put', `/licenses/${w.licenseA.documentId}/persons`, { data: { persons: [w.personB.documentId, w.personA.documentId] } });
    expect([kept.status, kept.body.data.seats?.used ?? kept.body.data.length]).toEqual([200, expect.anything()]);
    const other = await created(app, '/persons', { lastName: unique(tag), organization: w.orgB.documentId });
    const refused = await as(byOrg, 'put', `/licenses/${w.licenseA.documentId}/persons`, { data: { persons: [w.personA.documentId, other.documentId] } });
    expect([refused.status, refused.body.error?.details?.errors?.[0]?.path]).toEqual([400, ['persons', '1']]);
    const one = await as(byOrg, 'post', `/licenses/${w.licenseA.documentId}/assignments`, { data: { person: other.documentId } });
    expect([one.status, one.body.error?.details?.errors?.[0]?.path]).toEqual([400, ['person']]);
    expect((await as(byOrg, 'get', `/licenses/${w.licenseA.documentId}`)).body.data.seats.used).toBe(2);
    // Moving license A to organization B would put it out of their reach.
    const moved = await as(byOrg, 'put', `/licenses/${w.licenseA.documentId}`, { data: { organization: w.orgB.documentId } });
    expect([moved.status, moved.body.error?.details?.errors?.[0]?.path]).toEqual([400, ['organization']]);
    expect((await as('super', 'get', `/licenses/${w.licenseA.documentId}`)).body.data.organization.documentId).toBe(w.orgA.documentId);
    expect((await as(byOrg, 'put', `/licenses/${w.licenseA.documentId}`, { data: { notes: 'scoped edit' } })).status).toBe(200);
  });

  it('lists an asset’s licenses in the scope only', async () => {
    // License B (organization B) and license A both hold asset A: the scoped reader sees license A only.
    for (const l of [w.licenseA, w.licenseB]) {
      expect((await as(plain, 'post', `/licenses/${l.documentId}/assignments`, { data: { asset: w.assetA.documentId } })).status).toBe(201);
    }
    const names = async (user: User) =>
      (await as(user, 'get', `/assets/${w.assetA.documentId}/licenses`)).body.data.map((l: { name: string }) => l.name).sort();
    expect(await names(byOrg)).toEqual([`${tag} license A`]);
    expect(await names(plain)).toEqual([`${tag} license A`, `${tag} license B`]);
  });

  it('never writes a license that another request moved out of the scope meanwhile (raced, every kind of write)', async () => {
    // The policy checks before the controller; the license's lock checks again. A write the move
    // overtook is a 404; one that went first is in the history before the move.
    const writes: Array<[string, (l: string) => Promise<{ status: number }>]> = [
      ['key', (l) => as(byOrg, 'post', `/licenses/${l}/keys`, { data: { value: unique('RACE-KEY').replace(/\s/g, '') } })],
      ['assignment', (l) => as(byOrg, 'post', `/licenses/${l}/assignments`, { data: { person: w.personA.documentId } })],
      ['persons', (l) => as(byOrg, 'put', `/licenses/${l}/persons`, { data: { persons: [w.personA.documentId] } })],
      ['purchase', (l) => as(byOrg, 'post', `/licenses/${l}/purchases`, { data: { quantity: 1 } })],
      ['edit', (l) => as(byOrg, 'put', `/licenses/${l}`, { data: { notes: 'raced' } })],
      ['delete', (l) => as(byOrg, 'delete', `/licenses/${l}`)],
    ];
    const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
    // The move sent 0 to 7 ms after the write: some rounds land it between the write's policy and its lock.
    for (let round = 0; round < 8; round++) {
      for (const [kind, write] of writes) {
        const l = (
          await created(app, '/licenses', { name: unique(`${tag} race`), software: w.software.documentId, quantity: 5, organization: w.orgA.documentId })
        ).documentId;
        const [done, moved] = await Promise.all([
          write(l),
          pause(round).then(() => as('super', 'put', `/licenses/${l}`, { data: { organization: w.orgB.documentId } })),
        ]);
        expect([kind, moved.status]).toEqual([kind, kind === 'delete' && done.status === 200 ? 404 : 200]);
        expect([kind, [200, 201, 404].includes(done.status)]).toEqual([kind, true]);
        if (kind === 'delete' || done.status === 404) continue;
        // Newest first: the scoped write's event comes after (below) the move's.
        const history = (await as('super', 'get', `/licenses/${l}/history?pageSize=100`)).body.data as Array<{
          action: string;
          changes?: Record<string, unknown>;
        }>;
        const move = history.findIndex((e) => e.action === 'updated' && e.changes && 'organization' in e.changes);
        const mine = history.findIndex((e) => e.action !== 'created' && !(e.action === 'updated' && e.changes && 'organization' in e.changes));
        expect([kind, move >= 0, mine > move]).toEqual([kind, true, true]);
      }
    }
  });

  it('keeps administrators to roles without conditions', async () => {
    const res = await as(byOrg, 'put', `/organizations/${w.orgA.documentId}`, { data: { administrators: [byOrg.id, plain.id] } });
    expect([res.status, res.body.error?.details?.errors?.[0]?.path]).toEqual([400, ['administrators']]);
    // The same list, as the form sends it back, is no change.
    expect((await as(byOrg, 'put', `/organizations/${w.orgA.documentId}`, { data: { taxId: 'A-1', administrators: [byOrg.id] } })).status).toBe(200);
    expect((await as('super', 'get', `/organizations/${w.orgA.documentId}`)).body.data.administrators).toEqual([byOrg.id]);
    const unknown = await as('super', 'put', `/organizations/${w.orgB.documentId}`, { data: { administrators: [987654321] } });
    expect([unknown.status, unknown.body.error?.details?.errors?.[0]?.path]).toEqual([400, ['administrators', '0']]);
    expect((await as(byOrg, 'get', '/administrators')).status).toBe(403);
    const users = await as(plain, 'get', `/administrators?_q=${encodeURIComponent('Scoped by organization')}`);
    expect(users.body.data.map((u: { id: number }) => u.id)).toContain(byOrg.id);
    expect(Object.keys(users.body.data[0]).sort()).toEqual(['email', 'firstname', 'id', 'isActive', 'lastname']);
  });
});
