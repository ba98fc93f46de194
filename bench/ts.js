/**
 * Lets the benchmark require the plugin's own TypeScript (shared/constants.ts, server/src/db,
 * server/src/domain/*.ts) so that UIDs, column helpers, nameKey and seat/status rules are never respelled.
 * Transpiles with @swc/core (already a dev dependency, used by Jest); only files of this repository.
 */
'use strict';

const fs = require('node:fs');
const path = require('node:path');
const { transformSync } = require('@swc/core');

const ROOT = path.resolve(__dirname, '..');

if (!require.extensions['.ts']) {
  require.extensions['.ts'] = (module, filename) => {
    if (!filename.startsWith(ROOT) || filename.includes(`${path.sep}node_modules${path.sep}`)) {
      throw new Error(`bench/ts.js only compiles this repository's TypeScript, not ${filename}`);
    }
    const { code } = transformSync(fs.readFileSync(filename, 'utf8'), {
      filename,
      jsc: { parser: { syntax: 'typescript' }, target: 'es2022' },
      module: { type: 'commonjs' },
      sourceMaps: 'inline',
    });
    module._compile(code, filename);
  };
}

const fromRoot = (p) => require(path.join(ROOT, p));

module.exports = { ROOT, fromRoot };
