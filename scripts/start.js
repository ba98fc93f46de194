#!/usr/bin/env node
/**
 * `npm run start`: builds the plugin and the playground's admin panel when their sources are newer
 * than what was built, then serves the playground without watching. Honours PORT, HOST,
 * DATABASE_* and the other variables of playground/config.
 */
'use strict';

const { spawn, spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..');
const PLAYGROUND = path.join(ROOT, 'playground');

/** Newest modification time under the given paths (files or folders). */
const newest = (...paths) => {
  let time = 0;
  const walk = (p) => {
    if (!fs.existsSync(p)) return;
    const stat = fs.statSync(p);
    if (stat.isDirectory()) fs.readdirSync(p).forEach((f) => walk(path.join(p, f)));
    else time = Math.max(time, stat.mtimeMs);
  };
  paths.forEach(walk);
  return time;
};
const builtAt = (p) => (fs.existsSync(p) ? fs.statSync(p).mtimeMs : 0);

const step = (args, cwd) => {
  const result = spawnSync('npx', args, { cwd, stdio: 'inherit', env: process.env });
  if (result.status !== 0) process.exit(result.status ?? 1);
};

const sources = ['server', 'admin', 'shared', 'package.json'].map((p) => path.join(ROOT, p));
const pluginBuild = path.join(ROOT, 'dist/server/index.js');
if (newest(...sources) > builtAt(pluginBuild)) step(['strapi-plugin', 'build'], ROOT);

const adminBuild = path.join(PLAYGROUND, 'dist/build/index.html');
if (Math.max(builtAt(pluginBuild), newest(path.join(PLAYGROUND, 'config'), path.join(PLAYGROUND, 'src/admin'))) > builtAt(adminBuild)) {
  step(['strapi', 'build'], PLAYGROUND);
}

const server = spawn('npx', ['strapi', 'start'], { cwd: PLAYGROUND, stdio: 'inherit', env: { NODE_ENV: 'development', ...process.env } });
const stop = () => server.kill('SIGINT');
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
server.on('exit', (code) => process.exit(code ?? 0));
