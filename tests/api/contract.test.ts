/**
 * Answers that must say no more and take no more than docs/api.md lists: the settings a reader
 * sees, and the content API's compliance report refusing parameters it does not read.
 */
import { ACTIONS, UID } from '../../shared/constants';
import { adminWith, apiToken, startApp, type TestApp } from './support/app';

let app: TestApp;
let token: string;
let before: Record<string, unknown>;
const recipient = 'contract-test@example.org';

beforeAll(async () => {
  app = await startApp();
  token = await apiToken(app, 'read-only');
  before = (await app.admin('get', '/settings')).body.data;
  expect((await app.admin('put', '/settings', { data: { reminders: { recipients: [recipient] } } })).status).toBe(200);
});
afterAll(async () => {
  await app.admin('put', '/settings', { data: { reminders: before.reminders } });
  await app.stop();
});

describe('GET /settings', () => {
  it('gives a reader the fields docs/api.md lists, never the reminders or their recipients', async () => {
    const reader = await adminWith(app, 'Settings reader', [ACTIONS.read]);
    const res = await app.admin('get', '/settings', undefined, reader);
    expect(res.status).toBe(200);
    expect(Object.keys(res.body.data).sort()).toEqual([
      'defaultCurrency',
      'defaultVatRate',
      'expiringWithinDays',
      'linkPersonsByEmail',
      'personsUserRelation',
      'staleAfterDays',
    ]);
    expect(JSON.stringify(res.body)).not.toContain(recipient);
  });

  it('gives the reminders to a user with the settings permission', async () => {
    const editor = await adminWith(app, 'Settings editor', [ACTIONS.read, ACTIONS.settings]);
    const res = await app.admin('get', '/settings', undefined, editor);
    expect(res.status).toBe(200);
    expect(res.body.data.reminders.recipients).toEqual([recipient]);
  });
});

describe('GET /reminders', () => {
  it('gives a reader the record without the recipients, and the settings permission the recipients too', async () => {
    const stored = await app.strapi.db.query(UID.reminder).create({
      data: {
        documentId: 'contractreminderrecord001',
        licenseDocumentId: 'contractreminderlicense01',
        licenseName: 'Contract reminder',
        kind: 'expiration',
        dueDate: '1901-01-31',
        offsetDays: 30,
        recipients: [recipient],
        state: 'sent',
        attempts: 1,
      },
    });
    try {
      const reader = await adminWith(app, 'Reminders reader', [ACTIONS.read]);
      const read = await app.admin('get', '/reminders?license=contractreminderlicense01', undefined, reader);
      expect(read.status).toBe(200);
      expect(read.body.data).toHaveLength(1);
      expect(read.body.data[0]).not.toHaveProperty('recipients');
      expect(JSON.stringify(read.body)).not.toContain(recipient);
      const editor = await adminWith(app, 'Reminders editor', [ACTIONS.read, ACTIONS.settings]);
      const edited = await app.admin('get', '/reminders?license=contractreminderlicense01', undefined, editor);
      expect(edited.body.data[0].recipients).toEqual([recipient]);
    } finally {
      await app.strapi.db.query(UID.reminder).delete({ where: { id: stored.id } });
    }
  });
});

describe('GET /api/license-manager/compliance', () => {
  const get = (query: string) => app.http().get(`/api/license-manager/compliance?${query}`).set('Authorization', `Bearer ${token}`);

  it('answers 400 naming a parameter it does not read, as the other content-API lists do', async () => {
    for (const [query, path] of [
      ['foo=1', ['foo']],
      ['filters[status][$eq]=compliant', ['filters']],
      ['_q=a&Status=compliant', ['Status']],
      ['pagination[start]=0', ['pagination', 'start']],
    ] as const) {
      const res = await get(query);
      expect([query, res.status]).toEqual([query, 400]);
      expect(res.body.error.details.errors.map((e: { path: string[] }) => e.path)).toEqual([path]);
      expect(res.body.error.details.errors[0].message).toMatch(/is not a (pagination )?parameter of this list/);
    }
    const licenses = await app.http().get('/api/license-manager/licenses?foo=1').set('Authorization', `Bearer ${token}`);
    expect([licenses.status, licenses.body.error.details.errors[0].path]).toEqual([400, ['foo']]);
  });

  it('still takes every parameter docs/api.md lists', async () => {
    const res = await get(
      'organization=abcdefghijklmnopqrstuvwx&status=compliant&_q=x&sort=software:desc&page=1&pageSize=5&pagination[page]=1&pagination[pageSize]=5',
    );
    expect(res.status).toBe(200);
  });
});
