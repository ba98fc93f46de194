/** The admin license list's SQL (server/src/db/license-list.ts), built with no Strapi and no connection. */
import knex, { type Knex } from 'knex';
import { licenseListSql, walksSortIndex, type LicenseListInput, type LicenseListNames } from '../../server/src/db/license-list';
import type { SearchPath } from '../../server/src/db/search-index';
import { foldRegex } from '../../server/src/db/search-text';

const NAMES: LicenseListNames = {
  license: 'licenses',
  software: 'software',
  l: {
    id: 'id',
    documentId: 'document_id',
    name: 'name',
    serialNumber: 'serial_number',
    inventoryNumber: 'inventory_number',
    invoiceNumber: 'invoice_number',
    expirationDate: 'expiration_date',
    validUntil: 'valid_until',
    quantity: 'quantity',
    assignmentModel: 'assignment_model',
    software: 'software_id',
    category: 'category_id',
    organization: 'organization_id',
    organizationalUnit: 'organizational_unit_id',
    seatsUsed: 'seats_used',
    overAllocated: 'over_allocated',
  },
  softwareName: 'name',
  relations: [{ name: 'software', table: 'software', columns: { documentId: 'document_id', name: 'name', version: 'version' } }],
  pageAttributes: ['id', 'documentId', 'name', 'quantity'],
  searched: ['name', 'serialNumber', 'inventoryNumber', 'invoiceNumber'],
};
const WINDOW = { today: '2026-01-10', expiringUntil: '2026-02-09' };

const CLIENTS: Array<[string, Knex]> = [
  ['postgres', knex({ client: 'pg' })],
  ['mysql', knex({ client: 'mysql2' })],
  ['sqlite', knex({ client: 'better-sqlite3', useNullAsDefault: true })],
];

const query = (over: Partial<LicenseListInput> = {}): LicenseListInput => ({ page: 1, pageSize: 10, sort: { field: 'name', order: 'asc' }, ...over });
const build = (db: Knex, over: Partial<LicenseListInput> = {}, search?: SearchPath, plan: { total?: number; walk?: boolean } = {}) => {
  const { page, count } = licenseListSql(db, NAMES, query(over), { window: WINDOW, search, ...plan });
  return { page: page.toSQL().toNative(), count: count.toSQL().toNative() };
};
/** Strips each client's identifier quotes, so one expectation reads on all three. */
const plain = (sql: string) => sql.replace(/["`]/g, '');

describe.each(CLIENTS)('license list SQL on %s', (client, db) => {
  it('binds names as identifiers, reads the kept seats and joins the relations', () => {
    const { page } = build(db, { assignmentModel: 'per_computer' });
    const quote = client === 'postgres' ? '"' : '`';
    expect(page.sql).toContain(`${quote}l${quote}.${quote}assignment_model${quote}`);
    expect(page.sql).not.toContain('per_computer');
    expect(page.bindings.filter((b) => b === 'per_computer')).toHaveLength(2);
    // The seats a license keeps (db/seat-counts), never a count of its assignments.
    expect(plain(page.sql)).toContain('l.seats_used as used');
    expect(plain(page.sql)).not.toContain('assignments');
    expect(plain(page.sql)).toContain('left join software as r0 on r0.id = l.software_id');
    expect(plain(page.sql)).toContain('r0.version as software__version');
  });

  it('searches the license fields and the software name, escaped, by the case-fold rule', () => {
    const { page } = build(db, { q: '50%_OFF!' });
    const sql = plain(page.sql);
    // MySQL by a case-sensitive regular expression, the others by LIKE on the folded text (db/search-text).
    const matches = (column: string) => (client === 'mysql' ? `${column} regexp ` : `else lm_fold(${column}) end) like `);
    for (const column of ['l.name', 'l.serial_number', 'l.inventory_number', 'l.invoice_number', 's.name']) expect(sql).toContain(matches(column));
    expect(page.bindings.filter((b) => b === (client === 'mysql' ? foldRegex('50%_OFF!') : '%50!%!_off!!%'))).toHaveLength(5);
    if (client !== 'mysql') expect(sql).toContain("escape '!'");
    // A search reads every match: the total comes from the same pass.
    expect(sql).toContain('count(*) over () as total');
    // The software's name through the software's ids, not a join of every license.
    expect(sql).toContain(`l.software_id in (select s.id from software as s where ${client === 'mysql' ? '' : '(case when '}`);
  });

  it('searches through the FTS5 index by a quoted phrase, and scans for a term under three characters', () => {
    const fts: SearchPath = { kind: 'fts5', table: 'lm_license_search' };
    const { page, count } = build(db, { q: 'Say "hi" 50%' }, fts);
    expect(plain(page.sql)).toContain('l.id in (select rowid from lm_license_search where lm_license_search match ');
    expect(plain(page.sql)).not.toContain(' like ');
    expect(page.bindings).toContain('"Say ""hi"" 50%"');
    expect(count.bindings).toEqual(['"Say ""hi"" 50%"']);
    // Trigrams: two characters are no phrase the index can answer.
    const short = build(db, { q: 'ab' }, fts);
    expect(plain(short.page.sql)).not.toContain('match');
    expect(short.page.bindings.filter((b) => b === (client === 'mysql' ? foldRegex('ab') : '%ab%'))).toHaveLength(5);
  });

  it('on FTS5, counts a search alone in the index, and reads the page by the plan the count picked', () => {
    const fts: SearchPath = { kind: 'fts5', table: 'lm_license_search' };
    const alone = build(db, { q: 'studio' }, fts);
    expect(plain(alone.count.sql)).toMatch(/^select count\(\*\) as total from lm_license_search where lm_license_search match \S+$/);
    // With another filter the licenses are read to count.
    const filtered = build(db, { q: 'studio', overAllocated: true }, fts);
    expect(plain(filtered.count.sql)).toMatch(/^select count\(\*\) as total from licenses as l where /);
    expect(plain(filtered.count.sql)).toContain('l.id in (select rowid from lm_license_search where lm_license_search match ');
    // The counted total rides on the page: no window over the matches.
    const sorted = build(db, { q: 'studio' }, fts, { total: 30000, walk: false });
    expect(plain(sorted.page.sql)).not.toContain('over ()');
    expect(sorted.page.bindings).toContain(30000);
    expect(plain(sorted.page.sql)).toContain('where (l.id in (select rowid');
    // Walking: the id is not an index key (`+`), so SQLite walks the sort's index.
    const walked = build(db, { q: 'studio' }, fts, { total: 30000, walk: true });
    expect(plain(walked.page.sql)).toContain('where (+l.id in (select rowid from lm_license_search where lm_license_search match ');
    expect(plain(walked.page.sql)).toContain('order by l.name asc, l.id asc limit');
  });

  it('narrows to a scope: its organizations or units, through their indexes, but not beside FTS5 matches', () => {
    const scoped = build(db, { scope: { organizations: [3, 4], units: [9] } });
    expect(plain(scoped.count.sql).replace(/\$\d+/g, '?')).toContain('where (l.organization_id in (?, ?) or l.organizational_unit_id in (?))');
    expect(scoped.count.bindings).toEqual([3, 4, 9]);
    // An empty scope holds nothing.
    expect(plain(build(db, { scope: { organizations: [], units: [] } }).count.sql)).toContain('where (1 = 0)');
    // Beside the matches, `+`: SQLite would otherwise probe the organization index once per match and organization.
    const searched = build(db, { q: 'studio', scope: { organizations: [3], units: [] } }, { kind: 'fts5', table: 'lm_license_search' });
    expect(plain(searched.count.sql).replace(/\$\d+/g, '?')).toContain('(+l.organization_id in (?))');
  });

  it('sorts and cuts the page, ties broken by id', () => {
    const { page } = build(db, { sort: { field: 'quantity', order: 'desc' }, page: 3, pageSize: 25 });
    const sql = plain(page.sql);
    expect(sql).toMatch(/order by l\.quantity desc, l\.id desc limit \S+ offset \S+\) as p/);
    expect(page.bindings).toEqual(expect.arrayContaining([25, 50]));
    // The outer query orders by the page's copy of the sort value: it reads the page, not the index.
    expect(sql).toContain('l.quantity as sort_value');
    expect(sql.endsWith('order by p.sort_value desc, p.id desc')).toBe(true);
  });

  it('filters on the status window and on the documentId filters resolved to ids', () => {
    const expired = build(db, { status: 'expired', software: 7, assignmentModel: 'per_user' });
    expect(plain(expired.page.sql)).toContain('l.software_id = ');
    expect(plain(expired.page.sql)).toContain('l.assignment_model = ');
    expect(plain(expired.page.sql)).toContain('l.valid_until < ');
    expect(expired.page.bindings).toEqual(expect.arrayContaining([7, 'per_user', WINDOW.today]));
    const expiring = build(db, { status: 'expiring' });
    expect(plain(expiring.page.sql)).toContain('l.valid_until between ');
    expect(expiring.page.bindings).toEqual(expect.arrayContaining([WINDOW.today, WINDOW.expiringUntil]));
    const active = build(db, { status: 'active' });
    expect(plain(active.page.sql)).toContain('(l.valid_until is null or l.valid_until > ');
    expect(active.count.bindings).toEqual([WINDOW.expiringUntil]);
  });

  it('filters over-allocated licenses on their kept flag, sorts on the kept seats, and counts apart', () => {
    const over = build(db, { overAllocated: true, sort: { field: 'seatsUsed', order: 'desc' } });
    const sql = plain(over.page.sql);
    expect(sql).toContain('l.over_allocated = ');
    expect(over.page.bindings).toEqual(expect.arrayContaining([true]));
    expect(sql).toContain('order by l.seats_used desc, l.id desc');
    expect(sql.endsWith('order by p.sort_value desc, p.id desc')).toBe(true);
    // An index range: the total is a count of its own, not a window over every matching row.
    expect(sql).not.toContain('over ()');
    expect(sql).not.toContain('assignments');
    expect(sql).not.toContain('group by');
    const under = build(db, { overAllocated: false });
    expect(under.page.bindings).toEqual(expect.arrayContaining([false]));
    expect(plain(under.count.sql)).toMatch(/^select count\(\*\) as total from licenses as l where l\.over_allocated = \S+$/);
  });
});

describe('the plan of a search page on FTS5 (walksSortIndex)', () => {
  const first = { page: 1, pageSize: 25 };
  it('sorts few matches and walks the sort index for many, the bar growing with the page and the licenses', () => {
    expect(walksSortIndex(0, 200000, first)).toBe(false);
    expect(walksSortIndex(1, 200000, first)).toBe(false);
    // √(25 × 200,000) ≈ 2,236 matches.
    expect(walksSortIndex(2236, 200000, first)).toBe(false);
    expect(walksSortIndex(2237, 200000, first)).toBe(true);
    expect(walksSortIndex(30000, 200000, first)).toBe(true);
    // A deep page walks further: √(100 × 25 × 200,000) ≈ 22,361.
    expect(walksSortIndex(22000, 200000, { page: 100, pageSize: 25 })).toBe(false);
    expect(walksSortIndex(22400, 200000, { page: 100, pageSize: 25 })).toBe(true);
    expect(walksSortIndex(300, 2000, first)).toBe(true);
  });
});

describe('license list SQL on postgres with the search table', () => {
  const pg = CLIENTS[0][1];
  const table: SearchPath = { kind: 'trigram', table: 'lm_license_search' };
  it('sorts a search alone by name in the search table, reading only the page from the licenses', () => {
    const { page, count } = build(pg, { q: 'Studio 5%', sort: { field: 'name', order: 'desc' }, page: 2, pageSize: 25 }, table);
    const sql = plain(page.sql);
    expect(sql).toMatch(
      /from \(select x\.id, x\.name as sort_value, count\(\*\) over \(\) as total from lm_license_search as x where x\.doc like \$\d+ escape '!' order by x\.name desc, x\.id desc limit \$\d+ offset \$\d+\) as p inner join licenses as l on l\.id = p\.id/,
    );
    expect(sql).not.toContain('lower(');
    expect(page.bindings).toEqual(expect.arrayContaining(['%studio 5!%%', 25]));
    expect(plain(count.sql)).toMatch(/^select count\(\*\) as total from lm_license_search as x where x\.doc like \$1 escape '!'$/);
  });

  it('with another sort or filter, sorts the materialized matching licenses; a term holding U+001F reads the licenses', () => {
    const { page, count } = build(pg, { q: 'studio', sort: { field: 'quantity', order: 'asc' }, overAllocated: true }, table);
    const sql = plain(page.sql);
    expect(sql).toMatch(
      /with m as (materialized )?\(select l\.id, l\.quantity as sort_value from licenses as l where \(l\.id in \(select x\.id from lm_license_search as x where x\.doc like /,
    );
    expect(sql).toContain('l.over_allocated = ');
    expect(sql).toMatch(/from m order by m\.sort_value asc, m\.id asc limit \S+\) as p/);
    expect(plain(count.sql)).toMatch(/^select count\(\*\) as total from licenses as l where /);
    const across = build(pg, { q: 'a\u001fb' }, table);
    expect(plain(across.page.sql)).not.toContain('lm_license_search');
    expect(plain(across.page.sql)).toContain('else lm_fold(l.name) end) like ');
  });
});
