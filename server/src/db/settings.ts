/** The plugin settings' row in Strapi's core store: its lock, so a read-merge-write of the settings is one writer's at a time. */
import type { Core } from '@strapi/strapi';
import type { Knex } from 'knex';
import { locking } from './transactions';

/** Locks (for update) the core store's row of `key` inside `trx`; SQLite serializes writers instead. */
export const lockStoreRow = async (strapi: Core.Strapi, trx: Knex.Transaction, key: string): Promise<void> => {
  const table = strapi.db.metadata.get('strapi::core-store').tableName;
  await locking(strapi, strapi.db.connection(table).transacting(trx).select('id').where({ key }), 'update');
};
