/**
 * Terms end by the passing of time (docs/domain.md, "Purchases"): two Strapi processes on one
 * database (PostgreSQL or MariaDB; scripts/test.js runs files named "multi-process" on those only)
 * run the daily job at the same moment, again and again; each license whose term ended changes once,
 * with one history entry, and npm run verify-seats finds nothing left.
 */
import { UID } from '../../shared/constants';
import { addDays, isoDay } from '../../shared/days';
import { makeLicense } from './support/fixtures';
import { withSecondProcess } from './support/second';

const both = withSecondProcess(120000);

it('brings each license whose term ended up to date once when two processes run the daily job together', async () => {
  const { app } = both;
  const yesterday = addDays(isoDay(new Date()), -1);
  const licenses = await Promise.all(Array.from({ length: 6 }, () => makeLicense(app, { quantity: 5, overAssignment: 'allow' })));
  for (const license of licenses) {
    const res = await app.admin('post', `/licenses/${license.documentId}/purchases`, { data: { quantity: 3, termStart: '2020-01-01' } });
    expect(res.body.data.seats.total).toBe(8);
    // A day passes: the term that ran until yesterday is over, though no write said so.
    await app.strapi.db.query(UID.purchase).update({ where: { documentId: res.body.data.documentId }, data: { termEnd: yesterday } });
  }
  expect((await app.admin('get', `/licenses/${licenses[0].documentId}`)).body.data.seats.total).toBe(8);
  expect(await app.strapi.plugin('license-manager').service('purchases').positionDifferences()).toHaveLength(6);

  const other = both.other();
  const run = (i: number) =>
    (i % 2 === 0 ? app.http() : other).post('/license-manager/reminders/run').set('Authorization', `Bearer ${app.adminToken}`).send({ data: {} });
  for (let round = 0; round < 3; round += 1) {
    const answers = await Promise.all([0, 1, 2, 3].map(run));
    expect(answers.map((r) => r.status)).toEqual([200, 200, 200, 200]);
  }
  for (const license of licenses) {
    const read = (await app.admin('get', `/licenses/${license.documentId}`)).body.data;
    expect(read).toMatchObject({ seats: { total: 5 }, validUntil: null });
    const history = (await app.admin('get', `/licenses/${license.documentId}/history`)).body.data;
    expect(history.filter((e: { action: string }) => e.action === 'term_changed').map((e: { changes: unknown }) => e.changes)).toEqual([
      { seatsTotal: { old: 8, new: 5 } },
    ]);
  }
  expect(await app.strapi.plugin('license-manager').service('purchases').positionDifferences()).toEqual([]);
}, 120000);
