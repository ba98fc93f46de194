/**
 * Issue 13, events: a real HTTP receiver on 127.0.0.1, a Strapi webhook subscribed to every plugin
 * event (through Strapi's own webhook API), and each committed write checked for exactly one
 * delivery with the right event and body; refused writes give none; no body carries a key value.
 */
import { LICENSE_EVENTS } from '../../shared/events';
import { startApp, unique, type TestApp } from './support/app';
import { created, makePerson, makeSoftware } from './support/fixtures';
import { csv, postImport } from './support/import';
import { startReceiver, subscribe } from './support/receiver';

let app: TestApp;
let receiver: Awaited<ReturnType<typeof startReceiver>>;
let software: string;
const KEY = `EVENT-KEY-${process.pid}-QWERTY-9876`;
const EVENTS = Object.values(LICENSE_EVENTS).map((e) => e.event);

beforeAll(async () => {
  app = await startApp();
  receiver = await startReceiver();
  await subscribe(app, receiver.url, 'license events', EVENTS);
  software = (await makeSoftware(app)).documentId;
});
afterAll(async () => {
  await receiver.close();
  await app.stop();
});

const eventsOf = (documentId: string) => receiver.about(documentId).map((d) => d.event);

describe('one delivery per committed change', () => {
  let license: { documentId: string; name: string };

  it('create', async () => {
    license = (await created(app, '/licenses', { name: unique('Evt'), software, quantity: 2, keys: [{ value: KEY, label: 'main' }] })) as typeof license;
    await receiver.settle(() => eventsOf(license.documentId).length >= 1);
    const [d] = receiver.about(license.documentId);
    expect(eventsOf(license.documentId)).toEqual(['license.create']);
    expect(d.body).toMatchObject({ event: 'license.create', license: { documentId: license.documentId, name: license.name, quantity: 2 } });
    expect(d.body.license.keys).toBeUndefined();
    expect(typeof d.body.createdAt).toBe('string');
  });

  it('update (fields and keys in one PUT is one event)', async () => {
    const res = await app.admin('put', `/licenses/${license.documentId}`, { data: { notes: 'evt', keys: { add: [{ value: `${KEY}-2` }] } } });
    expect(res.status).toBe(200);
    await receiver.settle(() => eventsOf(license.documentId).length >= 2);
    expect(eventsOf(license.documentId)).toEqual(['license.create', 'license.update']);
    const d = receiver.about(license.documentId)[1];
    expect(d.body.changes.notes).toEqual({ old: null, new: 'evt' });
    expect(d.body.changes.keys.added).toEqual([{ documentId: expect.any(String), label: null }]);
  });

  it('assign and unassign, with the person', async () => {
    const person = await makePerson(app);
    const res = await app.admin('post', `/licenses/${license.documentId}/assignments`, { data: { person: person.documentId } });
    expect(res.status).toBe(201);
    await app.admin('delete', `/licenses/${license.documentId}/assignments/${res.body.data.documentId}`);
    await receiver.settle(() => eventsOf(license.documentId).length >= 4);
    expect(eventsOf(license.documentId).slice(2)).toEqual(['license.assign', 'license.unassign']);
    const [assign, unassign] = receiver.about(license.documentId).slice(2);
    expect(assign.body.persons).toEqual([{ documentId: person.documentId, name: expect.stringContaining('Test') }]);
    expect(unassign.body.persons).toEqual([{ documentId: person.documentId, name: expect.stringContaining('Test') }]);
  });

  it('reveal, with the key and the actor but never the value', async () => {
    const detail = await app.admin('get', `/licenses/${license.documentId}`);
    const key = detail.body.data.keys[0];
    expect((await app.admin('post', `/licenses/${license.documentId}/keys/${key.documentId}/reveal`)).status).toBe(200);
    await receiver.settle(() => eventsOf(license.documentId).length >= 5);
    const d = receiver.about(license.documentId)[4];
    expect(d.body).toMatchObject({ event: 'license.key-reveal', key: { documentId: key.documentId, label: key.label }, actor: expect.any(String) });
  });

  it('a 400 and a 409 give none', async () => {
    const before = receiver.deliveries.length;
    expect((await app.admin('put', `/licenses/${license.documentId}`, { data: { quantity: -1 } })).status).toBe(400);
    expect((await app.admin('post', '/licenses', { data: { name: license.name, software, quantity: 1 } })).status).toBe(409);
    await new Promise((r) => setTimeout(r, 600));
    expect(receiver.deliveries.length).toBe(before);
  });

  it('delete', async () => {
    expect((await app.admin('delete', `/licenses/${license.documentId}`)).status).toBe(200);
    await receiver.settle(() => eventsOf(license.documentId).length >= 6);
    expect(eventsOf(license.documentId).slice(5)).toEqual(['license.delete']);
    expect(receiver.about(license.documentId)[5].body.license).toEqual({ documentId: license.documentId, name: license.name });
  });
});

describe('seats', () => {
  it('20 concurrent assignments for 5 seats: 5 license.assign and one license.seats-exhausted', async () => {
    const license = await created(app, '/licenses', { name: unique('Evt seats'), software, quantity: 5, overAssignment: 'block' });
    const persons = [];
    for (let i = 0; i < 20; i++) persons.push(await makePerson(app));
    const answers = await Promise.all(persons.map((p) => app.admin('post', `/licenses/${license.documentId}/assignments`, { data: { person: p.documentId } })));
    expect(answers.filter((r) => r.status === 201)).toHaveLength(5);
    expect(answers.filter((r) => r.status === 409)).toHaveLength(15);
    await receiver.settle(() => eventsOf(license.documentId).length >= 7);
    const events = eventsOf(license.documentId);
    expect(events.filter((e) => e === 'license.assign')).toHaveLength(5);
    expect(events.filter((e) => e === 'license.seats-exhausted')).toHaveLength(1);
    const exhausted = receiver.about(license.documentId).find((d) => d.event === 'license.seats-exhausted')!;
    expect(exhausted.body.seats).toMatchObject({ used: 5, total: 5, available: 0 });
  });

  it('per core: seats-exhausted when the units take the last core, and over-allocated when one server takes a license past its cores', async () => {
    const license = await created(app, '/licenses', {
      name: unique('Evt cores'),
      software,
      quantity: 24,
      assignmentModel: 'per_core',
      minCoresPerProcessor: 8,
    });
    const servers = [];
    for (const p of [1, 2]) servers.push(await created(app, '/assets', { name: unique('Evt server'), processors: p, coresPerProcessor: 4 }));
    for (const s of servers)
      expect((await app.admin('post', `/licenses/${license.documentId}/assignments`, { data: { asset: s.documentId } })).status).toBe(201);
    await receiver.settle(() => eventsOf(license.documentId).length >= 4);
    // 8 then 16 cores: the second assignment takes the last of 24.
    expect(eventsOf(license.documentId).sort()).toEqual(['license.assign', 'license.assign', 'license.create', 'license.seats-exhausted']);
    const exhausted = receiver.about(license.documentId).find((d) => d.event === 'license.seats-exhausted')!;
    expect(exhausted.body.seats).toMatchObject({ used: 24, total: 24, available: 0 });
    // 16 cores on 10 under allow: the shortfall goes from 0 to 6 in one assignment (counted as one seat, it would seem to go from 5).
    const allowed = await created(app, '/licenses', {
      name: unique('Evt cores allow'),
      software,
      quantity: 10,
      assignmentModel: 'per_core',
      overAssignment: 'allow',
    });
    const big = await created(app, '/assets', { name: unique('Evt server'), processors: 2, coresPerProcessor: 8 });
    expect((await app.admin('post', `/licenses/${allowed.documentId}/assignments`, { data: { asset: big.documentId } })).status).toBe(201);
    await receiver.settle(() => eventsOf(allowed.documentId).length >= 4);
    expect(eventsOf(allowed.documentId).sort()).toEqual(['license.assign', 'license.create', 'license.over-allocated', 'license.seats-exhausted']);
  });

  it("an asset's hardware edit that moves a license's cores sends its seat events, and says so in the license's history", async () => {
    const license = await created(app, '/licenses', { name: unique('Evt grow'), software, quantity: 16, assignmentModel: 'per_core', overAssignment: 'allow' });
    const server = await created(app, '/assets', { name: unique('Evt server'), processors: 1, coresPerProcessor: 8 });
    expect((await app.admin('post', `/licenses/${license.documentId}/assignments`, { data: { asset: server.documentId } })).status).toBe(201);
    await receiver.settle(() => eventsOf(license.documentId).length >= 2);
    expect(eventsOf(license.documentId).sort()).toEqual(['license.assign', 'license.create']);
    // 8 → 16 cores: the last of 16 taken; 16 → 24: 8 short. Neither event without the hardware edit.
    expect((await app.admin('put', `/assets/${server.documentId}`, { data: { coresPerProcessor: 16 } })).status).toBe(200);
    await receiver.settle(() => eventsOf(license.documentId).length >= 3);
    expect(eventsOf(license.documentId).slice(2)).toEqual(['license.seats-exhausted']);
    expect((await app.admin('put', `/assets/${server.documentId}`, { data: { processors: 2, coresPerProcessor: 12 } })).status).toBe(200);
    await receiver.settle(() => eventsOf(license.documentId).length >= 4);
    expect(eventsOf(license.documentId).slice(3)).toEqual(['license.over-allocated']);
    const over = receiver.about(license.documentId).find((d) => d.event === 'license.over-allocated')!;
    expect(over.body.seats).toMatchObject({ used: 24, total: 16, shortfall: 8 });
    const history = (await app.admin('get', `/licenses/${license.documentId}/history?pageSize=10`)).body.data;
    expect(
      history.filter((e: { action: string }) => e.action === 'units_changed').map((e: { changes: unknown; actor: string }) => [e.actor, e.changes]),
    ).toEqual([
      [
        expect.stringMatching(/^admin:/),
        { asset: { documentId: server.documentId, name: server.name }, units: { old: 16, new: 24 }, seatsUsed: { old: 16, new: 24 } },
      ],
      [
        expect.stringMatching(/^admin:/),
        { asset: { documentId: server.documentId, name: server.name }, units: { old: 8, new: 16 }, seatsUsed: { old: 8, new: 16 } },
      ],
    ]);
  });

  it('over-allocated once when the shortfall becomes more than 0 under allow', async () => {
    const license = await created(app, '/licenses', { name: unique('Evt allow'), software, quantity: 1, overAssignment: 'allow' });
    const persons = [await makePerson(app), await makePerson(app), await makePerson(app)];
    const set = await app.admin('put', `/licenses/${license.documentId}/persons`, { data: { persons: persons.map((p) => p.documentId) } });
    expect(set.status).toBe(200);
    await receiver.settle(() => eventsOf(license.documentId).length >= 4);
    expect(eventsOf(license.documentId).sort()).toEqual(['license.assign', 'license.create', 'license.over-allocated', 'license.seats-exhausted']);
    // Raising the quantity clears it; lowering it again is a new shortfall.
    expect((await app.admin('put', `/licenses/${license.documentId}`, { data: { quantity: 5 } })).status).toBe(200);
    expect((await app.admin('put', `/licenses/${license.documentId}`, { data: { quantity: 2 } })).status).toBe(200);
    await receiver.settle(() => eventsOf(license.documentId).length >= 8);
    // 3 used of 2: no seat left (available 2 → 0) and a shortfall (0 → 1).
    expect(eventsOf(license.documentId).slice(4).sort()).toEqual(['license.over-allocated', 'license.seats-exhausted', 'license.update', 'license.update']);
  });
});

describe('purchases', () => {
  it('one license.purchase.create, .update and .delete per committed write, with the purchase and the seat change; a refused write sends none', async () => {
    const license = await created(app, '/licenses', { name: unique('Evt purchases'), software, quantity: 2 });
    const added = await app.admin('post', `/licenses/${license.documentId}/purchases`, { data: { quantity: 3, orderNumber: 'PO-1' } });
    expect(added.status).toBe(201);
    const purchase = added.body.data.documentId;
    expect((await app.admin('put', `/licenses/${license.documentId}/purchases/${purchase}`, { data: { quantity: 1 } })).status).toBe(200);
    // A change of nothing writes nothing and sends nothing.
    expect((await app.admin('put', `/licenses/${license.documentId}/purchases/${purchase}`, { data: { quantity: 1 } })).status).toBe(200);
    // 3 persons on 2 + 1 seats: removing the purchase under block is refused, and sends nothing.
    const persons = await Promise.all([makePerson(app), makePerson(app), makePerson(app)]);
    expect((await app.admin('put', `/licenses/${license.documentId}/persons`, { data: { persons: persons.map((p) => p.documentId) } })).status).toBe(200);
    expect((await app.admin('delete', `/licenses/${license.documentId}/purchases/${purchase}`)).status).toBe(409);
    expect((await app.admin('put', `/licenses/${license.documentId}/persons`, { data: { persons: [] } })).status).toBe(200);
    expect((await app.admin('delete', `/licenses/${license.documentId}/purchases/${purchase}`)).status).toBe(200);
    await receiver.settle(() => eventsOf(license.documentId).filter((e) => e.startsWith('license.purchase')).length >= 3);
    const bodies = receiver.about(license.documentId).filter((d) => d.event.startsWith('license.purchase'));
    expect(bodies.map((d) => [d.event, d.body.purchase.documentId, d.body.seatsTotal])).toEqual([
      ['license.purchase.create', purchase, { old: 2, new: 5 }],
      ['license.purchase.update', purchase, { old: 5, new: 3 }],
      ['license.purchase.delete', purchase, { old: 3, new: 2 }],
    ]);
    expect(bodies[0].body.purchase.changes.orderNumber).toEqual({ old: null, new: 'PO-1' });
    expect(bodies[1].body.purchase.changes.quantity).toEqual({ old: 3, new: 1 });
    expect(bodies[0].body.license).toMatchObject({ documentId: license.documentId, seats: { total: 5 } });
  });
});

describe('import', () => {
  it('one event per written row, none for a row rolled back, and license.import without cell values', async () => {
    const mark = unique('EvtImp').replace(/\s/g, '');
    const sw = (await app.admin('get', `/software/${software}`)).body.data;
    const file = csv([
      ['name', 'software', 'softwareVersion', 'quantity', 'notes'],
      [`${mark} A`, sw.name, sw.version ?? '', '1', ''],
      [`${mark} B`, sw.name, sw.version ?? '', '-3', 'SECRET-CELL'],
      [`${mark} C`, sw.name, sw.version ?? '', '1', ''],
    ]);
    const before = receiver.deliveries.length;
    const res = await postImport(app, 'licenses', file, { dryRun: 'false', onError: 'skip' });
    expect(res.body.data).toMatchObject({ created: 2, failed: 1 });
    await receiver.settle(() => receiver.deliveries.length >= before + 3);
    const mine = receiver.deliveries.slice(before);
    expect(mine.map((d) => [d.event, d.body.license?.name ?? null]).sort()).toEqual(
      [
        ['license.create', `${mark} A`],
        ['license.create', `${mark} C`],
        ['license.import', null],
      ].sort(),
    );
    const report = mine.find((d) => d.event === 'license.import')!;
    expect(report.body).toMatchObject({ rows: 3, created: 2, failed: 1, errors: [{ row: 3, column: 'quantity' }] });
    expect(report.raw).not.toContain('SECRET-CELL');
    // A dry run sends nothing.
    const dry = await postImport(app, 'licenses', file);
    expect(dry.status).toBe(200);
    await new Promise((r) => setTimeout(r, 600));
    expect(receiver.deliveries.length).toBe(before + 3);
  });
});

describe('the reminder job', () => {
  it('sends license.expiring once per stage', async () => {
    const before = (await app.admin('get', '/settings')).body.data.reminders;
    const put = await app.admin('put', '/settings', {
      data: { reminders: { enabled: true, offsets: [30], kinds: ['expiration'], recipients: ['it-desk@example.org'], time: '07:00', timezone: 'UTC' } },
    });
    expect(put.status).toBe(200);
    try {
      const license = await created(app, '/licenses', { name: unique('Evt expiring'), software, quantity: 1, expirationDate: '1921-03-10' });
      // A past day: a run for a later day than today is refused.
      for (let i = 0; i < 2; i++) expect((await app.admin('post', '/reminders/run', { data: { on: '1921-02-08' } })).status).toBe(200);
      await receiver.settle(() => eventsOf(license.documentId).length >= 2);
      expect(eventsOf(license.documentId)).toEqual(['license.create', 'license.expiring']);
      const d = receiver.about(license.documentId)[1];
      expect(d.body).toMatchObject({ kind: 'expiration', offset: 30, dueDate: '1921-03-10', license: { documentId: license.documentId } });
    } finally {
      await app.admin('put', '/settings', { data: { reminders: before } });
    }
  });
});

it('no delivery carried a key value', () => {
  expect(receiver.deliveries.length).toBeGreaterThan(20);
  for (const d of receiver.deliveries) expect(d.raw).not.toContain(KEY);
});
