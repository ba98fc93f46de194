#!/usr/bin/env node
/**
 * `npm run start`: builds the plugin and the playground's admin panel when their sources are newer
 * than what was built, then serves the playground without watching. Honours PORT, HOST,
 * DATABASE_* and the other variables of playground/config.
 */
'use strict';

const { spawn } = require('node:child_process');
const path = require('node:path');
const { ensureBuilt, PLAYGROUND } = require('./playground');

ensureBuilt();
const server = spawn(process.execPath, [path.join(PLAYGROUND, 'server.js')], { cwd: PLAYGROUND, stdio: 'inherit' });
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => server.kill(signal));
server.on('exit', (code) => process.exit(code ?? 0));
