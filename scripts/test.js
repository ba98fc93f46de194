#!/usr/bin/env node
/**
 * `npm test`: typecheck, lint, unit tests, the plugin build and `strapi-plugin verify`, then the API suite on SQLite, and on
 * PostgreSQL and MariaDB/MySQL when CI is set or they answer, each followed by verify-seats. The three runs go side by side,
 * each on a database of its own, made here and dropped afterwards (`--serial`: one after another); with `--e2e` (CI), the
 * end-to-end suite goes beside them. Prints one closing line:
 * "N passed, N failed", after the name of each failed test (CI shows only the log's tail).
 */
'use strict';

const { spawn } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const readline = require('node:readline');

const ROOT = path.resolve(__dirname, '..');
const CI = Boolean(process.env.CI);
const args = process.argv.slice(2);
const only = args.filter((a) => !a.startsWith('--')); // e.g. `npm test -- postgres` runs the API suite on that database only
// The three databases' API runs go side by side (each on a database of its own); `--serial` runs them one after another.
const serial = args.includes('--serial');
// `--e2e` (CI): the end-to-end suite too, beside the API runs (after them with --serial).
const withE2e = args.includes('--e2e');
const tally = { passed: 0, failed: 0 };
/** Each failed test's name, printed again at the end: the log's tail is all CI shows of a long run. */
const failures = [];

/**
 * Each step's duration, printed after it and again in the closing summary. A step given a label
 * (a database's run, beside the others) prints each line of its output after that label.
 */
const durations = [];
const run = (title, command, commandArgs, env = {}, label = '') =>
  new Promise((resolve) => {
    console.log(`\n▶ ${title}`);
    const started = Date.now();
    const child = spawn(command, commandArgs, { cwd: ROOT, stdio: label ? ['ignore', 'pipe', 'pipe'] : 'inherit', env: { ...process.env, ...env } });
    if (label)
      for (const stream of [child.stdout, child.stderr])
        readline.createInterface({ input: stream }).on('line', (line) => {
          console.log(`[${label}] ${line}`);
          if (/^FAIL \d+ /.test(line)) failures.push(`[${label}] ${line}`); // an end-to-end step
        });
    child.on('close', (code) => {
      const seconds = Math.round((Date.now() - started) / 1000);
      durations.push(`${title}: ${Math.floor(seconds / 60)} min ${seconds % 60} s`);
      console.log(`⏱ ${durations[durations.length - 1]}`);
      resolve(code === 0);
    });
  });

/** A suite's error message's first line, without its colours. */
const firstLine = (message) =>
  (message || '')
    .replace(/\x1b\[[0-9;]*m/g, '')
    .split('\n')
    .find((l) => l.trim()) || 'did not run';

const jest = async (title, jestArgs, env = {}, label = '') => {
  const report = path.join(os.tmpdir(), `license-manager-jest-${process.pid}-${Date.now()}-${label}.json`);
  const ok = await run(title, 'npx', ['jest', '--runInBand', '--forceExit', '--json', `--outputFile=${report}`, ...jestArgs], env, label);
  try {
    const { numPassedTests, numFailedTests, numTotalTests, numPendingTests, testResults } = JSON.parse(fs.readFileSync(report, 'utf8'));
    // The slowest files of the run, so the one that makes CI long is named.
    const slowest = testResults
      .map((r) => ({ file: path.relative(ROOT, r.name), seconds: Math.round((r.endTime - r.startTime) / 1000) }))
      .sort((a, b) => b.seconds - a.seconds)
      .slice(0, 8);
    if (slowest.length > 1) console.log(`slowest files of ${title}: ${slowest.map((s) => `${s.file} ${s.seconds} s`).join(', ')}`);
    for (const r of testResults) {
      const file = path.relative(ROOT, r.name);
      const failed = (r.assertionResults || []).filter((a) => a.status === 'failed');
      for (const a of failed) failures.push(`[${label || title}] ${file} › ${a.fullName}`);
      if (r.status === 'failed' && !failed.length) failures.push(`[${label || title}] ${file}: ${firstLine(r.message)}`);
    }
    tally.passed += numPassedTests;
    tally.failed += numFailedTests + (ok ? 0 : Math.max(0, numTotalTests - numPassedTests - numFailedTests - numPendingTests));
    if (!ok && numFailedTests === 0) tally.failed += 1; // a suite that failed to run counts once
    fs.rmSync(report, { force: true });
  } catch {
    tally.failed += 1;
  }
  return ok;
};

/**
 * API files whose answers cannot differ by database (docs/testing.md): the OpenAPI document and
 * its checker, and answer shapes a controller decides before any query. Everything that reads or
 * writes through SQL, locks, counts, searches or imports runs on all three.
 */
const ONCE = ['/openapi\\.test\\.ts$', '/openapi-answers\\.test\\.ts$', '/contract\\.test\\.ts$'];

const databases = {
  sqlite: {
    async create(name) {
      return { DATABASE_CLIENT: 'sqlite', DATABASE_FILENAME: `.tmp/${name}.db` };
    },
    async drop(name) {
      for (const suffix of ['', '-wal', '-shm']) fs.rmSync(path.join(ROOT, 'playground/.tmp', `${name}.db${suffix}`), { force: true });
    },
  },
  postgres: {
    async connect() {
      const { Client } = require('pg');
      const client = new Client({ host: '127.0.0.1', port: 5432, user: 'postgres', database: 'postgres', connectionTimeoutMillis: 3000 });
      await client.connect();
      return { query: (sql) => client.query(sql), end: () => client.end() };
    },
    env: (name) => ({
      DATABASE_CLIENT: 'postgres',
      DATABASE_HOST: '127.0.0.1',
      DATABASE_PORT: '5432',
      DATABASE_NAME: name,
      DATABASE_USERNAME: 'postgres',
      DATABASE_PASSWORD: '',
    }),
  },
  mysql: {
    async connect() {
      const mysql = require('mysql2/promise');
      const client = await mysql.createConnection({ host: '127.0.0.1', port: 3306, user: 'root', password: '', connectTimeout: 3000 });
      return { query: (sql) => client.query(sql), end: () => client.end() };
    },
    env: (name) => ({
      DATABASE_CLIENT: 'mysql',
      DATABASE_HOST: '127.0.0.1',
      DATABASE_PORT: '3306',
      DATABASE_NAME: name,
      DATABASE_USERNAME: 'root',
      DATABASE_PASSWORD: '',
    }),
  },
};

const serverDatabase = (client) => ({
  async create(name) {
    const db = await databases[client].connect();
    await db.query(`DROP DATABASE IF EXISTS ${name}`);
    // utf8mb4 on MySQL/MariaDB, whose server default may be latin1: every character a client sends fits.
    await db.query(client === 'mysql' ? `CREATE DATABASE ${name} CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci` : `CREATE DATABASE ${name}`);
    await db.end();
    return databases[client].env(name);
  },
  async drop(name) {
    const db = await databases[client].connect();
    await db.query(`DROP DATABASE IF EXISTS ${name}`);
    await db.end();
  },
});

const answers = async (client) => {
  try {
    const db = await databases[client].connect();
    await db.end();
    return true;
  } catch {
    return false;
  }
};

(async () => {
  let ok = true;
  const step = (result) => {
    ok = ok && result;
    return result;
  };
  if (!only.length) {
    step(await run('typecheck', 'npx', ['tsc', '-p', 'tsconfig.json']));
    step(await run('lint (eslint, prettier --check)', 'npm', ['run', 'lint']));
    step(await jest('unit tests', ['--selectProjects', 'unit']));
    step(await jest('admin component tests', ['--selectProjects', 'admin']));
  }
  const built = step(await run('build the plugin (the playground loads dist/)', 'npx', ['strapi-plugin', 'build']));
  // The package as Strapi's plugin SDK checks it: package.json and every export's file in dist/.
  if (built && !only.length) step(await run('strapi-plugin verify', 'npx', ['strapi-plugin', 'verify']));
  if (!built) {
    console.log('\nThe build failed; the API suite needs it.');
  } else {
    const apiRun = async (client) => {
      if (client !== 'sqlite' && !(await answers(client))) {
        if (CI || only.includes(client)) {
          console.log(`\n✖ ${client} does not answer on 127.0.0.1; CI needs it (.ci/run starts it).`);
          step(false);
          tally.failed += 1;
        } else {
          console.log(`\n– ${client} does not answer on 127.0.0.1: its API run is left out (CI runs it).`);
        }
        return;
      }
      const name = `license_manager_test_${process.pid}_${Date.now()}_${client}`;
      const db = client === 'sqlite' ? databases.sqlite : serverDatabase(client);
      // A larger young generation: the suite allocates heavily and spent about a tenth of its time in scavenges.
      // Each database's run uploads into a temporary folder of its own: the runs send the same hostile
      // files at the same time, and a test looking for an upload left behind must see only its run's.
      const uploads = fs.mkdtempSync(path.join(os.tmpdir(), `license-manager-${client}-`));
      const env = {
        ...(await db.create(name)),
        TMPDIR: uploads,
        NODE_OPTIONS: [process.env.NODE_OPTIONS, '--max-semi-space-size=64'].filter(Boolean).join(' '),
      };
      const label = serial ? '' : client;
      // Two processes on one SQLite file is no deployment Strapi supports: those files run on servers only.
      // The files of ONCE check what no database can change, so they run on SQLite only.
      const ignored = ['--testPathIgnorePatterns', ...(client === 'sqlite' ? ['multi-process'] : ONCE)];
      step(await jest(`API tests on ${client}`, ['--selectProjects', 'api', ...ignored], env, label));
      // Whatever the suite wrote, every license still keeps the seats of its assignments.
      const verified = step(await run(`npm run verify-seats after the API tests on ${client}`, process.execPath, ['scripts/verify-seats.js'], env, label));
      tally[verified ? 'passed' : 'failed'] += 1;
      await db.drop(name);
      fs.rmSync(uploads, { recursive: true, force: true });
    };
    const clients = ['sqlite', 'postgres', 'mysql'].filter((client) => !only.length || only.includes(client));
    // The end-to-end suite starts first: building the playground's admin is its longest start.
    const e2e = () => (withE2e ? run('end-to-end suite', 'npm', ['run', 'test:e2e'], {}, serial ? '' : 'e2e') : Promise.resolve(true));
    const results = serial ? [] : [e2e(), ...clients.map(apiRun)];
    if (serial) {
      for (const client of clients) await apiRun(client);
      results.push(e2e());
    }
    const [e2ePassed] = await Promise.all(results);
    if (!step(e2ePassed)) tally.failed += 1;
  }
  console.log(`\n${durations.map((d) => `⏱ ${d}`).join('\n')}`);
  if (failures.length) console.log(`\nFailed:\n${failures.map((f) => `✖ ${f}`).join('\n')}`);
  console.log(`\n${tally.passed} passed, ${tally.failed} failed`);
  process.exit(ok && tally.failed === 0 ? 0 : 1);
})().catch((error) => {
  console.error(error);
  console.log(`\n${tally.passed} passed, ${tally.failed + 1} failed`);
  process.exit(1);
});
