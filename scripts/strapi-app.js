/**
 * The Strapi app at appDir, created as `strapi start` creates it but without the admin panel's
 * files; the caller loads or starts it. Used by the scripts, the tests and the benchmark.
 *
 * Strapi's compileStrapi type-checks a TypeScript app and writes it to its tsconfig's outDir. An
 * app whose tsconfig has no outDir (the playground: plain JavaScript, with a tsconfig.json only so
 * that Strapi's CLI does not take the plugin's) runs from its own folder, as compileStrapi would
 * run it, and the type check would only add about 3 s to every start: it is skipped.
 */
'use strict';

const createApp = async (appDir) => {
  const from = { paths: [appDir] };
  const strapiEntry = require.resolve('@strapi/strapi', from);
  const { createStrapi, compileStrapi } = require(strapiEntry);
  let outDir = 'unknown';
  try {
    const { resolveOutDir } = require(require.resolve('@strapi/typescript-utils', { paths: [appDir, strapiEntry] }));
    outDir = await resolveOutDir(appDir);
  } catch {
    // Strapi's TypeScript helpers are not where this app resolves: let compileStrapi decide.
  }
  const context = outDir === undefined ? { appDir, distDir: appDir } : await compileStrapi({ appDir });
  return createStrapi({ ...context, autoReload: false, serveAdminPanel: false });
};

module.exports = { createApp };
