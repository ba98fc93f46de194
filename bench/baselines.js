/**
 * The two baselines of issue 5, served by admin routes that only the benchmark registers, behind
 * the same stack as the plugin's list (Strapi's admin router, admin authentication, the same
 * policies), reading the same query string with the plugin's own parser and answering the same
 * JSON shape `{ data: [...], meta: { pagination } }`:
 *
 * - floor: ONE hand-written SQL statement (knex) that returns the page, its relations, its seats
 *   and the total: what the database itself has to do. It reads the seats each license keeps
 *   (`seats_used`, `over_allocated`, indexed; issue 14) as the best hand-written SQL over those
 *   columns would, so a ratio near 1 means the plugin adds little of its own.
 * - naive: Strapi's document service findMany, with each license's assignments fetched and counted
 *   in JavaScript; sorting by seats or filtering on over-allocation then needs every license and
 *   every assignment in memory: what a plugin written without care does.
 */
'use strict';

const { fromRoot } = require('./ts');

const { UID, ACTIONS } = fromRoot('shared/constants.ts');
const { tableOf, columnOf } = fromRoot('server/src/db/index.ts');
const { likePattern } = fromRoot('server/src/db/search-text.ts');
const { seats } = fromRoot('server/src/domain/seats.ts');
const { licenseStatus, statusWindow } = fromRoot('server/src/domain/status.ts');
const { times } = fromRoot('shared/money.ts');
const { parseListQuery, LICENSE_RELATIONS } = fromRoot('server/src/services/license/index.ts');
const { listOf, licenseTermOf, termsOf } = fromRoot('server/src/services/license/present.ts');
const { costOn, firstTerm } = fromRoot('server/src/domain/purchases.ts');

const SCALARS = [
  'physicalLocation',
  'serialNumber',
  'inventoryNumber',
  'expirationDate',
  'supportDate',
  'purchaseDate',
  'invoiceNumber',
  'netUnitPrice',
  'vatRate',
  'grossUnitPrice',
  'currency',
  'assignmentModel',
  'billing',
  'quantity',
  'overAssignment',
  'coreFactor',
  'minCoresPerProcessor',
  'minCoresPerServer',
  'notes',
  'notifyEmails',
];
const RELATIONS = Object.keys(LICENSE_RELATIONS);
const money = (v) => (v === null || v === undefined ? null : Number(v).toFixed(2));
const day = (v) => (v === null || v === undefined ? null : v instanceof Date ? v.toISOString().slice(0, 10) : String(v).slice(0, 10));

/** The license object of docs/api.md, in the plugin's key order, from a flat record and its further purchases' terms. */
const shape = (r, used, w, terms = []) => {
  const out = { documentId: r.documentId, name: r.name };
  for (const rel of RELATIONS) {
    const v = r[rel];
    out[rel] = v && v.documentId ? Object.fromEntries([['documentId', v.documentId], ...LICENSE_RELATIONS[rel].fields.map((f) => [f, v[f] ?? null])]) : null;
  }
  for (const f of SCALARS) out[f] = r[f] ?? null;
  for (const f of ['expirationDate', 'supportDate', 'purchaseDate']) out[f] = day(r[f]);
  for (const f of ['netUnitPrice', 'vatRate', 'grossUnitPrice', 'coreFactor']) out[f] = money(r[f]);
  out.notifyEmails = listOf(r.notifyEmails);
  out.billing = out.billing ?? 'one_time';
  // The seat total and validity the license keeps from its purchases (db/purchases).
  out.seats = seats(r.quantity + Number(r.extraSeats ?? 0), used);
  const validUntil = r.validUntil === undefined ? out.expirationDate : day(r.validUntil);
  out.status = licenseStatus(validUntil, w);
  out.totalNet = out.netUnitPrice == null ? null : times(out.netUnitPrice, r.quantity);
  out.totalGross = out.grossUnitPrice == null ? null : times(out.grossUnitPrice, r.quantity);
  out.validUntil = validUntil;
  out.cost = costOn([firstTerm(licenseTermOf(out)), ...terms], w.today);
  out.createdAt = r.createdAt;
  out.updatedAt = r.updatedAt;
  return out;
};

const pagination = (q, total) => ({ page: q.page, pageSize: q.pageSize, pageCount: Math.ceil(total / q.pageSize), total });

module.exports = (strapi) => {
  const knex = strapi.db.connection;
  const settings = () => strapi.plugin('license-manager').service('settings').get();
  const col = (uid, attr) => columnOf(strapi, uid, attr);
  const L = UID.license;
  const A = UID.assignment;
  const T = {
    license: tableOf(strapi, L),
    assignment: tableOf(strapi, A),
    a: { license: col(A, 'license'), person: col(A, 'person'), asset: col(A, 'asset') },
  };
  const SORT_ATTR = {
    seatsUsed: 'seatsUsed',
    name: 'name',
    expirationDate: 'expirationDate',
    validUntil: 'validUntil',
    purchaseDate: 'purchaseDate',
    quantity: 'quantity',
    grossUnitPrice: 'grossUnitPrice',
    createdAt: 'createdAt',
    updatedAt: 'updatedAt',
  };
  const STATUS_NOT_IN_BASELINES = ['software', 'category', 'organization', 'status', 'assignmentModel'];

  /* floor -------------------------------------------------------------------------------------- */

  const floor = async (ctx) => {
    const q = parseListQuery(ctx.query);
    for (const p of STATUS_NOT_IN_BASELINES) if (q[p] !== undefined) return ctx.badRequest(`the floor baseline does not filter on ${p}`);
    const w = statusWindow((await settings()).expiringWithinDays);
    const used = `l.${col(L, 'seatsUsed')}`;
    // The page's ids, seats and total: filtered, sorted and cut in the license table alone.
    // A search reads the index the plugin keeps for it (services/license-search): FTS5 trigrams on
    // SQLite (three characters or more), pg_trgm on PostgreSQL, each searched column ORed with the
    // software's ids.
    const pg = strapi.db.dialect.client === 'postgres';
    const conditions = [];
    const bindings = [];
    const fts = q.q && !pg && [...q.q].length >= 3;
    let known; // SQLite's search: the matches counted in the index first, which picks the page's plan
    if (fts) {
      const phrase = `"${q.q.replace(/"/g, '""')}"`;
      const matches = 'select rowid from lm_license_search where lm_license_search match ?';
      const [counted] =
        q.overAllocated === undefined
          ? await knex.raw(`select count(*) as n from lm_license_search where lm_license_search match ?`, [phrase])
          : await knex.raw(
              `select count(*) as n from ${T.license} l where l.id in (${matches}) and l.${col(L, 'overAllocated')} = ${q.overAllocated ? 'true' : 'false'}`,
              [phrase],
            );
      known = Number(counted.n);
      // About the number of licenses, in one index step (the plugin reads its kept number).
      const [{ n: licenses }] = await knex.raw(`select coalesce(max(id), 0) as n from ${T.license}`);
      // Many matches: walk the sort index testing each license (`+`: not by id); few: sort the matches.
      const walk = known > 0 && known * known >= q.page * q.pageSize * licenses;
      conditions.push(`${walk ? '+' : ''}l.id in (${matches})`);
      bindings.push(phrase);
    } else if (q.q && pg) {
      conditions.push(`l.id in (select x.id from lm_license_search x where x.doc like ? escape '!')`);
      bindings.push(likePattern(q.q));
    } else if (q.q) {
      const cols = ['name', 'serialNumber', 'inventoryNumber', 'invoiceNumber'].map((a) => `l.${col(L, a)}`);
      const software = `(select s.id from ${tableOf(strapi, UID.software)} s where lower(s.name) like ? escape '!')`;
      conditions.push(`(${cols.map((c) => `lower(${c}) like ? escape '!'`).join(' or ')} or l.${col(L, 'software')} in ${software})`);
      bindings.push(...[...cols, software].map(() => likePattern(q.q)));
    }
    const over = `l.${col(L, 'overAllocated')}`;
    if (q.overAllocated !== undefined) conditions.push(`${over} = ${q.overAllocated ? 'true' : 'false'}`);
    const where = conditions.length ? `where ${conditions.join(' and ')}` : '';
    // A search reads every match: count in that pass. Otherwise count apart (once), an index range.
    const overOnly = q.overAllocated === undefined ? '' : `where ${conditions[conditions.length - 1]}`;
    const total = known !== undefined ? String(known) : q.q ? 'count(*) over ()' : `(select count(*) from ${T.license} l ${overOnly})`;
    const dir = q.sort.order === 'desc' ? 'desc' : 'asc';
    const inner = `l.${col(L, SORT_ATTR[q.sort.field])}`;
    // The outer order on the page's copy of the sort value: SQLite then reads 25 rows, not the whole index.
    const outer = 'p.sort_value';
    const sorted = `order by ${inner} ${dir}, l.id ${dir} limit ? offset ?`;
    // PostgreSQL: a search alone by name sorts the search table's matches, names and all; otherwise
    // the matches first, so the planner doesn't walk the sort index testing every license.
    const page =
      q.q && pg && q.overAllocated === undefined && q.sort.field === 'name'
        ? `select x.id, x.name as sort_value, count(*) over () as total from lm_license_search x where x.doc like ? escape '!' order by x.name ${dir}, x.id ${dir} limit ? offset ?`
        : q.q && pg
          ? `with m as materialized (select l.id, ${inner} as sort_value from ${T.license} l ${where}) ` +
            `select m.id, m.sort_value, count(*) over () as total from m order by m.sort_value ${dir}, m.id ${dir} limit ? offset ?`
          : `select l.id, ${inner} as sort_value, ${total} as total from ${T.license} l ${where} ${sorted}`;
    // Then the page's rows with their relations.
    const joins = RELATIONS.map((rel, i) => `left join ${tableOf(strapi, LICENSE_RELATIONS[rel].uid)} r${i} on r${i}.id = l.${col(L, rel)}`);
    const select = [
      'l.id',
      `l.document_id as "documentId"`,
      'l.name',
      ...SCALARS.map((a) => `l.${col(L, a)} as "${a}"`),
      `l.${col(L, 'extraSeats')} as "extraSeats"`,
      `l.${col(L, 'validUntil')} as "validUntil"`,
      `l.created_at as "createdAt"`,
      `l.updated_at as "updatedAt"`,
      ...RELATIONS.flatMap((rel, i) => [
        `r${i}.document_id as "${rel}.documentId"`,
        ...LICENSE_RELATIONS[rel].fields.map((f) => `r${i}.${col(LICENSE_RELATIONS[rel].uid, f)} as "${rel}.${f}"`),
      ]),
      `${used} as used`,
      'p.total',
    ];
    const sql = `select ${select.join(', ')} from (${page}) p join ${T.license} l on l.id = p.id ${joins.join(' ')} order by ${outer} ${dir}, p.id ${dir}`;
    const result = await knex.raw(sql, [...bindings, q.pageSize, (q.page - 1) * q.pageSize]);
    const rows = Array.isArray(result) ? (Array.isArray(result[0]) ? result[0] : result) : result.rows;
    let count = rows.length ? Number(rows[0].total) : 0;
    if (!rows.length && q.page > 1) count = Number((await knex(T.license).count({ n: '*' }))[0].n); // past the end; not benchmarked
    // The page's purchases, for their cost: one statement, as the plugin reads them.
    const terms = await termsOf(
      strapi,
      rows.map((r) => Number(r.id)),
    );
    const data = rows.map((r) => {
      for (const rel of RELATIONS) {
        const v = { documentId: r[`${rel}.documentId`] };
        for (const f of LICENSE_RELATIONS[rel].fields) v[f] = r[`${rel}.${f}`];
        r[rel] = v;
      }
      // Timestamps as Strapi's query engine hands them out.
      r.createdAt = new Date(r.createdAt);
      r.updatedAt = new Date(r.updatedAt);
      return shape(r, Number(r.used), w, terms.get(Number(r.id)));
    });
    ctx.body = { data, meta: { pagination: pagination(q, count) } };
  };

  /* naive -------------------------------------------------------------------------------------- */

  const populate = Object.fromEntries(RELATIONS.map((rel) => [rel, { fields: [...LICENSE_RELATIONS[rel].fields] }]));

  const naive = async (ctx) => {
    const q = parseListQuery(ctx.query);
    for (const p of STATUS_NOT_IN_BASELINES) if (q[p] !== undefined) return ctx.badRequest(`the naive baseline does not filter on ${p}`);
    const w = statusWindow((await settings()).expiringWithinDays);
    const docs = strapi.documents(L);
    const filters = q.q
      ? {
          $or: [
            { name: { $containsi: q.q } },
            { serialNumber: { $containsi: q.q } },
            { inventoryNumber: { $containsi: q.q } },
            { invoiceNumber: { $containsi: q.q } },
            { software: { name: { $containsi: q.q } } },
          ],
        }
      : {};
    // Each license's assignments, "populated" through the document service and counted in JS, a
    // chunk of licenses at a time (holding every assignment at once would only add memory).
    const seatsOf = async (licenses) => {
      const used = new Map(licenses.map((l) => [l.documentId, 0]));
      const model = new Map(licenses.map((l) => [l.documentId, l.assignmentModel]));
      for (let i = 0; i < licenses.length; i += 1000) {
        const chunk = licenses.slice(i, i + 1000).map((l) => l.documentId);
        const rows = await strapi.documents(A).findMany({
          fields: ['assignedAt'],
          filters: { license: { documentId: { $in: chunk } } },
          populate: { license: { fields: ['name'] }, person: { fields: ['lastName'] }, asset: { fields: ['name'] } },
        });
        for (const a of rows) {
          const doc = a.license.documentId;
          if (model.get(doc) === 'per_computer' ? a.asset : a.person) used.set(doc, used.get(doc) + 1);
        }
      }
      return used;
    };
    let page;
    let total;
    if (q.sort.field === 'seatsUsed' || q.overAllocated !== undefined) {
      const all = await docs.findMany({ filters, populate });
      const used = await seatsOf(all);
      let rows = all.map((l) => ({ l, used: used.get(l.documentId) }));
      if (q.overAllocated !== undefined) rows = rows.filter((r) => r.used > r.l.quantity + Number(r.l.extraSeats ?? 0) === q.overAllocated);
      const dir = q.sort.order === 'desc' ? -1 : 1;
      const key = q.sort.field === 'seatsUsed' ? (r) => r.used : (r) => r.l[SORT_ATTR[q.sort.field]];
      rows.sort((a, b) => (key(a) < key(b) ? -dir : key(a) > key(b) ? dir : (a.l.id - b.l.id) * dir));
      total = rows.length;
      page = rows.slice((q.page - 1) * q.pageSize, q.page * q.pageSize);
    } else {
      const sort = [{ [SORT_ATTR[q.sort.field]]: q.sort.order }, { id: q.sort.order }];
      const [licenses, count] = await Promise.all([
        docs.findMany({ filters, populate, sort, start: (q.page - 1) * q.pageSize, limit: q.pageSize }),
        docs.count({ filters }),
      ]);
      const used = await seatsOf(licenses);
      page = licenses.map((l) => ({ l, used: used.get(l.documentId) }));
      total = count;
    }
    const terms = await termsOf(
      strapi,
      page.map(({ l }) => l.id),
    );
    ctx.body = { data: page.map(({ l, used }) => shape(l, used, w, terms.get(l.id))), meta: { pagination: pagination(q, total) } };
  };

  return {
    /** Adds the two routes to Strapi's admin API; call after load() and before the server is mounted. */
    register(prefix = '/license-manager-bench') {
      const config = { policies: ['admin::isAuthenticatedAdmin', { name: 'admin::hasPermissions', config: { actions: [ACTIONS.read] } }] };
      strapi.server.routes({
        type: 'admin',
        prefix,
        routes: [
          { method: 'GET', path: '/floor/licenses', handler: floor, config, info: { pluginName: 'license-manager' } },
          { method: 'GET', path: '/naive/licenses', handler: naive, config, info: { pluginName: 'license-manager' } },
        ],
      });
      return { floor: `${prefix}/floor/licenses`, naive: `${prefix}/naive/licenses` };
    },
  };
};
