/**
 * Issue 30: the 365-day compliance trend (`GET /license-manager/compliance/trend?days=365`) on a
 * year of daily snapshots of the seeded register: 2,000 software a day at scale 1, 20,000 at scale
 * 10 (7.3 million snapshot rows). Today's snapshot is taken through the product (the compliance
 * service's `snapshot(day)`, as the daily job does: the rows and the day's totals); its rows and
 * totals are then copied to the 364 days before, one INSERT … SELECT per day and table, unchanged
 * but for the day and a new documentId (documentId is not unique; new ones keep each row its own).
 * The trend reads one totals row a day; one software's trend (measured too) its row of each day.
 */
'use strict';

const DAYS = 365;
const TREND_URL = `/license-manager/compliance/trend?days=${DAYS}`;

const trendCase = async ({ strapi, base, token, knex, measure, dbKind, log, requests }) => {
  const { fromRoot } = require('./ts');
  const { UID } = fromRoot('shared/constants.ts');
  const { columnOf, tableOf } = fromRoot('server/src/db/index.ts');
  const { addDays } = fromRoot('shared/days.ts');
  const plugin = strapi.plugin('license-manager');

  // The trend's today: the daily job's (the reminders' time zone).
  const today = await plugin.service('reminders').today();
  let t0 = Date.now();
  const stored = await plugin.service('compliance').snapshot(today);
  log(
    `trend: today's snapshot (${today}): ${stored.software} software in ${((Date.now() - t0) / 1000).toFixed(1)} s${stored.alreadyStored ? ' (stored already)' : ''}`,
  );

  const uids = [UID.complianceSnapshot, UID.complianceScopeSnapshot, UID.complianceSnapshotTotal];
  const tables = uids.map((uid) => tableOf(strapi, uid));
  // A new documentId of the same length, per day: the day's number in place of its first 4 characters.
  const newId = dbKind === 'mysql' ? 'concat(?, substr(??, 5))' : '? || substr(??, 5)';
  // The day as a date (PostgreSQL types a bare parameter in a select list as text; SQLite keeps dates as text).
  const asDate = dbKind === 'postgres' ? 'cast(? as date)' : '?';
  t0 = Date.now();
  for (const uid of uids) {
    const table = tableOf(strapi, uid);
    const [date, documentId] = [columnOf(strapi, uid, 'date'), columnOf(strapi, uid, 'documentId')];
    const copied = Object.keys(await knex(table).columnInfo()).filter((c) => ![date, documentId, 'id'].includes(c));
    const list = copied.map(() => '??').join(', ');
    for (let i = 1; i < DAYS; i++) {
      const day = addDays(today, -i);
      // A run on a database that holds the day already (none: the bench seeds a new one) copies nothing over it.
      if (Number((await knex(table).where(date, day).count({ n: '*' }))[0].n) > 0) continue;
      await knex.raw(`insert into ?? (??, ??, ${list}) select ${newId}, ${asDate}, ${list} from ?? where ?? = ?`, [
        table,
        documentId,
        date,
        ...copied,
        `d${String(i).padStart(3, '0')}`,
        documentId,
        day,
        ...copied,
        table,
        date,
        today,
      ]);
    }
  }
  const snapshotRows = Number((await knex(tables[0]).count({ n: '*' }))[0].n);
  const totalsRows = Number((await knex(tables[2]).count({ n: '*' }))[0].n);
  log(`trend: copied to ${DAYS - 1} earlier days in ${((Date.now() - t0) / 1000).toFixed(1)} s: ${snapshotRows} snapshot rows, ${totalsRows} totals rows`);
  // PostgreSQL's autovacuum would gather statistics on its own soon after such a load (as bench/seed.js does).
  if (dbKind === 'postgres') for (const table of tables) await knex.raw('vacuum analyze ??', [table]);

  const check = async (path) => {
    // Once more on a reset: on SQLite the copy held the event loop (better-sqlite3 is synchronous)
    // past the server's keep-alive timeout, and the client's idle connection may be one it closed.
    const get = () => fetch(base + path, { headers: { authorization: `Bearer ${token}` } });
    const res = await get().catch(get);
    if (res.status !== 200) throw new Error(`trend: ${res.status} ${(await res.text()).slice(0, 300)}`);
    const points = (await res.json()).data;
    if (points.length !== DAYS) throw new Error(`trend: ${points.length} points, not ${DAYS}`);
    return points;
  };
  /** The plan of each statement a request sends on the snapshot tables (EXPLAIN QUERY PLAN, or EXPLAIN on PostgreSQL). */
  const plansOf = async (path) => {
    const caught = [];
    const listener = (q) => /compliance_(scope_)?snapshot/.test(q.sql) && caught.push({ sql: q.sql, bindings: q.bindings ?? [] });
    knex.on('query', listener);
    try {
      await check(path);
    } finally {
      knex.off('query', listener);
    }
    const plans = [];
    for (const { sql, bindings } of caught) {
      if (dbKind === 'postgres') plans.push((await knex.raw(`explain ${sql.replace(/\$\d+/g, '?')}`, bindings)).rows.map((r) => r['QUERY PLAN'].trim()));
      else plans.push((await knex.raw(`explain query plan ${sql}`, bindings)).map((r) => r.detail));
    }
    return plans;
  };
  const plans = await plansOf(TREND_URL);
  log(`trend: plan ${JSON.stringify(plans)}`);
  const points = await check(TREND_URL);
  if (points[0].date !== addDays(today, 1 - DAYS) || points[DAYS - 1].date !== today)
    throw new Error(`trend: from ${points[0].date} to ${points[DAYS - 1].date}`);
  const result = await measure({ url: base, token, requests: [{ method: 'GET', path: TREND_URL }], amount: requests, warmup: 5 });
  log(`trend plugin: ${result.p50} ms p50, ${result.p95} ms p95 (${result.n} requests, ${DAYS} points over ${snapshotRows} snapshot rows, target < 50 ms)`);

  // The service alone, in this process (its reads, without HTTP, authentication and policies).
  const times = [];
  for (let i = 0; i < 50; i++) {
    const t = process.hrtime.bigint();
    await plugin.service('compliance').trend({ days: DAYS });
    times.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  const service = Math.round(times.sort((a, b) => a - b)[24] * 100) / 100;
  log(`trend service alone: ${service} ms p50 (50 calls)`);

  // What the trend read before the totals: every row of the range summed per day (once, for comparison).
  const c = (attribute) => columnOf(strapi, UID.complianceSnapshot, attribute);
  const status = (value) => knex.raw('sum(case when ?? = ? then 1 else 0 end)', [c('status'), value]);
  t0 = Date.now();
  await knex(tables[0])
    .select(c('date'), status('non_compliant'), status('at_risk'), ...['shortfall', 'licensed', 'used'].map((a) => knex.raw('sum(??)', [c(a)])))
    .where(c('date'), '>=', addDays(today, 1 - DAYS))
    .where(c('date'), '<=', today)
    .groupBy(c('date'));
  const beforeMs = Date.now() - t0;
  log(`trend before the totals: its statement alone took ${beforeMs} ms`);

  // One software's trend: its row of each day, through the (software, date) index.
  const softwareColumn = columnOf(strapi, UID.complianceSnapshot, 'softwareDocumentId');
  const one = await knex(tables[0])
    .first({ id: softwareColumn })
    .where(columnOf(strapi, UID.complianceSnapshot, 'date'), today)
    .orderBy(softwareColumn);
  const softwarePath = `${TREND_URL}&software=${one.id}`;
  const softwarePlans = await plansOf(softwarePath);
  log(`trend of one software: plan ${JSON.stringify(softwarePlans)}`);
  const software = await measure({ url: base, token, requests: [{ method: 'GET', path: softwarePath }], amount: requests, warmup: 5 });
  log(`trend of one software: ${software.p50} ms p50, ${software.p95} ms p95 (${software.n} requests)`);

  return { name: 'trend', plugin: result, days: DAYS, snapshotRows, serviceP50: service, beforeMs, plans, software: { ...software, plans: softwarePlans } };
};

module.exports = { trendCase };
