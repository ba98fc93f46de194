/**
 * A second Strapi process for the multi-process tests: boots the playground on PORT against the
 * database the environment names, and prints "ready" once it listens.
 */
'use strict';

const path = require('node:path');

const appDir = path.resolve(__dirname, '../../../playground');
process.chdir(appDir);
// Demo data only when asked (SERVE_DEMO_DATA=true, on a database of its own): the tests share theirs.
process.env.SEED_DEMO_DATA = process.env.SERVE_DEMO_DATA === 'true' ? 'true' : 'false';
const { createApp } = require('../../../scripts/strapi-app');

(async () => {
  const strapi = await createApp(appDir);
  strapi.log.level = 'warn';
  await strapi.start();
  process.stdout.write('ready\n');
  const stop = () => strapi.destroy().then(() => process.exit(0));
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
})().catch((error) => {
  console.error(error);
  process.exit(1);
});
