/**
 * Keys survive the ways real deployments go wrong, with real processes on the test database:
 * a Strapi started with a key that did not write the stored keys refuses to start and names the
 * fix; `rotate-key` run while another Strapi process keeps writing keys leaves every key
 * revealable, and a second rotation works. Ends with every key back under the development key
 * (derived from the playground's APP_KEYS) that the other test files start with.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import request from 'supertest';
import { startApp, type TestApp } from './support/app';
import { makeLicense } from './support/fixtures';
import { freePort, serve, stop } from './support/second';
import { deriveDevelopmentKey, keyIdOf } from '../../server/src/domain/encryption';

let app: TestApp;
let PORT = 0;
const SERVE = path.join(__dirname, 'support/serve.js');
const ROTATE = path.resolve(__dirname, '../../scripts/rotate-key.js');
const K2 = randomBytes(32);
const K3 = randomBytes(32);
const b64 = (key: Buffer) => key.toString('base64');
const developmentKey = () => deriveDevelopmentKey(app.strapi.config.get<string[]>('server.app.keys'));
const table = () => app.strapi.db.metadata.get('plugin::license-manager.license-key').tableName;

/** The environment of a child: the test database, and only the key settings given. */
const childEnv = (keys: { primary?: Buffer; previous?: Buffer[]; next?: Buffer; appKeys?: string } = {}) => {
  const env: NodeJS.ProcessEnv = { ...process.env, PORT: String(PORT), HOST: '127.0.0.1' };
  delete env.LICENSE_MANAGER_ENCRYPTION_KEY;
  delete env.LICENSE_MANAGER_PREVIOUS_ENCRYPTION_KEYS;
  delete env.LICENSE_MANAGER_NEW_ENCRYPTION_KEY;
  if (keys.primary) env.LICENSE_MANAGER_ENCRYPTION_KEY = b64(keys.primary);
  if (keys.previous) env.LICENSE_MANAGER_PREVIOUS_ENCRYPTION_KEYS = keys.previous.map(b64).join(',');
  if (keys.next) env.LICENSE_MANAGER_NEW_ENCRYPTION_KEY = b64(keys.next);
  if (keys.appKeys) env.APP_KEYS = keys.appKeys;
  return env;
};

/** Runs a script to its end; resolves with its exit code and everything it printed. */
const run = (script: string, env: NodeJS.ProcessEnv) =>
  new Promise<{ code: number | null; output: string }>((resolve, reject) => {
    const child = spawn(process.execPath, [script], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (c) => (output += String(c)));
    child.stderr.on('data', (c) => (output += String(c)));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${path.basename(script)} did not end in 120 s:\n${output}`));
    }, 120000);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });

/** Stored values not under `key`. */
const notUnder = async (key: Buffer) =>
  Number(
    (
      await app.strapi.db
        .connection(table())
        .where('value', 'not like', `v2:${keyIdOf(key)}:%`)
        .count({ n: '*' })
    )[0].n,
  );

let second: ChildProcess | undefined;

beforeAll(async () => {
  PORT = await freePort();
  app = await startApp({ asPluginAdmin: true });
}, 90000);

afterAll(async () => {
  await stop(second);
  // Whatever happened above, the later files start with the development key only.
  if (app && (await notUnder(developmentKey())) > 0) {
    await run(ROTATE, childEnv({ previous: [K2, K3] }));
  }
  await app?.stop();
}, 150000);

describe('a Strapi whose key did not write the stored keys', () => {
  beforeAll(async () => {
    await makeLicense(app, { keys: [{ value: 'MISMATCH-KEY-00001' }] });
  });

  it('refuses to start with another LICENSE_MANAGER_ENCRYPTION_KEY, and names the fix', async () => {
    const wrong = randomBytes(32);
    const { code, output } = await run(SERVE, childEnv({ primary: wrong }));
    expect(code).not.toBe(0);
    expect(output).not.toContain('ready');
    expect(output).toContain(`encrypted with key id(s) ${keyIdOf(developmentKey())}`);
    expect(output).toContain(`primary ${keyIdOf(wrong)}`);
    expect(output).toMatch(/LICENSE_MANAGER_ENCRYPTION_KEY .* changed/);
    expect(output).toMatch(/restore the key that wrote them/);
    expect(output).toMatch(/LICENSE_MANAGER_PREVIOUS_ENCRYPTION_KEYS .*npm run rotate-key/);
    expect(output).not.toContain(b64(wrong));
  }, 120000);

  it('refuses to start with no key and changed APP_KEYS, and names the fix', async () => {
    const { code, output } = await run(SERVE, childEnv({ appKeys: 'anotherKeyA,anotherKeyB' }));
    expect(code).not.toBe(0);
    expect(output).not.toContain('ready');
    expect(output).toContain(`encrypted with key id(s) ${keyIdOf(developmentKey())}`);
    expect(output).toMatch(/APP_KEYS changed/);
    expect(output).toMatch(/npm run rotate-key/);
  }, 120000);

  it('starts when the old key is among the previous keys', async () => {
    second = await serve(childEnv({ primary: K2, previous: [developmentKey()] }));
    expect(second.exitCode).toBeNull();
    await stop(second);
  }, 120000);
});

describe('rotation while another process writes keys', () => {
  /** Plaintext of every key that should exist, by license and key documentId. */
  const expected = new Map<string, { license: string; value: string }>();

  const revealAll = async (http: () => ReturnType<typeof request>) => {
    const wrong: string[] = [];
    for (const [keyId, { license, value }] of expected) {
      const res = await http().post(`/license-manager/licenses/${license}/keys/${keyId}/reveal`).set('Authorization', `Bearer ${app.adminToken}`);
      if (res.status !== 200 || res.body.data?.value !== value) wrong.push(`${keyId}: ${res.status}`);
    }
    return wrong;
  };

  it('leaves every key revealable, and a second run leaves nothing under the old key', async () => {
    // Phase 0 is given: every key so far is under the development key. More keys than one batch (200).
    const licenses = await Promise.all([1, 2, 3].map(() => makeLicense(app)));
    const keys = app.strapi.plugin('license-manager').service('keys');
    for (const license of licenses) {
      const { id } = await app.strapi.db.query('plugin::license-manager.license').findOne({ where: { documentId: license.documentId } });
      const values = Array.from({ length: 70 }, (_, i) => `SEEDED-${license.documentId}-${i}`);
      const created = await keys.insert(
        id,
        values.map((value) => ({ value })),
      );
      created.forEach((k: { documentId: string }, i: number) => expected.set(k.documentId, { license: license.documentId, value: values[i] }));
    }

    // Phase 1: a process with the new key as primary and the old one as previous.
    const phase1 = childEnv({ primary: K2, previous: [developmentKey()] });
    second = await serve(phase1);
    const other = () => request(`http://127.0.0.1:${PORT}`);
    const admin = (method: 'post' | 'delete', url: string) => other()[method](`/license-manager${url}`).set('Authorization', `Bearer ${app.adminToken}`);

    // Phase 2: rotate-key, while the other process adds keys and deletes some seeded ones.
    let rotating = true;
    let writesDuringRotation = 0;
    const seeded = [...expected.keys()];
    const writer = (async () => {
      for (let i = 0; rotating; i++) {
        const license = licenses[i % licenses.length].documentId;
        const value = `LIVE-${i}-${randomBytes(6).toString('hex')}`;
        const added = await admin('post', `/licenses/${license}/keys`).send({ data: { value } });
        expect({ status: added.status, error: added.status === 201 ? undefined : added.body?.error }).toEqual({ status: 201 });
        expected.set(added.body.data.documentId, { license, value });
        if (i % 5 === 0 && seeded[i / 5]) {
          const gone = seeded[i / 5];
          const removed = await admin('delete', `/licenses/${expected.get(gone)!.license}/keys/${gone}`);
          expect(removed.status).toBe(200);
          expected.delete(gone);
        }
        if (rotating) writesDuringRotation += 1;
      }
    })();
    const rotation = await run(ROTATE, phase1);
    rotating = false;
    await writer;
    expect(rotation.output).toMatch(/Re-encrypted \d+ license key\(s\)/);
    expect(rotation.code).toBe(0);
    expect(writesDuringRotation).toBeGreaterThan(5);

    expect(await revealAll(other)).toEqual([]);

    const again = await run(ROTATE, phase1);
    expect(again.code).toBe(0);
    expect(again.output).toMatch(/Nothing is left under another key/);
    expect(await notUnder(K2)).toBe(0);
    expect(await revealAll(other)).toEqual([]);
    await stop(second);
  }, 400000);

  it('rotates a second time, to a third key, with the first one dropped', async () => {
    // K2 → K3: the development key is no longer configured anywhere.
    const env = childEnv({ primary: K3, previous: [K2] });
    const rotation = await run(ROTATE, env);
    expect(rotation.code).toBe(0);
    expect(rotation.output).toMatch(/Nothing is left under another key/);
    expect(await notUnder(K3)).toBe(0);
    second = await serve(env);
    expect(await revealAll(() => request(`http://127.0.0.1:${PORT}`))).toEqual([]);
    await stop(second);
  }, 300000);

  it('rotates back to the development key with LICENSE_MANAGER_NEW_ENCRYPTION_KEY, as before', async () => {
    const rotation = await run(ROTATE, childEnv({ primary: K3, next: developmentKey() }));
    expect(rotation.code).toBe(0);
    expect(rotation.output).toMatch(/Now set LICENSE_MANAGER_ENCRYPTION_KEY to the new key/);
    expect(await notUnder(developmentKey())).toBe(0);
    // The in-process app, on the development key only, reveals them all.
    expect(await revealAll(app.http)).toEqual([]);
  }, 300000);

  it('refuses, changing nothing, when the configured keys cannot read what is stored', async () => {
    const before = await app.strapi.db.connection(table()).select('id', 'value').orderBy('id');
    const { code, output } = await run(ROTATE, childEnv({ primary: K2, previous: [K3] }));
    expect(code).toBe(1);
    expect(output).toMatch(/Key rotation failed: license-manager: stored license keys are encrypted with key id\(s\)/);
    expect(await app.strapi.db.connection(table()).select('id', 'value').orderBy('id')).toEqual(before);
  }, 150000);
});
