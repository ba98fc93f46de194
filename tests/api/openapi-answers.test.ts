/**
 * The check every API file runs (support/openapi-check.ts) sees real answers and can fail: the
 * same answers, changed by one field or status, are violations.
 */
import { apiToken, startApp, unique, type TestApp } from './support/app';
import { makeSoftware } from './support/fixtures';
import { checkedAnswers, takeViolations, violationOf, type Answer } from './support/openapi-check';

let app: TestApp;
let token: string;
let software: string;
beforeAll(async () => {
  app = await startApp();
  token = await apiToken(app, 'full-access');
  software = (await makeSoftware(app)).documentId;
});
afterAll(async () => {
  await app.stop();
});

const answer = (method: string, url: string, res: { status: number; headers: Record<string, string>; body: unknown }): Answer => ({
  method,
  url,
  status: res.status,
  contentType: res.headers['content-type'],
  body: res.body,
});

describe('content-API answers against docs/openapi.json', () => {
  it('checks each answer app.http() receives, and finds these valid', async () => {
    const before = checkedAnswers();
    const created = await app
      .http()
      .post('/api/license-manager/licenses')
      .set('Authorization', `Bearer ${token}`)
      .send({ data: { name: unique('OpenAPI'), quantity: 2, software } });
    expect(created.status).toBe(201);
    const url = `/api/license-manager/licenses/${created.body.data.documentId}`;
    expect((await app.http().get(url).set('Authorization', `Bearer ${token}`)).status).toBe(200);
    expect((await app.http().get('/api/license-manager/compliance').set('Authorization', `Bearer ${token}`)).status).toBe(200);
    expect((await app.http().get('/license-manager/licenses')).status).toBe(401); // admin API: not the content API's document
    expect(checkedAnswers() - before).toBe(3);
    expect(takeViolations()).toEqual([]);
  });

  it('names a changed body, an undescribed status and an unknown operation', async () => {
    const created = await app
      .http()
      .post('/api/license-manager/licenses')
      .set('Authorization', `Bearer ${token}`)
      .send({ data: { name: unique('OpenAPI'), quantity: 1, software } });
    const url = `/api/license-manager/licenses/${created.body.data.documentId}`;
    const read = answer('get', url, await app.http().get(url).set('Authorization', `Bearer ${token}`));
    expect(violationOf(read)).toBeNull();

    const { seats: _seats, ...withoutSeats } = read.body as { data: Record<string, unknown> }['data'] & { seats: unknown };
    expect(violationOf({ ...read, body: { ...(read.body as object), data: withoutSeats } })).toMatch(/must have required property 'seats'/);
    const data = (read.body as { data: Record<string, unknown> }).data;
    expect(violationOf({ ...read, body: { data: { ...data, keys: [] }, meta: {} } })).toMatch(/must NOT have additional properties/);
    expect(violationOf({ ...read, body: { data: { ...data, quantity: '1' }, meta: {} } })).toMatch(/quantity must be integer/);
    expect(violationOf({ ...read, status: 418 })).toMatch(/status not described/);
    expect(violationOf({ ...read, method: 'patch' })).toMatch(/no such operation/);

    const missing = answer(
      'get',
      '/api/license-manager/licenses/nothere',
      await app.http().get('/api/license-manager/licenses/nothere').set('Authorization', `Bearer ${token}`),
    );
    expect(missing.status).toBe(404);
    expect(violationOf(missing)).toBeNull();
    expect(violationOf({ ...missing, body: { error: { status: 404 } } })).toMatch(/must have required property 'data'/);
    expect(takeViolations()).toEqual([]);
  });
});
