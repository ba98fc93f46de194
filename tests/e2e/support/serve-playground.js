/**
 * Runs the playground the way `strapi start` does, with the app's own folder as its dist folder:
 * the playground is plain JavaScript, and `strapi start` would look for a TypeScript outDir as
 * soon as a tsconfig.json sits next to it.
 */
'use strict';

const path = require('node:path');

const PLAYGROUND = path.resolve(__dirname, '../../../playground');
process.chdir(PLAYGROUND);
const { createStrapi } = require('@strapi/strapi');

createStrapi({ appDir: PLAYGROUND, distDir: PLAYGROUND }).start();
