/**
 * Builds what the playground serves when it is older than its sources: the plugin (dist/) and
 * the playground's admin panel (playground/build). Used by `npm run start` and the e2e suite.
 */
'use strict';

const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..');
const PLAYGROUND = path.join(ROOT, 'playground');

/** Newest modification time of the files under the given paths. */
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

const run = (args, cwd) => {
  const result = spawnSync('npx', args, { cwd, stdio: 'inherit' });
  if (result.status !== 0) throw new Error(`npx ${args.join(' ')} failed`);
};

const PLUGIN_BUILD = path.join(ROOT, 'dist/admin/index.mjs');

/** Builds the plugin (dist/) when its sources are newer. */
const ensurePluginBuilt = () => {
  if (newest(...['server', 'admin/src', 'shared', 'package.json'].map((p) => path.join(ROOT, p))) > builtAt(PLUGIN_BUILD)) {
    run(['strapi-plugin', 'build'], ROOT);
  }
};

/** Builds the plugin, then the playground's admin panel, each when older than its sources. */
const ensureBuilt = () => {
  ensurePluginBuilt();
  const plugin = PLUGIN_BUILD;
  const admin = path.join(PLAYGROUND, 'build/index.html');
  if (Math.max(builtAt(plugin), newest(path.join(PLAYGROUND, 'config'), path.join(PLAYGROUND, 'src/admin'))) > builtAt(admin)) {
    run(['strapi', 'build'], PLAYGROUND);
  }
};

module.exports = { ensureBuilt, ensurePluginBuilt, PLAYGROUND, ROOT };
