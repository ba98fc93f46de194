/**
 * Reference updates raced against deletes (issue 9): of the same record, of a record the update
 * points at, and a license edit against the delete of a record it points at. After each round: no
 * 5xx, a delete that answered 200 left no row behind (no update resurrected it), and an update that
 * answered 200 points at records that exist, or else it was refused with a 400 naming the field.
 * RACE_ROUNDS sets the rounds per race (default 4); the two requests leave together.
 */
import type request from 'supertest';
import { UID } from '../../shared/constants';
import { startApp, unique, type TestApp } from './support/app';
import { created, makeLicense, makeOrganization, makePerson, makeSoftware } from './support/fixtures';

let app: TestApp;
beforeAll(async () => {
  app = await startApp({ asPluginAdmin: true });
}, 90000);
afterAll(async () => {
  await app?.stop();
});

const ROUNDS = Number(process.env.RACE_ROUNDS ?? 4);
const REFERENCE_UID: Record<string, string> = {
  software: UID.software,
  categories: UID.category,
  organizations: UID.organization,
  'organizational-units': UID.organizationalUnit,
  locations: UID.location,
  persons: UID.person,
  assets: UID.asset,
};

/** Rows with this documentId, counted in the database itself (a resurrected row would be one). */
const rowsOf = (resource: string, documentId: string) => app.strapi.db.query(REFERENCE_UID[resource] as any).count({ where: { documentId } });
const exists = async (resource: string, documentId: string) => (await rowsOf(resource, documentId)) > 0;
const describeAnswer = (r: request.Response) => `${r.status} ${JSON.stringify(r.body?.error ?? r.body?.data?.documentId ?? '')}`;
const fieldOf = (r: request.Response) => r.body?.error?.details?.errors?.[0]?.path?.join('.');

/** Runs every round of a race (rounds in parallel, two at a time), collecting what went wrong. */
const rounds = async (name: string, round: () => Promise<string[]>) => {
  const failures: string[] = [];
  for (let i = 0; i < ROUNDS; i += 2) {
    const results = await Promise.all(Array.from({ length: Math.min(2, ROUNDS - i) }, round));
    for (const problems of results) if (problems.length) failures.push(`[${name}] ${problems.join('; ')}`);
  }
  return failures;
};

/** A record and the change an update makes; persons are assigned to a license first. */
const SAME_RECORD: Array<[string, () => Promise<Record<string, unknown>>, Record<string, unknown>]> = [
  ['software', async () => ({ name: unique('Soft'), version: '1' }), { version: '2' }],
  ['categories', async () => ({ name: unique('Cat') }), { description: 'edited' }],
  ['organizations', async () => ({ name: unique('Org') }), { taxId: 'PL-RACE' }],
  ['organizational-units', async () => ({ name: unique('Unit'), organization: (await makeOrganization(app)).documentId }), { name: unique('Unit edited') }],
  ['locations', async () => ({ name: unique('Loc') }), { address: 'Street 2' }],
  ['persons', async () => ({ lastName: unique('Person') }), { firstName: 'Edited' }],
  ['assets', async () => ({ name: unique('PC'), assetType: 'laptop' }), { hostname: 'edited.local' }],
];

it('an update racing the delete of the same record answers 200 or 404, and the deleted record stays deleted', async () => {
  const failures: string[] = [];
  for (const [resource, make, change] of SAME_RECORD) {
    failures.push(
      ...(await rounds(`update | delete ${resource}`, async () => {
        const record = await created(app, `/${resource}`, await make());
        const id = record.documentId;
        // A person in a license's seats: its delete takes the assignment along, with its history.
        const license = resource === 'persons' ? await makeLicense(app) : undefined;
        if (license) {
          const assigned = await app.admin('post', `/licenses/${license.documentId}/assignments`, { data: { person: id } });
          if (assigned.status !== 201) return [`assigning answered ${assigned.status}`];
        }
        const [update, remove] = await Promise.all([app.admin('put', `/${resource}/${id}`, { data: change }), app.admin('delete', `/${resource}/${id}`)]);
        const problems: string[] = [];
        if (![200, 404].includes(update.status)) problems.push(`update answered ${describeAnswer(update)}`);
        if (remove.status !== 200) problems.push(`delete answered ${describeAnswer(remove)}`);
        if (update.status === 200) {
          for (const [field, value] of Object.entries(change)) {
            if (update.body.data[field] !== value) problems.push(`update answered 200 with ${field}=${update.body.data[field]}`);
          }
        }
        const rows = await rowsOf(resource, id);
        const read = await app.admin('get', `/${resource}/${id}`);
        if (remove.status === 200 && (rows !== 0 || read.status !== 404)) problems.push(`deleted, yet ${rows} rows and GET ${read.status}`);
        if (license) {
          const seats = await app.admin('get', `/licenses/${license.documentId}/assignments?pageSize=100`);
          const left = seats.body.data.filter((a: any) => a.person?.documentId === id || !a.person).length;
          if (remove.status === 200 && left) problems.push(`the deleted person left ${left} assignments`);
          const history = (await app.admin('get', `/licenses/${license.documentId}/history?pageSize=100`)).body.data;
          const unassigned = history.filter((e: any) => e.action === 'unassigned' && e.changes.persons?.some((p: any) => p.documentId === id)).length;
          if (remove.status === 200 && unassigned !== 1) problems.push(`${unassigned} unassigned events for the deleted person`);
        }
        return problems;
      })),
    );
  }
  expect(failures).toEqual([]);
}, 300000);

/**
 * An update that points a record at a target, raced against the target's delete: either the update
 * wins (200, pointing at it; the delete is refused 409, the target in use) or the delete wins (the
 * update answers 400 naming the field, and the target is gone). Never both, never a dangling pointer.
 */
const TARGET_RACES: Array<{
  name: string;
  /** Creates the target and the record; returns the update to send and the target. */
  setUp: () => Promise<{ url: string; field: string; target: { resource: string; documentId: string }; data: Record<string, unknown> }>;
}> = [
  {
    name: 'move a unit under a parent | delete the parent',
    setUp: async () => {
      const organization = (await makeOrganization(app)).documentId;
      const parent = await created(app, '/organizational-units', { name: unique('Parent'), organization });
      const unit = await created(app, '/organizational-units', { name: unique('Unit'), organization });
      return {
        url: `/organizational-units/${unit.documentId}`,
        field: 'parent',
        target: { resource: 'organizational-units', documentId: parent.documentId },
        data: { parent: parent.documentId },
      };
    },
  },
  {
    name: 'move a location under a parent | delete the parent',
    setUp: async () => {
      const parent = await created(app, '/locations', { name: unique('Parent') });
      const location = await created(app, '/locations', { name: unique('Loc') });
      return {
        url: `/locations/${location.documentId}`,
        field: 'parent',
        target: { resource: 'locations', documentId: parent.documentId },
        data: { parent: parent.documentId },
      };
    },
  },
  {
    name: "change a unit's organization | delete that organization",
    setUp: async () => {
      const unit = await created(app, '/organizational-units', { name: unique('Unit'), organization: (await makeOrganization(app)).documentId });
      const other = (await makeOrganization(app)).documentId;
      return {
        url: `/organizational-units/${unit.documentId}`,
        field: 'organization',
        target: { resource: 'organizations', documentId: other },
        data: { organization: other },
      };
    },
  },
  {
    name: "change a person's unit | delete the unit",
    setUp: async () => {
      const organization = (await makeOrganization(app)).documentId;
      const unit = await created(app, '/organizational-units', { name: unique('Unit'), organization });
      const person = await makePerson(app);
      return {
        url: `/persons/${person.documentId}`,
        field: 'organizationalUnit',
        target: { resource: 'organizational-units', documentId: unit.documentId },
        data: { organizationalUnit: unit.documentId, lastName: unique('Moved') },
      };
    },
  },
  {
    name: "change an asset's user | delete the person",
    setUp: async () => {
      const asset = await created(app, '/assets', { name: unique('PC') });
      const person = await makePerson(app);
      return {
        url: `/assets/${asset.documentId}`,
        field: 'user',
        target: { resource: 'persons', documentId: person.documentId },
        data: { user: person.documentId },
      };
    },
  },
  {
    name: "change a license's software | delete the software",
    setUp: async () => {
      const license = await makeLicense(app);
      const software = (await makeSoftware(app)).documentId;
      return {
        url: `/licenses/${license.documentId}`,
        field: 'software',
        target: { resource: 'software', documentId: software },
        data: { software, notes: 'edited in a race' },
      };
    },
  },
  {
    name: "change a license's unit | delete the unit",
    setUp: async () => {
      const organization = (await makeOrganization(app)).documentId;
      const unit = (await created(app, '/organizational-units', { name: unique('Unit'), organization })).documentId;
      const license = await makeLicense(app, { organization });
      return {
        url: `/licenses/${license.documentId}`,
        field: 'organizationalUnit',
        target: { resource: 'organizational-units', documentId: unit },
        data: { organizationalUnit: unit },
      };
    },
  },
];

it('an update racing the delete of a record it points at either wins (the delete is 409) or is a 400 on that field', async () => {
  const failures: string[] = [];
  for (const race of TARGET_RACES) {
    failures.push(
      ...(await rounds(race.name, async () => {
        const { url, field, target, data } = await race.setUp();
        const [update, remove] = await Promise.all([app.admin('put', url, { data }), app.admin('delete', `/${target.resource}/${target.documentId}`)]);
        const problems: string[] = [];
        const won = update.status === 200 && remove.status === 409;
        const lost = update.status === 400 && fieldOf(update) === field && remove.status === 200;
        if (!won && !lost) problems.push(`update ${describeAnswer(update)}, delete ${describeAnswer(remove)}`);
        const read = await app.admin('get', url);
        const pointsAt = read.body?.data?.[field]?.documentId ?? null;
        const targetThere = await exists(target.resource, target.documentId);
        if (targetThere === (remove.status === 200)) problems.push(`the delete answered ${remove.status}, the target is ${targetThere ? 'there' : 'gone'}`);
        if (pointsAt !== null && !(await exists(target.resource, pointsAt))) problems.push(`${field} points at a deleted record`);
        if ((pointsAt === target.documentId) !== (update.status === 200)) problems.push(`the update answered ${update.status}, ${field} is ${pointsAt}`);
        return problems;
      })),
    );
  }
  expect(failures).toEqual([]);
}, 300000);
