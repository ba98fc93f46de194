/**
 * Issue 23: other clients while a 10,000-row license import runs (`--only import-load`). Three
 * imports one after another: a dry run, a commit with `onError=skip` and a commit with
 * `onError=abort` (each of new licenses, so each writes every row). During each, a reader lists
 * licenses every LIST_EVERY ms and a writer changes one license's notes every WRITE_EVERY ms, on a
 * fixed schedule (open loop: a request that waits does not delay the next one, so a long wait
 * counts once per request it held up, as users would feel it). A latency is from the request's
 * scheduled time to its answer. Target (SQLite): the list's p95 under 1 s; each write answered
 * within 5 s, or a 409 that says why.
 */
'use strict';

const { licenseFile } = require('./import-case');
const { percentile } = require('./measure');

const ROWS = 10000;
const LIST_EVERY = 1000;
const WRITE_EVERY = 2000;

const stats = (samples) => {
  const times = samples.map((s) => s.ms).sort((a, b) => a - b);
  return { n: times.length, p50: percentile(times, 50), p95: percentile(times, 95), max: times.length ? times[times.length - 1] : null };
};

/** Sends `request()` every `every` ms until `stop` resolves; resolves to each answer's { ms, status, message }. */
const openLoop = async (every, request, stop) => {
  const samples = [];
  const inFlight = [];
  let stopped = false;
  stop.then(() => (stopped = true));
  const start = Date.now();
  for (let i = 0; !stopped; i++) {
    const due = start + i * every;
    const wait = due - Date.now();
    if (wait > 0) await Promise.race([new Promise((r) => setTimeout(r, wait)), stop]);
    if (stopped) break;
    inFlight.push(
      request().then(
        async (res) => {
          const body = await res.json().catch(() => null);
          samples.push({ ms: Date.now() - due, status: res.status, message: body?.error?.message });
        },
        (error) => samples.push({ ms: Date.now() - due, status: 0, message: `${error} ${error?.cause?.code ?? error?.cause ?? ''}` }),
      ),
    );
  }
  await Promise.all(inFlight);
  return samples;
};

const importLoadCase = async ({ base, token, knex, softwareTable, licenseTable, log }) => {
  const headers = { authorization: `Bearer ${token}` };
  const software = await knex(softwareTable).select('name', 'version').orderBy('id').limit(50);
  const target = (await knex(licenseTable).first('document_id').orderBy('id')).document_id;
  const list = () => fetch(`${base}/license-manager/licenses?page=1&pageSize=25&sort=name:asc`, { headers });
  let edits = 0;
  const write = () =>
    fetch(`${base}/license-manager/licenses/${target}`, {
      method: 'PUT',
      headers: { ...headers, 'content-type': 'application/json' },
      body: JSON.stringify({ data: { notes: `bench write ${++edits}` } }),
    });

  const idle = stats(await openLoop(LIST_EVERY, list, new Promise((r) => setTimeout(r, 10000))));
  log(`import-load: list without an import: p50 ${idle.p50} ms, p95 ${idle.p95} ms (${idle.n} requests)`);

  const runs = [];
  for (const [label, dryRun, onError, prefix] of [
    ['dry run', true, 'abort', 'Bench load A'],
    ['commit, skip', false, 'skip', 'Bench load A'],
    ['commit, abort', false, 'abort', 'Bench load B'],
  ]) {
    const form = new FormData();
    form.append('dryRun', String(dryRun));
    form.append('onError', onError);
    form.append('file', new Blob([licenseFile(ROWS, software, prefix)], { type: 'text/csv' }), 'licenses.csv');
    const t0 = Date.now();
    const done = fetch(`${base}/license-manager/licenses/import`, { method: 'POST', headers, body: form }).then(async (res) => ({
      status: res.status,
      body: await res.json().catch(() => null),
    }));
    const [answer, lists, writes] = await Promise.all([done, openLoop(LIST_EVERY, list, done), openLoop(WRITE_EVERY, write, done)]);
    const ms = Date.now() - t0;
    const report = answer.body?.data;
    if (answer.status !== 200 || report?.created !== ROWS || report?.committed === dryRun)
      throw new Error(`import-load ${label}: ${answer.status} ${JSON.stringify(answer.body).slice(0, 400)}`);
    const bad = [...lists, ...writes].filter((s) => s.status !== 200 && s.status !== 409);
    if (bad.length) throw new Error(`import-load ${label}: ${bad.length} requests failed: ${JSON.stringify(bad.slice(0, 3))}`);
    const refused = writes.filter((s) => s.status === 409);
    const run = {
      name: `import-load-${label.replace(/\W+/g, '-')}`,
      importMs: ms,
      list: stats(lists),
      writes: stats(writes.filter((s) => s.status === 200)),
      writes409: refused.length,
      // A 409 must come within 5 s too: a write that waited longer is no better than the old wait.
      writes409Ms: stats(refused),
      writes409Messages: [...new Set(refused.map((s) => s.message))],
    };
    log(
      `import-load ${label}: ${ROWS} rows in ${(ms / 1000).toFixed(1)} s; list p50 ${run.list.p50} / p95 ${run.list.p95} / max ${run.list.max} ms (${run.list.n}); ` +
        `writes p95 ${run.writes.p95} / max ${run.writes.max} ms (${run.writes.n}), ${refused.length} refused with 409 (max ${run.writes409Ms.max} ms) ${JSON.stringify(run.writes409Messages)}`,
    );
    runs.push(run);
  }
  return { idle, runs };
};

module.exports = { importLoadCase };
