/**
 * License keys never leave the server but through the reveal route: not stored in plaintext, not
 * in any API response, not in the content API, not in the logs; and a license is created with
 * its keys in one transaction.
 */
import { spawnSync } from 'node:child_process';
import Transport from 'winston-transport';
import { createCipheriv, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { apiToken, rows, startApp, unique, type TestApp } from './support/app';
import { makeLicense, makePerson, makeSoftware } from './support/fixtures';
import { deriveDevelopmentKey, encrypt, keyIdOf, makeKeyring } from '../../server/src/domain/encryption';

let app: TestApp;
const logged: string[] = [];
const writes = { out: process.stdout.write.bind(process.stdout), err: process.stderr.write.bind(process.stderr) };

/** Every entry of Strapi's logger, whatever Jest does with the console (it buffers it when several files run). */
class Recorder extends Transport {
  log(info: Record<string | symbol, unknown>, done: () => void) {
    logged.push(`logger: ${String(info.message)} ${JSON.stringify(info)}`);
    done();
  }
}

beforeAll(async () => {
  // Everything written to the terminal while this file runs, at the most verbose log level.
  process.stdout.write = ((chunk: any, ...rest: any[]) => (logged.push(String(chunk)), writes.out(chunk, ...rest))) as any;
  process.stderr.write = ((chunk: any, ...rest: any[]) => (logged.push(String(chunk)), writes.err(chunk, ...rest))) as any;
  app = await startApp();
  app.strapi.log.level = 'debug';
  app.strapi.log.add(new Recorder({ level: 'debug' }) as any);
});
afterAll(async () => {
  await app?.stop();
  process.stdout.write = writes.out;
  process.stderr.write = writes.err;
});

const CANARY = `CANARY-${Date.now()}-SECRETKEY`;

describe('a key value', () => {
  let license: { documentId: string; [k: string]: any };
  const seen: string[] = [];
  const keep = <R extends { text: string }>(res: R): R => {
    seen.push(res.text);
    return res;
  };

  beforeAll(async () => {
    const software = await makeSoftware(app);
    const res = await app.admin('post', '/licenses', {
      data: { name: unique('Keyed'), software: software.documentId, quantity: 2, serialNumber: 'SER-1', keys: [{ value: CANARY, label: 'main' }] },
    });
    keep(res);
    license = res.body.data;
  });

  it('is read back masked only', async () => {
    const read = keep(await app.admin('get', `/licenses/${license.documentId}`));
    expect(read.body.data.keys).toEqual([
      { documentId: expect.any(String), label: 'main', maskedValue: `••••••••${CANARY.slice(-4)}`, activationLimit: null, notes: null },
    ]);
    keep(await app.admin('get', `/licenses?_q=${encodeURIComponent(license.name)}`));
    keep(await app.admin('get', `/licenses/${license.documentId}/history`));
    keep(await app.admin('get', `/licenses/${license.documentId}/assignments`));
    const added = keep(await app.admin('post', `/licenses/${license.documentId}/keys`, { data: { value: `${CANARY}-2`, activationLimit: 3 } }));
    expect(added.status).toBe(201);
    expect(added.body.data).toMatchObject({ maskedValue: expect.stringMatching(/^•+/), activationLimit: 3 });
  });

  it('is not searchable, sortable or filterable', async () => {
    const search = keep(await app.admin('get', `/licenses?_q=${encodeURIComponent(CANARY)}`));
    expect(search.body.data).toEqual([]);
    const token = await apiToken(app, 'read-only');
    const filter = keep(
      await app
        .http()
        .get(`/api/license-manager/licenses?filters[keys][value][$eq]=${encodeURIComponent(CANARY)}`)
        .set('Authorization', `Bearer ${token}`),
    );
    expect(filter.status).toBe(400);
    const sort = keep(await app.http().get('/api/license-manager/licenses?sort=nameKey:asc').set('Authorization', `Bearer ${token}`));
    expect(sort.status).toBe(400);
  });

  it('never appears in the content API', async () => {
    const token = await apiToken(app, 'read-only');
    const list = keep(await app.http().get('/api/license-manager/licenses?pagination[pageSize]=100').set('Authorization', `Bearer ${token}`));
    const one = keep(await app.http().get(`/api/license-manager/licenses/${license.documentId}`).set('Authorization', `Bearer ${token}`));
    expect(list.status).toBe(200);
    expect(one.status).toBe(200);
    expect(one.text).not.toMatch(/maskedValue|"keys"/);
  });

  it('comes back from the reveal route, which the history records', async () => {
    const keyId = (await app.admin('get', `/licenses/${license.documentId}`)).body.data.keys[0].documentId;
    const reveal = await app.admin('post', `/licenses/${license.documentId}/keys/${keyId}/reveal`);
    expect(reveal.status).toBe(200);
    expect(reveal.body.data).toEqual({ documentId: keyId, value: CANARY });
    expect(reveal.headers['cache-control']).toBe('no-store');
    const history = keep(await app.admin('get', `/licenses/${license.documentId}/history`));
    expect(history.body.data[0]).toMatchObject({ action: 'key_revealed', changes: { key: keyId } });
  });

  it('is removed with its route, and an unknown key is 404', async () => {
    const extra = await app.admin('post', `/licenses/${license.documentId}/keys`, { data: { value: 'REMOVABLE-KEY-9999' } });
    const removed = keep(await app.admin('delete', `/licenses/${license.documentId}/keys/${extra.body.data.documentId}`));
    expect(removed.status).toBe(200);
    expect((await app.admin('post', `/licenses/${license.documentId}/keys/${extra.body.data.documentId}/reveal`)).status).toBe(404);
  });

  it('was in no response but the reveal', () => {
    expect(seen.length).toBeGreaterThan(5);
    for (const text of seen) expect(text).not.toContain(CANARY);
  });

  it('is stored encrypted: in no table of the database', async () => {
    const stored = await app.strapi.db.connection(app.strapi.db.metadata.get('plugin::license-manager.license-key').tableName).select('value');
    expect(stored.length).toBeGreaterThan(0);
    for (const { value } of stored) expect(value).toMatch(/^v2:[0-9a-f]{16}:/);
    for (const meta of app.strapi.db.metadata.values()) {
      const all = await app.strapi.db.connection(meta.tableName).select('*');
      expect(JSON.stringify(all)).not.toContain(CANARY);
    }
  });

  it('is in no file of a SQLite database', () => {
    const filename = app.strapi.db.config.connection.connection as { filename?: string };
    if (app.strapi.db.dialect.client !== 'sqlite') {
      expect(filename.filename).toBeUndefined();
      return;
    }
    for (const suffix of ['', '-wal', '-journal']) {
      const file = `${filename.filename}${suffix}`;
      if (fs.existsSync(file)) expect(fs.readFileSync(file).includes(Buffer.from(CANARY))).toBe(false);
    }
    expect(fs.existsSync(path.resolve(filename.filename!))).toBe(true);
  });

  it('was in no log line written while this file ran', () => {
    // The recorder saw this file's requests: the check below is not vacuous.
    expect(logged.some((line) => line.startsWith('logger: GET /license-manager/licenses/'))).toBe(true);
    // Strapi's request log echoes each URL a client sent; the searches above put the value in theirs.
    const echoed = [`/license-manager/licenses?_q=${CANARY}`, `/api/license-manager/licenses?filters[keys][value][$eq]=${CANARY}`];
    const text = echoed.reduce((all, url) => all.split(url).join('<searched url>'), logged.join('\n'));
    expect(text).toContain('<searched url>');
    expect(text).not.toContain(CANARY);
  });
});

describe('the encryption key', () => {
  it('is required in production: startup stops with a clear message', () => {
    const env: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: 'production', PORT: '0' };
    delete env.LICENSE_MANAGER_ENCRYPTION_KEY;
    const result = spawnSync(process.execPath, [path.join(__dirname, 'support/serve.js')], { env, encoding: 'utf8', timeout: 60000 });
    expect(result.status).not.toBe(0);
    expect(`${result.stdout}${result.stderr}`).toMatch(/LICENSE_MANAGER_ENCRYPTION_KEY is not set/);
    expect(result.stdout).not.toContain('ready');
  });
});

describe('key rotation in-process', () => {
  const table = () => app.strapi.db.metadata.get('plugin::license-manager.license-key').tableName;
  const keys = () => app.strapi.plugin('license-manager').service('keys');
  const developmentKey = () => deriveDevelopmentKey(app.strapi.config.get<string[]>('server.app.keys'));
  const revealed = async (licenseId: string, keyId: string) => (await app.admin('post', `/licenses/${licenseId}/keys/${keyId}/reveal`)).body.data?.value;

  it('re-encrypts every key under a new key and back, and the values stay the same', async () => {
    const license = await makeLicense(app, { keys: [{ value: 'ROTATE-ME-KEY-0001' }] });
    const keyId = (await app.admin('get', `/licenses/${license.documentId}`)).body.data.keys[0].documentId;
    const before = await app.strapi.db.connection(table()).select('id', 'value').orderBy('id');
    const other = Buffer.alloc(32, 9);
    const there = await keys().rotateTo(other.toString('base64'));
    expect(there).toEqual({ reencrypted: before.length, skipped: 0, remaining: 0 });
    const after = await app.strapi.db.connection(table()).select('id', 'value').orderBy('id');
    after.forEach((row: { value: string }, i: number) => {
      expect(row.value).not.toBe(before[i].value);
      expect(row.value.startsWith(`v2:${keyIdOf(other)}:`)).toBe(true);
    });
    expect(await revealed(license.documentId, keyId)).toBe('ROTATE-ME-KEY-0001');
    // Back under the development key, which the later test files start with.
    expect(await keys().rotateTo(developmentKey().toString('base64'))).toMatchObject({ reencrypted: before.length, remaining: 0 });
    expect(await revealed(license.documentId, keyId)).toBe('ROTATE-ME-KEY-0001');
  });

  it('reads a value of the older v1 format, and rotation rewrites it as v2 of the primary key', async () => {
    const license = await makeLicense(app, { keys: [{ value: 'LEGACY-V1-KEY-0001' }] });
    const keyId = (await app.admin('get', `/licenses/${license.documentId}`)).body.data.keys[0].documentId;
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', developmentKey(), iv);
    const ciphertext = Buffer.concat([cipher.update('LEGACY-V1-KEY-0001', 'utf8'), cipher.final()]);
    const v1 = ['v1', iv.toString('base64'), cipher.getAuthTag().toString('base64'), ciphertext.toString('base64')].join(':');
    await app.strapi.db.connection(table()).where({ document_id: keyId }).update({ value: v1 });
    expect(await revealed(license.documentId, keyId)).toBe('LEGACY-V1-KEY-0001');
    expect(await keys().rotate()).toEqual({ reencrypted: 1, skipped: 0, remaining: 0 });
    const [{ value }] = await app.strapi.db.connection(table()).where({ document_id: keyId }).select('value');
    expect(value.startsWith(`v2:${keyIdOf(developmentKey())}:`)).toBe(true);
    expect(await revealed(license.documentId, keyId)).toBe('LEGACY-V1-KEY-0001');
  });

  it('does not decrypt a value copied to another key row', async () => {
    const license = await makeLicense(app, { keys: [{ value: 'COPIED-KEY-000001' }, { value: 'TARGET-KEY-000002' }] });
    const [from, to] = (await app.admin('get', `/licenses/${license.documentId}`)).body.data.keys.map((k: { documentId: string }) => k.documentId);
    const [{ value }] = await app.strapi.db.connection(table()).where({ document_id: from }).select('value');
    await app.strapi.db.connection(table()).where({ document_id: to }).update({ value });
    const events = async () => (await app.admin('get', `/licenses/${license.documentId}/history?pageSize=100`)).body.data.length;
    const before = await events();
    const reveal = await app.admin('post', `/licenses/${license.documentId}/keys/${to}/reveal`);
    // The server's state is at fault, not the request: a named 409, no value, no reveal event.
    expect(reveal.status).toBe(409);
    expect(reveal.body.error).toMatchObject({ name: 'ConflictError', details: { cause: 'undecryptable', key: to } });
    expect(reveal.body.error.message).toMatch(/previousEncryptionKeys/);
    expect(await events()).toBe(before);
    expect(reveal.text).not.toContain('COPIED-KEY-000001');
    expect(reveal.text).not.toContain(value);
    expect((await app.admin('delete', `/licenses/${license.documentId}`)).status).toBe(200);
  });

  it('refuses, changing nothing, when a stored value is under a key it does not hold', async () => {
    const license = await makeLicense(app, { keys: [{ value: 'UNKNOWN-KEY-00001' }] });
    const keyId = (await app.admin('get', `/licenses/${license.documentId}`)).body.data.keys[0].documentId;
    const stranger = Buffer.alloc(32, 1);
    await app.strapi.db
      .connection(table())
      .where({ document_id: keyId })
      .update({ value: encrypt('UNKNOWN-KEY-00001', makeKeyring(stranger), keyId) });
    const before = await app.strapi.db.connection(table()).select('id', 'value').orderBy('id');
    try {
      await expect(keys().rotate()).rejects.toThrow(
        `1 stored license key(s) cannot be decrypted with the configured keys (key ids not configured: ${keyIdOf(stranger)}): nothing was changed`,
      );
      await expect(keys().rotateTo(Buffer.alloc(32, 2).toString('base64'))).rejects.toThrow(/nothing was changed/);
      expect(await app.strapi.db.connection(table()).select('id', 'value').orderBy('id')).toEqual(before);
    } finally {
      // Later files start with the development key only.
      expect((await app.admin('delete', `/licenses/${license.documentId}`)).status).toBe(200);
    }
  });
});

describe('the Content Manager API, which answers for hidden types too', () => {
  const CM = '/content-manager/collection-types/plugin::license-manager';
  const cm = (url: string) => app.http().get(`${CM}.${url}`).set('Authorization', `Bearer ${app.adminToken}`);

  it('gives a Super Admin no key value, of the key type nor populated from an assignment', async () => {
    const license = await makeLicense(app, { keys: [{ value: 'CM-SECRET-KEY-0001' }] });
    const keyId = (await app.admin('get', `/licenses/${license.documentId}`)).body.data.keys[0].documentId;
    const person = await makePerson(app);
    const assignment = await app.admin('post', `/licenses/${license.documentId}/assignments`, { data: { person: person.documentId, key: keyId } });
    expect(assignment.status).toBe(201);
    const table = app.strapi.db.metadata.get('plugin::license-manager.license-key').tableName;
    const ciphertexts: string[] = (await app.strapi.db.connection(table).select('value')).map((r: { value: string }) => r.value);
    // Filtered to this test's rows: other files leave many in the shared database, beyond a first page.
    const theKey = `filters[documentId][$eq]=${keyId}`;
    const theAssignment = `filters[documentId][$eq]=${assignment.body.data.documentId}`;
    const answers = await Promise.all([
      cm(`license-key?${theKey}`),
      cm(`license-key?fields[0]=value&${theKey}`),
      cm(`license-key/${keyId}`),
      cm(`license-assignment?populate=*&${theAssignment}`),
      cm(`license-assignment?populate[key][fields][0]=value&${theAssignment}`),
      cm(`license-assignment/${assignment.body.data.documentId}`),
      cm('license?populate=*'),
      cm('license-key'),
    ]);
    for (const res of answers) {
      expect(res.status).toBeLessThan(500);
      for (const c of ciphertexts) expect(res.text).not.toContain(c);
      expect(res.text).not.toContain('CM-SECRET-KEY-0001');
    }
    // The reads themselves still work: the key row and the assignment's key, without `value`.
    const one = answers[2].body.data;
    expect(one).toMatchObject({ documentId: keyId, maskedValue: '••••••••0001' });
    expect(one).not.toHaveProperty('value');
    expect(answers[0].body.results.map((k: { documentId: string }) => k.documentId)).toEqual([keyId]);
    const populated = answers[3].body.results.find((a: { documentId: string }) => a.documentId === assignment.body.data.documentId);
    expect(populated.key).toMatchObject({ documentId: keyId });
    expect(populated.key).not.toHaveProperty('value');
  });

  it('gives no key value through the document service, to any caller', async () => {
    const rows = await app.strapi.documents('plugin::license-manager.license-key' as any).findMany({ fields: ['value', 'maskedValue'] as any });
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) expect(row).not.toHaveProperty('value');
    const assignments = await app.strapi.documents('plugin::license-manager.license-assignment' as any).findMany({ populate: { key: true } as any });
    const withKey = assignments.filter((a: any) => a.key);
    expect(withKey.length).toBeGreaterThan(0);
    for (const a of withKey) expect(a.key).not.toHaveProperty('value');
  });
});

describe('atomicity', () => {
  it('does not create a license whose second key is invalid, nor its first key', async () => {
    const software = await makeSoftware(app);
    const before = await Promise.all([rows(app, 'license'), rows(app, 'license-key')]);
    const res = await app.admin('post', '/licenses', {
      data: { name: unique('Half'), software: software.documentId, quantity: 1, keys: [{ value: 'FIRST-KEY-OK-0001' }, { value: '' }] },
    });
    expect(res.status).toBe(400);
    expect(res.body.error.details.errors[0].path).toEqual(['keys', '1', 'value']);
    expect(await Promise.all([rows(app, 'license'), rows(app, 'license-key')])).toEqual(before);
  });

  it('rolls the license and its keys back when a later write of the same transaction fails', async () => {
    const history = app.strapi.plugin('license-manager').service('history');
    const original = history.record;
    history.record = async () => {
      throw new Error('injected failure after the license and its keys were written');
    };
    const before = await Promise.all([rows(app, 'license'), rows(app, 'license-key')]);
    try {
      const res = await app.admin('post', '/licenses', {
        data: { name: unique('Rollback'), software: (await makeSoftware(app)).documentId, quantity: 1, keys: [{ value: 'ROLLED-BACK-KEY-01' }] },
      });
      expect(res.status).toBe(500);
    } finally {
      history.record = original;
    }
    expect(await Promise.all([rows(app, 'license'), rows(app, 'license-key')])).toEqual(before);
  });

  it('deletes a license with its keys in one go', async () => {
    const license = await makeLicense(app, { keys: [{ value: 'GONE-KEY-000000001' }, { value: 'GONE-KEY-000000002' }] });
    const before = await rows(app, 'license-key');
    expect((await app.admin('delete', `/licenses/${license.documentId}`)).status).toBe(200);
    expect(await rows(app, 'license-key')).toBe(before - 2);
  });
});
