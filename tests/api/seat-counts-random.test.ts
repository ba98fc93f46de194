/**
 * Thousands of mixed writes over HTTP, several at a time, on a few licenses; then the seat counts
 * each license keeps must equal its assignments (verify finds no difference), also when verified
 * while the writes run. The writes: assigns and unassigns, "set persons/assets" replacements,
 * person and asset deletes, model (site included), quantity and policy changes, assets' hardware edits (processors,
 * cores per processor, cleared cores) and per-core terms edits on licenses that count per core or per
 * processor (their seats are units, shared/units), and rollbacks: refusals under
 * `block`, a set naming a deleted person, an edit whose key removal fails after its fields were
 * written, assignment imports that abort or are dry runs after some rows were written.
 * The compliance report is read among the writes, and between rounds of 250 operations every kept
 * compliance row must be the row worked out afresh (docs/domain.md, "Kept compliance rows").
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
/** The kept compliance rows that differ from the rows worked out afresh, after working in what is noted. */
const keptDifferences = (): Promise<unknown[]> => app.strapi.plugin('license-manager').service('compliance').keptDifferences();
/** Operations per round: the kept compliance rows are checked between rounds. */
const ROUND = 250;

interface Target {
  documentId: string;
  key: string;
}
interface License {
  documentId: string;
  name: string;
  assignments: string[];
  /** Started per core or per processor: its model changes stay mostly among those (persons assigned meanwhile would keep it out). */
  hardware: boolean;
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
    /** Processors and cores as an asset edit sends them: sometimes the cores unknown (no per-core license can count it). */
    const hardware = () => ({ processors: 1 + int(2), coresPerProcessor: rand() < 0.15 ? null : 1 + int(12) });
    const newAsset = async (): Promise<Target> => {
      const inventoryNumber = unique('SEAT-INV').replace(/\W/g, '-');
      return {
        documentId: (await created(app, '/assets', { name: unique('Seat asset'), assetType: 'server', inventoryNumber, ...hardware() })).documentId,
        key: inventoryNumber,
      };
    };
    const persons = await Promise.all(Array.from({ length: POOL }, newPerson));
    const assets = await Promise.all(Array.from({ length: POOL / 2 }, newAsset));
    const licenses: License[] = [];
    // Each model, the hardware ones under `block` and `allow`; a per-core license's seats are cores.
    const MODELS = ['per_user', 'per_user', 'per_core', 'per_computer', 'per_processor', 'per_core'];
    for (let i = 0; i < LICENSES; i++) {
      const model = MODELS[i % MODELS.length];
      const l = await makeLicense(app, {
        software,
        quantity: model === 'per_core' ? 8 + int(24) : 2 + int(5),
        assignmentModel: model,
        ...(model === 'per_core' ? { minCoresPerProcessor: 2 * int(2), coreFactor: i === 5 ? '0.5' : '1' } : {}),
        overAssignment: i % 2 ? 'allow' : 'block',
        keys: [{ value: `SEAT-RANDOM-${i}-${SEED}`, label: 'k' }],
      });
      licenses.push({ documentId: l.documentId, name: l.name, assignments: [], hardware: model === 'per_core' || model === 'per_processor' });
    }

    let sent = 0;
    const committedModels = new Set<string>();
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
        // Raced with the writes: it works in what they noted (docs/domain.md, "Kept compliance rows").
        name: 'read the compliance report',
        weight: 4,
        allowed: [200],
        run: () => call('get', `/compliance?sort=shortfall:desc&pageSize=5`),
      },
      {
        name: 'assign a person',
        weight: 14,
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
        weight: 14,
        allowed: [200, 404],
        // An assignment some request made (maybe gone since: a 404).
        run: (l) =>
          call('delete', `/licenses/${l.documentId}/assignments/${l.assignments.splice(int(l.assignments.length), 1)[0] ?? 'nonexistentassignment00'}`),
      },
      {
        name: 'set persons',
        weight: 6,
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
        // To or from the hardware models: 409 when a person is assigned or an asset's cores are unknown; from site, past the quantity under block.
        run: async (l) => {
          const assignmentModel = pick(
            l.hardware && rand() < 0.8 ? ['per_core', 'per_processor'] : ['per_user', 'per_computer', 'per_core', 'per_processor', 'site'],
          )!;
          const res = await call('put', `/licenses/${l.documentId}`).send({ data: { assignmentModel } });
          if (res.status === 200) committedModels.add(assignmentModel);
          return res;
        },
      },
      {
        name: 'change the quantity',
        weight: 5,
        allowed: [200, 409],
        // Seats, or cores (a per-core license's few assets use up to 16 each).
        run: (l) => call('put', `/licenses/${l.documentId}`).send({ data: { quantity: rand() < 0.5 ? 1 + int(7) : 8 + int(32) } }),
      },
      {
        name: 'edit an asset’s hardware',
        weight: 7,
        // 409: past a blocked license's seats, or cores cleared on an asset a per-core license counts; 404: deleted meanwhile.
        allowed: [200, 404, 409],
        run: () => {
          const { processors, coresPerProcessor } = hardware();
          const which = int(3);
          const data = which === 0 ? { processors } : which === 1 ? { coresPerProcessor } : { processors, coresPerProcessor };
          return call('put', `/assets/${pick(assets)!.documentId}`).send({ data });
        },
      },
      {
        name: 'change the per-core terms',
        weight: 3,
        // Half of them with a change to per core. 400: the license is not per core (now); 409: its units
        // would pass its seats under `block`, or a person or an asset without cores is assigned.
        allowed: [200, 400, 409],
        run: (l) =>
          call('put', `/licenses/${l.documentId}`).send({
            data: {
              ...(rand() < 0.5 ? { assignmentModel: 'per_core' } : {}),
              coreFactor: pick(['0.5', '1', '1.5']),
              minCoresPerProcessor: 2 * int(3),
              minCoresPerServer: 4 * int(3),
            },
          }),
      },
      {
        name: 'grow an asset past its seats',
        weight: 2,
        // 64 processors of 2 cores (128 cores): past any blocked per-core or per-processor license it is assigned to (409),
        // otherwise committed (an allowed license then shows its shortfall); the next hardware edits shrink it.
        allowed: [200, 404, 409],
        run: () => call('put', `/assets/${pick(assets)!.documentId}`).send({ data: { processors: 64, coresPerProcessor: 2 } }),
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
    const kept: unknown[] = [];
    let next = 0;
    let roundEnd = 0;
    const worker = async () => {
      while (next < roundEnd) {
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
    // In rounds of ROUND operations; between two, with nothing running, every kept compliance row must
    // be the row worked out afresh (the licenses' software's row moves with every write above).
    while (next < OPS) {
      roundEnd = Math.min(OPS, roundEnd + ROUND);
      await Promise.all(Array.from({ length: PARALLEL }, worker));
      kept.push(...(await keptDifferences()).map((d: unknown) => ({ round: roundEnd / ROUND, d })));
    }

    const summary = Object.fromEntries([...answered].map(([name, m]) => [name, Object.fromEntries(m)]));
    console.log(`seat counts, randomized (seed ${SEED}): answers ${JSON.stringify(summary)}`);
    const finals = await Promise.all(licenses.map(async (l) => (await app.admin('get', `/licenses/${l.documentId}`)).body.data));
    // A site license has no limit: its seats.total is null.
    const overBlocked = finals.filter((l) => l.overAssignment === 'block' && l.seats.total !== null && l.seats.used > l.quantity).map((l) => l.name);
    expect(finals.filter((l) => (l.assignmentModel === 'site') !== (l.seats.total === null)).map((l) => l.name)).toEqual([]);
    expect({ failures, midway, kept, overBlocked, final: await verify() }).toEqual({ failures: [], midway: [], kept: [], overBlocked: [], final: [] });
    // The run did what it claims: seats refused, writes rolled back, and writes committed.
    const count = (name: string, status: number) => answered.get(name)!.get(status) ?? 0;
    expect(count('assign a person', 409) + count('set persons', 409)).toBeGreaterThan(0);
    expect(count('assign a person', 201) + count('assign an asset', 201)).toBeGreaterThan(0);
    expect(count('unassign', 200) + count('delete a person', 200) + count('set persons', 200)).toBeGreaterThan(0);
    expect(count('import assignments', 400) + count('edit rolled back by its key removal', 400)).toBeGreaterThan(0);
    // Units moved: hardware edits and model changes to and from the hardware models committed, and unit
    // changes were rolled back (a hardware edit or a per-core terms edit past a blocked license's seats).
    expect(count('edit an asset’s hardware', 200)).toBeGreaterThan(0);
    expect(count('edit an asset’s hardware', 409) + count('grow an asset past its seats', 409) + count('change the per-core terms', 409)).toBeGreaterThan(0);
    expect([...committedModels].sort()).toEqual(
      expect.arrayContaining([expect.stringMatching(/^per_(core|processor)$/), expect.stringMatching(/^per_(user|computer)$/), 'site']),
    );
  },
  15 * 60 * 1000,
);
