/**
 * Races on installations (issue 28; docs/domain.md, "Installations"): a device's push fired at the
 * same moment as every other write on the same records (another push of the device, a rule
 * created, edited or deleted, the device linked by hand, its asset deleted), many rounds. On
 * PostgreSQL and MariaDB one write of each pair goes to a second Strapi process on the same
 * database (alternating sides). After each round, what the database holds is what the writes imply:
 *  - never a 5xx; a push refused only with a 409 (an asset deleted under it);
 *  - a device's installations are exactly one push's set, each entry once;
 *  - once the background passes end (in both processes), every installation is recognized by the
 *    rules as they stand: none left with an older rule's verdict, none naming a deleted rule;
 *  - a device linked by hand keeps its asset whatever push raced the link;
 *  - a rule written while its software is deleted: one of the two wins, no rule names nothing.
 * INSTALLATION_RACE_ROUNDS sets the rounds per pair.
 */
import type { ChildProcess } from 'node:child_process';
import request from 'supertest';
import { UID } from '../../shared/constants';
import { apiToken, startApp, unique, type TestApp } from './support/app';
import { created, makeSoftware } from './support/fixtures';
import { freePort, serve, stop } from './support/second';

const ROUNDS = Number(process.env.INSTALLATION_RACE_ROUNDS ?? 6);

let app: TestApp;
let token: string;
let second: ChildProcess | undefined;
let other: (() => ReturnType<typeof request>) | undefined;

beforeAll(async () => {
  app = await startApp({ asPluginAdmin: true });
  token = await apiToken(app, 'full-access');
  if (process.env.DATABASE_CLIENT === 'postgres' || process.env.DATABASE_CLIENT === 'mysql') {
    const port = await freePort();
    second = await serve({ ...process.env, PORT: String(port), HOST: '127.0.0.1' });
    other = () => request(`http://127.0.0.1:${port}`);
  }
}, 180000);
afterAll(async () => {
  await stop(second);
  await app?.stop();
});

const on = (remote: boolean) => (remote && other ? other() : app.http());
const push = (remote: boolean, body: unknown) =>
  on(remote)
    .post('/api/license-manager/inventory')
    .set('Authorization', `Bearer ${token}`)
    .send(body as object);
const admin = (remote: boolean, method: 'post' | 'put' | 'delete', url: string, data?: Record<string, unknown>) => {
  const req = on(remote)[method](`/license-manager${url}`).set('Authorization', `Bearer ${app.adminToken}`);
  return data === undefined ? req : req.send({ data });
};
const entries = (prefix: string, n: number, from = 0) => Array.from({ length: n }, (_, k) => ({ name: `${prefix} ${from + k}`, version: String(from + k) }));
const serial = () => unique('SN').replace(/\W/g, '');

/** Waits until no installation is left for the background passes (either process's) to recognize again. */
const settled = async () => {
  const until = Date.now() + 30000;
  for (;;) {
    await app.strapi.plugin('license-manager').service('installations').recognition.settled();
    const res = await app.admin('get', '/installations/recognition');
    if (res.body.data.pending === 0) return;
    if (Date.now() > until) throw new Error(`recognition still pending: ${JSON.stringify(res.body.data)}`);
    // The other process sweeps once a minute; this one goes over what is left now.
    app.strapi.plugin('license-manager').service('installations').recognition.kick();
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
};

/** A device's installations as stored: name, recognition, software and rule row ids. */
const stored = async (serialNumber: string) => {
  const knex = app.strapi.db.connection;
  const devices = app.strapi.db.metadata.get(UID.inventoryDevice).tableName;
  const installations = app.strapi.db.metadata.get(UID.installation).tableName;
  return (await knex(`${installations} as i`)
    .join(`${devices} as d`, 'd.id', 'i.device_id')
    .where('d.serial_number', serialNumber)
    .select('i.raw_name as name', 'i.recognition as recognition', 'i.software_id as software', 'i.rule_id as rule')
    .orderBy('i.raw_name')) as Array<{ name: string; recognition: string; software: number | null; rule: number | null }>;
};
const ruleIds = async () => new Set((await app.strapi.db.query(UID.installationRule).findMany({ select: ['id'] })).map((r: { id: number }) => Number(r.id)));
const softwareId = async (documentId: string) => Number((await app.strapi.db.query(UID.software).findOne({ select: ['id'], where: { documentId } })).id);

describe('installation races', () => {
  it('push ‖ push of one device: exactly one push’s set, each entry once', async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const sn = serial();
      const a = entries('A', 40);
      const b = [...entries('A', 20), ...entries('B', 25)];
      const [ra, rb] = await Promise.all([
        push(round % 2 === 0, { device: { serialNumber: sn }, software: a }),
        push(round % 2 === 1, { device: { serialNumber: sn }, software: b }),
      ]);
      expect([ra.status, rb.status]).toEqual([200, 200]);
      const names = (await stored(sn)).map((i) => i.name).sort();
      expect(new Set(names).size).toBe(names.length);
      expect([a.map((e) => e.name).sort(), b.map((e) => e.name).sort()]).toContainEqual(names);
    }
  });

  it('push ‖ rule created, edited, deleted: once recognized, every installation has the verdict of the rules as they stand', async () => {
    const software = await makeSoftware(app);
    const sid = await softwareId(software.documentId);
    for (let round = 0; round < ROUNDS; round++) {
      const tag = `R${round}-${process.pid}-${Date.now()}`;
      const sn = serial();
      // A rule for the even entries exists before the round; the race creates one for the odd ones,
      // edits the first to take entries 0-9 only, or deletes it.
      const first = (
        await admin(false, 'post', '/installation-rules', { match: { name: { op: 'regex', value: `^${tag} \\d*[02468]$` } }, software: software.documentId })
      ).body.data.documentId as string;
      await settled();
      const kind = round % 3;
      const ruleWrite =
        kind === 0
          ? admin(round % 2 === 0, 'post', '/installation-rules', { match: { name: { op: 'regex', value: `^${tag} \\d*[13579]$` } }, ignore: true })
          : kind === 1
            ? admin(round % 2 === 0, 'put', `/installation-rules/${first}`, { match: { name: { op: 'regex', value: `^${tag} \\d$` } } })
            : admin(round % 2 === 0, 'delete', `/installation-rules/${first}`);
      // A whole-register compliance report races them, working their noted rows in (docs/domain.md, "Kept compliance rows").
      const [pushed, written, reported] = await Promise.all([
        push(round % 2 === 1, { device: { serialNumber: sn }, software: entries(tag, 30) }),
        ruleWrite,
        on(round % 2 === 0)
          .get('/license-manager/compliance?pageSize=1')
          .set('Authorization', `Bearer ${app.adminToken}`),
      ]);
      expect(reported.status).toBe(200);
      expect(pushed.status).toBe(200);
      expect([200, 201]).toContain(written.status);
      await settled();
      const rules = await ruleIds();
      const rows = await stored(sn);
      expect(rows).toHaveLength(30);
      for (const row of rows) {
        const k = Number(row.name.split(' ').pop());
        const expected = kind === 0 ? (k % 2 === 0 ? 'recognized' : 'ignored') : kind === 1 ? (k < 10 ? 'recognized' : 'unrecognized') : 'unrecognized';
        expect([row.name, row.recognition]).toEqual([row.name, expected]);
        expect(row.software).toBe(expected === 'recognized' ? sid : null);
        if (row.rule !== null) expect(rules.has(row.rule)).toBe(true);
      }
      for (const r of (await app.admin('get', '/installation-rules')).body.data) await app.admin('delete', `/installation-rules/${r.documentId}`);
      await settled();
    }
  });

  it('rule written ‖ its software deleted: the rule names the software and the delete is refused, or the software is gone and the rule refused', async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const software = await makeSoftware(app);
      const existing =
        round % 2 === 0
          ? null
          : (await admin(false, 'post', '/installation-rules', { match: { name: { op: 'equals', value: unique('x') } }, ignore: true })).body.data.documentId;
      const ruleWrite = existing
        ? admin(round % 4 === 1, 'put', `/installation-rules/${existing}`, { ignore: false, software: software.documentId })
        : admin(round % 4 === 0, 'post', '/installation-rules', { match: { name: { op: 'equals', value: unique('y') } }, software: software.documentId });
      const [written, deleted] = await Promise.all([ruleWrite, admin(round % 4 !== 0, 'delete', `/software/${software.documentId}`)]);
      expect([200, 201, 400, 409]).toContain(written.status);
      expect([200, 409]).toContain(deleted.status);
      // Exactly one wins: the rule (and the delete is refused as in use), or the delete (and the rule write is refused).
      expect([written.status < 300, deleted.status === 200]).toEqual(written.status < 300 ? [true, false] : [false, true]);
      // No rule is left that recognizes as nothing: it names a software or ignores.
      const orphans = (await app.admin('get', '/installation-rules')).body.data.filter((r: any) => !r.ignore && !r.software);
      expect(orphans).toEqual([]);
      for (const r of (await app.admin('get', '/installation-rules')).body.data) await app.admin('delete', `/installation-rules/${r.documentId}`);
    }
  });

  it('push ‖ Link to asset: the link made by hand stays', async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const sn = serial();
      expect((await push(false, { device: { serialNumber: sn }, software: entries('L', 3) })).status).toBe(200);
      const device = (await app.admin('get', `/inventory-devices?q=${sn}`)).body.data[0].documentId as string;
      const asset = await created(app, '/assets', { name: unique('Linked'), assetType: 'computer' });
      const [pushed, linked] = await Promise.all([
        push(round % 2 === 0, { device: { serialNumber: sn }, software: entries('L', 4) }),
        admin(round % 2 === 1, 'put', `/inventory-devices/${device}`, { asset: asset.documentId }),
      ]);
      expect([pushed.status, linked.status]).toEqual([200, 200]);
      expect((await app.admin('get', `/inventory-devices?q=${sn}`)).body.data[0].asset).toEqual({ documentId: asset.documentId, name: asset.name });
      expect(await stored(sn)).toHaveLength(4);
    }
  });

  it('push ‖ its asset deleted: the push is written or refused with a 409, never a 5xx; the device is left without the asset', async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const sn = serial();
      const asset = await created(app, '/assets', { name: unique('Doomed'), serialNumber: sn, assetType: 'computer' });
      if (round % 2 === 0) expect((await push(false, { device: { serialNumber: sn }, software: entries('D', 2) })).status).toBe(200);
      const [pushed, deleted] = await Promise.all([
        push(round % 2 === 1, { device: { serialNumber: sn }, software: entries('D', 3) }),
        admin(round % 2 === 0, 'delete', `/assets/${asset.documentId}`),
      ]);
      expect([200, 409]).toContain(pushed.status);
      expect(deleted.status).toBe(200);
      const device = (await app.admin('get', `/inventory-devices?q=${sn}`)).body.data[0];
      expect(device.asset).toBeNull();
    }
  });

  it('leaves every kept compliance row as worked out afresh (npm run verify-seats)', async () => {
    await settled();
    expect(await app.strapi.plugin('license-manager').service('compliance').keptDifferences()).toEqual([]);
  });
});
