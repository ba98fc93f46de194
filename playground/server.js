/**
 * Serves the playground as `strapi start` does, from its own folder. The playground is plain
 * JavaScript; its tsconfig.json only keeps Strapi's CLI from taking the plugin's for the app's,
 * and with it `strapi start` would look for a TypeScript build folder that does not exist.
 */
'use strict';

process.chdir(__dirname);
const { createStrapi } = require('@strapi/strapi');

createStrapi({ appDir: __dirname, distDir: __dirname }).start();
