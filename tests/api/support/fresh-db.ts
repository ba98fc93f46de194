/**
 * A database of its own on the suite's server (SQLite file, PostgreSQL or MariaDB database), for a
 * second Strapi process that must start empty (the demo data seeds only an empty register).
 */
import fs from 'node:fs';
import path from 'node:path';

const client = process.env.DATABASE_CLIENT ?? 'sqlite';

const admin = async (sql: string) => {
  if (client === 'postgres') {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { Client } = require('pg');
    const c = new Client({
      host: process.env.DATABASE_HOST,
      port: Number(process.env.DATABASE_PORT),
      user: process.env.DATABASE_USERNAME,
      database: 'postgres',
    });
    await c.connect();
    await c.query(sql).finally(() => c.end());
  } else {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const mysql = require('mysql2/promise');
    const c = await mysql.createConnection({
      host: process.env.DATABASE_HOST,
      port: Number(process.env.DATABASE_PORT),
      user: process.env.DATABASE_USERNAME,
      password: process.env.DATABASE_PASSWORD ?? '',
    });
    await c.query(sql).finally(() => c.end());
  }
};

/** Creates it; answers the environment that points a process at it, and a function that drops it. */
export const freshDatabase = async (name: string): Promise<{ env: NodeJS.ProcessEnv; drop: () => Promise<void> }> => {
  if (client === 'sqlite') {
    const file = `.tmp/${name}.db`;
    const full = path.resolve(__dirname, '../../../playground', file);
    const drop = async () => {
      for (const suffix of ['', '-wal', '-shm']) fs.rmSync(`${full}${suffix}`, { force: true });
    };
    await drop();
    return { env: { DATABASE_FILENAME: file }, drop };
  }
  await admin(`DROP DATABASE IF EXISTS ${name}`);
  await admin(client === 'mysql' ? `CREATE DATABASE ${name} CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci` : `CREATE DATABASE ${name}`);
  return {
    env: { DATABASE_NAME: name },
    drop: () => admin(`DROP DATABASE IF EXISTS ${name}`),
  };
};
