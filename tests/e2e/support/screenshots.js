/** The screenshots the README and docs/guide.md show, written to docs/screenshots/ by the end-to-end steps. */
'use strict';

const fs = require('node:fs');
const path = require('node:path');

const SCREENSHOTS = path.join(__dirname, '..', '..', '..', 'docs', 'screenshots');

/** The whole page, or one part of it (a playwright locator). */
const shoot = async (target, name) => {
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  const isPage = typeof target.goto === 'function';
  await target.screenshot({ path: path.join(SCREENSHOTS, name), ...(isPage ? { fullPage: true } : {}) });
};

module.exports = { shoot };
