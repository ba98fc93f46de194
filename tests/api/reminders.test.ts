/**
 * Renewal reminders (docs/api.md and docs/domain.md, "Renewal reminders") against a real SMTP
 * server on 127.0.0.1, through Strapi's email plugin and the nodemailer provider the playground
 * configures. Each test uses its own dates, long past (a run is for today or an earlier day), and
 * passes `on`, so licenses of other tests and files are never due in its runs.
 */
import { ACTIONS } from '../../shared/constants';
import { adminWith, apiToken, startApp, unique, type TestApp } from './support/app';
import { makeLicense, makeSoftware } from './support/fixtures';
import { SMTP_TIMEOUT_MS, startSmtp, type Smtp } from './support/smtp';

let app: TestApp;
let smtp: Smtp;

beforeAll(async () => {
  smtp = await startSmtp();
  app = await startApp();
}, 120000);

afterAll(async () => {
  await app?.stop();
  await smtp?.stop();
});

const GLOBAL = `it-${process.pid}@license-manager.test`;
const mail = (name: string) => `${name}-${process.pid}-${Math.random().toString(36).slice(2, 8)}@license-manager.test`;

const reminderSettings = (changes: Record<string, unknown> = {}) =>
  app.admin('put', '/settings', {
    data: {
      reminders: { enabled: true, offsets: [90, 30, 7, 0], kinds: ['expiration', 'support'], recipients: [GLOBAL], time: '07:00', timezone: 'UTC', ...changes },
    },
  });

beforeEach(async () => {
  expect((await reminderSettings()).status).toBe(200);
});

const run = async (on: string) => {
  const res = await app.admin('post', '/reminders/run', { data: { on } });
  expect(res.status).toBe(200);
  // The run is the whole daily job: it also stores the day's compliance snapshot (once a day).
  const { snapshot, ...report } = res.body.data;
  expect(snapshot).toMatchObject({ date: on, software: expect.any(Number), alreadyStored: expect.any(Boolean) });
  return report as { on: string; sent: number; alreadySent: number; failed: number; messages: number };
};
const preview = async (on: string) => {
  const res = await app.admin('get', `/reminders/preview?on=${on}`);
  expect(res.status).toBe(200);
  return res.body.data as Array<{ license: { documentId: string; name: string }; kind: string; offset: number; dueDate: string; recipients: string[] }>;
};
const recorded = async (license: string) => {
  const res = await app.admin('get', `/reminders?license=${license}&pageSize=100`);
  expect(res.status).toBe(200);
  return res.body.data as Array<{
    kind: string;
    offset: number;
    dueDate: string;
    recipients: string[];
    state: string;
    attempts: number;
    sentAt: string | null;
    error: string | null;
  }>;
};
const mentioning = (name: string) => smtp.received.filter((m) => m.text.includes(name));

describe('settings.reminders', () => {
  it('has the defaults, and a partial PUT changes only what it sends', async () => {
    const put = await app.admin('put', '/settings', { data: { reminders: { offsets: [14, 60] } } });
    expect(put.status).toBe(200);
    expect(put.body.data.reminders).toEqual({
      enabled: true,
      offsets: [60, 14],
      kinds: ['expiration', 'support'],
      recipients: [GLOBAL],
      time: '07:00',
      timezone: 'UTC',
    });
    const other = await app.admin('put', '/settings', { data: { expiringWithinDays: 45 } });
    expect(other.body.data.reminders.offsets).toEqual([60, 14]);
    expect(other.body.data.expiringWithinDays).toBe(45);
    await app.admin('put', '/settings', { data: { expiringWithinDays: 30 } });
  });

  it.each([
    [{ offsets: [] }, ['reminders', 'offsets']],
    [{ offsets: [1, 2, 3, 4, 5, 6, 7] }, ['reminders', 'offsets']],
    [{ offsets: [30, 30] }, ['reminders', 'offsets']],
    [{ offsets: [366] }, ['reminders', 'offsets', '0']],
    [{ offsets: [1.5] }, ['reminders', 'offsets', '0']],
    [{ kinds: ['renewal'] }, ['reminders', 'kinds', '0']],
    [{ recipients: ['not an address'] }, ['reminders', 'recipients', '0']],
    [{ recipients: Array.from({ length: 51 }, (_, i) => `r${i}@x.test`) }, ['reminders', 'recipients']],
    [{ time: '24:00' }, ['reminders', 'time']],
    [{ time: '7:00' }, ['reminders', 'time']],
    [{ timezone: 'Mars/Olympus_Mons' }, ['reminders', 'timezone']],
    [{ enabled: 'yes' }, ['reminders', 'enabled']],
    [{ unknown: 1 }, ['reminders', 'unknown']],
  ])('refuses %j with a 400 naming the field, and changes nothing', async (reminders, path) => {
    const res = await app.admin('put', '/settings', { data: { reminders } });
    expect(res.status).toBe(400);
    expect(res.body.error.details.errors.map((e: { path: string[] }) => e.path.map(String))).toContainEqual(path);
    expect((await app.admin('get', '/settings')).body.data.reminders.offsets).toEqual([90, 30, 7, 0]);
  });

  it('accepts an IANA zone and a time', async () => {
    const res = await reminderSettings({ timezone: 'Europe/Paris', time: '23:59' });
    expect(res.status).toBe(200);
    expect(res.body.data.reminders).toMatchObject({ timezone: 'Europe/Paris', time: '23:59' });
  });
});

describe('license notifyEmails', () => {
  it('is stored, read back as a list by both APIs, and cleared with null', async () => {
    const a = mail('a');
    const license = await makeLicense(app, { notifyEmails: [a, ` ${a.toUpperCase()} `, 'b@license-manager.test'] });
    expect(license.notifyEmails).toEqual([a, 'b@license-manager.test']);
    const list = await app.admin('get', `/licenses?_q=${encodeURIComponent(license.name)}`);
    expect(list.body.data[0].notifyEmails).toEqual([a, 'b@license-manager.test']);
    const cleared = await app.admin('put', `/licenses/${license.documentId}`, { data: { notifyEmails: null } });
    expect(cleared.body.data.notifyEmails).toEqual([]);
    const history = await app.admin('get', `/licenses/${license.documentId}/history`);
    expect(history.body.data[0].changes.notifyEmails).toEqual({ old: [a, 'b@license-manager.test'], new: [] });
    // An unchanged list is no change.
    await app.admin('put', `/licenses/${license.documentId}`, { data: { notifyEmails: [] } });
    expect((await app.admin('get', `/licenses/${license.documentId}/history`)).body.data).toHaveLength(history.body.data.length);
  });

  it('is written and read by the content API', async () => {
    const token = await apiToken(app, 'full-access');
    const software = (await makeSoftware(app)).documentId;
    const c = mail('content');
    const created = await app
      .http()
      .post('/api/license-manager/licenses')
      .set('Authorization', `Bearer ${token}`)
      .send({ data: { name: unique('Content notify'), quantity: 1, software, notifyEmails: [c] } });
    expect(created.status).toBe(201);
    expect(created.body.data.notifyEmails).toEqual([c]);
    const read = await app.http().get(`/api/license-manager/licenses/${created.body.data.documentId}`).set('Authorization', `Bearer ${token}`);
    expect(read.body.data.notifyEmails).toEqual([c]);
  });

  it.each([
    [['not-an-address'], ['notifyEmails', '0']],
    [Array.from({ length: 11 }, (_, i) => `n${i}@x.test`), ['notifyEmails']],
    ['a@x.test', ['notifyEmails']],
  ])('refuses %j with a 400 naming the field', async (notifyEmails, path) => {
    const software = (await makeSoftware(app)).documentId;
    const res = await app.admin('post', '/licenses', { data: { name: unique('Bad notify'), quantity: 1, software, notifyEmails } });
    expect(res.status).toBe(400);
    expect(res.body.error.details.errors.map((e: { path: string[] }) => e.path.map(String))).toContainEqual(path);
  });
});

describe('a run', () => {
  it('sends one digest per recipient, with each license due, and a second run the same day sends nothing', async () => {
    const ON = '1901-03-01';
    const n1 = mail('n1');
    const n2 = mail('n2');
    const l1 = await makeLicense(app, {
      name: unique('Reminded A'),
      expirationDate: '1901-03-31',
      notifyEmails: [n1],
      keys: [{ value: 'SECRET-KEY-VALUE-4711' }],
    });
    const l2 = await makeLicense(app, { name: unique('Reminded B'), supportDate: '1901-03-08', notifyEmails: [n2, n1] });

    const due = await preview(ON);
    expect(due).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          license: { documentId: l1.documentId, name: l1.name },
          kind: 'expiration',
          offset: 30,
          dueDate: '1901-03-31',
          recipients: [GLOBAL, n1],
        }),
        expect.objectContaining({
          license: { documentId: l2.documentId, name: l2.name },
          kind: 'support',
          offset: 7,
          dueDate: '1901-03-08',
          recipients: [GLOBAL, n2, n1],
        }),
      ]),
    );
    expect(due).toHaveLength(2);

    const before = smtp.received.length;
    expect(await run(ON)).toEqual({ on: ON, sent: 2, alreadySent: 0, failed: 0, messages: 3 });
    const arrived = smtp.received.slice(before);
    expect(arrived.map((m) => m.to).sort()).toEqual([[GLOBAL], [n1], [n2]].sort());
    const toGlobal = smtp.to(GLOBAL).slice(-1)[0];
    for (const text of [
      l1.name,
      l2.name,
      'in 30 days',
      'in 7 days',
      '1901-03-31',
      '1901-03-08',
      `/admin/plugins/license-manager/licenses/${l1.documentId}`,
      `/admin/plugins/license-manager/licenses/${l2.documentId}`,
      'Seats: 0 of 5 used',
    ]) {
      expect(toGlobal.text).toContain(text);
    }
    expect(toGlobal.html).toContain(`/admin/plugins/license-manager/licenses/${l1.documentId}`);
    const toN1 = smtp.to(n1);
    expect(toN1).toHaveLength(1);
    expect(toN1[0].text).toContain(l1.name);
    expect(toN1[0].text).toContain(l2.name);
    expect(smtp.to(n2)[0].text).not.toContain(l1.name);
    for (const m of arrived) {
      expect(m.text).not.toContain('SECRET-KEY-VALUE-4711');
      expect(m.html).not.toContain('SECRET-KEY-VALUE-4711');
    }

    expect(await run(ON)).toEqual({ on: ON, sent: 0, alreadySent: 2, failed: 0, messages: 0 });
    expect(smtp.received.length).toBe(before + 3);
    expect(await preview(ON)).toEqual([]);

    const rows = await recorded(l1.documentId);
    expect(rows).toEqual([
      expect.objectContaining({ kind: 'expiration', offset: 30, dueDate: '1901-03-31', recipients: [GLOBAL, n1], state: 'sent', attempts: 1 }),
    ]);
    expect(rows[0].sentAt).toEqual(expect.any(String));
    const history = (await app.admin('get', `/licenses/${l1.documentId}/history`)).body.data;
    expect(history[0]).toMatchObject({ action: 'reminder_sent', changes: { kind: 'expiration', offset: 30, dueDate: '1901-03-31', recipients: [GLOBAL, n1] } });
  });

  it('sends only the latest stage reached after downtime, each later stage once, and none after the date', async () => {
    const license = await makeLicense(app, { name: unique('Downtime'), expirationDate: '1902-06-10' });
    // 90, 30 and 7 days before are all past on 1902-06-05: only the 7-day stage goes out.
    expect(await run('1902-06-05')).toMatchObject({ sent: 1, messages: 1 });
    expect(mentioning(license.name)).toHaveLength(1);
    expect((await recorded(license.documentId)).map((r) => r.offset)).toEqual([7]);
    expect(await run('1902-06-06')).toMatchObject({ sent: 0, alreadySent: 1 });
    expect(await run('1902-06-10')).toMatchObject({ sent: 1 });
    expect(mentioning(license.name)).toHaveLength(2);
    expect(mentioning(license.name)[1].text).toContain(', today.');
    expect(await preview('1902-06-11')).toEqual([]);
    expect(await run('1902-06-11')).toMatchObject({ sent: 0, alreadySent: 0 });
    expect((await recorded(license.documentId)).map((r) => r.offset)).toEqual([0, 7]);
  });

  it('sends only the kinds in the settings, and nothing without recipients', async () => {
    const license = await makeLicense(app, { name: unique('Kinds'), expirationDate: '1903-01-20', supportDate: '1903-01-20' });
    await reminderSettings({ kinds: ['support'] });
    expect((await preview('1903-01-01')).map((p) => p.kind)).toEqual(['support']);
    await reminderSettings({ recipients: [] });
    expect(await preview('1903-01-01')).toEqual([]);
    expect(await run('1903-01-01')).toMatchObject({ sent: 0, messages: 0 });
    expect(mentioning(license.name)).toHaveLength(0);
  });

  it('follows a renewal by a purchase: no reminder for the date it covers (a failed one staged for it is not sent again), one for the new end; support by the latest supportEnd', async () => {
    const renewed = mail('renewed');
    const license = await makeLicense(app, { name: unique('Renewed'), expirationDate: '1941-03-31', supportDate: '1941-03-31', notifyEmails: [renewed] });
    // Due 30 days before the license's own date; the license's own address refuses once, so that reminder stays staged (failed).
    smtp.refuse(renewed, 1);
    expect(await run('1941-03-01')).toMatchObject({ failed: 2 });
    expect(
      (await recorded(license.documentId))
        .filter((r) => r.state === 'failed')
        .map((r) => [r.kind, r.dueDate])
        .sort(),
    ).toEqual([
      ['expiration', '1941-03-31'],
      ['support', '1941-03-31'],
    ]);
    // Renewed for a year from the day after, with support a year on as well.
    const p = await app.admin('post', `/licenses/${license.documentId}/purchases`, {
      data: { quantity: 5, termStart: '1941-04-01', termEnd: '1942-03-31', supportEnd: '1942-03-31' },
    });
    expect(p.status).toBe(201);
    expect(await preview('1941-03-01')).toEqual([]);
    const before = smtp.to(renewed).length;
    expect(await run('1941-03-01')).toMatchObject({ sent: 0, failed: 0 });
    expect(smtp.to(renewed)).toHaveLength(before);
    // A year on, the reminders are for the renewal's end, the expiration and the support alike.
    expect(
      (await preview('1942-03-01'))
        .filter((r) => r.license.documentId === license.documentId)
        .map((r) => [r.kind, r.dueDate])
        .sort(),
    ).toEqual([
      ['expiration', '1942-03-31'],
      ['support', '1942-03-31'],
    ]);
    expect(await run('1942-03-01')).toMatchObject({ failed: 0 });
    expect(smtp.to(renewed).filter((m) => m.text.includes(license.name)).length).toBeGreaterThan(before);
  });

  it('records a refused delivery as failed and sends it with the next run, once, to whom it missed', async () => {
    const flaky = mail('flaky');
    const license = await makeLicense(app, { name: unique('Flaky'), expirationDate: '1904-02-01', notifyEmails: [flaky] });
    smtp.refuse(flaky, 1);
    expect(await run('1904-01-30')).toMatchObject({ sent: 0, failed: 1, messages: 1 });
    expect(smtp.to(flaky)).toHaveLength(0);
    expect(smtp.to(GLOBAL).filter((m) => m.text.includes(license.name))).toHaveLength(1);
    expect(await recorded(license.documentId)).toEqual([expect.objectContaining({ state: 'failed', attempts: 1, sentAt: null })]);
    expect(await preview('1904-01-30')).toEqual([expect.objectContaining({ recipients: [flaky] })]);

    expect(await run('1904-01-30')).toMatchObject({ sent: 1, failed: 0, messages: 1 });
    expect(smtp.to(flaky)).toHaveLength(1);
    expect(smtp.to(GLOBAL).filter((m) => m.text.includes(license.name))).toHaveLength(1);
    expect(await recorded(license.documentId)).toEqual([expect.objectContaining({ state: 'sent', attempts: 2 })]);
    expect(await run('1904-01-30')).toMatchObject({ sent: 0, alreadySent: 1 });
    expect(smtp.to(flaky)).toHaveLength(1);
  });

  it('tries a failing delivery 3 times, then no more', async () => {
    const dead = mail('dead');
    await reminderSettings({ recipients: [] });
    const license = await makeLicense(app, { name: unique('Dead'), supportDate: '1905-05-05', notifyEmails: [dead] });
    smtp.refuse(dead, Infinity);
    for (let i = 0; i < 3; i++) expect(await run('1905-05-01')).toMatchObject({ failed: 1, sent: 0 });
    expect(await preview('1905-05-01')).toEqual([]);
    expect(await run('1905-05-01')).toMatchObject({ failed: 0, sent: 0, messages: 0 });
    expect(await recorded(license.documentId)).toEqual([expect.objectContaining({ state: 'failed', attempts: 3 })]);
    // Why: the mail server's answer, to who may see the recipients; a reader sees neither (it may quote an address).
    expect((await recorded(license.documentId))[0]).toMatchObject({ error: expect.stringContaining('Mailbox unavailable') });
    const reader = await adminWith(app, 'Reader of failures', [ACTIONS.read]);
    const [seen] = (await app.admin('get', `/reminders?license=${license.documentId}`, undefined, reader)).body.data;
    expect(seen).toMatchObject({ state: 'failed', attempts: 3 });
    expect(seen).not.toHaveProperty('error');
    expect(seen).not.toHaveProperty('recipients');
    smtp.refuse(dead, 0);
    expect(smtp.to(dead)).toHaveLength(0);
  });

  describe('against a mail server that stalls', () => {
    // A short claim window: each delivery is given up after half of it (3 s), and the playground's
    // provider hangs up on a silent server after SMTP_TIMEOUT_MS (4 s).
    const WINDOW_S = 6;
    const config = 'plugin::license-manager.reminderClaimSeconds';
    beforeEach(() => app.strapi.config.set(config, WINDOW_S));
    afterEach(() => app.strapi.config.set(config, 600));
    const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
    const runAsync = (on: string) => app.admin('post', '/reminders/run', { data: { on } }).then((res) => res.body.data);
    // A claim older than any window, the default one too: another run may take the row over.
    const lapse = (license: string) =>
      app.strapi.db
        .query('plugin::license-manager.license-reminder')
        .updateMany({ where: { licenseDocumentId: license }, data: { claimedAt: new Date(Date.now() - 3600000) } });

    it('gives a stalled delivery up within the window, and the overlapping run sends each e-mail once', async () => {
      await reminderSettings({ recipients: [] });
      const [slow, fast] = [mail('a-slow'), mail('b-fast')];
      const license = await makeLicense(app, { name: unique('Stalled'), expirationDate: '1907-04-10', notifyEmails: [slow, fast] });
      const stall = smtp.stall(slow, SMTP_TIMEOUT_MS + 3000);
      const first = runAsync('1907-04-03');
      await stall.started;
      await sleep((WINDOW_S / 2) * 1000 + 500);
      await lapse(license.documentId);
      const second = await runAsync('1907-04-03');
      expect(await first).toMatchObject({ sent: 0, failed: 1, messages: 1 });
      expect(second).toMatchObject({ sent: 1, failed: 0, messages: 1 });
      // The stalled message, answered after the client hung up, was never delivered.
      expect(await stall.ended).toBe('dropped');
      expect(smtp.to(slow)).toHaveLength(1);
      expect(smtp.to(fast)).toHaveLength(1);
      expect(await recorded(license.documentId)).toEqual([expect.objectContaining({ state: 'sent', attempts: 2, recipients: [slow, fast] })]);
    }, 30000);

    it('makes a run whose claim was taken over send and write nothing more for it', async () => {
      await reminderSettings({ recipients: [] });
      const [slow, other] = [mail('a-slow'), mail('b-other')];
      const license = await makeLicense(app, { name: unique('Taken over'), supportDate: '1908-09-09', notifyEmails: [slow, other] });
      const stall = smtp.stall(slow, 2000);
      const first = runAsync('1908-09-02');
      await stall.started;
      // While the first run waits on the server, its claim lapses and a second run takes the row.
      await lapse(license.documentId);
      expect(await runAsync('1908-09-02')).toMatchObject({ sent: 1, messages: 2 });
      expect(await stall.ended).toBe('kept');
      expect(await first).toEqual({ on: '1908-09-02', sent: 0, alreadySent: 1, failed: 0, messages: 1, snapshot: expect.any(Object) });
      // The stalled message was already on its way; nothing after it went out twice.
      expect(smtp.to(other)).toHaveLength(1);
      expect(await recorded(license.documentId)).toEqual([expect.objectContaining({ state: 'sent', attempts: 2 })]);
      const history = (await app.admin('get', `/licenses/${license.documentId}/history`)).body.data;
      expect(history.filter((e: { action: string }) => e.action === 'reminder_sent')).toHaveLength(1);
    }, 30000);
  });

  it('gives a renewed date new stages', async () => {
    const license = await makeLicense(app, { name: unique('Renewed'), expirationDate: '1906-03-01' });
    expect(await run('1906-02-25')).toMatchObject({ sent: 1 });
    await app.admin('put', `/licenses/${license.documentId}`, { data: { expirationDate: '1906-03-03' } });
    expect(await preview('1906-02-25')).toEqual([expect.objectContaining({ dueDate: '1906-03-03', offset: 7 })]);
    expect(await run('1906-02-25')).toMatchObject({ sent: 1 });
    expect(mentioning(license.name)).toHaveLength(2);
    expect((await recorded(license.documentId)).map((r) => r.dueDate)).toEqual(['1906-03-03', '1906-03-01']);
  });
});

describe('the reminders routes', () => {
  it.each([
    ['get', '/reminders/preview?on=2020-13-01', undefined, ['on']],
    ['get', '/reminders/preview?on=tomorrow', undefined, ['on']],
    ['post', '/reminders/run', { data: { on: '2021-02-30' } }, ['on']],
    ['post', '/reminders/run', { data: { on: 5 } }, ['on']],
    ['post', '/reminders/run', { data: { at: '2021-01-01' } }, ['at']],
    ['post', '/reminders/run', { on: '2021-01-01' }, ['data']],
    ['get', '/reminders?page=0', undefined, ['page']],
    ['get', '/reminders?license=a%20b', undefined, ['license']],
  ] as const)('%s %s answers 400 naming the field', async (method, url, body, path) => {
    const res = await app.admin(method, url, body);
    expect(res.status).toBe(400);
    expect(res.body.error.details.errors[0].path).toEqual(path);
  });

  it.each(['Pacific/Kiritimati', 'Pacific/Pago_Pago'])('refuses a run for the day after today in %s, and stores nothing for it', async (timezone) => {
    await reminderSettings({ timezone });
    const today = (await app.admin('get', '/reminders/preview')).body.meta.on;
    const tomorrow = new Date(Date.parse(`${today}T00:00:00Z`) + 86400000).toISOString().slice(0, 10);
    // The zone's tomorrow may be UTC's today, whose snapshot an earlier test stored: what counts is that this run adds none.
    // Its rows' ids: a day stored again gets new rows.
    const stored = async () =>
      (await app.strapi.db.query('plugin::license-manager.compliance-snapshot').findMany({ select: ['id'], where: { date: tomorrow } }))
        .map((r: { id: number }) => r.id)
        .sort((a: number, b: number) => a - b);
    const before = await stored();
    const res = await app.admin('post', '/reminders/run', { data: { on: tomorrow } });
    expect(res.status).toBe(400);
    expect(res.body.error.details.errors[0].path).toEqual(['on']);
    expect(await stored()).toEqual(before);
  });

  it('never shows a day after today in the trend, though a row of one is stored', async () => {
    const snapshots = app.strapi.db.query('plugin::license-manager.compliance-snapshot');
    const today = new Date().toISOString().slice(0, 10);
    const later = new Date(Date.now() + 3 * 86400000).toISOString().slice(0, 10);
    const row = await snapshots.create({
      data: {
        documentId: `future${process.pid}`,
        date: later,
        softwareDocumentId: 'future-software',
        softwareName: 'Future',
        licensed: 1,
        used: 9,
        shortfall: 8,
        unused: 0,
        expiredInUse: 0,
        status: 'non_compliant',
      },
    });
    try {
      const res = await app.admin('get', '/compliance/trend?days=30');
      expect(res.status).toBe(200);
      expect(res.body.data.filter((p: { date: string }) => p.date > today)).toEqual([]);
    } finally {
      await snapshots.delete({ where: { id: row.id } });
    }
  });

  it('runs for today without a body, and previews today without on', async () => {
    const today = new Date().toISOString().slice(0, 10);
    expect((await app.admin('get', '/reminders/preview')).body.meta.on).toBe(today);
    const res = await app.http().post('/license-manager/reminders/run').set('Authorization', `Bearer ${app.adminToken}`);
    expect(res.status).toBe(200);
    expect(res.body.data.on).toBe(today);
  });

  it('lists newest first with pagination', async () => {
    const res = await app.admin('get', '/reminders?pageSize=2');
    expect(res.status).toBe(200);
    expect(res.body.data).toHaveLength(2);
    expect(res.body.meta.pagination).toMatchObject({ page: 1, pageSize: 2 });
    expect(res.body.meta.pagination.total).toBeGreaterThanOrEqual(6);
    expect(res.body.data[0].createdAt >= res.body.data[1].createdAt).toBe(true);
  });

  it('lets a user without the settings permission read the record, not preview or run', async () => {
    const token = await adminWith(app, 'Reader', [ACTIONS.read]);
    expect((await app.admin('get', '/reminders/preview?on=1901-03-01', undefined, token)).status).toBe(403);
    expect((await app.admin('post', '/reminders/run', { data: { on: '1901-03-01' } }, token)).status).toBe(403);
    expect((await app.admin('get', '/reminders', undefined, token)).status).toBe(200);
  });
});

describe('the daily job', () => {
  const job = () =>
    (app.strapi.cron.jobs as Array<{ name: string | null; options: unknown; job: { invoke: () => Promise<void>; nextRun: () => Date | null } }>).find(
      (j) => j.name === 'licenseManagerDaily',
    );

  it("is registered with Strapi's cron at the settings' time and timezone, and stays while reminders are disabled", async () => {
    await reminderSettings({ time: '06:45', timezone: 'Europe/Paris' });
    expect(job()?.options).toEqual({ rule: '45 6 * * *', tz: 'Europe/Paris' });
    const next = job()!.job.nextRun()!;
    expect(new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Paris', hour: '2-digit', minute: '2-digit' }).format(next)).toBe('06:45');
    expect(app.strapi.cron.jobs.filter((j: { name: string | null }) => j.name === 'licenseManagerDaily')).toHaveLength(1);
    // Disabled reminders still leave the job scheduled: it stores the day's compliance snapshot.
    await reminderSettings({ enabled: false, time: '05:30' });
    expect(job()?.options).toEqual({ rule: '30 5 * * *', tz: 'UTC' });
    await reminderSettings({ enabled: true });
    expect(job()?.options).toEqual({ rule: '0 7 * * *', tz: 'UTC' });
  });

  it('stores the snapshot but sends nothing when it fires while reminders are disabled', async () => {
    const to = mail('cron-off');
    const today = new Date().toISOString().slice(0, 10);
    const license = await makeLicense(app, { name: unique('Cron off'), expirationDate: today, notifyEmails: [to] });
    await reminderSettings({ enabled: false });
    // Today's snapshot may exist from an earlier run: cleared, so only this firing can store it.
    const snapshots = app.strapi.db.query('plugin::license-manager.compliance-snapshot');
    await snapshots.deleteMany({ where: { date: today } });
    await job()!.job.invoke();
    expect(smtp.to(to)).toHaveLength(0);
    expect(await recorded(license.documentId)).toEqual([]);
    const stored = await snapshots.findMany({ where: { date: today }, select: ['softwareDocumentId'] });
    expect(stored.map((r: { softwareDocumentId: string }) => r.softwareDocumentId)).toContain(license.software.documentId);
  });

  it('sends the reminders due today when the cron fires', async () => {
    const to = mail('cron');
    const today = new Date().toISOString().slice(0, 10);
    const inAWeek = new Date(Date.parse(`${today}T00:00:00Z`) + 7 * 86400000).toISOString().slice(0, 10);
    const license = await makeLicense(app, { name: unique('Cron'), expirationDate: inAWeek, notifyEmails: [to] });
    await job()!.job.invoke();
    expect(smtp.to(to)).toHaveLength(1);
    expect(smtp.to(to)[0].text).toContain(license.name);
    expect(await recorded(license.documentId)).toEqual([expect.objectContaining({ offset: 7, dueDate: inAWeek, state: 'sent' })]);
  });
});
