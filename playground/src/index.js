'use strict';

const seedDemoData = require('./seed-demo-data');

module.exports = {
  register() {},

  async bootstrap({ strapi }) {
    // A new user sees a working register; set SEED_DEMO_DATA=false for an empty one (the tests do).
    if (process.env.SEED_DEMO_DATA !== 'false') {
      await seedDemoData(strapi);
    }
  },
};
