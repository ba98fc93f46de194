#!/usr/bin/env node
/**
 * `npm run develop`: builds the plugin, then runs the playground with autoreload on SQLite. On
 * every change to server/, admin/src or shared/ it rebuilds the plugin and, once the build is
 * whole, touches a playground file so `strapi develop` restarts on the new dist/ (the admin dev
 * server picks up dist/admin by itself). Rebuilding here, not with a watcher running beside
 * Strapi, means Strapi never restarts while dist/ is half written.
 */
'use strict';

const { spawn, spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..');
const build = () => spawnSync('npx', ['strapi-plugin', 'build'], { cwd: ROOT, stdio: 'inherit' }).status === 0;

if (!build()) process.exit(1);

const strapi = spawn('npx', ['strapi', 'develop', '--no-install-deps'], {
  cwd: path.join(ROOT, 'playground'),
  stdio: 'inherit',
  env: { DATABASE_CLIENT: 'sqlite', ...process.env },
});
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    strapi.kill('SIGINT');
    process.exit(130);
  });
}
strapi.on('exit', (code) => process.exit(code ?? 0));

let timer;
let building = false;
let again = false;
const rebuild = () => {
  if (building) {
    again = true;
    return;
  }
  building = true;
  console.log('\n[license-manager] sources changed: rebuilding the plugin');
  const ok = build();
  building = false;
  if (ok) {
    const now = new Date();
    fs.utimesSync(path.join(ROOT, 'playground/src/index.js'), now, now);
  }
  if (again) {
    again = false;
    rebuild();
  }
};
for (const dir of ['server/src', 'admin/src', 'shared']) {
  fs.watch(path.join(ROOT, dir), { recursive: true }, () => {
    clearTimeout(timer);
    timer = setTimeout(rebuild, 500);
  });
}
