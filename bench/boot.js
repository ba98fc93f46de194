/**
 * Boots the playground in the calling process, as `strapi start` would but without the admin
 * panel's static files, and samples that process's resident memory.
 */
'use strict';

const path = require('node:path');
const { createApp } = require('../scripts/strapi-app');

const PLAYGROUND = path.resolve(__dirname, '..', 'playground');

/** Loads the playground on the database named by the DATABASE_* variables. */
const boot = async () => {
  process.chdir(PLAYGROUND);
  const strapi = await (await createApp(PLAYGROUND)).load();
  strapi.log.level = 'warn';
  return strapi;
};

/** Mounts the routes and listens on a free loopback port; resolves to the base URL. */
const listen = async (strapi) => {
  strapi.server.mount();
  const server = strapi.server.httpServer;
  await new Promise((resolve, reject) => server.listen(0, '127.0.0.1', resolve).once('error', reject));
  return `http://127.0.0.1:${server.address().port}`;
};

/** This process's peak RSS in MB, over the whole run and since the last `phase()`. */
const rssSampler = () => {
  const rss = { peak: 0, phasePeak: 0 };
  const sample = () => {
    const mb = process.memoryUsage().rss / 1048576;
    rss.peak = Math.max(rss.peak, mb);
    rss.phasePeak = Math.max(rss.phasePeak, mb);
  };
  setInterval(sample, 50).unref();
  return {
    phase() {
      rss.phasePeak = 0;
    },
    read() {
      sample();
      return { peak: Math.round(rss.peak), phasePeak: Math.round(rss.phasePeak) };
    },
  };
};

module.exports = { boot, listen, rssSampler, PLAYGROUND };
