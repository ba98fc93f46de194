#!/usr/bin/env node
/**
 * Works out every license's seat total and validity from its purchases' terms today, each term's
 * periods (what the compliance report's committed cost multiplies by), and recounts
 * every license's seats from its assignments, and compares them with what the license keeps, and the seats used and over-allocation derived from them
 * (server/src/services/seat-counts.ts), and the kept number of licenses with a count of them
 * (server/src/services/license-total.ts), and the compliance report's kept rows with the rows worked
 * out afresh (server/src/services/compliance/positions.ts), on the database the DATABASE_* variables name:
 *
 *   npm run verify-seats [-- --repair] [-- --app <strapi app dir>]
 *
 * Prints each difference; exits 1 when there is one, unless --repair, which sets them right in one
 * transaction (each license locked as a write locks it, so it is safe while the app serves).
 */
'use strict';

const path = require('node:path');
const { createApp } = require('./strapi-app');

const argIndex = process.argv.indexOf('--app');
const appDir = path.resolve(argIndex > 0 ? process.argv[argIndex + 1] : path.join(__dirname, '..', 'playground'));
const repair = process.argv.includes('--repair');

(async () => {
  process.chdir(appDir);
  process.env.SEED_DEMO_DATA = 'false';
  const strapi = await (await createApp(appDir)).load();
  strapi.log.level = 'warn';
  let failed = false;
  try {
    // The seat totals and validity licenses keep from their purchases, first: over-allocation below depends on them.
    const purchases = strapi.plugin('license-manager').service('purchases');
    const positions = await purchases.positionDifferences();
    const position = (k) => `extra seats ${k.extraSeats}, valid until ${k.validUntil ?? 'no end'}`;
    for (const d of positions) console.log(`${d.documentId} "${d.name}": kept ${position(d.stored)}; from its purchases today ${position(d.counted)}`);
    if (!positions.length) console.log("Every license keeps the seat total and validity of its purchases' terms today.");
    else if (repair) console.log(`Repaired the seat total and validity of ${await purchases.refreshTerms()} license(s).`);
    else {
      console.log(`${positions.length} license(s) keep a seat total or validity their purchases no longer give; run with --repair (or let the daily job run).`);
      failed = true;
    }
    // The periods each term keeps, which the compliance report's committed cost multiplies by.
    const periods = await purchases.periodDifferences({ repair });
    for (const d of periods) console.log(`${d.of} ${d.documentId}: keeps ${d.kept ?? 'no'} period(s); its term has ${d.counted}`);
    if (!periods.length) console.log('Every license and purchase keeps the periods of its term.');
    else if (repair) console.log(`Repaired the periods of ${periods.length} term(s).`);
    else {
      console.log(`${periods.length} term(s) keep periods that differ from their terms; run with --repair to set them right.`);
      failed = true;
    }
    const differences = await strapi.plugin('license-manager').service('seatCounts').verify({ repair });
    const described = (k) =>
      `persons ${k.persons}, assets ${k.assets}, asset units ${k.assetUnits}, seats used ${k.seatsUsed}, over-allocated ${k.overAllocated ? 'yes' : 'no'}`;
    for (const d of differences) console.log(`${d.documentId} "${d.name}": kept ${described(d.stored)}; counted ${described(d.counted)}`);
    if (!differences.length) console.log('Every license keeps the seat counts of its assignments.');
    else if (repair) console.log(`Repaired the seat counts of ${differences.length} license(s).`);
    else {
      console.log(`${differences.length} license(s) keep seat counts that differ from their assignments; run with --repair to set them right.`);
      failed = true;
    }
    // The kept number of licenses, which unfiltered lists answer as their total.
    const total = await strapi.plugin('license-manager').service('licenseTotal').verify({ repair });
    if (total.kept === total.counted) console.log(`The kept number of licenses is right: ${total.counted}.`);
    else if (repair) console.log(`Repaired the kept number of licenses: ${total.kept}, now ${total.counted}.`);
    else {
      console.log(`The kept number of licenses is ${total.kept}, but there are ${total.counted}; run with --repair to set it right.`);
      failed = true;
    }
    // The compliance report's kept rows (docs/domain.md, "Kept rows"), once the changes writes noted are worked in.
    const kept = await strapi.plugin('license-manager').service('compliance').keptDifferences({ repair });
    for (const d of kept)
      console.log(`software ${d.documentId} "${d.name}": kept compliance row ${d.kept ?? 'none'}; worked out afresh ${d.counted ?? 'none'}`);
    if (!kept.length) console.log("Every software's kept compliance row is the row worked out afresh.");
    else if (repair) console.log(`Repaired the kept compliance rows (${kept.length} differed).`);
    else {
      console.log(`${kept.length} kept compliance row(s) differ from the rows worked out afresh; run with --repair to set them right.`);
      failed = true;
    }
  } finally {
    await strapi.destroy();
  }
  process.exit(failed ? 1 : 0);
})().catch((error) => {
  console.error(`Seat verification failed: ${error.message}`);
  process.exit(1);
});
