/**
 * Self-service (docs/domain.md, "Self-service"): GET /api/license-manager/me/licenses answers a
 * signed-in Users & Permissions user's own licenses, those of the person linked to them (the
 * persons' `user`, which the playground's config turns on) or, with the setting linkPersonsByEmail,
 * of the person with their e-mail, and those of the assets whose user that person is.
 */
import { apiToken, startApp, unique, type TestApp } from './support/app';
import { created, makeSoftware } from './support/fixtures';

let app: TestApp;
const tag = unique('Me');
const KEY = 'SELF-SERVICE-KEY-0001';
type UpUser = { id: number; email: string; jwt: string };
const users: Record<'linked' | 'byEmail' | 'nobody', UpUser> = {} as never;

const signUp = async (name: string): Promise<UpUser> => {
  const role = await app.strapi.db.query('plugin::users-permissions.role').findOne({ where: { type: 'authenticated' } });
  const email = `${name}-${Date.now()}-${Math.floor(Math.random() * 1e6)}@license-manager.test`.toLowerCase();
  const password = 'S3lfServicePassw0rd!';
  // Through Users & Permissions' own service, which hashes the password as a sign-up does.
  const user = await app.strapi
    .plugin('users-permissions')
    .service('user')
    .add({ username: email, email, password, provider: 'local', confirmed: true, blocked: false, role: role.id });
  const login = await app.http().post('/api/auth/local').send({ identifier: email, password });
  expect(login.status).toBe(200);
  return { id: user.id, email, jwt: login.body.jwt };
};

const mine = (user: UpUser) => app.http().get('/api/license-manager/me/licenses').set('Authorization', `Bearer ${user.jwt}`);
const namesOf = (res: { body: { data: Array<{ name: string; asset: { name: string } | null }> } }) =>
  res.body.data.filter((l) => l.name.startsWith(tag)).map((l) => [l.name, l.asset?.name ?? null]);

let license: Record<string, any>;
let laptop: Record<string, any>;
let linkedPerson: Record<string, any>;
beforeAll(async () => {
  app = await startApp();
  // The Authenticated role may read its own licenses (the demo seed grants it too).
  const role = await app.strapi.db.query('plugin::users-permissions.role').findOne({ where: { type: 'authenticated' } });
  const action = 'plugin::license-manager.me.find';
  if (!(await app.strapi.db.query('plugin::users-permissions.permission').count({ where: { action, role: role.id } }))) {
    await app.strapi.db.query('plugin::users-permissions.permission').create({ data: { action, role: role.id } });
  }
  users.linked = await signUp('linked');
  users.byEmail = await signUp('by-email');
  users.nobody = await signUp('nobody');
  const software = await makeSoftware(app, `${tag} software`);
  const make = (name: string) =>
    created(app, '/licenses', {
      name: `${tag} ${name}`,
      software: software.documentId,
      quantity: 5,
      netUnitPrice: '123.45',
      vatRate: 20,
      expirationDate: '2099-12-31',
      keys: [{ value: `${KEY}-${name.replace(/\W/g, '')}`, label: 'volume' }],
    });
  license = { personal: await make('personal'), onAsset: await make('on asset'), other: await make('someone else') };
  const linked = await created(app, '/persons', { lastName: `${tag} linked`, user: users.linked.id });
  const byEmail = await created(app, '/persons', { lastName: `${tag} by e-mail`, email: users.byEmail.email.toUpperCase() });
  const other = await created(app, '/persons', { lastName: `${tag} other` });
  laptop = await created(app, '/assets', { name: `${tag} laptop`, user: linked.documentId });
  linkedPerson = linked;
  const assign = async (l: any, data: Record<string, string>) =>
    expect((await app.admin('post', `/licenses/${l.documentId}/assignments`, { data })).status).toBe(201);
  await assign(license.personal, { person: linked.documentId });
  await assign(license.onAsset, { asset: laptop.documentId });
  await assign(license.other, { person: other.documentId });
  await assign(license.other, { person: byEmail.documentId });
});
afterAll(async () => {
  await app?.admin('put', '/settings', { data: { linkPersonsByEmail: false } });
  await app?.stop();
});

describe('GET /api/license-manager/me/licenses', () => {
  it('answers the licenses of the user’s person and of the assets whose user that person is', async () => {
    const res = await mine(users.linked);
    expect(res.status).toBe(200);
    expect(namesOf(res)).toEqual([
      [`${tag} on asset`, `${tag} laptop`],
      [`${tag} personal`, null],
    ]);
    expect(res.body.data.find((l: { name: string }) => l.name === `${tag} personal`)).toEqual({
      documentId: license.personal.documentId,
      name: `${tag} personal`,
      software: { documentId: expect.any(String), name: `${tag} software`, version: '1.0' },
      assignmentModel: 'per_user',
      validUntil: '2099-12-31',
      status: 'active',
      asset: null,
    });
  });

  it('never shows a key, a price or another person', async () => {
    const text = JSON.stringify((await mine(users.linked)).body);
    for (const secret of [KEY, '123.45', '148.14', `${tag} other`, `${tag} someone else`, 'volume'])
      expect([secret, text.includes(secret)]).toEqual([secret, false]);
  });

  it('answers an empty list to a user without a person, and matches by e-mail only when the setting says so', async () => {
    expect([(await mine(users.nobody)).status, namesOf(await mine(users.nobody))]).toEqual([200, []]);
    expect((await app.admin('put', '/settings', { data: { linkPersonsByEmail: false } })).status).toBe(200);
    expect(namesOf(await mine(users.byEmail))).toEqual([]);
    expect((await app.admin('put', '/settings', { data: { linkPersonsByEmail: true } })).status).toBe(200);
    // The settings are cached for a few seconds in each process: forget them here.
    app.strapi.plugin('license-manager').service('settings').forget();
    expect(namesOf(await mine(users.byEmail))).toEqual([[`${tag} someone else`, null]]);
    expect(namesOf(await mine(users.nobody))).toEqual([]);
  });

  it('is for signed-in users: no token is a 403, an API token too', async () => {
    expect((await app.http().get('/api/license-manager/me/licenses')).status).toBe(403);
    const token = await apiToken(app, 'full-access');
    const res = await app.http().get('/api/license-manager/me/licenses').set('Authorization', `Bearer ${token}`);
    expect([res.status, res.body.error?.name]).toEqual([403, 'ForbiddenError']);
  });
});

describe('a person’s user', () => {
  it('is a person’s only: an asset’s user is still its person', async () => {
    const read = await app.admin('get', `/assets/${laptop.documentId}`);
    expect(read.body.data.user).toEqual({ documentId: linkedPerson.documentId, firstName: null, lastName: `${tag} linked` });
    const listed = await app.admin('get', `/assets?_q=${encodeURIComponent(`${tag} laptop`)}`);
    expect(listed.body.data.map((a: { user: unknown }) => a.user)).toEqual([read.body.data.user]);
  });

  it('reads as its id, username and e-mail, and an unknown user is a 400 naming user', async () => {
    const person = await created(app, '/persons', { lastName: unique(tag), user: users.nobody.id });
    expect(person.user).toEqual({ id: users.nobody.id, username: users.nobody.email, email: users.nobody.email });
    const res = await app.admin('put', `/persons/${person.documentId}`, { data: { user: 987654321 } });
    expect([res.status, res.body.error?.details?.errors?.[0]?.path]).toEqual([400, ['user']]);
    const bad = await app.admin('put', `/persons/${person.documentId}`, { data: { user: 'me' } });
    expect([bad.status, bad.body.error?.details?.errors?.[0]?.path]).toEqual([400, ['user']]);
    const cleared = await app.admin('put', `/persons/${person.documentId}`, { data: { user: null } });
    expect([cleared.status, cleared.body.data.user]).toEqual([200, null]);
  });
});
