/**
 * The benchmark's other processes, so that neither the bulk load nor the naive baseline's
 * whole-table reads count towards the memory of the Strapi process that serves the plugin:
 *
 *   node bench/worker.js seed <scale> [<purchases per license>]   boots the playground, seeds it, reports, exits
 *   node bench/worker.js naive          boots the playground with the baseline routes and serves them
 *
 * Started by bench/run.js with the database already chosen in the environment; talks over IPC.
 */
'use strict';

const { boot, listen, rssSampler } = require('./boot');

const [role, scaleArg, purchasesArg = '0'] = process.argv.slice(2);
const rss = rssSampler();
const send = (message) => new Promise((resolve) => process.send(message, resolve));

const main = async () => {
  const strapi = await boot();
  if (role === 'seed') {
    const { seed } = require('./seed');
    const seeded = await seed(strapi, { scale: Number(scaleArg), purchases: Number(purchasesArg), log: (line) => send({ type: 'log', line }) });
    await strapi.destroy();
    await send({ type: 'seeded', seeded, rssMb: rss.read().peak });
    process.exit(0);
  }
  if (role === 'naive') {
    const routes = require('./baselines')(strapi).register();
    const base = await listen(strapi);
    process.on('message', (message) => {
      if (message.type === 'rss-phase') rss.phase();
      if (message.type === 'rss') send({ type: 'rss', ...rss.read() });
      if (message.type === 'stop') strapi.destroy().finally(() => process.exit(0));
    });
    await send({ type: 'ready', base, routes });
    return;
  }
  throw new Error(`unknown role ${role}`);
};

main().catch((error) => {
  console.error(String(error?.stack ?? error).slice(0, 2000));
  process.exit(1);
});
