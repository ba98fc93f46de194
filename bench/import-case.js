/**
 * Issue 12: a committed CSV import of IMPORT_ROWS new licenses (one request, `onError=abort`, so one
 * transaction), named after the seeded software. Target: under 30 s on SQLite at scale 1. The
 * import must answer 200 with every row created, or the case fails.
 */
'use strict';

const { stringify } = require('csv-stringify/sync');

const IMPORT_ROWS = 10000;

/** A CSV of `rows` new licenses named `<prefix> 00000`…, spread over the given software. */
const licenseFile = (rows, software, prefix = 'Bench import') => {
  const records = [['name', 'software', 'softwareVersion', 'quantity', 'netUnitPrice', 'vatRate', 'currency', 'expirationDate', 'assignmentModel', 'notes']];
  for (let i = 0; i < rows; i++) {
    const s = software[i % software.length];
    records.push([
      `${prefix} ${String(i).padStart(5, '0')}`,
      s.name,
      s.version ?? '',
      String(1 + (i % 50)),
      '19.90',
      '19',
      'EUR',
      `2027-${String(1 + (i % 12)).padStart(2, '0')}-15`,
      i % 3 ? 'per_user' : 'per_computer',
      '',
    ]);
  }
  return stringify(records);
};

const importCase = async ({ base, token, knex, softwareTable, log, rows = IMPORT_ROWS }) => {
  const software = await knex(softwareTable).select('name', 'version').orderBy('id').limit(50);
  const file = licenseFile(rows, software);
  const form = new FormData();
  form.append('dryRun', 'false');
  form.append('onError', 'abort');
  form.append('file', new Blob([file], { type: 'text/csv' }), 'licenses.csv');
  const t0 = Date.now();
  const res = await fetch(`${base}/license-manager/licenses/import`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: form });
  const ms = Date.now() - t0;
  const body = await res.json().catch(() => null);
  if (res.status !== 200 || body?.data?.created !== rows) throw new Error(`import: ${res.status} ${JSON.stringify(body).slice(0, 400)}`);
  log(
    `import plugin: ${rows} new licenses committed in ${(ms / 1000).toFixed(1)} s (${(ms / rows).toFixed(2)} ms a row; ${(file.length / 1048576).toFixed(1)} MB; target < 30 s)`,
  );
  return { name: `import-${rows}`, plugin: { p50: ms, p95: ms, n: 1 } };
};

/** A dry run of 1,000 new licenses and 1,000 existing ones (what the import's look-ups read, for their plans). */
const dryRun = async ({ base, token, knex, softwareTable }) => {
  const software = await knex(softwareTable).select('name', 'version').orderBy('id').limit(50);
  const form = new FormData();
  form.append('dryRun', 'true');
  form.append('onError', 'skip');
  const file = licenseFile(1000, software, 'Bench plan') + licenseFile(1000, software).split('\n').slice(1).join('\n');
  form.append('file', new Blob([file], { type: 'text/csv' }), 'licenses.csv');
  const res = await fetch(`${base}/license-manager/licenses/import`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: form });
  if (res.status !== 200) throw new Error(`import dry run: ${res.status} ${(await res.text()).slice(0, 300)}`);
};

module.exports = { importCase, licenseFile, dryRun, IMPORT_ROWS };
