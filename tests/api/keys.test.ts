/**
 * License keys never leave the server but through the reveal route: not stored in plaintext, not
 * in any API response, not in the content API, not in the logs; and a license is created with
 * its keys in one transaction.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { apiToken, rows, startApp, unique, type TestApp } from './support/app';
import { makeLicense, makeSoftware } from './support/fixtures';

let app: TestApp;
const logged: string[] = [];
const writes = { out: process.stdout.write.bind(process.stdout), err: process.stderr.write.bind(process.stderr) };

beforeAll(async () => {
  // Everything written to the terminal while this file runs, at the most verbose log level.
  process.stdout.write = ((chunk: any, ...rest: any[]) => (logged.push(String(chunk)), writes.out(chunk, ...rest))) as any;
  process.stderr.write = ((chunk: any, ...rest: any[]) => (logged.push(String(chunk)), writes.err(chunk, ...rest))) as any;
  app = await startApp();
  app.strapi.log.level = 'debug';
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
      await app.http().get(`/api/license-manager/licenses?filters[keys][value][$eq]=${encodeURIComponent(CANARY)}`).set('Authorization', `Bearer ${token}`)
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
    for (const { value } of stored) expect(value).toMatch(/^v1:/);
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
    expect(logged.join('')).not.toContain(CANARY);
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

describe('key rotation', () => {
  it('re-encrypts every key under a new key, and the values stay the same', async () => {
    const license = await makeLicense(app, { keys: [{ value: 'ROTATE-ME-KEY-0001' }] });
    const keyId = (await app.admin('get', `/licenses/${license.documentId}`)).body.data.keys[0].documentId;
    const table = app.strapi.db.metadata.get('plugin::license-manager.license-key').tableName;
    const before = await app.strapi.db.connection(table).select('id', 'value').orderBy('id');
    const keys = app.strapi.plugin('license-manager').service('keys');
    const count = await keys.rotateTo(Buffer.alloc(32, 9).toString('base64'));
    expect(count).toBe(before.length);
    const after = await app.strapi.db.connection(table).select('id', 'value').orderBy('id');
    after.forEach((row: { value: string }, i: number) => expect(row.value).not.toBe(before[i].value));
    const reveal = await app.admin('post', `/licenses/${license.documentId}/keys/${keyId}/reveal`);
    expect(reveal.body.data.value).toBe('ROTATE-ME-KEY-0001');
  });

  it('refuses, changing nothing, when the old key cannot decrypt what is stored', async () => {
    const table = app.strapi.db.metadata.get('plugin::license-manager.license-key').tableName;
    const before = await app.strapi.db.connection(table).select('id', 'value').orderBy('id');
    const keys = app.strapi.plugin('license-manager').service('keys');
    await expect(keys.rotate(Buffer.alloc(32, 1), Buffer.alloc(32, 2))).rejects.toThrow(/cannot be decrypted/);
    expect(await app.strapi.db.connection(table).select('id', 'value').orderBy('id')).toEqual(before);
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
