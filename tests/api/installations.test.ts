/**
 * Installations (docs/domain.md, "Installations"; docs/api.md, "Inventory", "Installations",
 * "Installation rules"): a GLPI agent's inventory and FusionInventory's pushed over the content API,
 * devices matched to assets, rules recognizing and ignoring entries (in the background, after each
 * rule write), staleness, hostile input, and pushes racing each other and rule changes.
 */
import fs from 'node:fs';
import path from 'node:path';
import { ACTIONS, UID } from '../../shared/constants';
import { adminWith, apiToken, rows, startApp, unique, type TestApp } from './support/app';
import { created, makeSoftware } from './support/fixtures';

const FIXTURES = path.resolve(__dirname, '../fixtures/inventory');
const fixture = (name: string) => JSON.parse(fs.readFileSync(path.join(FIXTURES, name), 'utf8'));

let app: TestApp;
let token: string;
beforeAll(async () => {
  app = await startApp();
  token = await apiToken(app, 'full-access');
});
afterAll(async () => {
  await app?.stop();
});

const push = (body: unknown) =>
  app
    .http()
    .post('/api/license-manager/inventory')
    .set('Authorization', `Bearer ${token}`)
    .send(body as object);
const pushed = async (body: unknown) => {
  const res = await push(body);
  expect(res.status).toBe(200);
  return res.body.data as { asset: { documentId: string; name: string } | null; recognized: number; unrecognized: number; ignored: number; ended: number };
};
const service = () => app.strapi.plugin('license-manager').service('installations');
const settled = () => service().recognition.settled();
const list = async (query: string) => {
  const res = await app.admin('get', `/installations?pageSize=100&${query}`);
  expect(res.status).toBe(200);
  return res.body as { data: any[]; meta: { pagination: { total: number } } };
};
const rule = async (data: Record<string, unknown>) => {
  const res = await app.admin('post', '/installation-rules', { data });
  expect(res.status).toBe(201);
  await settled();
  return res.body.data;
};
const removeRules = async () => {
  for (const r of (await app.admin('get', '/installation-rules')).body.data)
    expect((await app.admin('delete', `/installation-rules/${r.documentId}`)).status).toBe(200);
  await settled();
};

/** A device of the simple format with its own serial number. */
const device = (serialNumber = unique('SN').replace(/\s/g, '')) => ({ hostname: `host-${serialNumber}`, serialNumber, uuid: null });
type Dev = { hostname: string | null; serialNumber: string | null; uuid: string | null };
const simple = (dev: Dev, software: Array<{ name?: string; version?: string | null; publisher?: string | null }>) => ({
  device: dev,
  software,
  source: 'test',
});
const installationsOf = async (serialNumber: string | null) =>
  (await list(`q=${serialNumber}`)).data
    .filter((i) => i.serialNumber === serialNumber)
    .sort((a, b) => a.rawName.localeCompare(b.rawName) || String(a.rawVersion).localeCompare(String(b.rawVersion)));

describe('the inventory push', () => {
  afterAll(removeRules);

  it("accepts a GLPI agent's inventory, keeps its device unmatched, then matches it to the asset with its serial number", async () => {
    const glpi = fixture('glpi-agent-computer.json');
    const first = await pushed(glpi);
    expect(first).toEqual({ asset: null, recognized: 0, unrecognized: 28, ignored: 0, ended: 0 });
    const unmatched = (await list('state=unmatched&q=5CG1234XYZ')).data.filter((i) => i.serialNumber === '5CG1234XYZ');
    expect(unmatched).toHaveLength(28);
    expect(unmatched[0]).toMatchObject({
      hostname: 'WKS-ACC-014',
      uuid: '6E1F8A2C-93D4-4B7E-A5C0-1D2E3F405A6B',
      asset: null,
      state: 'unmatched',
      source: 'glpi',
    });

    // The asset's serial number differs in case and spaces from the BIOS's: still the one.
    const asset = await created(app, '/assets', { name: unique('Laptop'), serialNumber: ' 5cg1234xyz ', assetType: 'laptop' });
    const again = await pushed(glpi);
    expect(again).toEqual({ asset: { documentId: asset.documentId, name: asset.name }, recognized: 0, unrecognized: 28, ignored: 0, ended: 0 });
    const mine = (await list(`asset=${asset.documentId}`)).data;
    expect(mine).toHaveLength(28);
    expect(mine.every((i) => i.state === 'unrecognized' && i.asset.documentId === asset.documentId)).toBe(true);
    // The hotfix without version or publisher is an installation like any other.
    expect(mine.find((i) => i.rawName === 'KB5032189')).toMatchObject({ rawVersion: null, rawPublisher: null });
  });

  it("accepts FusionInventory's inventory (upper-case keys, texts) and the Linux server's dpkg packages", async () => {
    const fusion = await pushed(fixture('fusioninventory-computer.json'));
    expect(fusion.unrecognized).toBeGreaterThan(0);
    expect(fusion.recognized + fusion.ignored).toBe(0);
    const linux = await pushed(fixture('glpi-agent-linux-server.json'));
    expect(linux.unrecognized).toBe(16);
  });

  it('is idempotent, and a push replaces the set: what it leaves out ends', async () => {
    const dev = device();
    const three = [{ name: 'Visio', version: '16.0', publisher: 'Microsoft' }, { name: '7-Zip', version: '23.01' }, { name: 'KB1' }];
    expect(await pushed(simple(dev, three))).toMatchObject({ unrecognized: 3, ended: 0 });
    const before = await installationsOf(dev.serialNumber);
    const total = await rows(app, 'installation');
    expect(await pushed(simple(dev, three))).toMatchObject({ unrecognized: 3, ended: 0 });
    expect(await rows(app, 'installation')).toBe(total);
    const after = await installationsOf(dev.serialNumber);
    expect(after.map((i) => [i.documentId, i.firstSeen])).toEqual(before.map((i) => [i.documentId, i.firstSeen]));
    expect(after.every((i, k) => i.lastSeen >= before[k].lastSeen)).toBe(true);

    // A new version is a new installation; the old one ends.
    expect(await pushed(simple(dev, [{ name: 'Visio', version: '17.0', publisher: 'Microsoft' }, { name: 'KB1' }]))).toMatchObject({
      unrecognized: 2,
      ended: 2,
    });
    expect((await installationsOf(dev.serialNumber)).map((i) => `${i.rawName} ${i.rawVersion}`)).toEqual(['KB1 null', 'Visio 17.0']);
    // An entry reported twice in one push is one installation.
    expect(await pushed(simple(dev, [{ name: 'KB1' }, { name: 'KB1' }]))).toMatchObject({ unrecognized: 1, ended: 1 });
  });
});

describe('recognition rules', () => {
  afterEach(removeRules);

  it('recognize and ignore in order, first match wins, and re-recognize the stored installations in the background', async () => {
    const visio = await makeSoftware(app, unique('Visio'));
    const dev = device();
    await pushed(
      simple(dev, [
        { name: 'Microsoft Visio Professional 2021 - en-us', version: '16.0.17126.20132', publisher: 'Microsoft Corporation' },
        { name: 'Microsoft Visio Standard 2016', version: '15.0.4420', publisher: 'Microsoft Corporation' },
        { name: 'Microsoft Visual C++ 2015-2022 Redistributable (x64)', version: '14.38', publisher: 'Microsoft Corporation' },
      ]),
    );
    // Visio from version 16 is the software; runtimes are ignored; the order decides between rules that both match.
    const recognizeVisio = await rule({ match: { name: { op: 'contains', value: 'visio' } }, versionMin: '16', software: visio.documentId });
    expect(recognizeVisio).toMatchObject({
      position: 0,
      match: { name: { op: 'contains', value: 'visio' }, publisher: null },
      versionMin: '16',
      software: { documentId: visio.documentId },
      ignore: false,
    });
    await rule({
      match: { name: { op: 'regex', value: '^Microsoft Visual C\\+\\+ \\d{4}' }, publisher: { op: 'equals', value: 'microsoft corporation' } },
      ignore: true,
    });
    const states = async (): Promise<Record<string, [string, string | null]>> =>
      Object.fromEntries((await installationsOf(dev.serialNumber)).map((i) => [i.rawName, [i.recognition, i.software?.documentId ?? null]]));
    expect(await states()).toEqual({
      'Microsoft Visio Professional 2021 - en-us': ['recognized', visio.documentId],
      'Microsoft Visio Standard 2016': ['unrecognized', null],
      'Microsoft Visual C++ 2015-2022 Redistributable (x64)': ['ignored', null],
    });
    // A rule put first that ignores every Microsoft entry takes them all.
    await rule({ match: { publisher: { op: 'contains', value: 'microsoft' } }, ignore: true, position: 0 });
    expect(Object.values(await states()).every(([r]) => r === 'ignored')).toBe(true);
    const progress = (await app.admin('get', '/installations/recognition')).body.data;
    expect(progress).toMatchObject({ pending: 0 });
    expect(progress.total).toBeGreaterThanOrEqual(3);
  });

  it('test a rule against the stored installations without saving it, at its position', async () => {
    const zoom = await makeSoftware(app, unique('Zoom'));
    const dev = device();
    await pushed(simple(dev, [{ name: `Zoom Workplace ${dev.serialNumber}`, version: '6.0.11', publisher: 'Zoom' }]));
    const body = { match: { name: { op: 'equals', value: `zoom workplace ${dev.serialNumber}` } }, software: zoom.documentId };
    const res = await app.admin('post', '/installation-rules/test', { data: body });
    expect(res.status).toBe(200);
    expect(res.body.meta.pagination.total).toBe(1);
    expect(res.body.data[0]).toMatchObject({ rawName: `Zoom Workplace ${dev.serialNumber}`, recognition: 'unrecognized' });
    expect((await app.admin('get', '/installation-rules')).body.data).toEqual([]);
    // Behind a rule that takes the entry first, it would recognize nothing.
    await rule({ match: { publisher: { op: 'equals', value: 'zoom' } }, ignore: true });
    expect((await app.admin('post', '/installation-rules/test', { data: body })).body.meta.pagination.total).toBe(0);
    expect((await app.admin('post', '/installation-rules/test', { data: { ...body, position: 0 } })).body.meta.pagination.total).toBe(1);
  });

  it('refuse a bad rule with a 400 naming the field, and change nothing', async () => {
    const software = await makeSoftware(app);
    const bad: Array<[Record<string, unknown>, string]> = [
      [{ match: {}, software: software.documentId }, 'match'],
      [{ match: { name: { op: 'regex', value: '(a)\\1' } }, software: software.documentId }, 'match.name.value'],
      [{ match: { name: { op: 'regex', value: '(?=x)' } }, software: software.documentId }, 'match.name.value'],
      [{ match: { name: { op: 'like', value: 'x' } }, software: software.documentId }, 'match.name.op'],
      [{ match: { name: { op: 'equals', value: 'x' } } }, 'software'],
      [{ match: { name: { op: 'equals', value: 'x' } }, software: software.documentId, ignore: true }, 'software'],
      [{ match: { name: { op: 'equals', value: 'x' } }, software: 'nosuchsoftware' }, 'software'],
      [{ match: { name: { op: 'equals', value: 'x' } }, software: software.documentId, versionMin: '2', versionBelow: '1.9' }, 'versionBelow'],
      [{ match: { name: { op: 'equals', value: 'x\u0000' } }, software: software.documentId }, 'match.name.value'],
    ];
    for (const [data, field] of bad) {
      const res = await app.admin('post', '/installation-rules', { data });
      expect([res.status, res.body.error?.details?.errors?.map((e: any) => e.path.join('.'))]).toEqual([400, expect.arrayContaining([field])]);
    }
    expect(await rows(app, 'installation-rule')).toBe(0);
  });

  it('are written with installations.manage; reading licenses lets one list and test them', async () => {
    const software = await makeSoftware(app);
    const data = { match: { name: { op: 'equals', value: unique('x') } }, software: software.documentId };
    const reader = await adminWith(app, 'Installations reader', [ACTIONS.read]);
    expect((await app.admin('post', '/installation-rules', { data }, reader)).status).toBe(403);
    expect((await app.admin('get', '/installation-rules', undefined, reader)).status).toBe(200);
    expect((await app.admin('get', '/installations', undefined, reader)).status).toBe(200);
    expect((await app.admin('post', '/installation-rules/test', { data }, reader)).status).toBe(200);
    const manager = await adminWith(app, 'Installations manager', [ACTIONS.read, ACTIONS.manageInstallations]);
    const created = await app.admin('post', '/installation-rules', { data }, manager);
    expect(created.status).toBe(201);
    expect((await app.admin('put', `/installation-rules/${created.body.data.documentId}`, { data: { position: 3 } }, reader)).status).toBe(403);
    expect((await app.admin('delete', `/installation-rules/${created.body.data.documentId}`, undefined, reader)).status).toBe(403);
    await settled();
    // A read-only API token cannot push.
    const readOnly = await apiToken(app, 'read-only');
    const res = await app
      .http()
      .post('/api/license-manager/inventory')
      .set('Authorization', `Bearer ${readOnly}`)
      .send(simple(device(), [{ name: 'a' }]));
    expect(res.status).toBe(403);
  });

  it('are edited in place: a part changes, the rest stays; a position moves the rules from there down', async () => {
    const software = await makeSoftware(app);
    const a = await rule({ match: { name: { op: 'equals', value: 'a' } }, ignore: true });
    const b = await rule({ match: { name: { op: 'equals', value: 'b' } }, ignore: true });
    expect([a.position, b.position]).toEqual([0, 1]);
    const res = await app.admin('put', `/installation-rules/${b.documentId}`, { data: { position: 0, ignore: false, software: software.documentId } });
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({
      position: 0,
      match: { name: { op: 'equals', value: 'b' } },
      ignore: false,
      software: { documentId: software.documentId },
    });
    const order = (await app.admin('get', '/installation-rules')).body.data.map((r: any) => [r.documentId, r.position]);
    expect(order).toEqual([
      [b.documentId, 0],
      [a.documentId, 1],
    ]);
    // An edit whose result breaks a rule across fields: a 400, and the rule as it was.
    const bad = await app.admin('put', `/installation-rules/${b.documentId}`, { data: { ignore: true } });
    expect([bad.status, bad.body.error.details.errors[0].path]).toEqual([400, ['software']]);
    expect((await app.admin('get', '/installation-rules')).body.data[0]).toMatchObject({ ignore: false });
    expect((await app.admin('put', '/installation-rules/nosuchrule', { data: { position: 1 } })).status).toBe(404);
  });

  it('keep the software they name: its delete is refused while a rule recognizes it', async () => {
    const software = await makeSoftware(app);
    await rule({ match: { name: { op: 'equals', value: unique('x') } }, software: software.documentId });
    const res = await app.admin('delete', `/software/${software.documentId}`);
    expect(res.status).toBe(409);
    expect(res.body.error.details.usedBy).toMatchObject({ installationRules: 1 });
  });
});

describe('staleness', () => {
  it('an installation not seen for staleAfterDays is stale', async () => {
    const dev = device();
    await pushed(simple(dev, [{ name: 'Old tool', version: '1' }]));
    const [one] = await installationsOf(dev.serialNumber);
    expect(one.state).toBe('unmatched');
    // Its device last reported 31 days ago.
    const table = app.strapi.db.metadata.get(UID.installation).tableName;
    await app.strapi.db
      .connection(table)
      .update({ last_seen: new Date(Date.now() - 31 * 86_400_000) })
      .where({ document_id: one.documentId });
    expect((await list(`state=stale&q=${dev.serialNumber}`)).data.map((i) => i.documentId)).toContain(one.documentId);
    expect((await installationsOf(dev.serialNumber))[0].state).toBe('stale');
    // A longer window: not stale any more.
    expect((await app.admin('put', '/settings', { data: { staleAfterDays: 60 } })).status).toBe(200);
    expect((await list(`state=stale&q=${dev.serialNumber}`)).data.map((i) => i.documentId)).not.toContain(one.documentId);
    expect((await app.admin('put', '/settings', { data: { staleAfterDays: 30 } })).status).toBe(200);
  });
});

describe('hostile input', () => {
  it('answers 4xx and changes nothing: 5,001 entries, over 2 MB, a name too long, NUL bytes, a device with placeholders only, not an object', async () => {
    const before = await rows(app, 'installation');
    const many = simple(
      device(),
      Array.from({ length: 5001 }, (_, k) => ({ name: `n${k}` })),
    );
    const res413 = await push(many);
    expect(res413.status).toBe(413);
    expect(res413.body.error.message).toMatch(/5001 software entries/);
    // Past 2 MB: the plugin's 413 (under the app's JSON limit, 4 MB in the playground), or the body parser's past that.
    const big = await push(simple(device(), [{ name: 'x'.repeat(2.5 * 1024 * 1024) }]));
    expect([big.status, big.body.error.message]).toEqual([413, expect.stringMatching(/larger than 2 MB/)]);
    expect((await push(simple(device(), [{ name: 'x'.repeat(5 * 1024 * 1024) }]))).status).toBe(413);

    const cases: Array<[unknown, string]> = [
      [simple(device(), [{ name: 'y'.repeat(1024 * 1024) }]), 'software.0.name'],
      [simple(device(), [{ name: 'a\u0000b' }]), 'software.0.name'],
      [simple(device(), [{ name: 'ok', version: 'x\u0000' }]), 'software.0.version'],
      [simple({ hostname: '  ', serialNumber: 'To be filled by O.E.M.', uuid: '00000000-0000-0000-0000-000000000000' }, [{ name: 'a' }]), 'device'],
      [simple(device(), [{ version: '1' }]), 'software.0.name'],
      [{ deviceid: 'x', content: { hardware: { name: 'h' }, softwares: 'nope' } }, 'content.softwares'],
      [[1, 2], ''],
    ];
    for (const [body, field] of cases) {
      const res = await push(body);
      expect([res.status, res.body.error?.details?.errors?.map((e: any) => e.path.join('.'))]).toEqual([400, expect.arrayContaining([field])]);
    }
    expect(await rows(app, 'installation')).toBe(before);
  });

  it('a rule that backtracks in other engines runs in linear time on a long name', async () => {
    const software = await makeSoftware(app);
    await rule({ match: { name: { op: 'regex', value: '(a+)+$' } }, software: software.documentId });
    // The longest name there may be (512 characters), stored whole on every database.
    const name = `${'a'.repeat(511)}!`;
    const dev = device();
    const out = await pushed(simple(dev, [{ name }, { name: 'aaaa' }]));
    expect(out).toMatchObject({ recognized: 1, unrecognized: 1 });
    expect((await installationsOf(dev.serialNumber)).map((i) => i.rawName.length).sort()).toEqual([4, 512]);
    // The server still answers at once.
    expect((await app.http().get('/_health')).status).toBe(204);
    await removeRules();
  });
});

describe('races', () => {
  afterAll(removeRules);

  it('push ‖ push of one device: the set is one of the two, never a mix or a duplicate', async () => {
    for (let round = 0; round < 5; round++) {
      const dev = device();
      const a = Array.from({ length: 40 }, (_, k) => ({ name: `A${k}`, version: '1' }));
      const b = Array.from({ length: 30 }, (_, k) => ({ name: k < 15 ? `A${k}` : `B${k}`, version: '1' }));
      const [ra, rb] = await Promise.all([push(simple(dev, a)), push(simple(dev, b))]);
      expect([ra.status, rb.status]).toEqual([200, 200]);
      const names = (await installationsOf(dev.serialNumber)).map((i) => i.rawName).sort();
      const asSet = (x: typeof a) => x.map((e) => e.name).sort();
      expect([asSet(a), asSet(b)]).toContainEqual(names);
    }
  });

  it('push ‖ rule change: once the background pass ends, every installation is what the current rules make of it, none lost or doubled', async () => {
    const software = await makeSoftware(app);
    for (let round = 0; round < 5; round++) {
      const dev = device();
      const entries = Array.from({ length: 50 }, (_, k) => ({ name: `Tool ${round}-${k}`, version: String(k) }));
      const [res, ruleRes] = await Promise.all([
        push(simple(dev, entries)),
        app.admin('post', '/installation-rules', {
          data: { match: { name: { op: 'regex', value: `^Tool ${round}-\\d*[02468]$` } }, software: software.documentId },
        }),
      ]);
      expect([res.status, ruleRes.status]).toEqual([200, 201]);
      await settled();
      const mine = await installationsOf(dev.serialNumber);
      expect(mine).toHaveLength(50);
      for (const i of mine) {
        const even = Number(i.rawVersion) % 2 === 0;
        expect([i.rawName, i.recognition]).toEqual([i.rawName, even ? 'recognized' : 'unrecognized']);
      }
    }
  });
});
