/**
 * A write outlasts another connection's lock instead of failing: on PostgreSQL and MariaDB the
 * license row is locked and the write waits for it; on SQLite the other connection holds the
 * file's write lock, the write's transaction is refused at once with SQLITE_BUSY, and
 * writeTransaction's backoff must outlast the holder (a burst of commits from rotate-key or a
 * second process looks the same to it).
 */
import knex, { type Knex } from 'knex';
import { UID } from '../../shared/constants';
import { startApp, type TestApp } from './support/app';
import { makeLicense } from './support/fixtures';

const HOLD_MS = 1500;

let app: TestApp;
let other: Knex;

beforeAll(async () => {
  app = await startApp({ asPluginAdmin: true });
  // A connection of its own, as another process would have.
  other = knex({ ...(app.strapi.db.connection.client as { config: Knex.Config }).config, pool: { min: 0, max: 1 } });
});

afterAll(async () => {
  await other?.destroy();
  await app?.stop();
});

it('adds a key while another connection holds the license for 1.5 s: it waits, then adds it once', async () => {
  const license = await makeLicense(app);
  const table = app.strapi.db.metadata.get(UID.license).tableName;
  const { id } = await app.strapi.db.query(UID.license).findOne({ select: ['id'], where: { documentId: license.documentId } });

  const holder = await other.transaction();
  await holder(table).where({ id }).update({ id }); // a write: row lock on PostgreSQL/MariaDB, the file's write lock on SQLite
  const released = new Promise<void>((resolve) =>
    setTimeout(() => {
      holder.commit().then(
        () => resolve(),
        () => resolve(),
      );
    }, HOLD_MS),
  );

  const started = Date.now();
  const added = await app.admin('post', `/licenses/${license.documentId}/keys`, { data: { value: 'WAIT-KEY-0001', label: 'waited' } });
  const waited = Date.now() - started;
  await released;

  expect({ status: added.status, error: added.body?.error?.message }).toEqual({ status: 201 });
  expect(waited).toBeGreaterThanOrEqual(HOLD_MS - 100); // it really met the lock
  const got = await app.admin('get', `/licenses/${license.documentId}`);
  expect(got.body.data.keys.map((k: { label: string }) => k.label)).toEqual(['waited']);
}, 60000);
