/**
 * Thousands of mixed writes over HTTP, several at a time, on a few licenses; then the seat counts
 * each license keeps must equal its assignments (verify finds no difference), also when verified
 * while the writes run. The writes: assigns and unassigns, "set persons/assets" replacements,
 * person and asset deletes, model, quantity and policy changes, and rollbacks: refusals under
 * `block`, a set naming a deleted person, an edit whose key removal fails after its fields were
 * written, assignment imports that abort or are dry runs after some rows were written.
 * SEAT_RANDOM_SEED picks the sequence (printed), SEAT_RANDOM_OPS their number. On PostgreSQL every
 * other request goes to a second Strapi process on the same database.
 */
import type { ChildProcess } from 'node:child_process';
import request from 'supertest';
import type { SeatCountDifference } from '../../server/src/db/seat-counts';
import { startApp, unique, type TestApp } from './support/app';
import { created, makeLicense, makeSoftware } from './support/fixtures';
import { csv, withImportFile } from './support/import';
import { freePort, serve, stop } from './support/second';

const SEED = Number(process.env.SEAT_RANDOM_SEED ?? 20261128);
const OPS = Number(process.env.SEAT_RANDOM_OPS ?? 2000);
const PARALLEL = 8;
const LICENSES = 6;
const POOL = 16;
let PORT = 0;

let app: TestApp;
let second: ChildProcess | undefined;
let other: (() => ReturnType<typeof request>) | undefined;

beforeAll(async () => {
  PORT = await freePort();
  app = await startApp({ asPluginAdmin: true });
  if (process.env.DATABASE_CLIENT === 'postgres') {
    second = await serve({ ...process.env, PORT: String(PORT), HOST: '127.0.0.1' });
    const base = `http://127.0.0.1:${PORT}`;
    other = () => request(base);
  }
}, 180000);
afterAll(async () => {
  await stop(second);
  await app?.stop();
});

/** mulberry32: the same sequence of operations for the same seed. */
const prng = (seed: number) => () => {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};

const verify = (): Promise<SeatCountDifference[]> => app.strapi.plugin('license-manager').service('seatCounts').verify();

interface Target {
  documentId: string;
  key: string;
}
interface License {
  documentId: string;
  name: string;
  assignments: string[];
}

it(
  'keeps every license’s seat counts equal to its assignments through thousands of concurrent writes',
  async () => {
    console.log(`seat counts, randomized: seed ${SEED}, ${OPS} operations, ${PARALLEL} at a time (SEAT_RANDOM_SEED, SEAT_RANDOM_OPS)`);
    const rand = prng(SEED);
    const int = (n: number) => Math.floor(rand() * n);
    const pick = <T>(list: T[]): T | undefined => list[int(list.length)];
    const some = <T>(list: T[], max: number): T[] => list.filter(() => rand() < max / Math.max(1, list.length));

    const software = (await makeSoftware(app)).documentId;
    const newPerson = async (): Promise<Target> => {
      const email = `${unique('seat').replace(/\W/g, '.')}@example.test`;
      return { documentId: (await created(app, '/persons', { firstName: 'Seat', lastName: unique('Random'), email })).documentId, key: email };
    };
    const newAsset = async (): Promise<Target> => {
      const inventoryNumber = unique('SEAT-INV').replace(/\W/g, '-');
      return {
        documentId: (await created(app, '/assets', { name: unique('Seat asset'), assetType: 'laptop', inventoryNumber })).documentId,
        key: inventoryNumber,
      };
    };
    const persons = await Promise.all(Array.from({ length: POOL }, newPerson));
    const assets = await Promise.all(Array.from({ length: POOL / 2 }, newAsset));
    const licenses: License[] = [];
    for (let i = 0; i < LICENSES; i++) {
      const l = await makeLicense(app, {
        software,
        quantity: 2 + int(5),
        assignmentModel: i % 3 === 2 ? 'per_computer' : 'per_user',
        overAssignment: i % 2 ? 'allow' : 'block',
        keys: [{ value: `SEAT-RANDOM-${i}-${SEED}`, label: 'k' }],
      });
      licenses.push({ documentId: l.documentId, name: l.name, assignments: [] });
    }

    let sent = 0;
    const call = (method: 'get' | 'post' | 'put' | 'delete', url: string) => {
      const base = sent++ % 2 && other ? other() : app.http();
      return base[method](`/license-manager${url}`).set('Authorization', `Bearer ${app.adminToken}`);
    };
    const ids = (list: Target[]) => list.map((t) => t.documentId);
    const upload = (l: License, rows: string[][], form: Record<string, string>) =>
      withImportFile(
        call('post', '/assignments/import'),
        'assignments',
        csv([['license', 'personEmail', 'assetInventoryNumber'], ...rows.map((r) => [l.name, ...r])]),
        form,
      );

    type Op = { name: string; weight: number; run: (l: License) => Promise<request.Response> | request.Test; allowed: number[] };
    const ops: Op[] = [
      {
        name: 'assign a person',
        weight: 18,
        allowed: [201, 400, 409],
        run: (l) => call('post', `/licenses/${l.documentId}/assignments`).send({ data: { person: pick(persons)!.documentId } }),
      },
      {
        name: 'assign an asset',
        weight: 10,
        allowed: [201, 400, 409],
        run: (l) => call('post', `/licenses/${l.documentId}/assignments`).send({ data: { asset: pick(assets)!.documentId } }),
      },
      {
        name: 'unassign',
        weight: 16,
        allowed: [200, 404],
        // An assignment some request made (maybe gone since: a 404).
        run: (l) =>
          call('delete', `/licenses/${l.documentId}/assignments/${l.assignments.splice(int(l.assignments.length), 1)[0] ?? 'nonexistentassignment00'}`),
      },
      {
        name: 'set persons',
        weight: 7,
        allowed: [200, 400, 409],
        run: (l) => call('put', `/licenses/${l.documentId}/persons`).send({ data: { persons: ids(some(persons, 4)) } }),
      },
      {
        name: 'set assets',
        weight: 5,
        allowed: [200, 400, 409],
        run: (l) => call('put', `/licenses/${l.documentId}/assets`).send({ data: { assets: ids(some(assets, 3)) } }),
      },
      {
        name: 'set persons with one unknown',
        weight: 2,
        allowed: [400],
        run: (l) => call('put', `/licenses/${l.documentId}/persons`).send({ data: { persons: [...ids(some(persons, 2)), 'unknownpersondocument00'] } }),
      },
      {
        name: 'delete a person',
        weight: 4,
        allowed: [200, 404],
        run: async () => {
          const [gone] = persons.splice(int(persons.length), 1);
          persons.push(await newPerson());
          return call('delete', `/persons/${gone.documentId}`);
        },
      },
      {
        name: 'delete an asset',
        weight: 3,
        allowed: [200, 404],
        run: async () => {
          const [gone] = assets.splice(int(assets.length), 1);
          assets.push(await newAsset());
          return call('delete', `/assets/${gone.documentId}`);
        },
      },
      {
        name: 'change the model',
        weight: 4,
        allowed: [200, 409],
        run: (l) => call('put', `/licenses/${l.documentId}`).send({ data: { assignmentModel: rand() < 0.5 ? 'per_user' : 'per_computer' } }),
      },
      {
        name: 'change the quantity',
        weight: 5,
        allowed: [200, 409],
        run: (l) => call('put', `/licenses/${l.documentId}`).send({ data: { quantity: 1 + int(7) } }),
      },
      {
        name: 'change the policy',
        weight: 3,
        allowed: [200, 409],
        run: (l) => call('put', `/licenses/${l.documentId}`).send({ data: { overAssignment: rand() < 0.5 ? 'block' : 'allow' } }),
      },
      {
        name: 'edit rolled back by its key removal',
        weight: 2,
        allowed: [400, 409],
        run: (l) => call('put', `/licenses/${l.documentId}`).send({ data: { quantity: 1 + int(7), keys: { remove: ['nonexistentkeydocument0'] } } }),
      },
      {
        name: 'import assignments',
        weight: 6,
        // 400: an aborted import (a row refused), nothing committed; 409: busy.
        allowed: [200, 400, 409],
        run: (l) => {
          const rows = [...some(persons, 2).map((p) => [p.key, '']), ...some(assets, 1).map((a) => ['', a.key])];
          // Sometimes a row that fails after the others were written.
          if (rand() < 0.4) rows.push(['nobody-here@example.test', '']);
          const form = { onError: rand() < 0.5 ? 'abort' : 'skip', dryRun: rand() < 0.25 ? 'true' : 'false' };
          return upload(l, rows, form);
        },
      },
    ];
    const total = ops.reduce((s, o) => s + o.weight, 0);
    const nextOp = () => {
      let w = int(total);
      return ops.find((o) => (w -= o.weight) < 0)!;
    };

    const failures: string[] = [];
    const answered = new Map<string, Map<number, number>>(ops.map((o) => [o.name, new Map()]));
    const midway: SeatCountDifference[] = [];
    let next = 0;
    const worker = async () => {
      while (next < OPS) {
        const n = next++;
        const op = nextOp();
        const license = licenses[int(licenses.length)];
        const res = await op.run(license);
        const seen = answered.get(op.name)!;
        seen.set(res.status, (seen.get(res.status) ?? 0) + 1);
        if (!op.allowed.includes(res.status)) failures.push(`#${n} ${op.name}: ${res.status} ${JSON.stringify(res.body)}`);
        if (res.status === 201 && res.body.data?.documentId) license.assignments.push(res.body.data.documentId);
        // Readers never see a write half done: counts and assignments commit together.
        if (n % 250 === 0) midway.push(...(await verify()));
      }
    };
    await Promise.all(Array.from({ length: PARALLEL }, worker));

    const summary = Object.fromEntries([...answered].map(([name, m]) => [name, Object.fromEntries(m)]));
    console.log(`seat counts, randomized (seed ${SEED}): answers ${JSON.stringify(summary)}`);
    const finals = await Promise.all(licenses.map(async (l) => (await app.admin('get', `/licenses/${l.documentId}`)).body.data));
    const overBlocked = finals.filter((l) => l.overAssignment === 'block' && l.seats.used > l.quantity).map((l) => l.name);
    expect({ failures, midway, overBlocked, final: await verify() }).toEqual({ failures: [], midway: [], overBlocked: [], final: [] });
    // The run did what it claims: seats refused, writes rolled back, and writes committed.
    const count = (name: string, status: number) => answered.get(name)!.get(status) ?? 0;
    expect(count('assign a person', 409) + count('set persons', 409)).toBeGreaterThan(0);
    expect(count('assign a person', 201) + count('assign an asset', 201)).toBeGreaterThan(0);
    expect(count('unassign', 200) + count('delete a person', 200) + count('set persons', 200)).toBeGreaterThan(0);
    expect(count('import assignments', 400) + count('edit rolled back by its key removal', 400)).toBeGreaterThan(0);
  },
  15 * 60 * 1000,
);
