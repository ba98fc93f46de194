/**
 * What the Installations page and the reconciled Compliance page read and write (issue 28;
 * docs/api.md, "Installations", "Compliance"): unmatched devices linked to assets by hand (and kept
 * so by later pushes), unrecognized names grouped, a software's reconciliation lists with their
 * value and CSV, and the installations' webhook events on a real receiver.
 */
import { ACTIONS } from '../../shared/constants';
import { adminWith, apiToken, startApp, unique, type TestApp } from './support/app';
import { created } from './support/fixtures';
import { startReceiver, subscribe } from './support/receiver';

let app: TestApp;
let token: string;
let receiver: Awaited<ReturnType<typeof startReceiver>>;
beforeAll(async () => {
  app = await startApp();
  token = await apiToken(app, 'full-access');
  receiver = await startReceiver();
  await subscribe(app, receiver.url, 'installation events', ['inventory.push', 'installation.unlicensed']);
});
afterAll(async () => {
  await receiver?.close();
  await app?.stop();
});

const serial = () => unique('SN').replace(/\W/g, '');
const push = async (serialNumber: string, names: string[], hostname: string | null = null) => {
  const res = await app
    .http()
    .post('/api/license-manager/inventory')
    .set('Authorization', `Bearer ${token}`)
    .send({ device: { serialNumber, hostname, uuid: null }, software: names.map((name) => ({ name, version: '1', publisher: 'Pub' })) });
  expect(res.status).toBe(200);
  return res.body.data;
};
const settled = () => app.strapi.plugin('license-manager').service('installations').recognition.settled();
const makeAsset = async (data: Record<string, unknown> = {}) => {
  const serialNumber = serial();
  const asset = await created(app, '/assets', { name: unique('PC'), serialNumber, assetType: 'computer', ...data });
  return { documentId: asset.documentId as string, name: asset.name as string, serialNumber };
};

describe('devices', () => {
  it('lists the unmatched ones; "Link to asset" links one, and a later push keeps the link', async () => {
    const sn = serial();
    const hostname = `host-${sn}`;
    await push(sn, ['Tool A'], hostname);
    const unmatched = await app.admin('get', `/inventory-devices?state=unmatched&q=${sn}`);
    expect(unmatched.status).toBe(200);
    expect(unmatched.body.data).toEqual([
      expect.objectContaining({ hostname, serialNumber: sn, asset: null, installations: 1, source: 'api', lastSeen: expect.any(String) }),
    ]);
    const device = unmatched.body.data[0].documentId;

    // The asset's identifiers differ from the device's: only a link by hand joins them.
    const asset = await makeAsset();
    const reader = await adminWith(app, 'Devices reader', [ACTIONS.read]);
    expect((await app.admin('put', `/inventory-devices/${device}`, { data: { asset: asset.documentId } }, reader)).status).toBe(403);
    const bad = await app.admin('put', `/inventory-devices/${device}`, { data: { asset: 'nosuchasset' } });
    expect([bad.status, bad.body.error.details.errors[0].path]).toEqual([400, ['asset']]);
    expect((await app.admin('put', '/inventory-devices/nosuchdevice', { data: { asset: asset.documentId } })).status).toBe(404);
    const linked = await app.admin('put', `/inventory-devices/${device}`, { data: { asset: asset.documentId } });
    expect(linked.status).toBe(200);
    expect(linked.body.data).toMatchObject({ documentId: device, asset: { documentId: asset.documentId, name: asset.name } });

    expect(await push(sn, ['Tool A', 'Tool B'], hostname)).toMatchObject({ asset: { documentId: asset.documentId } });
    expect((await app.admin('get', `/inventory-devices?state=unmatched&q=${sn}`)).body.data).toEqual([]);
    expect((await app.admin('get', `/installations?asset=${asset.documentId}`)).body.meta.pagination.total).toBe(2);

    // Unlinked again (null): unmatched, and a push does not match it by hand's identifiers either.
    expect((await app.admin('put', `/inventory-devices/${device}`, { data: { asset: null } })).body.data.asset).toBeNull();
    expect((await app.admin('get', `/inventory-devices?state=unmatched&q=${sn}`)).body.data).toHaveLength(1);
  });
});

describe("an asset's licenses", () => {
  it('lists the licenses assigned to the asset and to its user (once each), by name; 404 for an unknown asset', async () => {
    const software = await created(app, '/software', { name: unique('Covered'), version: '1' });
    const user = await created(app, '/persons', { firstName: 'Ula', lastName: unique('User') });
    const asset = await makeAsset({ user: user.documentId });
    const license = (name: string, model: string) =>
      created(app, '/licenses', { name: unique(name), software: software.documentId, assignmentModel: model, quantity: 5 });
    const [perComputer, perUser, both] = await Promise.all([
      license('A per computer', 'per_computer'),
      license('B per user', 'per_user'),
      license('C both', 'per_computer'),
    ]);
    expect((await app.admin('put', `/licenses/${perComputer.documentId}/assets`, { data: { assets: [asset.documentId] } })).status).toBe(200);
    expect((await app.admin('put', `/licenses/${perUser.documentId}/persons`, { data: { persons: [user.documentId] } })).status).toBe(200);
    expect((await app.admin('put', `/licenses/${both.documentId}/assets`, { data: { assets: [asset.documentId] } })).status).toBe(200);
    expect((await app.admin('put', `/licenses/${both.documentId}/persons`, { data: { persons: [user.documentId] } })).status).toBe(200);
    const res = await app.admin('get', `/assets/${asset.documentId}/licenses`);
    expect(res.status).toBe(200);
    expect(res.body.data.map((l: any) => [l.documentId, l.via, l.assignmentModel])).toEqual([
      [perComputer.documentId, 'asset', 'per_computer'],
      [perUser.documentId, 'user', 'per_user'],
      [both.documentId, 'asset', 'per_computer'],
    ]);
    expect(res.body.data[0].software).toEqual({ documentId: software.documentId, name: software.name, version: '1' });
    expect((await app.admin('get', '/assets/nosuchasset/licenses')).status).toBe(404);
  });
});

describe('unrecognized names', () => {
  it('are grouped by publisher and name, versions together, most installations first', async () => {
    const tag = serial();
    const [a, b, c] = [serial(), serial(), serial()];
    const send = (sn: string, entries: Array<{ name: string; version: string }>) =>
      app
        .http()
        .post('/api/license-manager/inventory')
        .set('Authorization', `Bearer ${token}`)
        .send({ device: { serialNumber: sn }, software: entries.map((e) => ({ ...e, publisher: `Pub ${tag}` })) });
    expect((await send(a, [{ name: `Editor ${tag}`, version: '1' }])).status).toBe(200);
    expect((await send(b, [{ name: `Editor ${tag}`, version: '2' }])).status).toBe(200);
    expect(
      (
        await send(c, [
          { name: `Editor ${tag}`, version: '2' },
          { name: `Viewer ${tag}`, version: '1' },
        ])
      ).status,
    ).toBe(200);
    const res = await app.admin('get', `/installations/unrecognized?q=${tag}`);
    expect(res.status).toBe(200);
    expect(res.body.data).toEqual([
      { rawName: `Editor ${tag}`, rawPublisher: `Pub ${tag}`, installations: 3, devices: 3, versions: 2 },
      { rawName: `Viewer ${tag}`, rawPublisher: `Pub ${tag}`, installations: 1, devices: 1, versions: 1 },
    ]);
    expect(res.body.meta.pagination.total).toBe(2);
    expect((await app.admin('get', '/installations/unrecognized?sort=name')).status).toBe(400);
  });
});

describe('reconciliation lists', () => {
  it('list the unlicensed assets and the reclaim candidates with their value, and download them as CSV', async () => {
    const name = `${unique('Reclaimed')}/`;
    const software = (await created(app, '/software', { name, version: '1' })).documentId as string;
    expect((await app.admin('post', '/installation-rules', { data: { match: { name: { op: 'equals', value: `${name} app` } }, software } })).status).toBe(201);
    await settled();
    const person = await created(app, '/persons', { firstName: 'Ola', lastName: unique('User') });
    const [kept, idle, stranger] = await Promise.all([makeAsset(), makeAsset({ name: `Idle ${serial()}` }), makeAsset({ user: person.documentId })]);
    const license = await created(app, '/licenses', {
      name: unique('Reclaim'),
      software,
      assignmentModel: 'per_computer',
      quantity: 3,
      netUnitPrice: '100',
      vatRate: '20',
      currency: 'EUR',
    });
    expect((await app.admin('put', `/licenses/${license.documentId}/assets`, { data: { assets: [kept.documentId, idle.documentId] } })).status).toBe(200);
    await push(kept.serialNumber, [`${name} app`]);
    await push(idle.serialNumber, ['Something else']);
    await push(stranger.serialNumber, [`${name} app`]);

    const base = `/compliance/${software}/reconciliation`;
    const unlicensed = await app.admin('get', `${base}?list=installedUnlicensed`);
    expect(unlicensed.status).toBe(200);
    expect(unlicensed.body).toEqual({
      list: 'installedUnlicensed',
      data: [
        {
          asset: { documentId: stranger.documentId, name: expect.any(String), hostname: null, serialNumber: stranger.serialNumber },
          user: { documentId: person.documentId, firstName: 'Ola', lastName: person.lastName },
          installations: 1,
          lastSeen: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
        },
      ],
      meta: { pagination: { page: 1, pageSize: 10, pageCount: 1, total: 1 } },
    });
    const reclaim = await app.admin('get', `${base}?list=assignedNotInstalled`);
    expect(reclaim.body.data).toEqual([
      {
        documentId: expect.any(String),
        license: { documentId: license.documentId, name: license.name },
        asset: { documentId: idle.documentId, name: idle.name, hostname: null },
        units: 1,
        value: { amount: '120.00', currency: 'EUR' },
        lastSeen: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      },
    ]);
    expect(reclaim.body.meta.value).toEqual([{ currency: 'EUR', amount: '120.00' }]);

    const csv = await app.admin('get', `${base}?list=assignedNotInstalled&format=csv&delimiter=semicolon`);
    expect(csv.status).toBe(200);
    expect(csv.headers['content-type']).toMatch(/text\/csv/);
    expect(
      csv.text
        .replace(/^\uFEFF/, '')
        .trim()
        .split(/\r?\n/),
    ).toEqual(['license;asset;hostname;units;value;currency;lastSeen', expect.stringContaining(`;${idle.name};;1;120.00;EUR;`)]);

    // Bad parameters: a 400 naming each; an unknown software: 404.
    for (const [query, field] of [
      ['', 'list'],
      ['?list=everything', 'list'],
      ['?list=installedUnlicensed&pageSize=0', 'pageSize'],
      ['?list=installedUnlicensed&sort=name', 'sort'],
    ]) {
      const res = await app.admin('get', `${base}${query}`);
      expect([res.status, res.body.error?.details?.errors?.[0]?.path]).toEqual([400, [field]]);
    }
    expect((await app.admin('get', '/compliance/nosuchsoftware/reconciliation?list=installedUnlicensed')).status).toBe(404);
  });
});

describe('events', () => {
  it('inventory.push after each push (counts, no names); installation.unlicensed for the first unlicensed installation of a software only', async () => {
    const name = `${unique('Evented')}/`;
    const software = (await created(app, '/software', { name, version: '1' })).documentId as string;
    expect((await app.admin('post', '/installation-rules', { data: { match: { name: { op: 'equals', value: `${name} app` } }, software } })).status).toBe(201);
    await settled();
    const [first, second] = await Promise.all([makeAsset(), makeAsset()]);
    const before = receiver.deliveries.length;
    await push(first.serialNumber, [`${name} app`, 'Secret internal tool']);
    await push(second.serialNumber, [`${name} app`]);
    const mine = () => receiver.deliveries.slice(before);
    await receiver.settle(() => mine().filter((d) => d.event === 'inventory.push').length >= 2);
    await new Promise((resolve) => setTimeout(resolve, 300));
    const pushes = mine().filter((d) => d.event === 'inventory.push');
    expect(pushes[0].body).toMatchObject({
      event: 'inventory.push',
      license: null,
      device: { serialNumber: first.serialNumber },
      asset: { documentId: first.documentId },
      recognized: 1,
      unrecognized: 1,
      ignored: 0,
      ended: 0,
    });
    expect(pushes[0].raw).not.toContain('Secret internal tool');
    const unlicensed = mine().filter((d) => d.event === 'installation.unlicensed');
    expect(unlicensed.map((d) => d.body.asset.documentId)).toEqual([first.documentId]);
    expect(unlicensed[0].body).toMatchObject({ license: null, software: { documentId: software, name }, device: { serialNumber: first.serialNumber } });
  });
});
