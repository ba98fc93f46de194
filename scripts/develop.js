#!/usr/bin/env node
/**
 * `npm run develop`: `strapi-plugin watch` rebuilds dist/ on every change to server/, admin/ or
 * shared/; once its first build has settled, the playground runs with autoreload on SQLite. The
 * admin dev server picks up dist/admin itself; a new dist/server restarts Strapi by touching a
 * file of the playground, which `strapi develop` watches.
 */
'use strict';

const { spawn } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..');
const DIST = path.join(ROOT, 'dist');
const children = [];
const stop = () => children.forEach((c) => c.kill('SIGINT'));
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    stop();
    process.exit(130);
  });
}
const track = (child) => {
  children.push(child);
  child.on('exit', (code) => {
    stop();
    process.exit(code ?? 0);
  });
  return child;
};

track(spawn('npx', ['strapi-plugin', 'watch'], { cwd: ROOT, stdio: 'inherit' }));

/** Newest modification time of the files under dist/, 0 while it is missing. */
const newest = (dir = DIST) => {
  if (!fs.existsSync(dir)) return 0;
  return fs.readdirSync(dir, { withFileTypes: true }).reduce((time, entry) => {
    const p = path.join(dir, entry.name);
    return Math.max(time, entry.isDirectory() ? newest(p) : fs.statSync(p).mtimeMs);
  }, 0);
};

/** The watcher cleans dist/ and rebuilds it: wait until both bundles exist and nothing changed for 3 s. */
const settled = () =>
  new Promise((resolve) => {
    const timer = setInterval(() => {
      const ready = ['server/index.js', 'admin/index.mjs'].every((f) => fs.existsSync(path.join(DIST, f)));
      if (ready && Date.now() - newest() > 3000) {
        clearInterval(timer);
        resolve();
      }
    }, 500);
  });

settled().then(() => {
  track(
    spawn('npx', ['strapi', 'develop', '--no-install-deps'], {
      cwd: path.join(ROOT, 'playground'),
      stdio: 'inherit',
      env: { DATABASE_CLIENT: 'sqlite', ...process.env },
    })
  );
  let timer;
  fs.watch(path.join(DIST, 'server'), () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      const now = new Date();
      fs.utimesSync(path.join(ROOT, 'playground/src/index.js'), now, now);
    }, 1000);
  });
});
