/**
 * License keys: encrypted at rest, masked on every read, revealed only through `reveal`
 * (behind keys.reveal) and every reveal written to the history.
 */
import type { Core } from '@strapi/strapi';
import { PLUGIN_ID, UID } from '../../../shared/constants';
import { DOCUMENT_ID, type KeyInput } from '../../../shared/schemas';
import { decrypt, deriveDevelopmentKey, encrypt, maskKey, parseEncryptionKey } from '../domain/encryption';
import { notFound } from '../errors';
import { columnOf, newDocumentId, tableOf } from './db';

export interface MaskedKey {
  documentId: string;
  label: string | null;
  maskedValue: string;
  activationLimit: number | null;
  notes: string | null;
}

let cachedKey: Buffer | null = null;

/**
 * The AES key: from the plugin's `encryptionKey` config; in development, when absent, derived from
 * the app's own secrets; in production, its absence stops startup (see bootstrap).
 */
export const resolveEncryptionKey = (strapi: Core.Strapi): Buffer => {
  const configured = strapi.config.get<string | undefined>(`plugin::${PLUGIN_ID}.encryptionKey`);
  if (configured) {
    const key = parseEncryptionKey(configured);
    if (!key) throw new Error('license-manager: encryptionKey is not a valid 32-byte key');
    return key;
  }
  if (process.env.NODE_ENV === 'production') {
    throw new Error(
      'license-manager: LICENSE_MANAGER_ENCRYPTION_KEY is not set. License keys are stored encrypted and ' +
        'production needs its own key: set it to 32 random bytes, e.g. `openssl rand -base64 32`.'
    );
  }
  const appKeys = strapi.config.get<string[]>('server.app.keys', []);
  return deriveDevelopmentKey(appKeys.length ? appKeys : [strapi.config.get<string>('admin.auth.secret', 'license-manager')]);
};

export const toMaskedKey = (row: Record<string, any>): MaskedKey => ({
  documentId: row.documentId,
  label: row.label ?? null,
  maskedValue: row.maskedValue,
  activationLimit: row.activationLimit ?? null,
  notes: row.notes ?? null,
});

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const cipherKey = () => (cachedKey ??= resolveEncryptionKey(strapi));

  return {
    /** Checks the key now, so a missing production key fails at startup and not on first use. */
    init() {
      cachedKey = resolveEncryptionKey(strapi);
    },

    /** Row data for new keys of a license; the plaintext goes no further than this function. */
    rowsFor(licenseId: number, keys: KeyInput[]) {
      const now = new Date();
      return keys.map((k) => ({
        documentId: newDocumentId(),
        license: licenseId,
        value: encrypt(k.value, cipherKey()),
        maskedValue: maskKey(k.value),
        label: k.label ?? null,
        activationLimit: k.activationLimit ?? null,
        notes: k.notes ?? null,
        createdAt: now,
        updatedAt: now,
      }));
    },

    async insert(licenseId: number, keys: KeyInput[]): Promise<MaskedKey[]> {
      const created: MaskedKey[] = [];
      for (const data of this.rowsFor(licenseId, keys)) {
        created.push(toMaskedKey(await strapi.db.query(UID.key).create({ data })));
      }
      return created;
    },

    async listFor(licenseIds: number[]): Promise<Map<number, MaskedKey[]>> {
      const byLicense = new Map<number, MaskedKey[]>();
      if (!licenseIds.length) return byLicense;
      const licenseColumn = columnOf(strapi, UID.key, 'license');
      const rows = await strapi.db
        .connection(tableOf(strapi, UID.key))
        .select('id', 'document_id', 'masked_value', 'label', 'activation_limit', 'notes', licenseColumn)
        .whereIn(licenseColumn, licenseIds)
        .orderBy('id', 'asc');
      for (const r of rows) {
        const list = byLicense.get(r[licenseColumn]) ?? [];
        list.push({
          documentId: r.document_id,
          label: r.label ?? null,
          maskedValue: r.masked_value,
          activationLimit: r.activation_limit ?? null,
          notes: r.notes ?? null,
        });
        byLicense.set(r[licenseColumn], list);
      }
      return byLicense;
    },

    /** Finds a key of a license; a key of another license is not found. */
    async findOfLicense(licenseId: number, keyDocumentId: string) {
      if (!DOCUMENT_ID.test(keyDocumentId)) throw notFound('License key');
      const row = await strapi.db.query(UID.key).findOne({
        where: { documentId: keyDocumentId, license: { id: licenseId } },
      });
      if (!row) throw notFound('License key');
      return row;
    },

    reveal(row: { value: string }): string {
      return decrypt(row.value, cipherKey());
    },

    /** Re-encrypts every key from the key in use to `newKeyText` (scripts/rotate-key.js). */
    async rotateTo(newKeyText: string): Promise<number> {
      const newKey = parseEncryptionKey(newKeyText);
      if (!newKey) throw new Error('the new key must be 32 bytes written as 64 hex characters or as base64');
      const count = await this.rotate(cipherKey(), newKey);
      cachedKey = newKey;
      return count;
    },

    /** Re-encrypts every key from one AES key to another in one transaction; refuses if any cannot be decrypted. */
    async rotate(oldKey: Buffer, newKey: Buffer): Promise<number> {
      return strapi.db.transaction(async ({ trx }) => {
        const table = tableOf(strapi, UID.key);
        const rows = await strapi.db.connection(table).transacting(trx).select('id', 'value').forUpdate();
        const plain = rows.map((r: { id: number; value: string }) => {
          try {
            return { id: r.id, value: decrypt(r.value, oldKey) };
          } catch {
            throw new Error(`key row ${r.id} cannot be decrypted with the old key: nothing was changed`);
          }
        });
        for (const r of plain) {
          await strapi.db.connection(table).transacting(trx).where({ id: r.id }).update({ value: encrypt(r.value, newKey) });
        }
        return plain.length;
      });
    },
  };
};
