/**
 * The license list's `_q` through its index (server/src/db/search-index.ts): FTS5 trigrams
 * kept by triggers on SQLite, pg_trgm indexes on PostgreSQL, a scan on MySQL. The answers are the
 * same substring matches everywhere, follow every write that changes what a license is found by,
 * and a lost index is rebuilt at startup. Runs in the suite's shared database.
 */
import { UID } from '../../shared/constants';
import { clientOf, columnOf, tableOf } from '../../server/src/db';
import { startApp, unique, type TestApp } from './support/app';
import { makeLicense, makeSoftware } from './support/fixtures';
import { csv, postImport } from './support/import';
import { licenseListSql } from '../../server/src/db/license-list';
import { listNames } from '../../server/src/services/license/present';
import { statusWindow } from '../../server/src/domain/status';

let app: TestApp;
beforeAll(async () => {
  app = await startApp({ asPluginAdmin: true });
}, 120000);
afterAll(async () => {
  await app?.stop();
});

const service = () => app.strapi.plugin('license-manager').service('licenseSearch');
/** The names the admin list answers for a search, and its total. */
const found = async (q: string) => {
  const res = await app.admin('get', `/licenses?_q=${encodeURIComponent(q)}&pageSize=100&sort=name:asc`);
  expect(res.status).toBe(200);
  return { names: res.body.data.map((l: { name: string }) => l.name), total: res.body.meta.pagination.total };
};

describe('the license search', () => {
  it('finds a substring of each searched field and of the software name, in any case, every character literal', async () => {
    const tag = unique('Srch').replace(/\D/g, '').slice(-9);
    const software = await makeSoftware(app, `Suite ${tag} "Pro" 5%x_y`);
    const license = await makeLicense(app, {
      name: `Quoted "Name" ${tag}`,
      software: software.documentId,
      serialNumber: `SN-${tag}-XY`,
      inventoryNumber: `INV-${tag}`,
      invoiceNumber: `FV/${tag}/1`,
    });
    for (const q of [`"name" ${tag}`, `sn-${tag}-x`, `inv-${tag}`, `fv/${tag}/`, `SUITE ${tag}`, `"PRO" 5%X_Y`, tag]) {
      expect({ q, ...(await found(q)) }).toEqual({ q, names: [license.name], total: 1 });
    }
    // '%' and '_' are characters, not wildcards (as wildcards, "5%_y" would match "5%x_y").
    expect((await found('5%_y')).total).toBe(0);
    expect((await found(`${tag}-XZ`)).total).toBe(0);
    // Under three characters (no trigram) it scans, with the same answers.
    const short = await found('"n');
    expect(short.names).toContain(license.name);
  });

  it('follows each write that changes what a license is found by', async () => {
    const tag = unique('Srch').replace(/\D/g, '').slice(-9);
    const [first, second] = [await makeSoftware(app, `Alpha ${tag}`), await makeSoftware(app, `Beta ${tag}`)];
    const license = await makeLicense(app, { name: `Old ${tag}`, software: first.documentId, serialNumber: `S-${tag}` });
    expect((await found(`old ${tag}`)).names).toEqual([license.name]);

    const renamed = await app.admin('put', `/licenses/${license.documentId}`, {
      data: { name: `New ${tag}`, serialNumber: `T-${tag}`, software: second.documentId },
    });
    expect(renamed.status).toBe(200);
    for (const gone of [`old ${tag}`, `s-${tag}`, `alpha ${tag}`]) expect({ gone, total: (await found(gone)).total }).toEqual({ gone, total: 0 });
    for (const q of [`new ${tag}`, `t-${tag}`, `beta ${tag}`]) expect({ q, names: (await found(q)).names }).toEqual({ q, names: [`New ${tag}`] });

    // The software renamed: its licenses are found by the new name only.
    expect((await app.admin('put', `/software/${second.documentId}`, { data: { name: `Gamma ${tag}` } })).status).toBe(200);
    expect((await found(`beta ${tag}`)).total).toBe(0);
    expect((await found(`gamma ${tag}`)).names).toEqual([`New ${tag}`]);

    // Imported licenses are found; a deleted one is not.
    const res = await postImport(
      app,
      'licenses',
      csv([
        ['name', 'software', 'quantity'],
        [`Imported ${tag}`, `Gamma ${tag}`, '1'],
      ]),
      { dryRun: 'false', onError: 'abort' },
    );
    expect(res.status).toBe(200);
    expect((await found(tag)).names).toEqual([`Imported ${tag}`, `New ${tag}`]);
    expect((await app.admin('delete', `/licenses/${license.documentId}`)).status).toBe(200);
    expect((await found(tag)).names).toEqual([`Imported ${tag}`]);
    expect((await found(`gamma ${tag}`)).names).toEqual([`Imported ${tag}`]);
  });

  it('reads an index on SQLite and PostgreSQL, and a lost one is rebuilt at startup', async () => {
    const knex = app.strapi.db.connection;
    const client = clientOf(app.strapi);
    const tag = unique('Srch').replace(/\D/g, '').slice(-9);
    const license = await makeLicense(app, { name: `Indexed ${tag}`, serialNumber: `IDX-${tag}` });
    if (client === 'sqlite') {
      expect(service().path()).toEqual({ kind: 'fts5', table: 'lm_license_search' });
      // Lost: a trigger (as when Strapi rebuilds the table for a column change) and, meanwhile, a row.
      await knex.raw('drop trigger lm_license_search_au');
      await knex.raw('delete from lm_license_search where rowid = ?', [
        license.id ?? (await knex(tableOf(app.strapi, UID.license)).first('id').where('name', license.name)).id,
      ]);
      expect((await found(`idx-${tag}`)).total).toBe(0);
      await service().install();
      expect((await found(`idx-${tag}`)).names).toEqual([license.name]);
      const triggers = await knex.raw("select name from sqlite_master where type = 'trigger' and name like 'lm_license_search_%'");
      expect(triggers.map((t: { name: string }) => t.name).sort()).toEqual([
        'lm_license_search_ad',
        'lm_license_search_ai',
        'lm_license_search_au',
        'lm_license_search_su',
      ]);
    } else if (client === 'postgres') {
      expect(service().path()).toEqual({ kind: 'trigram', table: 'lm_license_search' });
      // Lost: a trigger (its license then not kept) and a row. The next start rebuilds both.
      const licenseId = (await knex(tableOf(app.strapi, UID.license)).first('id').where('document_id', license.documentId)).id;
      await knex.raw('drop trigger lm_license_search_license on ??', [tableOf(app.strapi, UID.license)]);
      await knex.raw('delete from lm_license_search where id = ?', [licenseId]);
      expect((await found(`idx-${tag}`)).total).toBe(0);
      await service().install();
      expect((await found(`idx-${tag}`)).names).toEqual([license.name]);
      const triggers = (await knex.raw("select tgname from pg_trigger where tgname like 'lm\\_license\\_search\\_%' and not tgisinternal")).rows;
      expect(triggers.map((t: { tgname: string }) => t.tgname).sort()).toEqual(['lm_license_search_license', 'lm_license_search_software']);
      // The per-column indexes of the version before are gone: writes no longer keep five.
      expect((await knex.raw("select indexname from pg_indexes where indexname like 'lm\\_licenses\\_%\\_trgm'")).rows).toEqual([]);
      // With scans ruled out (the suite's table is small), a serial number is read through the index.
      const plan: { rows: Record<string, string>[] } = await knex.transaction(async (trx: any) => {
        await trx.raw('set local enable_seqscan = off');
        return await trx.raw("explain select id from lm_license_search where doc like ? escape '!'", [`%idx-${tag}%`]);
      });
      const text = plan.rows.map((r: Record<string, string>) => r['QUERY PLAN']).join('\n');
      expect(text).toContain('Bitmap Index Scan on lm_license_search_doc_trgm');
    } else {
      expect(service().path()).toEqual({ kind: 'scan' });
      expect((await found(`idx-${tag}`)).names).toEqual([license.name]);
    }
  });

  it("a search page's two plans (SQLite: walking the sort index, sorting the matches) read the same pages", async () => {
    const knex = app.strapi.db.connection;
    const tag = unique('Plan').replace(/\D/g, '').slice(-9);
    const software = await makeSoftware(app, `Planned ${tag}`);
    for (let i = 0; i < 12; i++)
      await makeLicense(app, { name: `Plan ${tag} ${String.fromCharCode(76 - i)}`, software: software.documentId, quantity: 1 + (i % 4) });
    const search = service().path();
    const pageOf = async (walk: boolean, sort: { field: 'name' | 'quantity'; order: 'asc' | 'desc' }, page: number) => {
      const input = { q: `plan ${tag}`, sort, page, pageSize: 5 };
      const rows = await licenseListSql(knex, listNames(app.strapi), input, { window: statusWindow(30), search, total: 12, walk }).page;
      return rows.map((r: { name: string; total: unknown }) => `${r.name}/${r.total}`);
    };
    let read = 0;
    for (const sort of [
      { field: 'name', order: 'asc' },
      { field: 'name', order: 'desc' },
      { field: 'quantity', order: 'desc' },
    ] as const) {
      const pages: string[] = [];
      for (const page of [1, 2, 3]) {
        const [walked, sorted] = [await pageOf(true, sort, page), await pageOf(false, sort, page)];
        expect({ sort, page, walked }).toEqual({ sort, page, walked: sorted });
        pages.push(...walked);
      }
      // Every match once across the pages, each carrying the total.
      expect(new Set(pages).size).toBe(12);
      expect(pages.every((p) => p.endsWith('/12'))).toBe(true);
      read += pages.length;
    }
    expect(read).toBe(36);
    // And the list over HTTP: the same twelve, by name, with their total.
    const listed = await found(`plan ${tag}`);
    expect(listed.total).toBe(12);
    expect(listed.names).toEqual(Array.from({ length: 12 }, (_, i) => `Plan ${tag} ${String.fromCharCode(65 + i)}`));
  });

  it('an install racing creates, edits, software renames and deletes leaves every license found, once', async () => {
    const knex = app.strapi.db.connection;
    const client = clientOf(app.strapi);
    const licenses = tableOf(app.strapi, UID.license);
    const tag = unique('Race').replace(/\D/g, '').slice(-9);
    const [s0, s1] = [await makeSoftware(app, `Race ${tag} S0`), await makeSoftware(app, `Race ${tag} S1`)];
    const made = [];
    for (let i = 0; i < 6; i++) made.push(await makeLicense(app, { name: `Race ${tag} L${i}`, software: (i % 2 ? s1 : s0).documentId }));
    if (client === 'sqlite') {
      // Lost, so the install rebuilds while the writes run: the insert trigger (creates in between are
      // only indexed by the refill) and a row.
      await knex.raw('drop trigger lm_license_search_ai');
      await knex.raw('delete from lm_license_search where rowid = (select id from ?? where document_id = ?)', [licenses, made[0].documentId]);
    }
    const ok = async (p: Promise<{ status: number; body: unknown }>) => expect((await p).status).toBeLessThan(300);
    await Promise.all([
      service().install(),
      ...Array.from({ length: 6 }, (_, i) => makeLicense(app, { name: `Race ${tag} N${i}`, software: (i % 2 ? s1 : s0).documentId })),
      service().install(),
      ok(app.admin('put', `/licenses/${made[1].documentId}`, { data: { name: `Race ${tag} E1`, software: s0.documentId } })),
      ok(app.admin('put', `/licenses/${made[2].documentId}`, { data: { serialNumber: `SER-${tag}` } })),
      // A license of the software being renamed, edited meanwhile: neither write may undo the other.
      ok(app.admin('put', `/licenses/${made[5].documentId}`, { data: { serialNumber: `SRL-${tag}` } })),
      ok(app.admin('put', `/software/${s1.documentId}`, { data: { name: `Race ${tag} R1` } })),
      ok(app.admin('delete', `/licenses/${made[3].documentId}`)),
      ok(app.admin('delete', `/licenses/${made[4].documentId}`)),
      service().install(),
    ]);

    // What the database holds, against what each search finds.
    const [{ id: s1Id }] = await knex(tableOf(app.strapi, UID.software)).select('id').where('document_id', s1.documentId).limit(1);
    const rows: Array<{ name: string; software: number }> = await knex(licenses)
      .select('name', `${columnOf(app.strapi, UID.license, 'software')} as software`)
      .where('name', 'like', `Race ${tag} %`);
    const names = (where: (r: { name: string; software: number }) => boolean) =>
      rows
        .filter(where)
        .map((r) => r.name)
        .sort();
    const sorted = async (q: string) => (await found(q)).names.slice().sort();
    expect(rows).toHaveLength(10);
    expect(await sorted(`race ${tag}`)).toEqual(names(() => true));
    expect(await sorted(`${tag} r1`)).toEqual(names((r) => r.software === s1Id));
    expect((await found(`${tag} s1`)).total).toBe(0);
    expect(await sorted(`ser-${tag}`)).toEqual([`Race ${tag} L2`]);
    expect(await sorted(`srl-${tag}`)).toEqual([`Race ${tag} L5`]);
    expect(await sorted(`${tag} e1`)).toEqual([`Race ${tag} E1`]);
    for (const gone of [`${tag} l1`, `${tag} l3`, `${tag} l4`]) expect({ gone, total: (await found(gone)).total }).toEqual({ gone, total: 0 });
    if (client === 'sqlite') {
      // One index row per license, no more (a license indexed twice would be found twice).
      const [{ indexed, all }] = await knex.raw(`select (select count(*) from lm_license_search) as indexed, (select count(*) from ??) as "all"`, [licenses]);
      expect(Number(indexed)).toBe(Number(all));
    }
  });
});
