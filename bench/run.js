#!/usr/bin/env node
/**
 * `npm run bench` (issue 5): seeds a fresh database in bulk (bench/worker.js seed), boots the
 * playground in-process with the floor baseline's route, and measures the plugin's admin API and
 * the floor over HTTP; then serves the naive baseline from a second Strapi process on the same data
 * (bench/worker.js naive), so its whole-table reads stay out of this process's memory.
 *
 *   node bench/run.js [--scale 1] [--db sqlite|postgres] [--out bench-results.json] [--requests 200] [--naive-max-scale 1] [--purchases 0]
 *   node bench/run.js --scales 0.1,1,10 [--db ...] [--out ...]   one run per scale, then the growth table (bench/growth.js)
 *   node bench/run.js --only import-load [--scale 0.1] [--out ...]   only the import-under-load case (bench/import-load-case.js)
 *   node bench/run.js --installations 100000 [...]   also issue 28's cases (bench/installations-case.js): a 300-entry push, the reconciled report
 *   node bench/run.js --only installations [--installations 100000] [--db ...]   only the plain compliance report and those cases
 *   node bench/run.js --only scope [--db ...]   only issue 29's case (bench/scope-case.js): lists read under a condition
 *   node bench/run.js --only bulk [--cases export,compliance,trend,import] [--scale 10] [--db ...]   only issue 30's bulk cases (bench/bulk-case.js)
 *
 * Scale 1: 20,000 licenses, 2,000 software, 20,000 persons, 5,000 assets, 200,000 assignments,
 * 40,000 keys. SQLite: a new file playground/.tmp/bench-<ts>.db, deleted afterwards. PostgreSQL:
 * a new database license_manager_bench_<ts> on 127.0.0.1:5432 (user postgres, or DATABASE_USERNAME /
 * DATABASE_PASSWORD), dropped afterwards. See docs/performance.md.
 */
'use strict';

const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..');
const PLAYGROUND = path.join(ROOT, 'playground');

/* options ---------------------------------------------------------------------------------------- */

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  if (i >= 0) return args[i + 1];
  const eq = args.find((a) => a.startsWith(`--${name}=`));
  return eq ? eq.slice(name.length + 3) : fallback;
};
if (args.includes('--help') || args.includes('-h')) {
  console.log(
    'usage: npm run bench -- [--scale 1 | --scales 0.1,1,10] [--db sqlite|postgres] [--out file.json] [--requests 200] [--naive-max-scale 1] [--purchases 0]',
  );
  process.exit(0);
}
const scale = Number(option('scale', '1'));
const dbKind = option('db', 'sqlite');
const out = option('out', null);
const requestsPerCase = Number(option('requests', '100'));
// The naive baseline reads every license and assignment per request: past this scale it would take minutes a request.
const naiveMaxScale = Number(option('naive-max-scale', '1'));
const scales = option('scales', null);
// Further purchases per license (docs/domain.md, "Purchases"); 0 keeps runs comparable with earlier ones.
const purchasesPerLicense = Number(option('purchases', '0'));
const only = option('only', null);
if (only !== null && !['import-load', 'installations', 'scope', 'bulk'].includes(only))
  throw new Error('--only takes import-load, installations, scope or bulk');
// Installations for the reconciled report (issue 28); 0 leaves its cases out of a full run.
const installations = Number(option('installations', only === 'installations' ? '100000' : '0'));
if (!(Number.isInteger(installations) && installations >= 0)) throw new Error('--installations must be a whole number, 0 or more');
if (!(scale > 0)) throw new Error('--scale must be a positive number');
if (!['sqlite', 'postgres'].includes(dbKind)) throw new Error('--db must be sqlite or postgres');
if (!(requestsPerCase >= 10)) throw new Error('--requests must be at least 10');
if (!(Number.isInteger(purchasesPerLicense) && purchasesPerLicense >= 0)) throw new Error('--purchases must be a whole number, 0 or more');

const log = (...m) => console.log(`[bench ${((Date.now() - START) / 1000).toFixed(1).padStart(6)} s]`, ...m);
const START = Date.now();

/* the plugin build ------------------------------------------------------------------------------- */

// Builds dist/ first when it is older than the sources.
const { ensurePluginBuilt } = require('../scripts/playground');

/* the database ----------------------------------------------------------------------------------- */

const stamp = new Date().toISOString().replace(/\D/g, '').slice(0, 14);

const pgAdmin = async (sql) => {
  const { Client } = require('pg');
  const client = new Client({
    host: '127.0.0.1',
    port: 5432,
    user: process.env.DATABASE_USERNAME || 'postgres',
    password: process.env.DATABASE_PASSWORD || undefined,
    database: 'postgres',
  });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
};

const prepareDatabase = async () => {
  process.env.SEED_DEMO_DATA = 'false';
  if (dbKind === 'sqlite') {
    const file = `.tmp/bench-${stamp}-${process.pid}.db`;
    fs.mkdirSync(path.join(PLAYGROUND, '.tmp'), { recursive: true });
    Object.assign(process.env, { DATABASE_CLIENT: 'sqlite', DATABASE_FILENAME: file });
    const full = path.join(PLAYGROUND, file);
    return { name: full, drop: async () => ['', '-wal', '-shm', '-journal'].forEach((s) => fs.rmSync(full + s, { force: true })) };
  }
  const name = `license_manager_bench_${stamp}_${process.pid}`;
  await pgAdmin(`create database ${name}`);
  Object.assign(process.env, {
    DATABASE_CLIENT: 'postgres',
    DATABASE_HOST: '127.0.0.1',
    DATABASE_PORT: '5432',
    DATABASE_NAME: name,
    DATABASE_USERNAME: process.env.DATABASE_USERNAME || 'postgres',
    DATABASE_PASSWORD: process.env.DATABASE_PASSWORD || '',
    DATABASE_SCHEMA: 'public',
  });
  delete process.env.DATABASE_URL;
  return { name, drop: () => pgAdmin(`drop database if exists ${name}`) };
};

/* the other processes ---------------------------------------------------------------------------- */

const { fork } = require('node:child_process');
const { boot, listen, rssSampler } = require('./boot');
const { pageoutReclaim } = require('./machine');

/** Starts bench/worker.js in a role; `next(type)` resolves to the worker's next message of that type. */
const worker = (...args) => {
  // Node's default heap sizing for the workers: the naive baseline needs a large heap.
  const child = fork(path.join(__dirname, 'worker.js'), args.map(String), { env: process.env, execArgv: [], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const waiting = [];
  child.on('message', (message) => {
    if (message.type === 'log') return log(message.line);
    const i = waiting.findIndex((w) => w.type === message.type);
    if (i >= 0) waiting.splice(i, 1)[0].resolve(message);
  });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  exited.then((code) => waiting.splice(0).forEach((w) => w.reject(new Error(`bench worker ${args[0]} exited with ${code}`))));
  return {
    next: (type) => new Promise((resolve, reject) => waiting.push({ type, resolve, reject })),
    send: (message) => child.send(message),
    exited,
    kill: () => child.kill(),
  };
};

/* main ------------------------------------------------------------------------------------------- */

const ADMIN = { email: 'bench@license-manager.test', password: 'Bench-Passw0rd!', firstname: 'Bench', lastname: 'Admin' };

const main = async () => {
  ensurePluginBuilt();
  const db = await prepareDatabase();
  log(`database: ${dbKind} ${db.name}`);
  const reclaim = pageoutReclaim();
  if (reclaim.length)
    log(`the kernel pages out cold page cache here (DAMON kdamond ${reclaim.join(', ')}): large scales read from disk and run slower (bench/machine.js)`);
  let strapi;
  let naiveWorker;
  try {
    // 1. Seeding, in a process of its own.
    const seeder = worker('seed', scale, purchasesPerLicense);
    const { seeded, rssMb: seedRssMb } = await seeder.next('seeded');
    await seeder.exited;
    log(`seeded at scale ${scale} (seeding process peak RSS ${seedRssMb} MB)`);

    // 2. The Strapi process that serves the plugin (and the floor): this one.
    const rss = rssSampler();
    strapi = await boot();
    const routes = require('./baselines')(strapi).register();
    const base = await listen(strapi);
    log(`playground listening on ${base} (RSS ${rss.read().peak} MB)`);

    const call = async (url, method = 'GET', body, token, at = base) => {
      const res = await fetch(at + url, {
        method,
        headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const json = await res.json().catch(() => null);
      return { status: res.status, body: json };
    };
    const registered = await call('/admin/register-admin', 'POST', ADMIN);
    if (registered.status !== 200 && registered.status !== 201) throw new Error(`register-admin: ${registered.status} ${JSON.stringify(registered.body)}`);
    const login = await call('/admin/login', 'POST', { email: ADMIN.email, password: ADMIN.password });
    const token = login.body?.data?.token;
    if (!token) throw new Error(`admin login failed: ${login.status}`);
    const admin = async (method, url, body, expect = [200, 201]) => {
      const res = await call(`/license-manager${url}`, method, body, token);
      if (!expect.includes(res.status)) throw new Error(`${method} ${url}: ${res.status} ${JSON.stringify(res.body).slice(0, 300)}`);
      return res.body;
    };

    const knex = strapi.db.connection;
    const { fromRoot } = require('./ts');
    const { UID } = fromRoot('shared/constants.ts');
    const { tableOf } = fromRoot('server/src/db/index.ts');

    if (only === 'import-load') {
      const load = await require('./import-load-case').importLoadCase({
        base,
        token,
        knex,
        softwareTable: tableOf(strapi, UID.software),
        licenseTable: tableOf(strapi, UID.license),
        log,
      });
      const report = { db: dbKind, scale, node: process.version, importLoad: load, seconds: Math.round((Date.now() - START) / 1000) };
      if (out) fs.writeFileSync(path.resolve(ROOT, out), `${JSON.stringify(report, null, 2)}\n`);
      return report;
    }

    if (only === 'scope') {
      const timed = async (label, fn) => {
        const r = await fn();
        log(`${label}: ${r.p50} ms p50, ${r.p95} ms p95 (${r.n} requests)`);
        return r;
      };
      const cases = await require('./scope-case').scopeCase({ strapi, base, call, measure, phase: timed, log, requests: requestsPerCase, stamp });
      for (const c of cases) log(`${c.name}: p50 ${c.plugin.p50} ms scoped, ${c.unconditioned.p50} ms unconditioned: ${c.ratio}×`);
      const report = { db: dbKind, scale, node: process.version, cases, seconds: Math.round((Date.now() - START) / 1000) };
      if (out) fs.writeFileSync(path.resolve(ROOT, out), `${JSON.stringify(report, null, 2)}\n`);
      return report;
    }

    if (only === 'bulk') {
      const cases = await require('./bulk-case').bulkCases({
        strapi,
        base,
        token,
        knex,
        rss,
        measure,
        dbKind,
        log,
        requests: requestsPerCase,
        names: option('cases', null),
      });
      const report = { db: dbKind, scale, node: process.version, cases, seconds: Math.round((Date.now() - START) / 1000) };
      if (out) fs.writeFileSync(path.resolve(ROOT, out), `${JSON.stringify(report, null, 2)}\n`);
      return report;
    }

    // The detail case reads a license with its keys and a typical number of assignments.
    const licenseTable = tableOf(strapi, UID.license);
    const median = [...seeded.perLicense].sort((a, b) => a - b)[Math.floor(seeded.perLicense.length / 2)];
    const detailId = seeded.licenseIds[seeded.perLicense.indexOf(median)];
    const detailDoc = (await knex(licenseTable).first('document_id').where('id', detailId)).document_id;
    const personDocs = (await knex(tableOf(strapi, UID.person)).select('document_id').orderBy('id').limit(1000)).map((r) => r.document_id);
    const software = (await knex(tableOf(strapi, UID.software)).first('document_id')).document_id;
    const newLicense = async (name, quantity) =>
      (await admin('POST', '/licenses', { data: { name: `${name} ${stamp}`, software, quantity, assignmentModel: 'per_user' } })).data.documentId;
    const setDoc = await newLicense('Bench set-persons', 1000);
    const assignDoc = await newLicense('Bench assign', 2000);
    const setA = personDocs.slice(0, 500);
    const setB = personDocs.slice(250, 750);
    const searchTerm = 'studio';

    const listCases = [
      { name: 'list-name', query: 'page=1&pageSize=25&sort=name:asc' },
      { name: 'list-seats', query: 'page=1&pageSize=25&sort=seatsUsed:desc' },
      { name: 'list-search', query: `page=1&pageSize=25&sort=name:asc&_q=${searchTerm}` },
      // One license at every scale (its inventory number): what the search index makes flat.
      { name: 'list-search-number', query: 'page=1&pageSize=25&sort=name:asc&_q=INV-000100' },
      { name: 'list-overallocated', query: 'page=1&pageSize=25&sort=name:asc&overAllocated=true' },
    ];
    const PLUGIN = '/license-manager/licenses';

    // Every baseline must answer what the plugin answers, or the ratios mean nothing.
    const answerOf = async (c, url, at) => {
      const res = await call(`${url}?${c.query}`, 'GET', undefined, token, at);
      if (res.status !== 200) throw new Error(`${url} ${c.name}: ${res.status} ${JSON.stringify(res.body).slice(0, 300)}`);
      return JSON.stringify(res.body);
    };
    const same = (c, variant, a, b) => {
      if (a !== b) {
        const first = [...a].findIndex((ch, i) => ch !== b[i]);
        throw new Error(
          `${variant} answers ${c.name} differently from the plugin near: ${a.slice(Math.max(0, first - 120), first + 80)}\n vs ${b.slice(Math.max(0, first - 120), first + 80)}`,
        );
      }
      const answer = JSON.parse(a);
      log(
        `${c.name}: total ${answer.meta.pagination.total}, seats on page ${answer.data
          .map((l) => l.seats.used)
          .slice(0, 5)
          .join(',')}…; ${variant} answers the same`,
      );
    };
    for (const c of listCases) same(c, 'floor', await answerOf(c, PLUGIN), await answerOf(c, routes.floor));

    const phase = async (label, fn, memory = rss) => {
      await memory.phase();
      const t0 = Date.now();
      const r = await fn();
      const rssMb = (await memory.read()).phasePeak;
      log(`${label}: ${r.p50} ms p50, ${r.p95} ms p95 (${r.n} requests, ${((Date.now() - t0) / 1000).toFixed(1)} s, RSS peak ${rssMb} MB)`);
      return { ...r, rssMb };
    };
    const get = (p) => [{ method: 'GET', path: p }];
    const results = [];
    for (const c of listCases) {
      const row = { name: c.name };
      row.plugin = await phase(`${c.name} plugin`, () =>
        measure({ url: base, token, requests: get(`${PLUGIN}?${c.query}`), amount: requestsPerCase, warmup: 5 }),
      );
      row.floor = await phase(`${c.name} floor`, () =>
        measure({ url: base, token, requests: get(`${routes.floor}?${c.query}`), amount: requestsPerCase, warmup: 5 }),
      );
      results.push(row);
    }

    // Issue 14: the content API's list as a headless client reads it, with a read-only API token;
    // `vs` names the admin list case it is compared with (report: ratioToAdmin).
    const apiToken = (await strapi.service('admin::api-token').create({ name: `bench ${stamp}`, type: 'read-only', lifespan: null, permissions: [] }))
      .accessKey;
    const softwareName = (await knex(tableOf(strapi, UID.software)).first('name').orderBy('id')).name;
    const CONTENT = '/api/license-manager/licenses';
    const contentCases = [
      { name: 'api-list-name', query: 'pagination[page]=1&pagination[pageSize]=25&sort=name:asc', vs: 'list-name' },
      { name: 'api-list-seats', query: 'pagination[pageSize]=25&sort=seatsUsed:desc', vs: 'list-seats' },
      {
        name: 'api-list-software',
        query: `pagination[pageSize]=25&sort=name:asc&filters[software][name][$eq]=${encodeURIComponent(softwareName)}`,
        vs: 'list-name',
      },
    ];
    const adminPage = JSON.parse(await answerOf(listCases[0], PLUGIN));
    for (const c of contentCases) {
      const res = await call(`${CONTENT}?${c.query}`, 'GET', undefined, apiToken);
      if (res.status !== 200 || !res.body.data.length) throw new Error(`${c.name}: ${res.status} ${JSON.stringify(res.body).slice(0, 300)}`);
      if (c.name === 'api-list-name' && JSON.stringify(res.body.data) !== JSON.stringify(adminPage.data))
        throw new Error('api-list-name answers other licenses than list-name');
      log(`${c.name}: total ${res.body.meta.pagination.total}`);
      const plugin = await phase(`${c.name} plugin`, () =>
        measure({ url: base, token: apiToken, requests: get(`${CONTENT}?${c.query}`), amount: requestsPerCase, warmup: 5 }),
      );
      results.push({ name: c.name, plugin, vs: c.vs });
    }

    // What each case's statements read (docs/performance.md, issue 14).
    const { plansOf } = require('./explain');
    const plans = {};
    const planOf = async (name, url, bearer) => {
      plans[name] = await plansOf(knex, dbKind, () => call(url, 'GET', undefined, bearer));
      for (const plan of plans[name]) log(`plan ${name}: ${plan.join(' | ')}`);
    };
    for (const c of listCases) await planOf(c.name, `${PLUGIN}?${c.query}`, token);
    for (const c of contentCases) await planOf(c.name, `${CONTENT}?${c.query}`, apiToken);
    await planOf('detail', `/license-manager/licenses/${detailDoc}`, token);

    const detail = await phase('detail plugin', () =>
      measure({ url: base, token, requests: get(`/license-manager/licenses/${detailDoc}`), amount: requestsPerCase, warmup: 5 }),
    );
    results.push({ name: 'detail', plugin: detail });

    // Issue 11: the compliance report pools every license and seat per software; target < 100 ms p50 on SQLite at scale 1.
    const complianceUrl = '/license-manager/compliance?page=1&pageSize=25&sort=shortfall:desc';
    const complianceAnswer = (await call(complianceUrl, 'GET', undefined, token)).body;
    if (!complianceAnswer?.meta?.totals) throw new Error(`compliance: ${JSON.stringify(complianceAnswer).slice(0, 300)}`);
    log(
      `compliance: ${complianceAnswer.meta.totals.software} software, ${complianceAnswer.meta.totals.nonCompliant} non-compliant, ${complianceAnswer.meta.totals.atRisk} at risk`,
    );
    const compliance = await phase('compliance plugin', () => measure({ url: base, token, requests: get(complianceUrl), amount: requestsPerCase, warmup: 5 }));
    results.push({ name: 'compliance', plugin: compliance });
    // Issue 30: the 365-day trend, on a year of daily snapshots of this register.
    if (!only) results.push(await require('./trend-case').trendCase({ strapi, base, token, knex, measure, dbKind, log, requests: requestsPerCase }));
    if (installations > 0) {
      const fullAccess = (
        await strapi.service('admin::api-token').create({ name: `bench push ${stamp}`, type: 'full-access', lifespan: null, permissions: [] })
      ).accessKey;
      const cases = await require('./installations-case').installationsCase({
        strapi,
        base,
        token,
        apiToken: fullAccess,
        measure,
        phase,
        log,
        installations,
        plainCompliance: compliance,
      });
      results.push(...cases);
      if (only === 'installations') {
        const report = { db: dbKind, scale, node: process.version, cases: results.filter((r) => r.name.startsWith('compliance') || r.name.startsWith('push')) };
        for (const c of report.cases) log(`${c.name}: p50 ${c.plugin.p50} ms, p95 ${c.plugin.p95} ms${c.ratio ? `, ${c.ratio}× the plain report` : ''}`);
        if (out) fs.writeFileSync(path.resolve(ROOT, out), `${JSON.stringify(report, null, 2)}\n`);
        return report;
      }
    }

    const licenseCount = Number((await knex(licenseTable).count({ n: '*' }))[0].n);
    results.push(await require('./export-case').exportCase({ base, token, rss, expected: licenseCount, log }));
    results.push(await require('./import-case').importCase({ base, token, knex, softwareTable: tableOf(strapi, UID.software), log }));
    // Issue 30: what the export's batches, the compliance report and an import's look-ups read.
    await planOf('export', '/license-manager/licenses/export?format=csv&sort=name:asc', token);
    await planOf('compliance', complianceUrl, token);
    plans.import = await plansOf(
      knex,
      dbKind,
      () => require('./import-case').dryRun({ base, token, knex, softwareTable: tableOf(strapi, UID.software) }),
      /license_manager_/,
    );
    for (const plan of plans.import) log(`plan import: ${plan.join(' | ')}`);

    const put = (persons) => ({ method: 'PUT', path: `/license-manager/licenses/${setDoc}/persons`, body: JSON.stringify({ data: { persons } }) });
    await admin('PUT', `/licenses/${setDoc}/persons`, { data: { persons: setB } }); // so the first measured request already adds and removes
    const setPersons = await phase('set-persons-500 plugin', () => measure({ url: base, token, requests: [put(setA), put(setB)], amount: 20 }));
    results.push({ name: 'set-persons-500', plugin: setPersons });

    let next = 0;
    const assign = await phase('assign-1000 plugin', () =>
      measure({
        url: base,
        token,
        amount: 1000,
        requests: [
          {
            method: 'POST',
            path: `/license-manager/licenses/${assignDoc}/assignments`,
            setupRequest: (req) => ({ ...req, body: JSON.stringify({ data: { person: personDocs[next++ % personDocs.length] } }) }),
          },
        ],
      }),
    );
    const assigned = await admin('GET', `/licenses/${assignDoc}`);
    if (assigned.data.seats.used !== 1000) throw new Error(`assign-1000 left ${assigned.data.seats.used} seats used, not 1000`);
    results.push({ name: 'assign-1000', plugin: assign });

    // The plugin's answers on the data as it now is, for the naive baseline to match.
    const pluginAnswers = {};
    for (const c of listCases) pluginAnswers[c.name] = await answerOf(c, PLUGIN);
    const pluginRss = rss.read().peak;
    // What the process holds, as opposed to garbage V8 has not collected yet.
    require('node:v8').setFlagsFromString('--expose-gc');
    require('node:vm').runInNewContext('gc')();
    const liveHeapMb = Math.round(process.memoryUsage().heapUsed / 1048576);
    const heapLimitMb = Math.round(require('node:v8').getHeapStatistics().heap_size_limit / 1048576);
    await strapi.destroy();
    strapi = null;

    // 3. The naive baseline, in a Strapi process of its own, alone on the database.
    const naiveSkipped =
      scale > naiveMaxScale ? `scale ${scale} is over --naive-max-scale ${naiveMaxScale}: the naive baseline reads every row per request` : null;
    if (naiveSkipped) log(`naive baseline skipped: ${naiveSkipped}`);
    else naiveWorker = worker('naive');
    const naive = naiveWorker && (await naiveWorker.next('ready'));
    const naiveMemory = naiveWorker && {
      phase: () => naiveWorker.send({ type: 'rss-phase' }),
      read: () => {
        const reply = naiveWorker.next('rss');
        naiveWorker.send({ type: 'rss' });
        return reply;
      },
    };
    for (const c of naive ? listCases : []) {
      // The naive baseline is slow by design; fewer requests keep the run short.
      const fullScan = c.name === 'list-seats' || c.name === 'list-overallocated';
      const naiveAmount = fullScan ? Math.max(3, Math.round(requestsPerCase / 30)) : Math.max(10, Math.round(requestsPerCase / 4));
      same(c, 'naive', pluginAnswers[c.name], await answerOf(c, naive.routes.naive, naive.base));
      const row = results.find((r) => r.name === c.name);
      row.naive = await phase(
        `${c.name} naive`,
        () => measure({ url: naive.base, token, requests: get(`${naive.routes.naive}?${c.query}`), amount: naiveAmount, warmup: 1 }),
        naiveMemory,
      );
    }
    const naiveRss = naiveMemory ? (await naiveMemory.read()).peak : null;
    if (naiveWorker) {
      naiveWorker.send({ type: 'stop' });
      await naiveWorker.exited;
      naiveWorker = null;
    }

    const report = {
      db: dbKind,
      scale,
      purchasesPerLicense,
      sizes: seeded.sizes,
      node: process.version,
      cases: results.map((r) => {
        const pick = (v) => v && { p50: v.p50, p95: v.p95, n: v.n };
        const admin = r.vs && results.find((a) => a.name === r.vs);
        const ratioToAdmin = admin ? { ratioToAdmin: Math.round((r.plugin.p50 / admin.plugin.p50) * 100) / 100 } : {};
        return {
          name: r.name,
          plugin: pick(r.plugin),
          ...ratioToAdmin,
          ...(r.rssGrowthMb !== undefined ? { rssGrowthMb: r.rssGrowthMb } : {}),
          ...(r.rowsPerSecond !== undefined ? { rows: r.rows, rowsPerSecond: r.rowsPerSecond } : {}),
          ...(r.days !== undefined ? { days: r.days, snapshotRows: r.snapshotRows } : {}),
          // The reconciled report against the plain one (issue 28: within 2×), and the installations it read.
          ...(r.ratio !== undefined ? { ratioToPlain: r.ratio, installations: r.installations } : {}),
          ...(r.floor ? { floor: pick(r.floor) } : {}),
          ...(r.naive ? { naive: pick(r.naive) } : {}),
        };
      }),
      // The Strapi process that served the plugin's and the floor's requests, from boot to the end.
      peakRssMb: pluginRss,
      // Its heap limit (npm run bench sets --max-old-space-size) and its live heap after a full GC.
      heapLimitMb,
      liveHeapMb,
      // The other processes: the bulk load, and the Strapi process that served the naive baseline.
      peakRssMbSeeding: seedRssMb,
      peakRssMbNaive: naiveRss,
      ...(naiveSkipped ? { naiveSkipped } : {}),
      // Per case, the plan of each statement one request makes on the license tables.
      plans,
      // Whether the kernel paged out cold page cache during the run (bench/machine.js).
      pageoutReclaim: pageoutReclaim().length > 0,
      seconds: Math.round((Date.now() - START) / 1000),
    };
    printTable(report);
    if (out) {
      const file = path.resolve(ROOT, out);
      fs.writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
      log(`wrote ${file}`);
    }
    return report;
  } finally {
    naiveWorker?.kill();
    if (strapi) await strapi.destroy().catch((e) => console.error('strapi.destroy:', e.message));
    // --keep leaves the database for a look at its plans (sqlite3 or psql); it is yours to delete.
    if (args.includes('--keep')) log(`kept ${db.name}`);
    else {
      await db.drop().catch((e) => console.error('dropping the bench database:', e.message));
      log(`removed ${db.name}`);
    }
  }
};

const { measure } = require('./measure');

const { printTable } = require('./table');

(scales ? require('./growth').growth({ scales: scales.split(',').map(Number), args, out, log }) : main()).then(
  () => process.exit(0),
  (error) => {
    // Knex puts the whole SQL into its messages: keep the output readable.
    console.error(String(error?.stack ?? error).slice(0, 2000));
    process.exit(1);
  },
);
