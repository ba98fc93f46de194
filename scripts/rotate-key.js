#!/usr/bin/env node
/**
 * Re-encrypts every stored license key that is not under the primary encryption key, while the
 * app keeps serving (docs/guide.md, "License keys"):
 *
 *   npm run rotate-key [-- --app <strapi app dir>]
 *
 * The primary key is LICENSE_MANAGER_ENCRYPTION_KEY (or the development key derived from
 * APP_KEYS); LICENSE_MANAGER_PREVIOUS_ENCRYPTION_KEYS are readable. Rows are rewritten in batches,
 * each only if it still holds the value read, so a concurrent write is never overwritten. When a
 * stored key cannot be decrypted with the configured keys, nothing is changed.
 *
 * Older form, still supported: LICENSE_MANAGER_NEW_ENCRYPTION_KEY=<new key> npm run rotate-key
 * rotates to that key (the configured keys readable); afterwards make it the primary.
 */
'use strict';

const path = require('node:path');
const { createApp } = require('./strapi-app');

const argIndex = process.argv.indexOf('--app');
const appDir = path.resolve(argIndex > 0 ? process.argv[argIndex + 1] : path.join(__dirname, '..', 'playground'));
const newKeyText = process.env.LICENSE_MANAGER_NEW_ENCRYPTION_KEY;

(async () => {
  process.chdir(appDir);
  process.env.SEED_DEMO_DATA = 'false';
  if (newKeyText) {
    // Values an interrupted earlier run already moved to the new key must pass the startup check.
    const previous = process.env.LICENSE_MANAGER_PREVIOUS_ENCRYPTION_KEYS;
    process.env.LICENSE_MANAGER_PREVIOUS_ENCRYPTION_KEYS = previous ? `${previous},${newKeyText}` : newKeyText;
  }
  const strapi = await (await createApp(appDir)).load();
  strapi.log.level = 'warn';
  try {
    const keys = strapi.plugin('license-manager').service('keys');
    const report = newKeyText ? await keys.rotateTo(newKeyText) : await keys.rotate();
    const target = keys.primaryKeyId();
    console.log(
      `Re-encrypted ${report.reencrypted} license key(s) under key id ${target}; ` +
        `${report.skipped} changed meanwhile by another writer and were left to it.`,
    );
    if (report.remaining === 0) {
      console.log(
        newKeyText
          ? 'Nothing is left under another key. Now set LICENSE_MANAGER_ENCRYPTION_KEY to the new key and restart.'
          : 'Nothing is left under another key: the previous keys can be dropped from LICENSE_MANAGER_PREVIOUS_ENCRYPTION_KEYS.',
      );
    } else {
      console.log(
        `${report.remaining} license key(s) are still under another key (written meanwhile by a process that does not ` +
          'use the new key as its primary yet?): keep the previous keys and run rotate-key again.',
      );
    }
  } finally {
    await strapi.destroy();
  }
})().catch((error) => {
  console.error(`Key rotation failed: ${error.message}`);
  process.exit(1);
});
