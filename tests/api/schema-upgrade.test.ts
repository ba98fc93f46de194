/**
 * A database from before a schema change, started on the new one: Strapi's schema sync must add the
 * asset fields of issue 27 with their defaults (every existing asset has 1 processor, unknown cores),
 * and on SQLite start at all: knex alters a SQLite column by rebuilding the table, which the license
 * search's triggers made fail (db/install/sqlite-search). The database is made to look old by
 * dropping columns and removing them from the schema Strapi stored, then the app restarts: once for
 * the assets' hardware fields, once for the licenses' own table (billing and its index).
 */
import { startApp, unique, type TestApp } from './support/app';
import { created, makeLicense } from './support/fixtures';

const COLUMNS = ['processors', 'cores_per_processor'];

let app: TestApp | undefined;
afterAll(async () => {
  await app?.stop();
});

/** The state of a database written before these columns of a type existed (and the indexes on them). */
const makeOld = async (strapi: TestApp['strapi'], uid: string, columns: string[], indexes: string[] = []) => {
  const knex = strapi.db.connection;
  const table = strapi.db.metadata.get(uid).tableName;
  for (const index of indexes) await knex.schema.alterTable(table, (t) => t.dropIndex([], index));
  for (const column of columns) await knex.raw('alter table ?? drop column ??', [table, column]);
  const stored = await knex('strapi_database_schema').first();
  const schema = typeof stored.schema === 'string' ? JSON.parse(stored.schema) : stored.schema;
  const kept = schema.tables.find((t: { name: string }) => t.name === table);
  kept.columns = kept.columns.filter((c: { name: string }) => !columns.includes(c.name));
  kept.indexes = kept.indexes.filter((i: { name: string }) => !indexes.includes(i.name));
  await knex('strapi_database_schema')
    .where({ id: stored.id })
    .update({ schema: JSON.stringify(schema), hash: `before ${columns.join(', ')}` });
};

const search = (q: string) =>
  app!.admin('get', `/licenses?_q=${encodeURIComponent(q)}`).then((r) => r.body.data.map((l: { documentId: string }) => l.documentId));

it('starts on a database from before the asset fields, which every existing asset then has: 1 processor, unknown cores', async () => {
  app = await startApp();
  const asset = await created(app, '/assets', { name: unique('Old asset'), processors: 4, coresPerProcessor: 8 });
  const license = await makeLicense(app, { name: unique('Upgrade') });
  // The suite's other assets, to put back afterwards: a database from before the fields has no
  // per-core license, this shared one does, and its kept units must still match its assets.
  const assets = app.strapi.db.metadata.get('plugin::license-manager.asset').tableName;
  const before = await app.strapi.db
    .connection(assets)
    .select('id', ...COLUMNS)
    .whereNot('id', Number((await app.strapi.db.query('plugin::license-manager.asset').findOne({ where: { documentId: asset.documentId } })).id));
  await makeOld(app.strapi, 'plugin::license-manager.asset', COLUMNS);
  await app.stop();
  app = undefined;

  app = await startApp();
  expect((await app.admin('get', `/assets/${asset.documentId}`)).body.data).toMatchObject({ processors: 1, coresPerProcessor: null });
  for (const row of before)
    await app.strapi.db.connection(assets).where('id', row.id).update({ processors: row.processors, cores_per_processor: row.cores_per_processor });
  // The search index survived the change, and is kept again for new licenses.
  expect(await search(license.name)).toEqual([license.documentId]);
  const later = await makeLicense(app, { name: unique('After upgrade') });
  expect(await search(later.name)).toEqual([later.documentId]);
});

it('starts on a database from before licenses were billed (a column and an index of the licenses table), its search intact', async () => {
  const license = await makeLicense(app!, { name: unique('Before billing') });
  await makeOld(app!.strapi, 'plugin::license-manager.license', ['billing'], ['lm_licenses_billing_idx']);
  await app!.stop();
  app = undefined;

  app = await startApp();
  expect((await app.admin('get', `/licenses/${license.documentId}`)).body.data).toMatchObject({ billing: 'one_time' });
  expect(await search(license.name)).toEqual([license.documentId]);
  const later = await makeLicense(app, { name: unique('Billed later'), billing: 'yearly' });
  expect(await search(later.name)).toEqual([later.documentId]);
});

it("starts on a database from before the kept periods: every license's and purchase's term gets them, and the committed cost adds them", async () => {
  const name = `${unique('Before periods')}/`;
  const software = await created(app!, '/software', { name, version: '1' });
  const priced = { netUnitPrice: '10.00', vatRate: '0', currency: 'EUR' };
  // Three years paid by the year (3 × 2 × 10.00), and two quarters (2 × 1 × 10.00).
  const license = await makeLicense(app!, {
    ...priced,
    software: software.documentId,
    quantity: 2,
    billing: 'yearly',
    purchaseDate: '2024-01-01',
    expirationDate: '2026-12-31',
  });
  const bought = await app!.admin('post', `/licenses/${license.documentId}/purchases`, {
    data: { ...priced, quantity: 1, billing: 'quarterly', termStart: '2025-01-01', termEnd: '2025-06-30' },
  });
  expect(bought.status).toBe(201);
  await makeOld(app!.strapi, 'plugin::license-manager.license', ['periods'], ['lm_licenses_compliance_idx']);
  await makeOld(app!.strapi, 'plugin::license-manager.license-purchase', ['periods']);
  await app!.stop();
  app = undefined;

  app = await startApp();
  const periods = async (uid: string, documentId: string) =>
    Number((await app!.strapi.db.connection(app!.strapi.db.metadata.get(uid).tableName).where('document_id', documentId).first('periods')).periods);
  expect(await periods('plugin::license-manager.license', license.documentId)).toBe(3);
  expect(await periods('plugin::license-manager.license-purchase', bought.body.data.documentId)).toBe(2);
  const report = await app.admin('get', `/compliance?_q=${encodeURIComponent(name)}`);
  expect(report.body.data.map((r: { costs: Array<{ committed: string }> }) => r.costs.map((c) => c.committed))).toEqual([['80.00']]);
});
