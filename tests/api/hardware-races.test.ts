/**
 * Races on licenses counted per core or per processor (docs/domain.md, "Seats"): an asset's hardware
 * edit fired at the same moment as another write that moves the same license's units or seat total
 * (an assign, a set of its assets, a quantity, terms or model edit, a purchase write, another asset's
 * edit) or deletes what it counts (the asset, a license), many rounds; and a license's model change
 * to or from `site` (no limit) against an assignment.
 * Each round's sizes are chosen so that either write fits alone and both together would not (or, in
 * some rounds, so that both fit): under `block` exactly one may succeed, the other is a seat refusal,
 * and what the database holds afterwards is what the successful writes imply:
 *  - no answer outside the allowed statuses (never a 5xx), each 409 a seat refusal (or, where two
 *    writers lock in opposite orders, a deadlock answered as busy after its retries);
 *  - seats used never above the seat total on a blocked license;
 *  - the used units equal the formula (shared/units) over the final hardware and terms;
 *  - the kept counts equal the assignments (seatCounts.verify() finds nothing).
 * On PostgreSQL and MariaDB one write of each pair goes to a second Strapi process on the same
 * database (alternating sides and the order they are sent). HARDWARE_RACE_ROUNDS sets the rounds per pair.
 */
import type { ChildProcess } from 'node:child_process';
import request from 'supertest';
import { unitsOf } from '../../shared/units';
import type { SeatCountDifference } from '../../server/src/db/seat-counts';
import { startApp, unique, type TestApp } from './support/app';
import { created, makeLicense, makePerson, makeSoftware } from './support/fixtures';
import { freePort, serve, stop } from './support/second';

const ROUNDS = Number(process.env.HARDWARE_RACE_ROUNDS ?? 10);

let app: TestApp;
let second: ChildProcess | undefined;
let other: (() => ReturnType<typeof request>) | undefined;
let software = '';

beforeAll(async () => {
  app = await startApp({ asPluginAdmin: true });
  if (process.env.DATABASE_CLIENT === 'postgres' || process.env.DATABASE_CLIENT === 'mysql') {
    const port = await freePort();
    second = await serve({ ...process.env, PORT: String(port), HOST: '127.0.0.1' });
    other = () => request(`http://127.0.0.1:${port}`);
  }
  software = (await makeSoftware(app)).documentId;
}, 180000);
afterAll(async () => {
  await stop(second);
  await app?.stop();
});

type Send = (remote: boolean) => request.Test;
/** A write on the admin API of this process, or of the second one when `remote` and there is one. */
const write =
  (method: 'post' | 'put' | 'delete', url: string, data?: Record<string, unknown>): Send =>
  (remote) => {
    const req = (remote && other ? other() : app.http())[method](`/license-manager${url}`).set('Authorization', `Bearer ${app.adminToken}`);
    return data === undefined ? req : req.send({ data });
  };
const editAsset = (asset: string, data: Record<string, unknown>) => write('put', `/assets/${asset}`, data);
const editLicense = (license: string, data: Record<string, unknown>) => write('put', `/licenses/${license}`, data);
const assign = (license: string, asset: string) => write('post', `/licenses/${license}/assignments`, { asset });
const setAssets = (license: string, assets: string[]) => write('put', `/licenses/${license}/assets`, { assets });

/**
 * Both writes at once (Promise.all starts both requests in the same tick); the round decides which
 * one goes to the second process and which is sent first. Answers in the order of the writes.
 */
const race = async (round: number, a: Send, b: Send): Promise<[request.Response, request.Response]> => {
  const sent = [a(round % 2 === 1), b(round % 2 === 0)];
  const order = round % 4 < 2 ? [0, 1] : [1, 0];
  const answers = await Promise.all(order.map((i) => sent[i]));
  const out: request.Response[] = [];
  order.forEach((i, k) => (out[i] = answers[k]));
  return [out[0], out[1]];
};

const server = async (processors: number, coresPerProcessor: number | null) =>
  (await created(app, '/assets', { name: unique('Race server'), assetType: 'server', processors, coresPerProcessor })).documentId;
const perCore = async (data: Record<string, unknown>) =>
  (await makeLicense(app, { name: unique('Race per core'), software, assignmentModel: 'per_core', overAssignment: 'block', ...data })).documentId;
const assigned = async (license: string, assets: string[]) => {
  for (const asset of assets) {
    const res = await app.admin('post', `/licenses/${license}/assignments`, { data: { asset } });
    if (res.status !== 201) throw new Error(`assigning ${asset} → ${res.status} ${JSON.stringify(res.body)}`);
  }
};
const verify = (): Promise<SeatCountDifference[]> => app.strapi.plugin('license-manager').service('seatCounts').verify();

/** A 409 of the seat rule: an asset edit's shortfall, an assign's `requested`, an edit's or a purchase write's `used` above the total. */
const seatRefusal = (res: request.Response) => {
  const d = res.body?.error?.details ?? {};
  return (
    res.status === 409 &&
    (d.licenses?.some((l: { reason: string }) => l.reason === 'seats') || 'requested' in d || ('used' in d && ('quantity' in d || 'total' in d)))
  );
};
/** A 409 after a deadlock's retries ran out (writeTransaction): allowed, but counted. */
const busy = (res: request.Response) => res.status === 409 && /being changed by other requests/.test(res.body?.error?.message ?? '');

/** What the database holds after a round: the license's terms, seats and assigned assets, and each asset's hardware. */
const stateOf = async (license: string) => {
  const l = (await app.admin('get', `/licenses/${license}`)).body.data;
  const list = (await app.admin('get', `/licenses/${license}/assignments?kind=asset&pageSize=100`)).body.data;
  return { ...l, assets: list.map((a: { asset: { documentId: string } }) => a.asset.documentId).sort() as string[] };
};
const hardwareOf = async (asset: string) => {
  const a = (await app.admin('get', `/assets/${asset}`)).body.data;
  return { processors: a.processors as number, coresPerProcessor: a.coresPerProcessor as number | null };
};

/** The invariants on one license after a round; its problems, prefixed with the round. */
const checkLicense = async (label: string, license: string, expected: { assets: string[]; [field: string]: unknown }): Promise<string[]> => {
  const problems: string[] = [];
  const s = await stateOf(license);
  const { assets, ...fields } = expected;
  for (const [f, v] of Object.entries(fields))
    if (s[f] !== v) problems.push(`${label}: ${f} is ${JSON.stringify(s[f])}, the successful writes imply ${JSON.stringify(v)}`);
  if (JSON.stringify(s.assets) !== JSON.stringify([...assets].sort())) problems.push(`${label}: assets ${s.assets}, expected ${[...assets].sort()}`);
  const formula = (await Promise.all(s.assets.map(hardwareOf))).reduce((sum: number, hw) => sum + (unitsOf(s, hw) ?? NaN), 0);
  if (s.seats.used !== formula) problems.push(`${label}: ${s.seats.used} units used, the formula over the final hardware says ${formula}`);
  if (s.overAssignment === 'block' && s.seats.used > s.seats.total) problems.push(`${label}: ${s.seats.used} used of ${s.seats.total} under block`);
  return problems;
};

/** Every pair's tally, so each test can show it did refuse and did commit. */
const tally = () => ({ both: 0, one: 0, refused: 0, busy: 0 });

/**
 * Checks a round's two answers: allowed statuses, each 409 a seat refusal (or busy where `busyAllowed`),
 * and not both successful when `exclusive` (together they would exceed the seats). Returns which succeeded.
 */
const judge = (
  label: string,
  answers: [request.Response, request.Response],
  ok: [number, number],
  exclusive: boolean,
  t: ReturnType<typeof tally>,
  problems: string[],
  busyAllowed = false,
): [boolean, boolean] => {
  const won = answers.map((r, i) => r.status === ok[i]) as [boolean, boolean];
  answers.forEach((r, i) => {
    if (r.status === ok[i]) return;
    if (busyAllowed && busy(r)) t.busy++;
    else if (seatRefusal(r)) t.refused++;
    else problems.push(`${label}: write ${i} answered ${r.status} ${JSON.stringify(r.body)}`);
  });
  if (won[0] && won[1]) t.both++;
  else if (won[0] || won[1]) t.one++;
  if (exclusive && won[0] && won[1]) problems.push(`${label}: both writes succeeded, together they exceed the seats`);
  // Either fits alone: only a busy answer may leave neither done.
  if (!won[0] && !won[1] && !answers.some(busy)) problems.push(`${label}: both writes refused, though either fits alone`);
  if (!exclusive && !(won[0] && won[1]) && !answers.some(busy)) problems.push(`${label}: a write was refused though both fit`);
  return won;
};

const rounds = async (label: string, t: ReturnType<typeof tally>, round: (n: number, problems: string[]) => Promise<void>) => {
  const problems: string[] = [];
  // Each round's writes race a whole-register compliance report, which works their noted rows in (docs/domain.md, "Kept compliance rows").
  const report = () => app.http().get('/license-manager/compliance?pageSize=1').set('Authorization', `Bearer ${app.adminToken}`);
  for (let n = 0; n < ROUNDS; n++) {
    const [, reported] = await Promise.all([round(n, problems), report()]);
    if (reported.status !== 200) problems.push(`${label}: the report answered ${reported.status}`);
  }
  console.log(`hardware races, ${label} (${process.env.DATABASE_CLIENT ?? 'sqlite'}${other ? ', two processes' : ''}): ${JSON.stringify(t)}`);
  const differences = await verify();
  const kept = await app.strapi.plugin('license-manager').service('compliance').keptDifferences();
  expect({ label, problems, differences, kept }).toEqual({ label, problems: [], differences: [], kept: [] });
};

it('an asset hardware edit ‖ an assign of another asset to the same per-core license: one of them, never both past the seats', async () => {
  const t = tally();
  await rounds('edit ‖ assign', t, async (n, problems) => {
    // 16 cores; A uses 4 and grows to 10 (by its cores, or by its processors), B would use 8: 10 + 4, 4 + 8 fit, 10 + 8 does not.
    const byProcessors = n % 3 === 1;
    const [license, a, b] = await Promise.all([perCore({ quantity: 16 }), byProcessors ? server(2, 2) : server(1, 4), server(1, 8)]);
    await assigned(license, [a]);
    const edit = byProcessors ? { processors: 5 } : { coresPerProcessor: 10 };
    const answers = await race(n, editAsset(a, edit), assign(license, b));
    const [edited, added] = judge(`round ${n}`, answers, [200, 201], true, t, problems);
    problems.push(...(await checkLicense(`round ${n}`, license, { assets: added ? [a, b] : [a], quantity: 16 })));
    const hw = await hardwareOf(a);
    const want = byProcessors ? { processors: edited ? 5 : 2, coresPerProcessor: 2 } : { processors: 1, coresPerProcessor: edited ? 10 : 4 };
    if (JSON.stringify(hw) !== JSON.stringify(want)) problems.push(`round ${n}: asset hardware ${JSON.stringify(hw)} after edited=${edited}`);
  });
  // The rounds raced: every one had exactly one winner and one seat refusal.
  expect(t).toEqual({ both: 0, one: ROUNDS, refused: ROUNDS, busy: 0 });
}, 120000);

it('an asset hardware edit ‖ lowering the license quantity: the total never falls below the units in use', async () => {
  const t = tally();
  await rounds('edit ‖ quantity', t, async (n, problems) => {
    // A and C use 4 each of 16 (14 and a 2-seat purchase in odd rounds); A grows to 8 (12 used), the quantity falls by 6 (a total of 10).
    const withPurchase = n % 2 === 1;
    const quantity = withPurchase ? 14 : 16;
    const [license, a, c] = await Promise.all([perCore({ quantity }), server(1, 4), server(2, 2)]);
    if (withPurchase) {
      const p = await app.admin('post', `/licenses/${license}/purchases`, { data: { quantity: 2 } });
      if (p.status !== 201) throw new Error(`purchase → ${p.status} ${JSON.stringify(p.body)}`);
    }
    await assigned(license, [a, c]);
    const answers = await race(n, editAsset(a, { coresPerProcessor: 8 }), editLicense(license, { quantity: quantity - 6 }));
    const [edited, lowered] = judge(`round ${n}`, answers, [200, 200], true, t, problems);
    problems.push(...(await checkLicense(`round ${n}`, license, { assets: [a, c], quantity: lowered ? quantity - 6 : quantity })));
    if ((await hardwareOf(a)).coresPerProcessor !== (edited ? 8 : 4)) problems.push(`round ${n}: asset cores do not follow edited=${edited}`);
  });
  expect(t).toEqual({ both: 0, one: ROUNDS, refused: ROUNDS, busy: 0 });
}, 120000);

it('two assets’ hardware edits on two per-core licenses both are assigned to: no deadlock, never past the seats, units by the formula', async () => {
  const t = tally();
  await rounds('edit ‖ edit', t, async (n, problems) => {
    // L1: 16 cores at factor 1; L2: 8 at factor 0.5. A and B use 4 (L1) and 2 (L2) each.
    // Exclusive rounds: both grow to 10 cores (14 and 7 alone, 20 and 10 together: past both licenses).
    // Other rounds: A grows to 12, B shrinks to 2 (16 and 8 alone, 14 and 7 together): both fit.
    const exclusive = n % 3 !== 2;
    const [l1, l2, a, b] = await Promise.all([perCore({ quantity: 16 }), perCore({ quantity: 8, coreFactor: '0.5' }), server(1, 4), server(1, 4)]);
    await assigned(l1, [a, b]);
    await assigned(l2, [a, b]);
    const [toA, toB] = exclusive ? [10, 10] : [12, 2];
    const answers = await race(n, editAsset(a, { coresPerProcessor: toA }), editAsset(b, { coresPerProcessor: toB }));
    const [editedA, editedB] = judge(`round ${n}`, answers, [200, 200], exclusive, t, problems, true);
    for (const l of [l1, l2]) problems.push(...(await checkLicense(`round ${n}`, l, { assets: [a, b] })));
    const [hwA, hwB] = await Promise.all([hardwareOf(a), hardwareOf(b)]);
    if (hwA.coresPerProcessor !== (editedA ? toA : 4) || hwB.coresPerProcessor !== (editedB ? toB : 4))
      problems.push(`round ${n}: hardware ${JSON.stringify([hwA, hwB])} after edited=${[editedA, editedB]}`);
  });
  const exclusiveRounds = Array.from({ length: ROUNDS }, (_, n) => n % 3 !== 2).filter(Boolean).length;
  // Lock order (each asset, then the licenses in id order) leaves nothing to retry.
  expect(t).toEqual({ both: ROUNDS - exclusiveRounds, one: exclusiveRounds, refused: exclusiveRounds, busy: 0 });
}, 120000);

it('an asset hardware edit ‖ a license model or per-core terms edit: one of them, the units by the formula over what committed', async () => {
  const t = tally();
  await rounds('edit ‖ terms', t, async (n, problems) => {
    // Even rounds, per core with 13 seats: A and B use 4 each; A grows to 8 cores (12), or the minimum per server
    // becomes 6 (12); both: 8 + 6 = 14. Odd rounds, per processor with 9 seats: A and B use 1 each; A grows to 2
    // processors (3), or the model becomes per core (4 + 4 = 8); both: 8 + 4 = 12.
    const terms = n % 2 === 0;
    const quantity = terms ? 13 : 9;
    const [license, a, b] = await Promise.all([
      terms ? perCore({ quantity }) : perCore({ quantity, assignmentModel: 'per_processor' }),
      server(1, 4),
      server(1, 4),
    ]);
    await assigned(license, [a, b]);
    const assetEdit = terms ? { coresPerProcessor: 8 } : { processors: 2 };
    const licenseEdit = terms ? { minCoresPerServer: 6 } : { assignmentModel: 'per_core' };
    const answers = await race(n, editAsset(a, assetEdit), editLicense(license, licenseEdit));
    // The license edit locks the license, then reads the assets under shared locks; the asset edit locks the asset,
    // then the license: opposite orders, so one may be a deadlock victim run again (or, past its retries, busy).
    const [edited, changed] = judge(`round ${n}`, answers, [200, 200], true, t, problems, true);
    const expected = terms
      ? { assets: [a, b], assignmentModel: 'per_core', minCoresPerServer: changed ? 6 : 0 }
      : { assets: [a, b], assignmentModel: changed ? 'per_core' : 'per_processor' };
    problems.push(...(await checkLicense(`round ${n}`, license, expected)));
    const hw = await hardwareOf(a);
    if (terms ? hw.coresPerProcessor !== (edited ? 8 : 4) : hw.processors !== (edited ? 2 : 1))
      problems.push(`round ${n}: asset hardware ${JSON.stringify(hw)} after edited=${edited}`);
  });
  // Each round had a winner and a refusal, unless a deadlock's retries ran out (then at most that).
  expect(t.both).toBe(0);
  expect(t.one + t.busy).toBeGreaterThanOrEqual(ROUNDS);
  expect(t.refused).toBeGreaterThan(0);
}, 180000);

it('an asset hardware edit ‖ a purchase write that lowers the seat total: never below the units in use', async () => {
  const t = tally();
  await rounds('edit ‖ purchase', t, async (n, problems) => {
    // 10 cores and a 6-core purchase (16); A and C use 4 each. A grows to 8 (12 used), or the purchase is deleted
    // (even rounds) or lowered to 1 (odd rounds: a total of 11): each fits alone, not both.
    const [license, a, c] = await Promise.all([perCore({ quantity: 10 }), server(1, 4), server(2, 2)]);
    const p = await app.admin('post', `/licenses/${license}/purchases`, { data: { quantity: 6 } });
    if (p.status !== 201) throw new Error(`purchase → ${p.status} ${JSON.stringify(p.body)}`);
    await assigned(license, [a, c]);
    const url = `/licenses/${license}/purchases/${p.body.data.documentId}`;
    const purchaseWrite = n % 2 === 0 ? write('delete', url) : write('put', url, { quantity: 1 });
    const answers = await race(n, editAsset(a, { coresPerProcessor: 8 }), purchaseWrite);
    const [edited, lowered] = judge(`round ${n}`, answers, [200, 200], true, t, problems);
    const total = lowered ? (n % 2 === 0 ? 10 : 11) : 16;
    problems.push(...(await checkLicense(`round ${n}`, license, { assets: [a, c] })));
    const seats = (await stateOf(license)).seats;
    if (seats.total !== total) problems.push(`round ${n}: seat total ${seats.total} after lowered=${lowered}, expected ${total}`);
    if ((await hardwareOf(a)).coresPerProcessor !== (edited ? 8 : 4)) problems.push(`round ${n}: asset cores do not follow edited=${edited}`);
  });
  expect(t).toEqual({ both: 0, one: ROUNDS, refused: ROUNDS, busy: 0 });
}, 120000);

it('an asset hardware edit ‖ setting the license’s assets: one of them, never both past the seats', async () => {
  const t = tally();
  await rounds('edit ‖ set assets', t, async (n, problems) => {
    // 16 cores; A uses 4 and grows to 10, or the set becomes A and B (8): 10 and 12 fit alone, 18 does not.
    const [license, a, b] = await Promise.all([perCore({ quantity: 16 }), server(1, 4), server(1, 8)]);
    await assigned(license, [a]);
    const answers = await race(n, editAsset(a, { coresPerProcessor: 10 }), setAssets(license, [a, b]));
    const [edited, set] = judge(`round ${n}`, answers, [200, 200], true, t, problems, true);
    problems.push(...(await checkLicense(`round ${n}`, license, { assets: set ? [a, b] : [a] })));
    if ((await hardwareOf(a)).coresPerProcessor !== (edited ? 10 : 4)) problems.push(`round ${n}: asset cores do not follow edited=${edited}`);
  });
  expect(t.both).toBe(0);
  expect(t.one + t.busy).toBeGreaterThanOrEqual(ROUNDS);
  expect(t.refused).toBeGreaterThan(0);
}, 120000);

it('a per-core terms edit ‖ setting the license’s assets: one of them, the units by the formula over what committed', async () => {
  const t = tally();
  await rounds('terms ‖ set assets', t, async (n, problems) => {
    // 13 cores; A uses 4. The minimum per server becomes 7 (7 used), or the set becomes A and B (8): both, 14.
    const [license, a, b] = await Promise.all([perCore({ quantity: 13 }), server(1, 4), server(1, 4)]);
    await assigned(license, [a]);
    const answers = await race(n, editLicense(license, { minCoresPerServer: 7 }), setAssets(license, [a, b]));
    const [changed, set] = judge(`round ${n}`, answers, [200, 200], true, t, problems, true);
    problems.push(...(await checkLicense(`round ${n}`, license, { assets: set ? [a, b] : [a], minCoresPerServer: changed ? 7 : 0 })));
  });
  expect(t.both).toBe(0);
  expect(t.one + t.busy).toBeGreaterThanOrEqual(ROUNDS);
  expect(t.refused).toBeGreaterThan(0);
}, 120000);

it('an asset hardware edit ‖ deleting that asset, or a license it is assigned to: no 5xx, no stale units', async () => {
  const problems: string[] = [];
  const seen: Record<string, number> = {};
  for (let n = 0; n < ROUNDS; n++) {
    // Two per-core licenses on A (4 cores) and C; A grows to 6. Even rounds delete A, odd rounds delete the first license.
    const [l1, l2, a, c] = await Promise.all([perCore({ quantity: 16 }), perCore({ quantity: 16 }), server(1, 4), server(1, 4)]);
    await assigned(l1, [a, c]);
    await assigned(l2, [a, c]);
    const deleteAsset = n % 2 === 0;
    const [edit, del] = await race(n, editAsset(a, { coresPerProcessor: 6 }), write('delete', deleteAsset ? `/assets/${a}` : `/licenses/${l1}`));
    seen[`${deleteAsset ? 'asset' : 'license'} ${edit.status}/${del.status}`] =
      (seen[`${deleteAsset ? 'asset' : 'license'} ${edit.status}/${del.status}`] ?? 0) + 1;
    // The delete always succeeds; the edit too, or (the asset deleted first) a 404.
    if (del.status !== 200) problems.push(`round ${n}: delete answered ${del.status} ${JSON.stringify(del.body)}`);
    if (edit.status !== 200 && !(deleteAsset && edit.status === 404)) problems.push(`round ${n}: edit answered ${edit.status} ${JSON.stringify(edit.body)}`);
    for (const l of deleteAsset ? [l1, l2] : [l2]) problems.push(...(await checkLicense(`round ${n}`, l, { assets: deleteAsset ? [c] : [a, c] })));
    if (!deleteAsset && (await hardwareOf(a)).coresPerProcessor !== 6) problems.push(`round ${n}: the edit did not commit`);
  }
  console.log(`hardware races, edit ‖ delete (${process.env.DATABASE_CLIENT ?? 'sqlite'}${other ? ', two processes' : ''}): ${JSON.stringify(seen)}`);
  expect({ problems, differences: await verify() }).toEqual({ problems: [], differences: [] });
}, 120000);

/** A site-wide license (docs/domain.md, "Seats": no limit) under `block`, with persons assigned. */
const siteWith = async (persons: string[], data: Record<string, unknown> = {}) => {
  const license = (await makeLicense(app, { name: unique('Race site'), software, assignmentModel: 'site', overAssignment: 'block', ...data })).documentId;
  for (const person of persons) {
    const res = await app.admin('post', `/licenses/${license}/assignments`, { data: { person } });
    if (res.status !== 201) throw new Error(`assigning ${person} → ${res.status} ${JSON.stringify(res.body)}`);
  }
  return license;
};
const personIds = (count: number) => Promise.all(Array.from({ length: count }, () => makePerson(app).then((p) => p.documentId as string)));
const assignPerson = (license: string, person: string) => write('post', `/licenses/${license}/assignments`, { person });
/** The license's history, oldest first. */
const historyOf = async (license: string) =>
  [...(await app.strapi.plugin('license-manager').service('history').list(license, 1, 100)).data].reverse() as Array<{ action: string; changes: any }>;

it('a model change from site to per user ‖ an assignment: the limit that appears is never passed under block', async () => {
  const t = tally();
  await rounds('site → per user ‖ assign', t, async (n, problems) => {
    // Two persons on a site license; it becomes per user with 2 seats, or a third person is assigned (no limit yet):
    // either alone fits, both would put 3 persons on 2 seats.
    const [p1, p2, p3] = await personIds(3);
    const license = await siteWith([p1, p2], { quantity: 5 });
    const answers = await race(n, editLicense(license, { assignmentModel: 'per_user', quantity: 2 }), assignPerson(license, p3));
    const [changed, added] = judge(`round ${n}`, answers, [200, 201], true, t, problems);
    const s = await stateOf(license);
    const expected = changed ? { assignmentModel: 'per_user', quantity: 2, total: 2 } : { assignmentModel: 'site', quantity: 5, total: null };
    const got = { assignmentModel: s.assignmentModel, quantity: s.quantity, total: s.seats.total };
    if (JSON.stringify(got) !== JSON.stringify(expected)) problems.push(`round ${n}: ${JSON.stringify(got)} after changed=${changed}`);
    if (s.seats.used !== (added ? 3 : 2)) problems.push(`round ${n}: ${s.seats.used} persons used after added=${added}`);
    if (s.seats.total !== null && s.seats.used > s.seats.total) problems.push(`round ${n}: ${s.seats.used} used of ${s.seats.total} under block`);
  });
  expect(t).toEqual({ both: 0, one: ROUNDS, refused: ROUNDS, busy: 0 });
}, 120000);

it('a model change from per user to site ‖ an assignment past the limit: the assignment holds only once the limit is gone', async () => {
  const seen = { before: 0, after: 0 };
  const problems: string[] = [];
  for (let n = 0; n < ROUNDS; n++) {
    // Two persons on 2 seats: the third is refused while the license is per user, and fits once it is site-wide.
    const [p1, p2, p3] = await personIds(3);
    const license = await siteWith([p1, p2], { quantity: 2 });
    const limited = await app.admin('put', `/licenses/${license}`, { data: { assignmentModel: 'per_user' } });
    if (limited.status !== 200) throw new Error(`per user → ${limited.status} ${JSON.stringify(limited.body)}`);
    const [edit, add] = await race(n, editLicense(license, { assignmentModel: 'site' }), assignPerson(license, p3));
    if (edit.status !== 200) problems.push(`round ${n}: the model change answered ${edit.status} ${JSON.stringify(edit.body)}`);
    if (add.status !== 201 && !seatRefusal(add)) problems.push(`round ${n}: the assignment answered ${add.status} ${JSON.stringify(add.body)}`);
    // An assignment that held came after the model change, in the order the license's lock gave them.
    const actions = (await historyOf(license)).map((e) => (e.action === 'updated' && e.changes.assignmentModel?.new === 'site' ? 'to site' : e.action));
    const [toSite, assigned] = [actions.lastIndexOf('to site'), actions.lastIndexOf('assigned')];
    if (add.status === 201 && !(toSite >= 0 && assigned > toSite))
      problems.push(`round ${n}: assigned past the limit before the change (${actions.join(', ')})`);
    seen[add.status === 201 ? 'after' : 'before']++;
    const s = await stateOf(license);
    if (s.assignmentModel !== 'site' || s.seats.total !== null || s.seats.used !== (add.status === 201 ? 3 : 2))
      problems.push(`round ${n}: ${s.assignmentModel}, seats ${JSON.stringify(s.seats)} after the assignment answered ${add.status}`);
  }
  console.log(
    `hardware races, per user → site ‖ assign (${process.env.DATABASE_CLIENT ?? 'sqlite'}${other ? ', two processes' : ''}): ${JSON.stringify(seen)}`,
  );
  expect({ problems, differences: await verify() }).toEqual({ problems: [], differences: [] });
  expect(seen.before + seen.after).toBe(ROUNDS);
}, 120000);
