#!/usr/bin/env node
/**
 * Builds the playground's admin panel (with the plugin's dist/admin) and nothing else: the
 * playground is plain JavaScript, so `strapi build`'s TypeScript step has nothing to do (and
 * without playground/tsconfig.json it would pick up the repository's root tsconfig.json and fail).
 *
 * Usage: node tests/e2e/support/build-admin.js
 */
'use strict';

const path = require('node:path');

const PLAYGROUND = path.resolve(__dirname, '../../../playground');

// These modules are not in @strapi/strapi's package exports, so they are loaded by file path.
const STRAPI = path.dirname(require.resolve('@strapi/strapi/package.json'));

const main = async () => {
  const { build } = require(path.join(STRAPI, 'dist/src/node/build.js'));
  const { createLogger } = require(path.join(STRAPI, 'dist/src/cli/utils/logger.js'));
  process.chdir(PLAYGROUND);
  await build({
    cwd: PLAYGROUND,
    logger: createLogger({ debug: false, silent: false, timestamp: false }),
    tsconfig: undefined,
    bundler: 'vite',
    minify: true,
    sourcemap: false,
    stats: false,
  });
};

module.exports = { buildAdmin: main };

if (require.main === module) {
  main().catch((error) => {
    console.error(error);
    process.exit(1);
  });
}
