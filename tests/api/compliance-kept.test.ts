/**
 * Issue 30: the compliance report's kept rows (docs/domain.md, "Kept compliance rows"). Each write that moves a
 * software's row runs right after the kept rows were brought up to date, and the whole register's
 * report then equals the report worked out from the licenses (support/kept): a write that forgot to
 * note its change fails here.
 */
import knex, { type Knex } from 'knex';
import { UID } from '../../shared/constants';
import { apiToken, startApp, unique, type TestApp } from './support/app';
import { created, makePerson } from './support/fixtures';
import { expectKeptAfter, expectKeptReport, refreshKept } from './support/kept';
import { verifySeats } from './support/verify-seats';
import { csv, postImport } from './support/import';

let app: TestApp;
let token: string;
beforeAll(async () => {
  app = await startApp();
  token = await apiToken(app, 'full-access');
});
afterAll(async () => {
  await app?.stop();
});

const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
const ok = async (res: Promise<{ status: number; body: any }>, status = 200) => {
  const r = await res;
  expect({ status: r.status, body: r.status === status ? null : r.body }).toEqual({ status, body: null });
  return r.body?.data;
};
// Names that sort first ("!" before digits and letters): the checks after each write read the first page.
const software = async (name = `${unique('!Kept')}/`) => (await created(app, '/software', { name, version: '1' })).documentId as string;
const serial = () => unique('SN').replace(/\W/g, '');
const asset = async (data: Record<string, unknown> = {}) => {
  const serialNumber = serial();
  const a = await created(app, '/assets', { name: unique('PC'), serialNumber, assetType: 'computer', ...data });
  return { documentId: a.documentId as string, serialNumber };
};
const push = (serialNumber: string, names: string[]) =>
  ok(
    app
      .http()
      .post('/api/license-manager/inventory')
      .set('Authorization', `Bearer ${token}`)
      .send({ device: { serialNumber, hostname: null, uuid: null }, software: names.map((name) => ({ name, version: '1' })) }),
  );
const settled = () => app.strapi.plugin('license-manager').service('installations').recognition.settled();

describe('kept rows follow every write that moves them', () => {
  it('licenses, seats and purchases', async () => {
    const [s1, s2] = [await software(), await software()];
    const persons = [(await makePerson(app)).documentId, (await makePerson(app)).documentId, (await makePerson(app)).documentId];
    let lic = '';
    await expectKeptAfter(app, async () => {
      lic = (
        await created(app, '/licenses', {
          name: unique('Kept'),
          software: s1,
          quantity: 2,
          netUnitPrice: '10.00',
          vatRate: '0',
          currency: 'EUR',
          overAssignment: 'allow',
        })
      ).documentId;
    });
    await expectKeptAfter(app, () => ok(app.admin('put', `/licenses/${lic}/persons`, { data: { persons } })));
    await expectKeptAfter(app, () => ok(app.admin('put', `/licenses/${lic}/persons`, { data: { persons: persons.slice(0, 1) } })));
    await expectKeptAfter(app, () => ok(app.admin('put', `/licenses/${lic}`, { data: { quantity: 1, expirationDate: day(5) } })));
    let purchase = '';
    await expectKeptAfter(app, async () => {
      purchase = (
        await ok(
          app.admin('post', `/licenses/${lic}/purchases`, {
            data: { quantity: 3, vatRate: '0', netUnitPrice: '12.00', billing: 'monthly', termStart: day(-1), termEnd: day(90) },
          }),
          201,
        )
      ).documentId;
    });
    await expectKeptAfter(app, () => ok(app.admin('put', `/licenses/${lic}/purchases/${purchase}`, { data: { quantity: 1 } })));
    await expectKeptAfter(app, () => ok(app.admin('delete', `/licenses/${lic}/purchases/${purchase}`)));
    // Moved to another software: both rows change.
    await expectKeptAfter(app, () => ok(app.admin('put', `/licenses/${lic}`, { data: { software: s2 } })));
    await expectKeptAfter(app, () => ok(app.admin('put', `/software/${s2}`, { data: { name: `${unique('!Renamed')}/`, version: '2' } })));
    // Imported license rows: one run of several licenses (the bulk path).
    const renamed = (await app.admin('get', `/software/${s2}`)).body.data;
    const file = csv([
      ['name', 'software', 'softwareVersion', 'quantity'],
      ...[1, 2, 3].map((k) => [unique(`Kept import ${k}`), renamed.name, renamed.version ?? '', String(k)]),
    ]);
    await expectKeptAfter(app, async () => expect((await postImport(app, 'licenses', file, { dryRun: 'false' })).body.data).toMatchObject({ created: 3 }));
    await expectKeptAfter(app, () => ok(app.admin('delete', `/licenses/${lic}`)));
    await expectKeptAfter(app, () => ok(app.admin('delete', `/software/${s1}`)));
    await expectKeptReport(app);
  });

  it('installations, devices, assets, persons and rules', async () => {
    const name = `${unique('!Kept installed')}/`;
    const s = await software(name);
    const person = (await makePerson(app)).documentId;
    const [a1, a2] = [await asset({ processors: 2, coresPerProcessor: 4, user: person }), await asset()];
    const rule = (await ok(app.admin('post', '/installation-rules', { data: { match: { name: { op: 'equals', value: name } }, software: s } }), 201))
      .documentId;
    await settled();
    const lic = (await created(app, '/licenses', { name: unique('Kept'), software: s, assignmentModel: 'per_core', quantity: 4, overAssignment: 'allow' }))
      .documentId;
    await expectKeptAfter(app, () => push(a1.serialNumber, [name]));
    await expectKeptAfter(app, () => push(a2.serialNumber, [name]));
    await expectKeptAfter(app, () => ok(app.admin('put', `/licenses/${lic}/assets`, { data: { assets: [a1.documentId] } })));
    await expectKeptAfter(app, () => ok(app.admin('put', `/assets/${a1.documentId}`, { data: { coresPerProcessor: 8 } })));
    // Its installation gone from the next inventory.
    await expectKeptAfter(app, () => push(a2.serialNumber, []));
    // The device moved to another asset.
    const a3 = await asset({ processors: 4, coresPerProcessor: 2 });
    const device = (await app.admin('get', `/inventory-devices?q=${a1.serialNumber}`)).body.data[0].documentId;
    await expectKeptAfter(app, () => ok(app.admin('put', `/inventory-devices/${device}`, { data: { asset: a3.documentId } })));
    await expectKeptAfter(app, () => ok(app.admin('put', `/inventory-devices/${device}`, { data: { asset: a1.documentId } })));
    await expectKeptAfter(app, () => ok(app.admin('put', `/assets/${a1.documentId}`, { data: { user: null } })));
    // The rule now recognizes the entry as another software: both rows change.
    const otherName = `${unique('!Kept other')}/`;
    const other = await software(otherName);
    await expectKeptAfter(app, async () => {
      await ok(app.admin('put', `/installation-rules/${rule}`, { data: { match: { name: { op: 'equals', value: name } }, software: other } }));
      await settled();
    });
    expect((await app.admin('get', `/compliance?_q=${encodeURIComponent(otherName)}`)).body.data).toEqual([expect.objectContaining({ installed: 1 })]);
    // An asset whose installation counts, and no license assigned to it: only its own note moves the row.
    const a4 = await asset({ processors: 1, coresPerProcessor: 2 });
    await push(a4.serialNumber, [name]);
    await expectKeptAfter(app, () => ok(app.admin('put', `/assets/${a4.documentId}`, { data: { processors: 3 } })));
    await expectKeptAfter(app, () => ok(app.admin('delete', `/assets/${a4.documentId}`)));
    await expectKeptAfter(app, () => ok(app.admin('delete', `/assets/${a3.documentId}`)));
    await expectKeptReport(app);
  });

  it('a setting the rows depend on', async () => {
    const before = (await app.admin('get', '/settings')).body.data.expiringWithinDays;
    const s = await software();
    await created(app, '/licenses', { name: unique('Kept'), software: s, quantity: 1, expirationDate: day(before + 3) });
    await expectKeptAfter(app, () => ok(app.admin('put', '/settings', { data: { expiringWithinDays: before + 5 } })));
    await expectKeptAfter(app, () => ok(app.admin('put', '/settings', { data: { expiringWithinDays: before } })));
    await expectKeptReport(app);
  });

  it('time: a row whose counting installation goes stale is worked out again', async () => {
    const name = `${unique('!Kept stale')}/`;
    const s = await software(name);
    await ok(app.admin('post', '/installation-rules', { data: { match: { name: { op: 'equals', value: name } }, software: s } }), 201);
    await settled();
    const a = await asset();
    await push(a.serialNumber, [name]);
    // Seen long enough ago that it goes stale 30 s from now; a push at that moment would have noted it. The thorough
    // check before that moment must end before it: over every page it outlasted 3 s on a slow CI machine.
    const { staleAfterDays } = (await app.admin('get', '/settings')).body.data;
    const staleAt = Date.now() + 30_000;
    const seen = new Date(staleAt - staleAfterDays * 86_400_000);
    const { id } = await app.strapi.db.query(UID.software).findOne({ where: { documentId: s } });
    const meta = app.strapi.db.metadata.get(UID.installation) as any;
    await app.strapi.db
      .connection(meta.tableName)
      .where(meta.attributes.software.joinColumn.name, id)
      .update({ [meta.attributes.lastSeen.columnName]: seen });
    await app.strapi.db.query(UID.complianceChange).create({ data: { softwareId: id } });
    await refreshKept(app);
    const row = async () => (await app.admin('get', `/compliance?sort=software:asc&pageSize=100&_q=${encodeURIComponent(name)}`)).body.data[0];
    expect(await row()).toMatchObject({ installed: 1 });
    await expectKeptReport(app);
    expect(Date.now()).toBeLessThan(staleAt);
    await new Promise((resolve) => setTimeout(resolve, staleAt + 500 - Date.now()));
    expect(await row()).toBeUndefined();
    await expectKeptReport(app);
    // Seen again: the push that touches it notes its row.
    await expectKeptAfter(app, () => push(a.serialNumber, [name]));
    expect(await row()).toMatchObject({ installed: 1 });
  }, 120000);
});

describe('a report whose rows cannot be written now', () => {
  it('answers from the licenses while another connection holds the kept rows, and works the change in later', async () => {
    const s = await software();
    await refreshKept(app);
    await created(app, '/licenses', { name: unique('Kept'), software: s, quantity: 3 });
    // Another connection, as another process: it holds the bookkeeping row (PostgreSQL, MariaDB) or the file's write lock
    // (SQLite) for 6 s, longer than a write's retries last there.
    const other = knex({ ...(app.strapi.db.connection.client as { config: Knex.Config }).config, pool: { min: 0, max: 1 } });
    try {
      const holder = await other.transaction();
      const table = app.strapi.db.metadata.get(UID.compliancePosition).tableName;
      await holder(table).where('software_id', 0).update({ software_id: 0 });
      const released = new Promise((resolve) => setTimeout(() => holder.commit().then(resolve, resolve), 6000));
      const report = await app.admin('get', '/compliance?sort=software:asc&pageSize=100');
      await released;
      expect(report.status).toBe(200);
      expect(report.body.data.find((r: any) => r.software.documentId === s)).toMatchObject({ licenses: 1, byModel: { per_user: { licensed: 3 } } });
      await expectKeptReport(app);
    } finally {
      await other.destroy();
    }
  }, 60000);
});

describe('verify-seats', () => {
  it('names a kept row that differs from its row worked out afresh, and repairs it', async () => {
    const s = await software();
    await created(app, '/licenses', { name: unique('Kept'), software: s, quantity: 1 });
    await refreshKept(app);
    const { id } = await app.strapi.db.query(UID.software).findOne({ where: { documentId: s } });
    // A kept row changed behind the writes' back (nothing noted): what verify exists for.
    const planted = JSON.stringify({ ...(await keptRow(s)), status: 'non_compliant' });
    const tableOf = (uid: string) => app.strapi.db.metadata.get(uid).tableName;
    await app.strapi.db.connection(tableOf(UID.compliancePosition)).where('software_id', id).update({ status: 'non_compliant' });
    await app.strapi.db.connection(tableOf(UID.compliancePositionRow)).where('software_id', id).update({ row: planted });
    const differences = await app.strapi.plugin('license-manager').service('compliance').keptDifferences();
    expect(differences).toEqual([expect.objectContaining({ documentId: s, kept: 'non_compliant', counted: 'compliant' })]);
    const found = await verifySeats();
    expect([found.code, found.out]).toEqual([1, expect.stringContaining(`software ${s} "`)]);
    const repaired = await verifySeats('--repair');
    expect([repaired.code, repaired.out]).toEqual([0, expect.stringContaining('Repaired the kept compliance rows (1 differed).')]);
    expect(await app.strapi.plugin('license-manager').service('compliance').keptDifferences()).toEqual([]);
    await expectKeptReport(app);
  }, 120000);
});

/** A software's kept row as stored. */
const keptRow = async (documentId: string) => {
  const rows = (await app.admin('get', '/compliance?sort=software:asc&pageSize=100&status=compliant')).body;
  const all = [];
  for (let page = 1; page <= rows.meta.pagination.pageCount; page++)
    all.push(...(await app.admin('get', `/compliance?sort=software:asc&pageSize=100&status=compliant&page=${page}`)).body.data);
  const { installedUnlicensed: _u, assignedNotInstalled: _a, ...row } = all.find((r: any) => r.software.documentId === documentId);
  return { ...row, installedUnlicensed: 0, assignedNotInstalled: 0 };
};
