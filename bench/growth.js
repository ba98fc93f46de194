/**
 * `npm run bench -- --scales 0.1,1,10` (issue 14): one bench run per scale, each in a Node process
 * of its own on a database of its own (so one scale's memory and caches do not carry into the
 * next), then the growth table: each case's p50 at every scale and its ratio to the smallest
 * scale's, beside the target that says the case's cost is flat in the data; at the largest scale,
 * each list case against the floor and each content-API case against the admin list.
 */
'use strict';

const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

/** Largest p50 ratio to the smallest scale at which a case still counts as flat (issue 14). */
const FLAT = { 'list-name': 1.5, 'list-seats': 1.5, 'list-overallocated': 1.5, detail: 1.5, 'list-search': 3, 'list-search-number': 1.5 };

/** The command line without --scales and --out, which each run gets its own way. */
const passedOn = (args) => {
  const rest = [];
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '--scales' || args[i] === '--out') i++;
    else if (!args[i].startsWith('--scales=') && !args[i].startsWith('--out=')) rest.push(args[i]);
  }
  return rest;
};

const growthOf = (reports) => {
  const smallest = reports[0];
  return smallest.cases.map((c) => {
    const p50 = Object.fromEntries(reports.map((r) => [r.scale, r.cases.find((x) => x.name === c.name)?.plugin.p50 ?? null]));
    const largest = p50[reports[reports.length - 1].scale];
    const ratio = c.plugin.p50 && largest ? Math.round((largest / c.plugin.p50) * 100) / 100 : null;
    const target = FLAT[c.name];
    // At the largest scale: the list cases against the floor, the content-API cases against the admin list.
    const last = reports[reports.length - 1].cases.find((x) => x.name === c.name);
    const toFloor = last?.floor?.p50 ? { ratioToFloor: Math.round((last.plugin.p50 / last.floor.p50) * 100) / 100 } : {};
    const toAdmin = last?.ratioToAdmin ? { ratioToAdmin: last.ratioToAdmin } : {};
    return { name: c.name, p50, ratioToSmallest: ratio, ...(target ? { target, flat: ratio !== null && ratio <= target } : {}), ...toFloor, ...toAdmin };
  });
};

const printGrowth = (db, reports, growth) => {
  const head = [
    'case',
    ...reports.map((r) => `p50 @${r.scale}`),
    `@${reports[reports.length - 1].scale} / @${reports[0].scale}`,
    'target',
    'flat',
    'plugin/floor',
    'vs admin list',
  ];
  const rows = growth.map((g) => [
    g.name,
    ...reports.map((r) => String(g.p50[r.scale] ?? '—')),
    g.ratioToSmallest === null ? '—' : `${g.ratioToSmallest.toFixed(2)}×`,
    g.target ? `≤ ${g.target}×` : '',
    g.target ? (g.flat ? 'yes' : 'NO') : '',
    g.ratioToFloor ? `${g.ratioToFloor.toFixed(2)}×` : '',
    g.ratioToAdmin ? `${g.ratioToAdmin.toFixed(2)}×` : '',
  ]);
  const widths = head.map((_, i) => Math.max(...[head, ...rows].map((r) => r[i].length)));
  const line = (r) => `| ${r.map((v, i) => (i === 0 ? v.padEnd(widths[i]) : v.padStart(widths[i]))).join(' | ')} |`;
  console.log(`\n${db}: growth of each case's p50 (milliseconds) over scales ${reports.map((r) => r.scale).join(', ')}`);
  console.log(line(head));
  console.log(`|${widths.map((w, i) => (i === 0 ? '-'.repeat(w + 2) : `${'-'.repeat(w + 1)}:`)).join('|')}|`);
  rows.forEach((r) => console.log(line(r)));
  for (const r of reports) console.log(`scale ${r.scale}: peak RSS ${r.peakRssMb} MB${r.naiveSkipped ? `; naive baseline skipped (${r.naiveSkipped})` : ''}`);
};

const growth = async ({ scales, args, out, log }) => {
  if (!scales.length || scales.some((s) => !(s > 0))) throw new Error('--scales must be positive numbers, e.g. 0.1,1,10');
  const sorted = [...scales].sort((a, b) => a - b);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-growth-'));
  const reports = [];
  for (const scale of sorted) {
    const file = path.join(dir, `scale-${scale}.json`);
    log(`scale ${scale}: a bench run of its own`);
    const run = spawnSync(process.execPath, [...process.execArgv, path.join(__dirname, 'run.js'), ...passedOn(args), '--scale', String(scale), '--out', file], {
      stdio: 'inherit',
      env: process.env,
    });
    if (run.status !== 0) throw new Error(`the bench run at scale ${scale} failed (exit ${run.status})`);
    reports.push(JSON.parse(fs.readFileSync(file, 'utf8')));
  }
  fs.rmSync(dir, { recursive: true, force: true });
  const table = growthOf(reports);
  printGrowth(reports[0].db, reports, table);
  const bulkTargets = bulkTargetsOf(reports);
  printBulkTargets(reports[0].db, bulkTargets);
  if (out) {
    const file = path.resolve(__dirname, '..', out);
    fs.writeFileSync(file, `${JSON.stringify({ db: reports[0].db, scales: sorted, growth: table, bulkTargets, runs: reports }, null, 2)}\n`);
    log(`wrote ${file}`);
  }
};

/**
 * Issue 30's targets for the bulk paths, from the runs at the smallest, scale 1 and the largest
 * scale: the export's rows per second (at the largest scale ≥ 0.8× of scale 1's, and at least
 * 30,000 on SQLite, 20,000 on PostgreSQL), its RSS growth (the largest scale's within 50 MB of
 * scale 1's), the compliance report (the largest scale's p50 ≤ 2× the smallest's, under 100 ms), the
 * 365-day trend (under 50 ms at the largest scale) and the import of 10,000 rows at scale 1 (under 8 s
 * on SQLite, 10 s on PostgreSQL).
 */
const bulkTargetsOf = (reports) => {
  const at = (scale, name) => reports.find((r) => r.scale === scale)?.cases.find((c) => c.name === name);
  const db = reports[0].db;
  const [small, large] = [reports[0].scale, reports[reports.length - 1].scale];
  const one = reports.some((r) => r.scale === 1) ? 1 : small;
  const targets = [];
  const check = (what, value, target, met) => targets.push({ what, value, target, met: value !== null && value !== undefined && met });
  const e1 = at(one, 'export');
  const eL = at(large, 'export');
  check(
    `export rows/s @${large} / @${one}`,
    e1 && eL ? Math.round((eL.rowsPerSecond / e1.rowsPerSecond) * 100) / 100 : null,
    '≥ 0.8',
    eL && e1 && eL.rowsPerSecond >= 0.8 * e1.rowsPerSecond,
  );
  const floor = db === 'postgres' ? 20000 : 30000;
  check(`export rows/s @${large}`, eL?.rowsPerSecond, `≥ ${floor}`, eL?.rowsPerSecond >= floor);
  check(
    `export RSS growth @${large} − @${one} (MB)`,
    e1 && eL ? eL.rssGrowthMb - e1.rssGrowthMb : null,
    '≤ 50',
    e1 && eL && eL.rssGrowthMb - e1.rssGrowthMb <= 50,
  );
  const cS = at(small, 'compliance');
  const cL = at(large, 'compliance');
  check(
    `compliance p50 @${large} / @${small}`,
    cS && cL ? Math.round((cL.plugin.p50 / cS.plugin.p50) * 100) / 100 : null,
    '≤ 2',
    cS && cL && cL.plugin.p50 <= 2 * cS.plugin.p50,
  );
  check(`compliance p50 @${large} (ms)`, cL?.plugin.p50, '< 100', cL?.plugin.p50 < 100);
  const tL = at(large, 'trend');
  check(`trend 365 days p50 @${large} (ms)`, tL?.plugin.p50, '< 50', tL?.plugin.p50 < 50);
  const i1 = at(one, 'import-10000');
  const limit = db === 'postgres' ? 10000 : 8000;
  check(`import 10,000 rows @${one} (ms)`, i1?.plugin.p50, `< ${limit}`, i1?.plugin.p50 < limit);
  return targets;
};

const printBulkTargets = (db, targets) => {
  console.log(`\n${db}: issue 30's bulk targets`);
  console.log('| what | value | target | met |');
  console.log('|---|---:|---:|---|');
  for (const t of targets) console.log(`| ${t.what} | ${t.value ?? '—'} | ${t.target} | ${t.met ? 'yes' : 'NO'} |`);
};

module.exports = { growth, growthOf, bulkTargetsOf };
