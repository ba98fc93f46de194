/** Assignments and seats (issue 3): set semantics, counting per model, policies, concurrency, deletion. */
import { ACTIONS } from '../../shared/constants';
import { adminWith, apiToken, rows, startApp, unique, type TestApp } from './support/app';
import { makeAsset, makeLicense, makePerson } from './support/fixtures';

let app: TestApp;
beforeAll(async () => {
  app = await startApp();
});
afterAll(async () => {
  await app?.stop();
});

const people = async (n: number) => Promise.all(Array.from({ length: n }, () => makePerson(app).then((p) => p.documentId)));
const machines = async (n: number) => Promise.all(Array.from({ length: n }, () => makeAsset(app).then((a) => a.documentId)));
const seatsOf = async (documentId: string) => (await app.admin('get', `/licenses/${documentId}`)).body.data.seats;

describe('PUT persons / assets: the assigned set', () => {
  it('adds the new, removes the unticked, and reports the seats', async () => {
    const license = await makeLicense(app, { quantity: 5 });
    const [a, b, c, d] = await people(4);
    const first = await app.admin('put', `/licenses/${license.documentId}/persons`, { data: { persons: [a, b, c] } });
    expect(first.status).toBe(200);
    expect(first.body.data.seats).toEqual({ total: 5, used: 3, available: 2, shortfall: 0 });
    const second = await app.admin('put', `/licenses/${license.documentId}/persons`, { data: { persons: [b, d] } });
    expect(second.status).toBe(200);
    expect(second.body.data.seats.used).toBe(2);
    const list = await app.admin('get', `/licenses/${license.documentId}/assignments?kind=person`);
    expect(list.body.data.map((x: any) => x.person.documentId).sort()).toEqual([b, d].sort());
    expect(list.body.data[0]).toMatchObject({ assignedBy: 'admin:admin@license-manager.test' });
    const history = await app.admin('get', `/licenses/${license.documentId}/history`);
    const [latest, previous] = history.body.data;
    expect([latest.action, previous.action].sort()).toEqual(['assigned', 'unassigned']);
    const byAction = Object.fromEntries([latest, previous].map((e: any) => [e.action, e.changes.persons.map((p: any) => p.documentId).sort()]));
    expect(byAction).toEqual({ assigned: [d], unassigned: [a, c].sort() });
  });

  it('refuses a set beyond the seats under block with 409, and changes nothing', async () => {
    const license = await makeLicense(app, { quantity: 2 });
    const [a, b, c] = await people(3);
    await app.admin('put', `/licenses/${license.documentId}/persons`, { data: { persons: [a] } });
    const before = await rows(app, 'license-assignment');
    const res = await app.admin('put', `/licenses/${license.documentId}/persons`, { data: { persons: [b, c, a] } });
    expect(res.status).toBe(409);
    expect(res.body.error.details).toMatchObject({ requested: 2, available: 1 });
    expect(await rows(app, 'license-assignment')).toBe(before);
    expect((await seatsOf(license.documentId)).used).toBe(1);
  });

  it('refuses an unknown person with 400 naming its place, and changes nothing', async () => {
    const license = await makeLicense(app, { quantity: 3 });
    const [a] = await people(1);
    const res = await app.admin('put', `/licenses/${license.documentId}/persons`, { data: { persons: [a, 'nosuchperson000000000000'] } });
    expect(res.status).toBe(400);
    expect(res.body.error.details.errors[0].path).toEqual(['persons', '1']);
    expect((await seatsOf(license.documentId)).used).toBe(0);
  });

  it('counts persons for per_user and assets for per_computer; the other kind is recorded only', async () => {
    const perUser = await makeLicense(app, { quantity: 1, assignmentModel: 'per_user' });
    const [p] = await people(1);
    const [m1, m2, m3] = await machines(3);
    expect((await app.admin('put', `/licenses/${perUser.documentId}/persons`, { data: { persons: [p] } })).status).toBe(200);
    const assets = await app.admin('put', `/licenses/${perUser.documentId}/assets`, { data: { assets: [m1, m2, m3] } });
    expect(assets.status).toBe(200);
    expect(assets.body.data.seats).toEqual({ total: 1, used: 1, available: 0, shortfall: 0 });

    const perComputer = await makeLicense(app, { quantity: 2, assignmentModel: 'per_computer' });
    expect((await app.admin('put', `/licenses/${perComputer.documentId}/assets`, { data: { assets: [m1, m2] } })).status).toBe(200);
    expect((await app.admin('put', `/licenses/${perComputer.documentId}/assets`, { data: { assets: [m1, m2, m3] } })).status).toBe(409);
    expect((await seatsOf(perComputer.documentId)).used).toBe(2);
  });

  it('lets allow exceed the quantity and shows the shortfall', async () => {
    const license = await makeLicense(app, { quantity: 2, overAssignment: 'allow' });
    const res = await app.admin('put', `/licenses/${license.documentId}/persons`, { data: { persons: await people(3) } });
    expect(res.status).toBe(200);
    expect(res.body.data.seats).toEqual({ total: 2, used: 3, available: 0, shortfall: 1 });
    const list = await app.admin('get', `/licenses?overAllocated=true&pageSize=100`);
    expect(list.body.data.map((l: any) => l.documentId)).toContain(license.documentId);
    const sorted = await app.admin('get', `/licenses?sort=seatsUsed:desc&pageSize=100`);
    const used = sorted.body.data.map((l: any) => l.seats.used);
    expect(used).toEqual([...used].sort((x: number, y: number) => y - x));
  });
});

describe('seats in the license list', () => {
  it('counts per model in the list as in the detail, sorted by seats and filtered on over-allocation', async () => {
    const tag = unique('Seatmix').replace(/\W+/g, '');
    // [model, quantity, persons, assets] -> seats used: the kind the model counts.
    const plan = [
      ['per_user', 1, 2, 1],
      ['per_computer', 1, 1, 2],
      ['per_user', 3, 1, 2],
      ['per_computer', 5, 3, 1],
      ['per_computer', 2, 0, 0],
    ] as const;
    const made: { documentId: string; used: number; quantity: number }[] = [];
    for (const [i, [assignmentModel, quantity, p, a]] of plan.entries()) {
      const license = await makeLicense(app, { name: `${tag} ${i}`, assignmentModel, quantity, overAssignment: 'allow' });
      if (p) expect((await app.admin('put', `/licenses/${license.documentId}/persons`, { data: { persons: await people(p) } })).status).toBe(200);
      if (a) expect((await app.admin('put', `/licenses/${license.documentId}/assets`, { data: { assets: await machines(a) } })).status).toBe(200);
      made.push({ documentId: license.documentId, used: (await seatsOf(license.documentId)).used, quantity });
    }
    expect(made.map((m) => m.used)).toEqual([2, 2, 1, 1, 0]);

    const list = async (query: string) => {
      const res = await app.admin('get', `/licenses?_q=${tag}&pageSize=100&${query}`);
      expect(res.status).toBe(200);
      return res.body;
    };
    const bySeats = await list('sort=seatsUsed:desc');
    expect(bySeats.data.map((l: any) => l.seats.used)).toEqual([2, 2, 1, 1, 0]);
    for (const license of bySeats.data) {
      expect(license.seats.used).toBe(made.find((m) => m.documentId === license.documentId)?.used);
    }
    const over = await list('sort=name:asc&overAllocated=true');
    expect(over.data.map((l: any) => l.documentId)).toEqual(made.filter((m) => m.used > m.quantity).map((m) => m.documentId));
    expect(over.meta.pagination.total).toBe(2);
    const within = await list('sort=seatsUsed:asc&overAllocated=false');
    expect(within.data.map((l: any) => l.seats.used)).toEqual([0, 1, 1]);
    expect(within.meta.pagination.total).toBe(3);
  });
});

describe('POST and DELETE assignments', () => {
  it('adds one, refuses a duplicate, removes one', async () => {
    const license = await makeLicense(app, { quantity: 2, keys: [{ value: 'BIND-KEY-0000-AAAA' }] });
    const [p] = await people(1);
    const key = (await app.admin('get', `/licenses/${license.documentId}`)).body.data.keys[0];
    const added = await app.admin('post', `/licenses/${license.documentId}/assignments`, { data: { person: p, key: key.documentId, note: 'laptop install' } });
    expect(added.status).toBe(201);
    expect(added.body.data).toMatchObject({ person: { documentId: p }, key: { documentId: key.documentId }, note: 'laptop install', seats: { used: 1 } });
    const again = await app.admin('post', `/licenses/${license.documentId}/assignments`, { data: { person: p } });
    expect(again.status).toBe(409);
    const removed = await app.admin('delete', `/licenses/${license.documentId}/assignments/${added.body.data.documentId}`);
    expect(removed.status).toBe(200);
    expect(removed.body.data.seats.used).toBe(0);
  });

  it('refuses a body with both or neither of person and asset, and a key of another license', async () => {
    const license = await makeLicense(app);
    const other = await makeLicense(app, { keys: [{ value: 'OTHER-LICENSE-KEY-1' }] });
    const otherKey = (await app.admin('get', `/licenses/${other.documentId}`)).body.data.keys[0].documentId;
    const [p] = await people(1);
    const [m] = await machines(1);
    for (const [data, path] of [
      [{ person: p, asset: m }, 'person'],
      [{}, 'person'],
      [{ person: p, key: otherKey }, 'key'],
    ] as const) {
      const res = await app.admin('post', `/licenses/${license.documentId}/assignments`, { data });
      expect(res.status).toBe(400);
      expect(res.body.error.details.errors[0].path).toEqual([path]);
    }
  });

  it('gives exactly 5 × 201 and 15 × 409 for 20 simultaneous requests for the last 5 seats', async () => {
    const license = await makeLicense(app, { quantity: 8 });
    await app.admin('put', `/licenses/${license.documentId}/persons`, { data: { persons: await people(3) } });
    const candidates = await people(20);
    const answers = await Promise.all(candidates.map((person) => app.admin('post', `/licenses/${license.documentId}/assignments`, { data: { person } })));
    const statuses = answers.map((r) => r.status).sort();
    expect(statuses.filter((s) => s === 201)).toHaveLength(5);
    expect(statuses.filter((s) => s === 409)).toHaveLength(15);
    expect(await seatsOf(license.documentId)).toEqual({ total: 8, used: 8, available: 0, shortfall: 0 });
  });

  it('works through the content API with the same seat rules', async () => {
    const token = await apiToken(app, 'full-access');
    const license = await makeLicense(app, { quantity: 1 });
    const [a, b] = await people(2);
    const post = (person: string) =>
      app.http().post(`/api/license-manager/licenses/${license.documentId}/assignments`).set('Authorization', `Bearer ${token}`).send({ data: { person } });
    expect((await post(a)).status).toBe(201);
    const refused = await post(b);
    expect(refused.status).toBe(409);
    expect(refused.body.error.details).toMatchObject({ requested: 1, available: 0 });
    const list = await app.http().get(`/api/license-manager/licenses/${license.documentId}/assignments`).set('Authorization', `Bearer ${token}`);
    expect(list.status).toBe(200);
    expect(list.body.data).toHaveLength(1);
  });
});

describe('quantity and deletion', () => {
  it('refuses to lower the quantity below the seats used under block', async () => {
    const license = await makeLicense(app, { quantity: 4 });
    await app.admin('put', `/licenses/${license.documentId}/persons`, { data: { persons: await people(3) } });
    const res = await app.admin('put', `/licenses/${license.documentId}`, { data: { quantity: 2 } });
    expect(res.status).toBe(409);
    expect(res.body.error.details).toMatchObject({ quantity: 2, used: 3 });
    expect((await app.admin('put', `/licenses/${license.documentId}`, { data: { quantity: 3 } })).status).toBe(200);
  });

  it('deleting a person removes its assignments, frees the seat and writes the history', async () => {
    const license = await makeLicense(app, { quantity: 2 });
    const [a, b] = await people(2);
    await app.admin('put', `/licenses/${license.documentId}/persons`, { data: { persons: [a, b] } });
    expect((await app.admin('delete', `/persons/${a}`)).status).toBe(200);
    expect((await seatsOf(license.documentId)).used).toBe(1);
    const history = await app.admin('get', `/licenses/${license.documentId}/history`);
    expect(history.body.data[0]).toMatchObject({ action: 'unassigned', changes: { persons: [{ documentId: a, name: expect.stringMatching(/^Test /) }] } });
  });

  it('deleting a license removes its assignments in the same transaction', async () => {
    const license = await makeLicense(app, { quantity: 3 });
    await app.admin('put', `/licenses/${license.documentId}/assets`, { data: { assets: await machines(2) } });
    const before = await rows(app, 'license-assignment');
    expect((await app.admin('delete', `/licenses/${license.documentId}`)).status).toBe(200);
    expect(await rows(app, 'license-assignment')).toBe(before - 2);
  });
});

describe('permissions', () => {
  it('answers 401 without a token', async () => {
    expect((await app.http().get('/license-manager/licenses')).status).toBe(401);
    expect((await app.http().get('/api/license-manager/licenses')).status).toBe(403);
  });

  it('answers 403 on every assignment route to a role without licenses.assign', async () => {
    const license = await makeLicense(app);
    const [p] = await people(1);
    const token = await adminWith(app, 'Reader', [ACTIONS.read]);
    expect((await app.admin('get', `/licenses/${license.documentId}`, undefined, token)).status).toBe(200);
    for (const [method, url, body] of [
      ['put', `/licenses/${license.documentId}/persons`, { data: { persons: [p] } }],
      ['put', `/licenses/${license.documentId}/assets`, { data: { assets: [] } }],
      ['post', `/licenses/${license.documentId}/assignments`, { data: { person: p } }],
      ['delete', `/licenses/${license.documentId}/assignments/whatever000000000000000`, undefined],
    ] as const) {
      expect((await app.admin(method, url, body, token)).status).toBe(403);
    }
    for (const [method, url, body] of [
      ['post', '/licenses', { data: { name: 'x', software: 'y', quantity: 1 } }],
      ['put', `/licenses/${license.documentId}`, { data: { quantity: 2 } }],
      ['delete', `/licenses/${license.documentId}`, undefined],
      ['post', '/software', { data: { name: 'x' } }],
      ['put', '/settings', { data: { expiringWithinDays: 10 } }],
    ] as const) {
      expect((await app.admin(method, url, body, token)).status).toBe(403);
    }
  });

  it('answers 403 with no key in the body to a role without keys.reveal', async () => {
    const license = await makeLicense(app, { keys: [{ value: 'REVEAL-ME-NOT-0001' }] });
    const key = (await app.admin('get', `/licenses/${license.documentId}`)).body.data.keys[0].documentId;
    const token = await adminWith(app, 'NoReveal', [ACTIONS.read, ACTIONS.update]);
    const res = await app.admin('post', `/licenses/${license.documentId}/keys/${key}/reveal`, undefined, token);
    expect(res.status).toBe(403);
    expect(JSON.stringify(res.body)).not.toContain('REVEAL-ME-NOT');
    const ok = await app.admin('post', `/licenses/${license.documentId}/keys/${key}/reveal`);
    expect(ok.body.data).toEqual({ documentId: key, value: 'REVEAL-ME-NOT-0001' });
  });

  it('answers 403 to a read-only API token that writes', async () => {
    const token = await apiToken(app, 'read-only');
    const license = await makeLicense(app);
    const api = (m: 'post' | 'put' | 'delete', url: string) =>
      app
        .http()
        [m](`/api/license-manager${url}`)
        .set('Authorization', `Bearer ${token}`)
        .send({ data: { quantity: 2 } });
    expect((await api('post', '/licenses')).status).toBe(403);
    expect((await api('put', `/licenses/${license.documentId}`)).status).toBe(403);
    expect((await api('delete', `/licenses/${license.documentId}`)).status).toBe(403);
    expect((await api('post', `/licenses/${license.documentId}/assignments`)).status).toBe(403);
    expect((await app.http().get('/api/license-manager/licenses').set('Authorization', `Bearer ${token}`)).status).toBe(200);
  });
});
