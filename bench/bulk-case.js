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
    // The report right after a license write: it works that software's noted row in first (docs/domain.md, "Kept compliance rows").
    const [license] = await knex(tableOf(strapi, UID.license)).select('document_id').orderBy('id').limit(1);
    const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
    const times = [];
    for (let i = 0; i < 30; i++) {
      const put = await fetch(`${base}/license-manager/licenses/${license.document_id}`, {
        method: 'PUT',
        headers,
        body: JSON.stringify({ data: { notes: `bench ${i}` } }),
      });
      if (!put.ok) throw new Error(`compliance-after-write: the edit answered ${put.status}`);
      const start = performance.now();
      const read = await fetch(`${base}${COMPLIANCE_URL}`, { headers });
      await read.arrayBuffer();
      if (!read.ok) throw new Error(`compliance-after-write: the report answered ${read.status}`);
      times.push(performance.now() - start);
    }
    const { percentile } = require('./measure');
    times.sort((a, b) => a - b);
    const afterWrite = { p50: Math.round(percentile(times, 50) * 100) / 100, p95: Math.round(percentile(times, 95) * 100) / 100, n: times.length };
    log(`compliance after a license edit: ${afterWrite.p50} ms p50, ${afterWrite.p95} ms p95 (${afterWrite.n} requests)`);
    results.push({ name: 'compliance-after-write', plugin: afterWrite });
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
