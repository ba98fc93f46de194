/**
 * Settings are one stored value that PUTs merge into: two PUTs of different parts at the same
 * moment must both stay (a known gap until the merge ran under the stored row's lock).
 */
import { startApp, type TestApp } from './support/app';

let app: TestApp;
let before: Record<string, unknown>;

beforeAll(async () => {
  app = await startApp({ asPluginAdmin: true });
  before = (await app.admin('get', '/settings')).body.data;
});
afterAll(async () => {
  await app.admin('put', '/settings', { data: { expiringWithinDays: before.expiringWithinDays, reminders: before.reminders } });
  await app.stop();
});

it('keeps both of two concurrent PUTs of different parts, every round', async () => {
  for (let round = 1; round <= 12; round++) {
    const recipient = `settings-race-${round}@example.org`;
    const [a, b] = await Promise.all([
      app.admin('put', '/settings', { data: { expiringWithinDays: 40 + round } }),
      app.admin('put', '/settings', { data: { reminders: { recipients: [recipient] } } }),
    ]);
    expect([a.status, b.status]).toEqual([200, 200]);
    const now = (await app.admin('get', '/settings')).body.data;
    expect([round, now.expiringWithinDays, now.reminders.recipients]).toEqual([round, 40 + round, [recipient]]);
  }
});
