/**
 * A license edit carries its key changes (`data.keys: { add, remove }`) in the same request and the
 * same transaction as its fields: a failing key item undoes everything, and a retry adds each key once.
 */
import { startApp, unique, type TestApp } from './support/app';
import { makeSoftware } from './support/fixtures';

let app: TestApp;
beforeAll(async () => {
  app = await startApp({ asPluginAdmin: true });
});
afterAll(async () => {
  await app?.stop();
});

const KEY_UID = 'plugin::license-manager.license-key' as const;

const licenseWithKeys = async (values: string[]) => {
  const software = await makeSoftware(app);
  const res = await app.admin('post', '/licenses', {
    data: {
      name: unique('Edited'),
      software: software.documentId,
      quantity: 5,
      notes: 'before',
      keys: values.map((value, i) => ({ value, label: `key ${i + 1}` })),
    },
  });
  expect(res.status).toBe(201);
  return res.body.data as { documentId: string; keys: Array<{ documentId: string; label: string }> };
};

/** Everything an edit could change: the answer of GET, the stored key rows (ciphertext included) by row, the history. */
const snapshot = async (documentId: string) => {
  const read = await app.admin('get', `/licenses/${documentId}`);
  const history = await app.admin('get', `/licenses/${documentId}/history?pageSize=100`);
  const stored = await app.strapi.db.query(KEY_UID as any).findMany({
    select: ['id', 'documentId', 'value', 'maskedValue', 'label', 'activationLimit', 'notes'],
    where: { license: { documentId } },
    orderBy: { id: 'asc' },
  });
  expect(read.status).toBe(200);
  expect(history.status).toBe(200);
  return { license: read.body.data, stored, history: history.body.data };
};

describe('PUT /licenses/:documentId with keys', () => {
  it('applies fields, removals and additions in one transaction, with their history, answering masked keys', async () => {
    const license = await licenseWithKeys(['FIRST-KEY-0001', 'SECOND-KEY-0002']);
    const [first, second] = license.keys;
    const res = await app.admin('put', `/licenses/${license.documentId}`, {
      data: { notes: 'after', keys: { remove: [first.documentId], add: [{ value: 'THIRD-KEY-0003', label: 'key 3', activationLimit: 2 }] } },
    });
    expect(res.status).toBe(200);
    expect(res.body.data.notes).toBe('after');
    expect(res.body.data.keys).toEqual([
      { documentId: second.documentId, label: 'key 2', maskedValue: '••••••••0002', activationLimit: null, notes: null },
      { documentId: expect.any(String), label: 'key 3', maskedValue: '••••••••0003', activationLimit: 2, notes: null },
    ]);
    expect(res.text).not.toContain('THIRD-KEY');
    expect((await app.admin('get', `/licenses/${license.documentId}`)).body.data).toEqual(res.body.data);
    const history = await app.admin('get', `/licenses/${license.documentId}/history`);
    expect(
      history.body.data
        .slice(0, 3)
        .map((e: any) => [e.action, e.changes.key ?? null])
        .reverse(),
    ).toEqual([
      ['updated', null],
      ['key_removed', first.documentId],
      ['key_added', res.body.data.keys[1].documentId],
    ]);
  });

  it('changes keys alone, with no field sent', async () => {
    const license = await licenseWithKeys(['ONLY-KEY-0001']);
    const res = await app.admin('put', `/licenses/${license.documentId}`, { data: { keys: { add: [{ value: 'ADDED-KEY-0002' }] } } });
    expect(res.status).toBe(200);
    expect(res.body.data.keys.map((k: any) => k.maskedValue)).toEqual(['••••••••0001', '••••••••0002']);
    const history = await app.admin('get', `/licenses/${license.documentId}/history`);
    // created, key_added (the created key), then this edit's key_added alone: no `updated` event.
    expect(history.body.data.map((e: any) => e.action).sort()).toEqual(['created', 'key_added', 'key_added']);
    expect(history.body.data[0]).toMatchObject({ action: 'key_added', changes: { key: res.body.data.keys[1].documentId } });
  });

  it('answers 400 naming each bad key item, and changes nothing', async () => {
    const license = await licenseWithKeys(['KEPT-KEY-0001']);
    const before = await snapshot(license.documentId);
    const res = await app.admin('put', `/licenses/${license.documentId}`, {
      data: {
        notes: 'not written',
        keys: { add: [{ value: 'OK-KEY-0001' }, { value: 'OK-KEY-0002' }, { value: '' }], remove: ['not a documentId!'], extra: 1 },
      },
    });
    expect(res.status).toBe(400);
    expect(res.body.error.details.errors.map((e: any) => e.path.join('.')).sort()).toEqual(['keys.add.2.value', 'keys.extra', 'keys.remove.0']);
    const tooMany = await app.admin('put', `/licenses/${license.documentId}`, {
      data: { keys: { remove: Array.from({ length: 1001 }, (_, i) => `k${i}`) } },
    });
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.error.details.errors[0].path).toEqual(['keys', 'remove']);
    const notAnObject = await app.admin('put', `/licenses/${license.documentId}`, { data: { keys: [] } });
    expect(notAnObject.status).toBe(400);
    expect(notAnObject.body.error.details.errors[0].path).toEqual(['keys']);
    expect(await snapshot(license.documentId)).toEqual(before);
  });

  it('leaves the license, its keys and its history as before when its third key item fails inside the transaction; a retry adds each key once', async () => {
    const license = await licenseWithKeys(['OLD-KEY-AAAA-0001', 'OLD-KEY-BBBB-0002', 'OLD-KEY-CCCC-0003']);
    const other = await licenseWithKeys(['OTHER-KEY-0009']);
    const [k1, k2, k3] = license.keys;
    const foreign = other.keys[0];
    const before = await snapshot(license.documentId);
    const otherBefore = await snapshot(other.documentId);
    const add = [
      { value: 'NEW-KEY-AAAA-0004', label: 'new 1' },
      { value: 'NEW-KEY-BBBB-0005', label: 'new 2' },
    ];

    // Under the lock the field update, two removals and their history events run; the third item
    // (a key of another license) fails, and all of it rolls back.
    const failed = await app.admin('put', `/licenses/${license.documentId}`, {
      data: { notes: 'after', quantity: 7, keys: { remove: [k1.documentId, k2.documentId, foreign.documentId], add } },
    });
    expect(failed.status).toBe(400);
    expect(failed.body.error.details.errors).toEqual([
      expect.objectContaining({ path: ['keys', 'remove', '2'], message: 'is not a key of this license', code: 'custom', params: { id: 'notKeyOfLicense' } }),
    ]);
    expect(await snapshot(license.documentId)).toEqual(before);
    expect(await snapshot(other.documentId)).toEqual(otherBefore);

    // The same edit with the bad item fixed.
    const retried = await app.admin('put', `/licenses/${license.documentId}`, {
      data: { notes: 'after', quantity: 7, keys: { remove: [k1.documentId, k2.documentId], add } },
    });
    expect(retried.status).toBe(200);
    expect(retried.body.data).toMatchObject({ notes: 'after', quantity: 7 });
    const masked = ['••••••••0003', '••••••••0004', '••••••••0005'];
    expect(retried.body.data.keys.map((k: any) => k.maskedValue)).toEqual(masked);
    expect(retried.body.data.keys[0].documentId).toBe(k3.documentId);

    // Sent once more (a double click), it is refused on the keys already removed and adds nothing.
    const again = await app.admin('put', `/licenses/${license.documentId}`, {
      data: { notes: 'after', quantity: 7, keys: { remove: [k1.documentId, k2.documentId], add } },
    });
    expect(again.status).toBe(400);
    expect(again.body.error.details.errors[0].path).toEqual(['keys', 'remove', '0']);
    const after = await snapshot(license.documentId);
    expect(after.license.keys.map((k: any) => k.maskedValue)).toEqual(masked);
    expect(after.stored).toHaveLength(3);
    expect(after.stored[0]).toEqual(before.stored[2]);
    expect(after.history.length).toBe(before.history.length + 5);
    expect(
      after.history
        .slice(0, 5)
        .map((e: any) => e.action)
        .reverse(),
    ).toEqual(['updated', 'key_removed', 'key_removed', 'key_added', 'key_added']);
    expect(await snapshot(other.documentId)).toEqual(otherBefore);
  });

  it('is the same on the content API, which answers without keys', async () => {
    const license = await licenseWithKeys(['CONTENT-KEY-0001']);
    const token = await app.strapi.service('admin::api-token').create({
      name: `full ${Date.now()} ${Math.random()}`,
      type: 'full-access',
      lifespan: null,
      permissions: [],
    });
    const res = await app
      .http()
      .put(`/api/license-manager/licenses/${license.documentId}`)
      .set('Authorization', `Bearer ${token.accessKey}`)
      .send({ data: { keys: { remove: [license.keys[0].documentId], add: [{ value: 'CONTENT-KEY-0002' }] } } });
    expect(res.status).toBe(200);
    expect(res.body.data.keys).toBeUndefined();
    expect(res.text).not.toContain('CONTENT-KEY');
    const read = await app.admin('get', `/licenses/${license.documentId}`);
    expect(read.body.data.keys.map((k: any) => k.maskedValue)).toEqual(['••••••••0002']);
  });
});
