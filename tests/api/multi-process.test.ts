/**
 * Two Strapi processes on one database (PostgreSQL or MariaDB/MySQL; scripts/test.js runs this
 * file on those only): 40 simultaneous requests for 10 seats, split between them, give exactly 10.
 */
import { makeLicense, makePerson } from './support/fixtures';
import { withSecondProcess } from './support/second';

const both = withSecondProcess();

it('gives exactly 10 of 40 simultaneous requests for 10 seats, across two processes', async () => {
  const { app } = both;
  const license = await makeLicense(app, { quantity: 10 });
  const persons = await Promise.all(Array.from({ length: 40 }, () => makePerson(app).then((p) => p.documentId)));
  const url = `/license-manager/licenses/${license.documentId}/assignments`;
  const other = both.other();
  const answers = await Promise.all(
    persons.map((person, i) => (i % 2 === 0 ? app.http() : other).post(url).set('Authorization', `Bearer ${app.adminToken}`).send({ data: { person } })),
  );
  const statuses = answers.map((r) => r.status);
  expect(statuses.filter((s) => s === 201)).toHaveLength(10);
  expect(statuses.filter((s) => s === 409)).toHaveLength(30);
  // The second process answered its half itself, each with a seat or a refusal.
  const fromSecond = answers.filter((_, i) => i % 2 === 1).map((r) => r.status);
  expect(fromSecond).toHaveLength(20);
  expect(fromSecond.every((s) => s === 201 || s === 409)).toBe(true);
  const seats = (await app.admin('get', `/licenses/${license.documentId}`)).body.data.seats;
  expect(seats).toEqual({ total: 10, used: 10, available: 0, shortfall: 0 });
});
