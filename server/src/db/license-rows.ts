/**
 * A license's row as the writes and reports around it need it: its id by documentId, the row
 * locked and read first in a write (the lock the seat rule decides under), its seat fields, and
 * the row a read presents. The same lock and statements as services/license/writes.
 */
import type { Core } from '@strapi/strapi';
import type { Knex } from 'knex';
import { UID, type AssignmentModel, type OverAssignment } from '../../../shared/constants';
import { DOCUMENT_ID } from '../../../shared/schemas';
import { notFound } from '../errors';
import { POPULATE, type LicenseRow, type LockedLicense } from '../services/license/model';
import { columnOf, tableOf } from './meta';
import { locking, writeTransaction } from './transactions';

export type { LockedLicense };

/** A license's row id by documentId; undefined when none has it. */
export const licenseIdOf = async (strapi: Core.Strapi, documentId: string): Promise<number | undefined> => {
  const found = await strapi.db.query(UID.license).findOne({ select: ['id'], where: { documentId } });
  return found ? (found.id as number) : undefined;
};

/**
 * Locks a license row until the transaction ends and reads it in the same statement, so a seat
 * check or an edit decides on the row as it is now and not on a copy read before the lock. Null
 * when the license was deleted meanwhile. On MySQL this locking read comes first in every write,
 * so the transaction's later plain reads see all that committed before the lock was granted.
 */
export const lockLicense = async (
  strapi: Core.Strapi,
  trx: Knex.Transaction,
  id: number,
  mode: 'update' | 'share' = 'update'
): Promise<LockedLicense | null> => {
  const col = (a: string) => columnOf(strapi, UID.license, a);
  const q = strapi.db
    .connection(tableOf(strapi, UID.license))
    .transacting(trx)
    .first(
      'id',
      `${col('documentId')} as documentId`,
      `${col('name')} as name`,
      `${col('quantity')} as quantity`,
      `${col('assignmentModel')} as assignmentModel`,
      `${col('overAssignment')} as overAssignment`
    )
    .where({ id });
  const row = await locking(strapi, q, mode);
  return row ? { ...row, id: Number(row.id), quantity: Number(row.quantity) } : null;
};

/**
 * Runs a write on one license: its row locked and read first, a 404 when it is gone (also when
 * it was deleted between the request's arrival and the lock), retried as a deadlock victim.
 * `before` takes the locks the writer needs before the license's (persons and assets).
 */
export const withLicense = async <T>(
  strapi: Core.Strapi,
  documentId: string,
  work: (license: LockedLicense, trx: Knex.Transaction) => Promise<T>,
  { mode = 'update' as 'update' | 'share', before }: { mode?: 'update' | 'share'; before?: (trx: Knex.Transaction) => Promise<void> } = {}
): Promise<T> => {
  if (!DOCUMENT_ID.test(documentId)) throw notFound('License');
  const id = await licenseIdOf(strapi, documentId);
  if (id === undefined) throw notFound('License');
  return writeTransaction(strapi, async (trx) => {
    if (before) await before(trx);
    const license = await lockLicense(strapi, trx, id, mode);
    if (!license) throw notFound('License');
    return work(license, trx);
  });
};

/** What a license's seats depend on, read in the caller's transaction (under its lock); null when it is gone. */
export const licenseSeatFields = async (
  strapi: Core.Strapi,
  documentId: string
): Promise<{ id: number; quantity: number; assignmentModel: AssignmentModel; overAssignment: OverAssignment } | null> =>
  strapi.db.query(UID.license).findOne({ select: ['id', 'quantity', 'assignmentModel', 'overAssignment'], where: { documentId } });

/** A license row as a read presents it, relations populated; null when none has this documentId. */
export const licenseReadRow = async (strapi: Core.Strapi, documentId: string): Promise<LicenseRow | null> =>
  strapi.db.query(UID.license).findOne({ where: { documentId }, populate: POPULATE });
