'use strict';

// Strapi reads `exports['./strapi-server']` first; this file serves tools that look for it by name.
module.exports = require('./dist/server');
