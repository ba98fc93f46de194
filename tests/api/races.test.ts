/**
 * The race suite (issue 9): every pair of writes that touch one license, fired at the same moment,
 * many rounds, then the invariants checked on what the database holds:
 *  - no answer is a 5xx, and no log line carries a key's value or ciphertext;
 *  - under `block`, seats used never exceed the quantity;
 *  - every field a committed edit sent is there, each key a committed write added is there once,
 *    a key a committed write removed is gone (a license edit may carry `keys: { add, remove }`);
 *  - the history, replayed from the start, gives the assignments and keys the license has now,
 *    its last `updated` values are the fields' values, and nothing follows a `deleted` event.
 * On PostgreSQL the second request of each pair goes to a second Strapi process on the same database.
 * RACE_ROUNDS sets the rounds per pair (default 4: two starting under `block`, two under `allow`).
 */
import type { ChildProcess } from 'node:child_process';
import request from 'supertest';
import { UID } from '../../shared/constants';
import { startApp, unique, type TestApp } from './support/app';
import { created, makeAsset, makePerson, makeSoftware } from './support/fixtures';
import { serve, stop } from './support/second';

let app: TestApp;
let second: ChildProcess | undefined;
let other: (() => ReturnType<typeof request>) | undefined;
const PORT = 1900 + (process.pid % 500);
const ROUNDS = Number(process.env.RACE_ROUNDS ?? 4);
/** The races issue 9 reported, given four times the rounds so each one is caught whenever it can happen. */
const REPORTED = [
  ['lower quantity', 'assign a person'],
  ['switch to block', 'assign a person'],
  ['edit notes', 'edit serial number'],
];
const PARALLEL = 4;

const logged: string[] = [];

// Two Strapi processes boot here: slow on a loaded CI machine.
beforeAll(async () => {
  app = await startApp();
  for (const level of ['error', 'warn'] as const) {
    const original = app.strapi.log[level].bind(app.strapi.log);
    (app.strapi.log as any)[level] = (...args: unknown[]) => {
      logged.push(args.map((a) => (a instanceof Error ? `${a.message} ${a.stack}` : typeof a === 'string' ? a : JSON.stringify(a))).join(' '));
      return original(...(args as [string]));
    };
  }
  if (process.env.DATABASE_CLIENT === 'postgres') {
    second = await serve({ ...process.env, PORT: String(PORT), HOST: '127.0.0.1' });
    const agent = `http://127.0.0.1:${PORT}`;
    other = () => request(agent);
  }
}, 180000);

afterAll(async () => {
  await stop(second);
  await app?.stop();
});

type Method = 'get' | 'post' | 'put' | 'delete';
/** The admin API on this process, or on the second one when `remote` and there is one. */
const call = (remote: boolean, method: Method, url: string, body?: unknown) => {
  const base = remote && other ? other() : app.http();
  const r = base[method](`/license-manager${url}`).set('Authorization', `Bearer ${app.adminToken}`);
  return body === undefined ? r : r.send(body as object);
};

/** Persons and assets shared by every round (they may be assigned to many licenses). */
let persons: string[] = [];
let assets: string[] = [];
let software = '';

interface Round {
  license: string;
  base: 'block' | 'allow';
  /** A person and an asset of this round only, assigned at the start, for the delete races. */
  person: string;
  asset: string;
  key: string;
  keyValue: string;
  /** The assignment of persons[0], for the unassign race. */
  assignment: string;
}

interface Op {
  name: string;
  /** Fields it sets, when it is a license edit. */
  edit?: Record<string, unknown>;
  run: (r: Round, remote: boolean) => Promise<request.Response>;
  /** Answers it may give; anything else fails the round. */
  allowed: number[];
  /** The label of the key it adds (on this side of the pair), when it adds one. */
  addsKey?: (remote: boolean) => string;
  /** It removes the round's base key. */
  removesKey?: boolean;
}

const edit = (name: string, data: Record<string, unknown>): Op => ({
  name,
  edit: data,
  run: (r, remote) => call(remote, 'put', `/licenses/${r.license}`, { data }),
  allowed: [200, 404, 409],
});

/** The combined edit's fields: quantity as 'lower quantity' sends it, and a field no other write sends. */
const EDIT_WITH_KEYS = { quantity: 9, invoiceNumber: 'INV-RACE-EDIT' };
/** Each side of a pair labels the key its combined edit adds, so a self-race can count each one. */
const editLabel = (remote: boolean) => `edit ${remote ? 'B' : 'A'}`;

/**
 * The base state: quantity 10; 9 persons (one of them this round's) under `block`, 10 under
 * `allow` (full, so an assignment and a switch to block collide); 2 assets; one key.
 */
const OPS: Op[] = [
  edit('lower quantity', { quantity: 9 }),
  edit('switch to block', { overAssignment: 'block' }),
  edit('switch to per computer', { assignmentModel: 'per_computer' }),
  edit('edit notes', { notes: 'notes edited in a race' }),
  edit('edit serial number', { serialNumber: 'SERIAL-RACE-1' }),
  {
    name: 'assign a person',
    run: (r, remote) => call(remote, 'post', `/licenses/${r.license}/assignments`, { data: { person: persons[9] } }),
    allowed: [201, 404, 409],
  },
  {
    name: 'assign an asset',
    run: (r, remote) => call(remote, 'post', `/licenses/${r.license}/assignments`, { data: { asset: assets[2] } }),
    allowed: [201, 404, 409],
  },
  {
    name: 'set persons',
    // Eight of the nine, and two new: ten.
    run: (r, remote) => call(remote, 'put', `/licenses/${r.license}/persons`, { data: { persons: [...persons.slice(0, 8), persons[10], persons[11]] } }),
    allowed: [200, 404, 409],
  },
  {
    name: 'set assets',
    // Eleven assets: within a per_user license's rights, over a per_computer license's quantity.
    run: (r, remote) => call(remote, 'put', `/licenses/${r.license}/assets`, { data: { assets: assets.slice(0, 11) } }),
    allowed: [200, 404, 409],
  },
  {
    name: 'unassign',
    run: (r, remote) => call(remote, 'delete', `/licenses/${r.license}/assignments/${r.assignment}`),
    allowed: [200, 404],
  },
  {
    name: 'delete a person',
    run: (r, remote) => call(remote, 'delete', `/persons/${r.person}`),
    allowed: [200, 404],
  },
  {
    name: 'delete an asset',
    run: (r, remote) => call(remote, 'delete', `/assets/${r.asset}`),
    allowed: [200, 404],
  },
  {
    name: 'delete the license',
    run: (r, remote) => call(remote, 'delete', `/licenses/${r.license}`),
    allowed: [200, 404],
  },
  {
    name: 'add a key',
    run: (r, remote) => call(remote, 'post', `/licenses/${r.license}/keys`, { data: { value: `${r.keyValue}-ADDED`, label: 'added' } }),
    allowed: [201, 404],
    addsKey: () => 'added',
  },
  {
    name: 'remove a key',
    run: (r, remote) => call(remote, 'delete', `/licenses/${r.license}/keys/${r.key}`),
    allowed: [200, 404],
    removesKey: true,
  },
  {
    // One PUT with fields and key changes, in one transaction: raced against itself, both remove the
    // base key (one of them must find it gone: a 400 naming it) and each adds its own key.
    name: 'edit with keys',
    edit: EDIT_WITH_KEYS,
    run: (r, remote) =>
      call(remote, 'put', `/licenses/${r.license}`, {
        data: { ...EDIT_WITH_KEYS, keys: { remove: [r.key], add: [{ value: `${r.keyValue}-EDIT`, label: editLabel(remote) }] } },
      }),
    // 400: the base key was removed meanwhile; 409: quantity 9 below the seats used under block.
    allowed: [200, 400, 404, 409],
    addsKey: editLabel,
    removesKey: true,
  },
];

const ok = async (res: request.Response | Promise<request.Response>, status: number) => {
  const r = await res;
  if (r.status !== status) throw new Error(`expected ${status}, got ${r.status} ${JSON.stringify(r.body)}`);
  return r.body.data;
};

const setUp = async (base: Round['base']): Promise<Round> => {
  const keyValue = `RACE-KEY-${Math.random().toString(36).slice(2, 12).toUpperCase()}`;
  const [license, person, asset] = await Promise.all([
    created(app, '/licenses', {
      name: unique('Race'),
      software,
      quantity: 10,
      overAssignment: base,
      keys: [{ value: keyValue, label: 'base' }],
    }),
    makePerson(app),
    makeAsset(app),
  ]);
  const L = license.documentId;
  const full = base === 'allow' ? [persons[12]] : [];
  await ok(app.admin('put', `/licenses/${L}/persons`, { data: { persons: [...persons.slice(0, 8), person.documentId, ...full] } }), 200);
  await ok(app.admin('put', `/licenses/${L}/assets`, { data: { assets: [assets[0], asset.documentId] } }), 200);
  const list = await ok(app.admin('get', `/licenses/${L}/assignments?kind=person&pageSize=100`), 200);
  const assignment = list.find((a: any) => a.person.documentId === persons[0]).documentId;
  return { license: L, base, person: person.documentId, asset: asset.documentId, key: license.keys[0].documentId, keyValue, assignment };
};

const sorted = (xs: Iterable<string>) => [...xs].sort();

/** Checks a round's invariants; returns what is wrong, or nothing. */
const check = async (r: Round, a: Op, b: Op, answers: request.Response[]): Promise<string[]> => {
  const problems: string[] = [];
  [a, b].forEach((op, i) => {
    if (!op.allowed.includes(answers[i].status)) problems.push(`${op.name} answered ${answers[i].status} ${JSON.stringify(answers[i].body)}`);
  });

  const read = await app.admin('get', `/licenses/${r.license}`);
  const history = (await ok(app.admin('get', `/licenses/${r.license}/history?pageSize=100`), 200)).reverse();
  const deletedAt = history.findIndex((e: any) => e.action === 'deleted');
  if (deletedAt >= 0 && deletedAt !== history.length - 1) {
    problems.push(`history continues after 'deleted': ${history.slice(deletedAt + 1).map((e: any) => e.action).join(', ')}`);
  }
  if (read.status === 404) {
    if (deletedAt < 0) problems.push('the license is gone without a deleted event');
    // Nothing of a deleted license stays behind.
    const [keys, assignments] = await Promise.all([
      app.strapi.db.query(UID.key).count({ where: { license: { documentId: r.license } } }),
      app.strapi.db.query(UID.assignment).count({ where: { license: { documentId: r.license } } }),
    ]);
    if (keys || assignments) problems.push(`a deleted license left ${keys} keys and ${assignments} assignments`);
    return problems;
  }
  if (read.status !== 200) return [...problems, `GET the license answered ${read.status}`];
  const license = read.body.data;
  if (deletedAt >= 0) problems.push('the license has a deleted event but still exists');

  // The seat rule, counted in the database itself.
  const counted = license.assignmentModel === 'per_computer' ? 'asset' : 'person';
  const used = await app.strapi.db
    .query(UID.assignment)
    .count({ where: { license: { documentId: r.license }, [counted]: { id: { $notNull: true } } } });
  if (license.overAssignment === 'block' && used > license.quantity) {
    problems.push(`${used} ${counted}s use seats of ${license.quantity} under block (${license.assignmentModel})`);
  }
  if (license.seats.used !== used) problems.push(`seats.used ${license.seats.used} but ${used} counted`);

  // Every field a committed edit sent is there.
  [a, b].forEach((op, i) => {
    if (!op.edit || answers[i].status !== 200) return;
    for (const [field, value] of Object.entries(op.edit)) {
      if (license[field] !== value) problems.push(`${op.name} committed ${field}=${value}, but it is ${license[field]}`);
    }
  });

  // Each key a committed write added is there once, none of a refused one; a removed key is gone.
  const labels = license.keys.map((k: any) => k.label);
  const expected = new Map<string, number>();
  [a, b].forEach((op, i) => {
    if (!op.addsKey) return;
    const label = op.addsKey(i === 1);
    expected.set(label, (expected.get(label) ?? 0) + (answers[i].status < 300 ? 1 : 0));
  });
  for (const [label, n] of expected) {
    const found = labels.filter((l: string) => l === label).length;
    if (found !== n) problems.push(`${n} committed writes added a key labelled '${label}', the license has ${found}`);
  }
  const baseKept = license.keys.some((k: any) => k.documentId === r.key);
  [a, b].forEach((op, i) => {
    if (!op.removesKey) return;
    if (answers[i].status === 200 && baseKept) problems.push(`${op.name} removed the base key, but it is there`);
    if (answers[i].status === 400) {
      // Refused only because the other write removed the key first.
      const path = answers[i].body?.error?.details?.errors?.[0]?.path?.join('.');
      if (path !== 'keys.remove.0' || baseKept) problems.push(`${op.name} answered 400 on ${path}, with the base key ${baseKept ? 'still there' : 'gone'}`);
    }
  });

  // The history, replayed, gives the state.
  const replay = { persons: new Set<string>(), assets: new Set<string>(), keys: new Set<string>() };
  const last: Record<string, unknown> = {};
  for (const e of history) {
    for (const kind of ['persons', 'assets'] as const) {
      for (const x of e.changes?.[kind] ?? []) {
        if (e.action === 'assigned') replay[kind].add(x.documentId);
        if (e.action === 'unassigned') replay[kind].delete(x.documentId);
      }
    }
    // A key is added once and removed at most once: two writes removing it cannot both have done so.
    if (e.action === 'key_added' && replay.keys.has(e.changes.key)) problems.push(`key ${e.changes.key} added twice`);
    if (e.action === 'key_removed' && !replay.keys.has(e.changes.key)) problems.push(`key ${e.changes.key} removed while not there`);
    if (e.action === 'key_added') replay.keys.add(e.changes.key);
    if (e.action === 'key_removed') replay.keys.delete(e.changes.key);
    if (e.action === 'updated') for (const [f, c] of Object.entries<any>(e.changes)) last[f] = c.new;
  }
  const assignments = await ok(app.admin('get', `/licenses/${r.license}/assignments?pageSize=100`), 200);
  const actual = {
    persons: assignments.filter((x: any) => x.person).map((x: any) => x.person.documentId),
    assets: assignments.filter((x: any) => x.asset).map((x: any) => x.asset.documentId),
    keys: license.keys.map((k: any) => k.documentId),
  };
  for (const kind of ['persons', 'assets', 'keys'] as const) {
    if (JSON.stringify(sorted(replay[kind])) !== JSON.stringify(sorted(actual[kind]))) {
      problems.push(`history gives ${kind} ${sorted(replay[kind]).length}, the license has ${actual[kind].length}`);
    }
  }
  const orphans = assignments.filter((x: any) => !x.person && !x.asset).length;
  if (orphans) problems.push(`${orphans} assignments with neither person nor asset`);
  for (const [field, value] of Object.entries(last)) {
    if (field in license && typeof license[field] !== 'object' && license[field] !== value) {
      problems.push(`history's last ${field} is ${value}, the license has ${license[field]}`);
    }
  }
  return problems;
};

it(
  'holds every invariant when any two writes on one license race',
  async () => {
    software = (await makeSoftware(app)).documentId;
    persons = await Promise.all(Array.from({ length: 13 }, () => makePerson(app).then((p) => p.documentId)));
    assets = await Promise.all(Array.from({ length: 11 }, () => makeAsset(app).then((x) => x.documentId)));

    const pairs: [Op, Op][] = [];
    OPS.forEach((a, i) => OPS.slice(i).forEach((b) => pairs.push([a, b])));
    const roundsOf = (a: Op, b: Op) => (REPORTED.some(([x, y]) => (a.name === x && b.name === y) || (a.name === y && b.name === x)) ? 4 * ROUNDS : ROUNDS);
    const jobs = pairs.flatMap(([a, b]) =>
      Array.from({ length: roundsOf(a, b) }, (_, round) => ({ a, b, base: (round % 2 === 0 ? 'block' : 'allow') as Round['base'], swap: round % 4 >= 2 }))
    );
    const failures: string[] = [];
    let next = 0;
    const worker = async () => {
      while (next < jobs.length) {
        const { a, b, base, swap } = jobs[next++];
        const r = await setUp(base);
        // Both requests leave together; on PostgreSQL the second goes to the other process.
        const [first, then] = swap ? [b, a] : [a, b];
        const answers = await Promise.all([first.run(r, false), then.run(r, true)]);
        const problems = await check(r, first, then, answers);
        if (problems.length) failures.push(`[${first.name} | ${then.name}, ${base}] ${problems.join('; ')}`);
      }
    };
    await Promise.all(Array.from({ length: PARALLEL }, worker));

    const leaks = logged.filter((line) => /RACE-KEY-|v\d:[A-Za-z0-9+/=]+:/.test(line));
    expect({ rounds: jobs.length, failures, leaks }).toEqual({ rounds: (pairs.length + 3 * REPORTED.length) * ROUNDS, failures: [], leaks: [] });
  },
  30 * 60 * 1000
);
