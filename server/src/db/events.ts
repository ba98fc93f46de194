/**
 * What the webhook outbox (services/events) needs of the database: whether a write's transaction
 * is open, and that transaction joined to act on its commit.
 */
import type { Core } from '@strapi/strapi';
import type { Knex } from 'knex';

/** True inside a transaction that Strapi's database layer runs (a write's). */
export const inTransaction = (strapi: Core.Strapi): boolean => strapi.db.inTransaction();

/** Runs `work` in the current transaction (Strapi joins it), with its knex transaction and its commit hook. */
export const joinTransaction = async (
  strapi: Core.Strapi,
  work: (tx: { trx: Knex.Transaction; onCommit: (callback: () => void) => void }) => Promise<void>,
): Promise<void> => {
  await strapi.db.transaction(({ trx, onCommit }) => work({ trx, onCommit }));
};
