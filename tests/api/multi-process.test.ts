/**
 * Two Strapi processes on one database (PostgreSQL or MariaDB/MySQL; scripts/test.js runs this
 * file on those only): 40 simultaneous requests for 10 seats, split between them, give exactly 10.
 */
import type { ChildProcess } from 'node:child_process';
import request from 'supertest';
import { startApp, type TestApp } from './support/app';
import { makeLicense, makePerson } from './support/fixtures';
import { freePort, serve, stop } from './support/second';

let app: TestApp;
let second: ChildProcess;
let PORT = 0;

beforeAll(async () => {
  PORT = await freePort();
  app = await startApp();
  second = await serve({ ...process.env, PORT: String(PORT), HOST: '127.0.0.1' });
}, 90000);

afterAll(async () => {
  await stop(second);
  await app?.stop();
});

it('gives exactly 10 of 40 simultaneous requests for 10 seats, across two processes', async () => {
  const license = await makeLicense(app, { quantity: 10 });
  const persons = await Promise.all(Array.from({ length: 40 }, () => makePerson(app).then((p) => p.documentId)));
  const url = `/license-manager/licenses/${license.documentId}/assignments`;
  const other = request(`http://127.0.0.1:${PORT}`);
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
