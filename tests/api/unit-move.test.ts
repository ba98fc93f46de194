/**
 * An organizational unit moved to another organization while records refer to it would leave
 * them pointing at a unit outside their organization (and its child units under a parent of
 * another organization): the move is refused with a 409 counting them, as a delete of a unit in
 * use is, and the count holds against a license write setting that unit at the same moment.
 * RACE_ROUNDS sets the rounds per race (default 6).
 */
import type request from 'supertest';
import { startApp, unique, type TestApp } from './support/app';
import { created, makeAsset, makeLicense, makeOrganization, makePerson, makeSoftware } from './support/fixtures';

let app: TestApp;
beforeAll(async () => {
  app = await startApp({ asPluginAdmin: true });
}, 90000);
afterAll(async () => {
  await app?.stop();
});

const ROUNDS = Number(process.env.RACE_ROUNDS ?? 6);
const makeUnit = async (organization: string, data: Record<string, unknown> = {}) =>
  (await created(app, '/organizational-units', { name: unique('Unit'), organization, ...data })).documentId;
const organizationOf = async (unit: string) => (await app.admin('get', `/organizational-units/${unit}`)).body.data.organization.documentId as string;
const describeAnswer = (r: request.Response) => `${r.status} ${JSON.stringify(r.body?.error?.details ?? r.body?.error?.message ?? '')}`;

describe('moving a unit to another organization', () => {
  it('is refused while licenses, child units, persons or assets refer to it, counting each (details as a refused delete)', async () => {
    const [a, b] = [(await makeOrganization(app)).documentId, (await makeOrganization(app)).documentId];
    const unit = await makeUnit(a);
    await makeUnit(a, { parent: unit });
    await makeLicense(app, { organization: a, organizationalUnit: unit });
    await makeLicense(app, { organization: a, organizationalUnit: unit });
    const person = (await makePerson(app)).documentId;
    expect((await app.admin('put', `/persons/${person}`, { data: { organizationalUnit: unit } })).status).toBe(200);
    const asset = (await makeAsset(app)).documentId;
    expect((await app.admin('put', `/assets/${asset}`, { data: { organizationalUnit: unit } })).status).toBe(200);

    const moved = await app.admin('put', `/organizational-units/${unit}`, { data: { organization: b, name: unique('Renamed') } });
    expect(moved.status).toBe(409);
    expect(moved.body.error.details).toEqual({ licenses: 2, usedBy: { licenses: 2, children: 1, persons: 1, assets: 1 } });
    expect(moved.body.error.message).toMatch(
      /organizational unit is in use and cannot move to another organization: used by 2 licenses, 1 children, 1 persons, 1 assets/i,
    );
    expect(await organizationOf(unit)).toBe(a);

    // Within its organization, a unit in use is edited as before.
    expect((await app.admin('put', `/organizational-units/${unit}`, { data: { organization: a, name: unique('Renamed') } })).status).toBe(200);
  });

  it('is allowed for a unit nothing refers to', async () => {
    const [a, b] = [(await makeOrganization(app)).documentId, (await makeOrganization(app)).documentId];
    const unit = await makeUnit(a);
    const moved = await app.admin('put', `/organizational-units/${unit}`, { data: { organization: b } });
    expect(moved.status).toBe(200);
    expect(await organizationOf(unit)).toBe(b);
  });
});

/**
 * A license of organization A given unit U (created with it, or edited to it) while U moves to B:
 * either the license wins (201/200, and the move is a 409 counting it) or the move does (200, and
 * the license is a 400 on organizationalUnit). Never both: no license may end with a unit of
 * another organization.
 */
describe('a move racing a license write that sets the unit', () => {
  /** `prepare` makes what the write needs first, so the two requests leave together. */
  const race = async (name: string, prepare: (a: string) => Promise<(unit: string) => Promise<request.Response>>) => {
    const failures: string[] = [];
    const round = async () => {
      const [a, b] = [(await makeOrganization(app)).documentId, (await makeOrganization(app)).documentId];
      const unit = await makeUnit(a);
      const write = await prepare(a);
      const [license, move] = await Promise.all([write(unit), app.admin('put', `/organizational-units/${unit}`, { data: { organization: b } })]);
      const problems: string[] = [];
      const licenseWon = [200, 201].includes(license.status) && move.status === 409 && move.body.error.details.usedBy?.licenses === 1;
      const moveWon = move.status === 200 && license.status === 400 && license.body.error.details.errors[0].path.join('.') === 'organizationalUnit';
      if (!licenseWon && !moveWon) problems.push(`license ${describeAnswer(license)}, move ${describeAnswer(move)}`);
      const holders = await app.strapi.db.query('plugin::license-manager.license').findMany({
        where: { organizationalUnit: { documentId: unit } },
        populate: { organization: { select: ['documentId'] } },
      });
      const unitOrganization = await organizationOf(unit);
      for (const h of holders) if (h.organization?.documentId !== unitOrganization) problems.push('a license holds a unit of another organization');
      return problems;
    };
    for (let i = 0; i < ROUNDS; i += 2) {
      for (const problems of await Promise.all([round(), round()])) if (problems.length) failures.push(`[${name}] ${problems.join('; ')}`);
    }
    return failures;
  };

  it('lets exactly one of them win, on create and on update', async () => {
    const software = (await makeSoftware(app)).documentId;
    const failures = [
      ...(await race(
        'create',
        async (a) => (unit) =>
          app.admin('post', '/licenses', { data: { name: unique('Race'), quantity: 5, software, organization: a, organizationalUnit: unit } }),
      )),
      ...(await race('update', async (a) => {
        const license = await makeLicense(app, { software, organization: a });
        return (unit) => app.admin('put', `/licenses/${license.documentId}`, { data: { organizationalUnit: unit, notes: 'raced' } });
      })),
    ];
    expect(failures).toEqual([]);
  }, 120000);
});
