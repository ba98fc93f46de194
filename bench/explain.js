/**
 * What each case's statements read (issue 14): the SQL the plugin sends on its license tables and
 * search index for one request, caught from knex's `query` events, then run again under EXPLAIN QUERY PLAN (SQLite)
 * or EXPLAIN (PostgreSQL) with the same bindings. One line per plan node, so docs/performance.md
 * can show whether a page is an index range or a scan.
 */
'use strict';

/** The plan lines of every statement one `send()` makes on the plugin's license tables (or on `tables`). */
const plansOf = async (knex, client, send, tables = /license_manager_(licenses|license_tallies)\b|lm_license_search\b/) => {
  const caught = [];
  const listener = (q) => {
    if (tables.test(q.sql) && /^\s*select/i.test(q.sql)) caught.push({ sql: q.sql, bindings: q.bindings ?? [] });
  };
  knex.on('query', listener);
  try {
    await send();
  } finally {
    knex.off('query', listener);
  }
  const plans = [];
  // A statement repeated with other bindings (an export's batches, an import's look-ups) is explained once.
  const seen = new Set();
  for (const { sql, bindings } of caught) {
    if (seen.has(sql)) continue;
    seen.add(sql);
    if (client === 'postgres') {
      // knex hands PostgreSQL `$1` placeholders; raw() wants `?` (and `??` untouched).
      const result = await knex.raw(`explain ${sql.replace(/\$\d+/g, '?')}`, bindings);
      plans.push(result.rows.map((r) => r['QUERY PLAN'].trimEnd()));
    } else {
      const rows = await knex.raw(`explain query plan ${sql}`, bindings);
      plans.push(rows.map((r) => r.detail));
    }
  }
  return plans;
};

module.exports = { plansOf };
