/**
 * A boot that takes long on PostgreSQL or MySQL is almost always waiting for a lock that a
 * transaction left open holds (an earlier file's, in this same Jest process). The boot itself then
 * only times out, in this file and every one after it, and the file that left the transaction open
 * is hard to find. This names it: after `afterMs`, every other session on the test database
 * that is not idle is printed with its state, its transaction's age, what blocks it and its last statement.
 */
const env = process.env;

const postgresSessions = async (): Promise<unknown[]> => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { Client } = require('pg');
  const client = new Client({ host: env.DATABASE_HOST, port: Number(env.DATABASE_PORT), user: env.DATABASE_USERNAME, database: env.DATABASE_NAME });
  await client.connect();
  try {
    const { rows } = await client.query(
      `select pid, state, wait_event_type, wait_event, pg_blocking_pids(pid) as blocked_by,
              (now() - xact_start)::text as in_transaction_for, left(query, 300) as last_statement
         from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid() and state <> 'idle' order by xact_start nulls last`,
    );
    return rows;
  } finally {
    await client.end();
  }
};

const mysqlSessions = async (): Promise<unknown[]> => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const mysql = require('mysql2/promise');
  const client = await mysql.createConnection({
    host: env.DATABASE_HOST,
    port: Number(env.DATABASE_PORT),
    user: env.DATABASE_USERNAME,
    database: env.DATABASE_NAME,
  });
  try {
    const [rows] = await client.query(
      `select p.id, p.command, p.time, p.state, t.trx_started, t.trx_state, left(coalesce(p.info, t.trx_query), 300) as last_statement
         from information_schema.processlist p left join information_schema.innodb_trx t on t.trx_mysql_thread_id = p.id
        where p.db = database() and p.id <> connection_id() and (p.command <> 'Sleep' or t.trx_id is not null)`,
    );
    return rows;
  } finally {
    await client.end();
  }
};

/** Starts the watch; the returned function stops it. Nothing is watched on SQLite. */
export const watchLocks = (what: string, afterMs = 20000): (() => void) => {
  const client = env.DATABASE_CLIENT;
  if (client !== 'postgres' && client !== 'mysql') return () => {};
  const timer = setTimeout(() => {
    (client === 'postgres' ? postgresSessions() : mysqlSessions())
      .then((sessions) =>
        console.error(`${what} has taken over ${afterMs / 1000} s; the other sessions on ${env.DATABASE_NAME}:\n${JSON.stringify(sessions, null, 1)}`),
      )
      .catch((error) => console.error(`${what} has taken over ${afterMs / 1000} s; its sessions could not be read: ${error}`));
  }, afterMs);
  timer.unref();
  return () => clearTimeout(timer);
};
