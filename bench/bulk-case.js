/**
 * Issue 30: the bulk paths at one scale, without the list cases (`--only bulk`): the full license
 * export (rows per second and RSS growth), the compliance report, the 365-day compliance trend and
 * a committed import of 10,000 new licenses. `--cases export,import` runs some of them.
 */
'use strict';

const CASES = ['compliance', 'trend', 'export', 'import'];
const COMPLIANCE_URL = '/license-manager/compliance?page=1&pageSize=25&sort=shortfall:desc';

const bulkCases = async ({ strapi, base, token, knex, rss, measure, dbKind, log, requests, names }) => {
  const wanted = names ? names.split(',') : CASES;
  const unknown = wanted.filter((n) => !CASES.includes(n));
  if (unknown.length) throw new Error(`--cases takes ${CASES.join(', ')}; not ${unknown.join(', ')}`);
  const { fromRoot } = require('./ts');
  const { UID } = fromRoot('shared/constants.ts');
  const { tableOf } = fromRoot('server/src/db/index.ts');
  const results = [];
  const get = (p) => [{ method: 'GET', path: p }];

  if (wanted.includes('compliance')) {
    const plugin = await measure({ url: base, token, requests: get(COMPLIANCE_URL), amount: requests, warmup: 5 });
    log(`compliance plugin: ${plugin.p50} ms p50, ${plugin.p95} ms p95 (${plugin.n} requests)`);
    results.push({ name: 'compliance', plugin });
  }
  if (wanted.includes('trend')) {
    results.push(await require('./trend-case').trendCase({ strapi, base, token, knex, measure, dbKind, log, requests }));
  }
  if (wanted.includes('export')) {
    const expected = Number((await knex(tableOf(strapi, UID.license)).count({ n: '*' }))[0].n);
    results.push(await require('./export-case').exportCase({ base, token, rss, expected, log, requests: 3 }));
  }
  if (wanted.includes('import')) {
    results.push(await require('./import-case').importCase({ base, token, knex, softwareTable: tableOf(strapi, UID.software), log }));
  }
  return results;
};

module.exports = { bulkCases };
