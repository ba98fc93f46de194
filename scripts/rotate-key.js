#!/usr/bin/env node
/**
 * Re-encrypts every stored license key under a new encryption key, in one transaction.
 *
 *   LICENSE_MANAGER_NEW_ENCRYPTION_KEY=<new key> npm run rotate-key [-- --app <strapi app dir>]
 *
 * The old key is the one the app uses now (LICENSE_MANAGER_ENCRYPTION_KEY, or the development key
 * derived from its secrets). Nothing changes when any stored key cannot be decrypted with it.
 * Afterwards, set LICENSE_MANAGER_ENCRYPTION_KEY to the new key and restart the app.
 */
'use strict';

const path = require('node:path');

const argIndex = process.argv.indexOf('--app');
const appDir = path.resolve(argIndex > 0 ? process.argv[argIndex + 1] : path.join(__dirname, '..', 'playground'));
const newKeyText = process.env.LICENSE_MANAGER_NEW_ENCRYPTION_KEY;

(async () => {
  if (!newKeyText) throw new Error('Set LICENSE_MANAGER_NEW_ENCRYPTION_KEY to the new key (e.g. `openssl rand -base64 32`).');
  process.chdir(appDir);
  process.env.SEED_DEMO_DATA = 'false';
  const { createStrapi, compileStrapi } = require(require.resolve('@strapi/strapi', { paths: [appDir] }));
  const strapi = await createStrapi({ ...(await compileStrapi({ appDir })), autoReload: false, serveAdminPanel: false }).load();
  try {
    const keys = strapi.plugin('license-manager').service('keys');
    const count = await keys.rotateTo(newKeyText);
    console.log(`Re-encrypted ${count} license key(s). Now set LICENSE_MANAGER_ENCRYPTION_KEY to the new key and restart.`);
  } finally {
    await strapi.destroy();
  }
})().catch((error) => {
  console.error(`Key rotation failed, nothing was changed: ${error.message}`);
  process.exit(1);
});
