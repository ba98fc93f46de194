/**
 * Latency measurement with autocannon: requests one after another on one connection (so each
 * latency is the server's time for one request, not time spent queued behind others), every
 * response time collected, median and p95 computed from all of them. Any non-2xx answer fails.
 */
'use strict';

const { fork } = require('node:child_process');
const autocannon = require('autocannon');

const percentile = (sorted, p) => {
  if (!sorted.length) return null;
  const rank = Math.ceil((p / 100) * sorted.length) - 1;
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank))];
};

const round = (ms) => (ms === null ? null : Math.round(ms * 100) / 100);

/**
 * Runs `amount` requests in sequence. `requests` is autocannon's request list (cycled through);
 * `warmup` requests first, not counted.
 */
const measure = async ({ url, token, requests, amount, warmup = 0 }) => {
  const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
  const run = (n, collect) =>
    new Promise((resolve, reject) => {
      const times = [];
      const failures = [];
      const instance = autocannon({ url, connections: 1, pipelining: 1, amount: n, timeout: 120, headers, requests }, (err, result) =>
        err ? reject(err) : resolve({ times, failures, result }),
      );
      instance.on('response', (_client, statusCode, _bytes, responseTime) => {
        if (statusCode < 200 || statusCode >= 300) failures.push(statusCode);
        if (collect) times.push(responseTime);
      });
      instance.on('reqError', (error) => failures.push(String(error)));
    });
  if (warmup) {
    const w = await run(warmup, false);
    if (w.failures.length) throw new Error(`warm-up of ${requests[0].path} failed: ${w.failures.slice(0, 3).join(', ')}`);
  }
  const { times, failures } = await run(amount, true);
  if (failures.length) throw new Error(`${failures.length} of ${amount} requests to ${requests[0].path} failed: ${failures.slice(0, 3).join(', ')}`);
  times.sort((a, b) => a - b);
  return { p50: round(percentile(times, 50)), p95: round(percentile(times, 95)), n: times.length };
};

/**
 * The same measurement from a process of its own, for a case whose memory is a target: autocannon
 * allocates for every byte it reads in the process it runs in. Over five exports of 200,000 licenses
 * (60 MB each) it grew that process's old space by about 80 MB, where the server alone grew it by
 * none (docs/performance.md, "The bulk paths at 200,000 licenses").
 */
const measureApart = (options) =>
  new Promise((resolve, reject) => {
    const child = fork(__filename, [], { execArgv: [], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    child.once('message', (m) => (m.error ? reject(new Error(m.error)) : resolve(m.result)));
    child.once('exit', (code) => reject(new Error(`the measuring process exited with ${code} before it answered`)));
    child.send(options);
  });

if (require.main === module) {
  process.once('message', (options) =>
    measure(options).then(
      (result) => process.send({ result }, () => process.exit(0)),
      (error) => process.send({ error: String(error?.stack ?? error) }, () => process.exit(1)),
    ),
  );
}

module.exports = { measure, measureApart, percentile };
