/**
 * A license's key actions, each under the license's lock and written to its history, with the keys
 * service (encryption, masking): add, remove, reveal, and the key changes a license edit carries.
 */
import type { Core } from '@strapi/strapi';
import type { Knex } from 'knex';
import type { KeyChanges, KeyInput } from '../../../../shared/schemas';
import { invalidField } from '../../errors';
import { getService } from '../../plugin';
import { deleteKeyRow } from '../../db/keys';
import { toMaskedKey } from '../keys';
import type { licenseWrites } from './writes';

export const keyActions = (strapi: Core.Strapi, { withLicense }: Pick<ReturnType<typeof licenseWrites>, 'withLicense'>) => {
  const keys = () => getService(strapi, 'keys');
  const history = () => getService(strapi, 'history');

  /** Unbinds a key from its assignments and deletes it, inside the caller's transaction. */
  const deleteKey = (trx: Knex.Transaction, keyId: number) => deleteKeyRow(strapi, trx, keyId);

  return {
    /**
     * A license edit's key changes, under the license's lock: removals, then additions, each in list
     * order with its history event. A key that is not this license's is a 400 naming `keys.remove.N`.
     */
    async changeKeys(trx: Knex.Transaction, license: { id: number; documentId: string; name: string }, changes: KeyChanges, actor: string) {
      for (const [i, keyDocumentId] of (changes.remove ?? []).entries()) {
        const key = await keys()
          .findOfLicense(license.id, keyDocumentId)
          .catch((error) => {
            throw error?.name === 'NotFoundError' ? invalidField(['keys', 'remove', String(i)], 'is not a key of this license', 'notKeyOfLicense') : error;
          });
        await deleteKey(trx, key.id);
        await history().record({ license, action: 'key_removed', actor, changes: { key: keyDocumentId, label: key.label ?? null } });
      }
      for (const input of changes.add ?? []) {
        const [created] = await keys().insert(license.id, [input]);
        await history().record({ license, action: 'key_added', actor, changes: { key: created.documentId, label: created.label } });
      }
    },

    async addKey(documentId: string, key: KeyInput, actor: string) {
      return withLicense(documentId, async (license) => {
        const [created] = await keys().insert(license.id, [key]);
        await history().record({ license, action: 'key_added', actor, changes: { key: created.documentId, label: created.label } });
        return created;
      });
    },

    async removeKey(documentId: string, keyDocumentId: string, actor: string) {
      return withLicense(documentId, async (license, trx) => {
        const key = await keys().findOfLicense(license.id, keyDocumentId);
        await deleteKey(trx, key.id);
        await history().record({ license, action: 'key_removed', actor, changes: { key: keyDocumentId, label: key.label ?? null } });
        return toMaskedKey(key);
      });
    },

    /** Reads a key's value and writes the reveal to the history, under a share lock: never after a `deleted` event. */
    async revealKey(documentId: string, keyDocumentId: string, actor: string) {
      return withLicense(
        documentId,
        async (license) => {
          const key = await keys().findOfLicense(license.id, keyDocumentId);
          const value = keys().reveal(key);
          await history().record({ license, action: 'key_revealed', actor, changes: { key: keyDocumentId, label: key.label ?? null } });
          return { documentId: keyDocumentId, value };
        },
        { mode: 'share' },
      );
    },
  };
};
