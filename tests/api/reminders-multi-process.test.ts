/**
 * Two Strapi processes on one database (PostgreSQL or MariaDB; scripts/test.js runs files named
 * "multi-process" on those only) running the reminder job for the same day at the same moment,
 * several times: each due stage reaches the SMTP server exactly once, as one digest per recipient,
 * and each day's compliance snapshot is stored once.
 */
import type { ChildProcess } from 'node:child_process';
import request from 'supertest';
import { startApp, unique, type TestApp } from './support/app';
import { makeLicense } from './support/fixtures';
import { freePort, serve, stop } from './support/second';
import { startSmtp, type Smtp } from './support/smtp';

let app: TestApp;
let second: ChildProcess;
let smtp: Smtp;
let PORT = 0;
const GLOBAL = `multi-${process.pid}@license-manager.test`;

beforeAll(async () => {
  PORT = await freePort();
  smtp = await startSmtp();
  app = await startApp();
  const settings = await app.admin('put', '/settings', {
    data: { reminders: { enabled: true, offsets: [90, 30, 7, 0], kinds: ['expiration', 'support'], recipients: [GLOBAL] } },
  });
  expect(settings.status).toBe(200);
  // The second process gets the SMTP server's address from the environment startSmtp set.
  second = await serve({ ...process.env, PORT: String(PORT), HOST: '127.0.0.1' });
}, 120000);

afterAll(async () => {
  await stop(second);
  await app?.stop();
  await smtp?.stop();
});

it('sends each due stage once when two processes run the job at the same moment, again and again', async () => {
  const licenses = await Promise.all(
    ['1910-01-11', '1910-01-12', '1910-01-13', '1910-01-15', '1910-02-01', '1910-01-12'].map((date, i) =>
      makeLicense(app, { name: unique(`Multi ${i}`), expirationDate: date, notifyEmails: [`multi-${process.pid}-${i}@license-manager.test`] }),
    ),
  );
  const other = request(`http://127.0.0.1:${PORT}`);
  const runAt = (on: string, i: number) =>
    (i % 2 === 0 ? app.http() : other).post('/license-manager/reminders/run').set('Authorization', `Bearer ${app.adminToken}`).send({ data: { on } });

  // Per day: the stages due, and how many of them are new (not sent by an earlier round).
  const rounds = [
    { on: '1910-01-05', due: 6, fresh: 6 },
    { on: '1910-01-05', due: 6, fresh: 0 },
    { on: '1910-01-12', due: 5, fresh: 4 },
    { on: '1910-01-12', due: 5, fresh: 0 },
  ];
  let sent = 0;
  for (const { on, due, fresh } of rounds) {
    const answers = await Promise.all([0, 1, 2, 3].map((i) => runAt(on, i)));
    expect(answers.map((r) => r.status)).toEqual([200, 200, 200, 200]);
    expect(answers.every((r) => r.body.data.failed === 0)).toBe(true);
    const round = answers.reduce((n, r) => n + r.body.data.sent, 0);
    // Each of the 4 runs saw every due stage: one sent it, the others found it taken.
    expect([on, round, answers.reduce((n, r) => n + r.body.data.sent + r.body.data.alreadySent, 0)]).toEqual([on, fresh, 4 * due]);
    sent += round;
    // The same job stores the day's compliance snapshot once, whichever process or run is first.
    const snapshots = answers.map((r) => r.body.data.snapshot);
    const stored = await app.strapi.db.query('plugin::license-manager.compliance-snapshot').findMany({ where: { date: on }, select: ['softwareDocumentId'] });
    expect(stored.length).toBeGreaterThan(0);
    expect(new Set(stored.map((r: { softwareDocumentId: string }) => r.softwareDocumentId)).size).toBe(stored.length);
    expect(snapshots.filter((x) => !x.alreadyStored)).toHaveLength(fresh ? 1 : 0);
    expect(snapshots.every((x) => x.date === on && x.software === stored.length)).toBe(true);
  }

  let stages = 0;
  for (const [i, license] of licenses.entries()) {
    const rows = (await app.admin('get', `/reminders?license=${license.documentId}`)).body.data;
    expect(rows.every((r: { state: string; attempts: number }) => r.state === 'sent' && r.attempts === 1)).toBe(true);
    // The license's own address got one e-mail per stage, and so did the global recipient.
    expect(smtp.to(`multi-${process.pid}-${i}@license-manager.test`)).toHaveLength(rows.length);
    expect(smtp.to(GLOBAL).filter((m) => m.text.includes(license.name))).toHaveLength(rows.length);
    stages += rows.length;
  }
  // 01-05: stages 7 (01-11, 01-12 ×2) and 30 (01-13, 01-15, 02-01); 01-12: stages 0 (01-12 ×2) and 7 (01-13, 01-15).
  expect(stages).toBe(10);
  expect(sent).toBe(10);
  // Every message is a digest of one run: no license twice in one e-mail.
  for (const m of smtp.to(GLOBAL)) for (const l of licenses) expect(m.text.split(l.name).length).toBeLessThanOrEqual(2);
}, 120000);
