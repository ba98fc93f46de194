/** The bench's summary table and memory line on stdout. */
'use strict';

const printTable = (report) => {
  const f = (v) => (v === undefined || v === null ? '—' : String(v));
  const ratio = (a, b) => (a && b ? `${(a / b).toFixed(2)}×` : '—');
  const rows = [['case', 'plugin p50', 'plugin p95', 'floor p50', 'floor p95', 'naive p50', 'naive p95', 'plugin/floor', 'naive/plugin', 'vs admin list']];
  for (const c of report.cases) {
    rows.push([
      c.name,
      f(c.plugin.p50),
      f(c.plugin.p95),
      f(c.floor?.p50),
      f(c.floor?.p95),
      f(c.naive?.p50),
      f(c.naive?.p95),
      ratio(c.plugin.p50, c.floor?.p50),
      ratio(c.naive?.p50, c.plugin.p50),
      c.ratioToAdmin ? `${c.ratioToAdmin.toFixed(2)}×` : '—',
    ]);
  }
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  const line = (r) => `| ${r.map((v, i) => (i === 0 ? v.padEnd(widths[i]) : v.padStart(widths[i]))).join(' | ')} |`;
  console.log(`\n${report.db}, scale ${report.scale} (milliseconds)`);
  console.log(line(rows[0]));
  console.log(`|${widths.map((w, i) => (i === 0 ? '-'.repeat(w + 2) : `${'-'.repeat(w + 1)}:`)).join('|')}|`);
  rows.slice(1).forEach((r) => console.log(line(r)));
  console.log(
    `peak RSS of the Strapi process serving the plugin: ${report.peakRssMb} MB (heap limit ${report.heapLimitMb} MB, live heap ${report.liveHeapMb} MB after a full GC; seeding process ${report.peakRssMbSeeding} MB, naive baseline's process ${report.peakRssMbNaive} MB); ${report.seconds} s in all\n`,
  );
};

module.exports = { printTable };
