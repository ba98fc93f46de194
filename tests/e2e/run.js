#!/usr/bin/env node
/** `npm run test:e2e`: the end-to-end suite (see licenses.e2e.js for its options). */
'use strict';

require('./licenses.e2e.js');
