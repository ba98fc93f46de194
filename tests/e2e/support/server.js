/**
 * Starts the playground for the end-to-end suite on its own port and SQLite file, with no demo
 * data, and stops it afterwards. Builds the plugin and the playground's admin first when they are
 * older than their sources.
 */
'use strict';

const { spawn } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const { ensureBuilt, PLAYGROUND } = require('../../../scripts/playground');

const waitFor = async (url, ms, hasExited = () => false) => {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (hasExited()) throw new Error('the playground exited while starting: see tests/e2e/artifacts/server.log');
    try {
      const res = await fetch(url);
      if (res.ok) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`${url} did not answer within ${ms} ms`);
};

/** Starts the playground (as `strapi start` would); resolves to { baseUrl, stop }. */
const startPlayground = async ({ port = 1339, database = `.tmp/e2e-${process.pid}.db` } = {}) => {
  ensureBuilt();
  fs.mkdirSync(path.join(__dirname, '..', 'artifacts'), { recursive: true });
  const dbFile = path.join(PLAYGROUND, database);
  for (const suffix of ['', '-wal', '-shm']) fs.rmSync(dbFile + suffix, { force: true });
  const log = fs.createWriteStream(path.join(__dirname, '..', 'artifacts', 'server.log'));
  const child = spawn(process.execPath, [path.join(PLAYGROUND, 'server.js')], {
    cwd: PLAYGROUND,
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      DATABASE_CLIENT: 'sqlite',
      DATABASE_FILENAME: database,
      SEED_DEMO_DATA: 'false',
      NODE_ENV: 'production',
      // A throwaway key: production refuses to start without one, and this database is deleted afterwards.
      LICENSE_MANAGER_ENCRYPTION_KEY: process.env.LICENSE_MANAGER_ENCRYPTION_KEY || require('node:crypto').randomBytes(32).toString('base64'),
      STRAPI_TELEMETRY_DISABLED: 'true',
    },
    detached: true,
  });
  child.stdout.pipe(log);
  child.stderr.pipe(log);
  const baseUrl = `http://127.0.0.1:${port}`;
  let exited = false;
  child.on('exit', () => {
    exited = true;
  });
  try {
    await waitFor(`${baseUrl}/_health`, 120000, () => exited);
  } catch (error) {
    if (!exited) process.kill(-child.pid, 'SIGTERM');
    throw error;
  }
  const stop = async () => {
    if (!exited) {
      process.kill(-child.pid, 'SIGTERM');
      await new Promise((r) => {
        const timer = setTimeout(() => {
          if (!exited) process.kill(-child.pid, 'SIGKILL');
          r();
        }, 10000);
        child.on('exit', () => {
          clearTimeout(timer);
          r();
        });
      });
    }
    for (const suffix of ['', '-wal', '-shm']) fs.rmSync(dbFile + suffix, { force: true });
  };
  return { baseUrl, stop };
};

module.exports = { startPlayground };
