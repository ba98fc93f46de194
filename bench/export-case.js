/**
 * Issue 12: the full CSV export of every license, streamed from the database in batches. Measures
 * the time per request (p50 over a few, each read to its last byte) and the Strapi process's peak
 * RSS growth while they run; target growth < 100 MB whatever the number of licenses (issue 30:
 * within 50 MB of scale 1's). The client reads from a process of its own (`measureApart`), so the
 * growth is the server's and not the client's reading of the file.
 */
'use strict';

const { measureApart } = require('./measure');

const EXPORT_URL = '/license-manager/licenses/export?format=csv&sort=name:asc';

/** Reads the file as a client would, counting its lines without holding it. */
const countRows = async (base, token) => {
  const res = await fetch(base + EXPORT_URL, { headers: { authorization: `Bearer ${token}` } });
  if (res.status !== 200) throw new Error(`export: ${res.status} ${(await res.text()).slice(0, 300)}`);
  let lines = 0;
  for await (const chunk of res.body) for (const byte of chunk) if (byte === 0x0a) lines++;
  return lines - 1; // the header
};

/** `expected`: the number of licenses in the database; the file must hold that many rows (no cell holds a newline in the seed). */
const exportCase = async ({ base, token, rss, expected, log, requests = 5 }) => {
  const rows = await countRows(base, token);
  if (rows !== expected) throw new Error(`export wrote ${rows} rows, not the ${expected} licenses`);
  // A full GC first, so the growth is the export's and not garbage left by earlier cases.
  require('node:v8').setFlagsFromString('--expose-gc');
  require('node:vm').runInNewContext('gc')();
  const before = process.memoryUsage().rss / 1048576;
  await rss.phase();
  const t0 = Date.now();
  const r = await measureApart({ url: base, token, requests: [{ method: 'GET', path: EXPORT_URL }], amount: requests, warmup: 1 });
  const peak = (await rss.read()).phasePeak;
  const rssGrowthMb = Math.max(0, Math.round(peak - before));
  const rowsPerSecond = Math.round(rows / (r.p50 / 1000));
  log(
    `export plugin: ${rows} rows, ${r.p50} ms p50 (${rowsPerSecond} rows/s), ${r.p95} ms p95 (${r.n} requests, ${((Date.now() - t0) / 1000).toFixed(1)} s, RSS growth ${rssGrowthMb} MB, target < 100)`,
  );
  return { name: 'export', plugin: { ...r, rssMb: peak }, rssGrowthMb, rows, rowsPerSecond };
};

module.exports = { exportCase };
