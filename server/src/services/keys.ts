/**
 * License keys: encrypted at rest, masked on every read, revealed only through `reveal`
 * (behind keys.reveal) and every reveal written to the history.
 */
import type { Core } from '@strapi/strapi';
import type { Knex } from 'knex';
import { PLUGIN_ID } from '../../../shared/constants';
import { DOCUMENT_ID, type KeyInput } from '../../../shared/schemas';
import { keyList } from '../config';
import {
  decrypt,
  deriveDevelopmentKey,
  encrypt,
  KEY_ID_PREFIX_LENGTH,
  keyIdOfValue,
  type Keyring,
  makeKeyring,
  parseEncryptionKey,
  V2_PREFIX,
} from '../domain/encryption';
import { maskKey } from '../../../shared/mask';
import type { MaskedKey } from '../../../shared/contracts/licenses';
import { ConflictError, notFound } from '../errors';
import { newDocumentId, writeTransaction } from '../db';
import {
  countKeyValuesNotStartingWith,
  distinctKeyValuePrefixes,
  findKeyOfLicense,
  insertKeyRow,
  keyValuesNotStartingWith,
  keyValuesOfLicense,
  keyValuesStartingWith,
  maskedKeysOf,
  replaceKeyValue,
} from '../db/keys';

export type { MaskedKey };

let cachedKeyring: Keyring | null = null;

/** Rows per batch when rotation reads and rewrites stored keys. */
const ROTATION_BATCH = 200;

/**
 * The primary AES key: from the plugin's `encryptionKey` config; in development, when absent,
 * derived from the app's own secrets; in production, its absence stops startup (see bootstrap).
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
        'production needs its own key: set it to 32 random bytes, e.g. `openssl rand -base64 32`.',
    );
  }
  const appKeys = strapi.config.get<string[]>('server.app.keys', []);
  return deriveDevelopmentKey(appKeys.length ? appKeys : [strapi.config.get<string>('admin.auth.secret', 'license-manager')]);
};

/** The primary key and the configured previous keys (`previousEncryptionKeys`). */
export const resolveKeyring = (strapi: Core.Strapi): Keyring => {
  const previous = keyList(strapi.config.get(`plugin::${PLUGIN_ID}.previousEncryptionKeys`)).map((text) => {
    const key = parseEncryptionKey(text);
    if (!key) throw new Error('license-manager: previousEncryptionKeys holds a key that is not a valid 32-byte key');
    return key;
  });
  return makeKeyring(resolveEncryptionKey(strapi), previous);
};

const FIX =
  'LICENSE_MANAGER_ENCRYPTION_KEY (plugin config encryptionKey) changed since they were written, or, when it is not ' +
  'set, APP_KEYS changed (the development key is derived from it). Either restore the key that wrote them, or keep ' +
  'the new key and add the old one to LICENSE_MANAGER_PREVIOUS_ENCRYPTION_KEYS (plugin config ' +
  'previousEncryptionKeys), start, and run `npm run rotate-key` to re-encrypt them under the new key.';

export interface RotationReport {
  /** Values re-encrypted under the target key. */
  reencrypted: number;
  /** Values changed or deleted by someone else between read and write: left to them (or a next run). */
  skipped: number;
  /** Values not under the target key once the run ends: 0 means the old keys can be dropped. */
  remaining: number;
}

export const toMaskedKey = (row: Record<string, any>): MaskedKey => ({
  documentId: row.documentId,
  label: row.label ?? null,
  maskedValue: row.maskedValue,
  activationLimit: row.activationLimit ?? null,
  notes: row.notes ?? null,
});

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const keyring = () => (cachedKeyring ??= resolveKeyring(strapi));

  /** Stored values not under `keyId`, by id, `ROTATION_BATCH` at a time, with no lock held between batches. */
  async function* valuesNotUnder(keyId: string) {
    let after = 0;
    for (;;) {
      const rows = await keyValuesNotStartingWith(strapi, { prefix: `${V2_PREFIX}${keyId}:`, after, limit: ROTATION_BATCH });
      if (!rows.length) return;
      yield rows;
      after = rows[rows.length - 1].id;
    }
  }

  const countNotUnder = (keyId: string): Promise<number> => countKeyValuesNotStartingWith(strapi, `${V2_PREFIX}${keyId}:`);

  return {
    /** Checks the keys now, so a missing production key fails at startup and not on first use. */
    init() {
      cachedKeyring = resolveKeyring(strapi);
    },

    /**
     * Startup check: every key id among the stored values is in the keyring, read from a
     * fixed-length prefix (no row is decrypted); of the older v1 values (no key id), a few must
     * decrypt with a key of the keyring. Throws a message that names the fix.
     */
    async checkStoredKeys() {
      const ring = keyring();
      const prefixes = await distinctKeyValuePrefixes(strapi, V2_PREFIX, KEY_ID_PREFIX_LENGTH);
      const missing = prefixes.map((prefix) => keyIdOfValue(`${prefix}:`)!).filter((id) => !ring.keys.has(id));
      if (missing.length) {
        throw new Error(
          `license-manager: stored license keys are encrypted with key id(s) ${missing.sort().join(', ')}, which the ` +
            `configured keys (${[...ring.keys.keys()].join(', ')}; primary ${ring.primary.id}) do not include. ${FIX}`,
        );
      }
      const legacy = await keyValuesStartingWith(strapi, 'v1:', 3);
      for (const row of legacy) {
        try {
          decrypt(row.value, ring, row.documentId);
        } catch {
          throw new Error(
            `license-manager: stored license keys (older v1 format) cannot be decrypted with the configured keys ` +
              `(${[...ring.keys.keys()].join(', ')}). ${FIX}`,
          );
        }
      }
    },

    /** Row data for new keys of a license; the plaintext goes no further than this function. */
    rowsFor(licenseId: number, keys: KeyInput[]) {
      const now = new Date();
      return keys.map((k) => {
        const documentId = newDocumentId();
        return {
          documentId,
          license: licenseId,
          value: encrypt(k.value, keyring(), documentId),
          maskedValue: maskKey(k.value),
          label: k.label ?? null,
          activationLimit: k.activationLimit ?? null,
          notes: k.notes ?? null,
          createdAt: now,
          updatedAt: now,
        };
      });
    },
    async insert(licenseId: number, keys: KeyInput[]): Promise<MaskedKey[]> {
      const created: MaskedKey[] = [];
      for (const data of this.rowsFor(licenseId, keys)) {
        created.push(toMaskedKey(await insertKeyRow(strapi, data)));
      }
      return created;
    },

    listFor(licenseIds: number[]): Promise<Map<number, MaskedKey[]>> {
      return maskedKeysOf(strapi, licenseIds);
    },

    /** Finds a key of a license; a key of another license is not found. */
    async findOfLicense(licenseId: number, keyDocumentId: string) {
      if (!DOCUMENT_ID.test(keyDocumentId)) throw notFound('License key');
      const row = await findKeyOfLicense(strapi, licenseId, keyDocumentId);
      if (!row) throw notFound('License key');
      return row;
    },

    /** The row's value must have been written for that row (its documentId is the associated data). */
    reveal(row: { value: string; documentId: string }): string {
      try {
        return decrypt(row.value, keyring(), row.documentId);
      } catch (error) {
        // A value altered in the database or copied from another row: the server's state, not the
        // request, is at fault, so a named 409 (never the value, never a 500) and a warning.
        strapi.log.warn(`license-manager: license key ${row.documentId} cannot be decrypted: ${(error as Error).message}`);
        throw new ConflictError(
          'This license key cannot be decrypted with the configured encryption keys: it was altered in the database ' +
            'or written with a key the configuration no longer holds (add that key to previousEncryptionKeys)',
          { cause: 'undecryptable', key: row.documentId },
        );
      }
    },

    /**
     * Whether a license already holds this key value (the import adds a key only when it does not):
     * decrypted here, never answered. Read in the write's transaction under the license's lock, and
     * share-locked so MySQL reads the rows as committed now, not an older snapshot of a long transaction.
     */
    async holds(trx: Knex.Transaction, licenseId: number, value: string): Promise<boolean> {
      const rows = await keyValuesOfLicense(strapi, trx, licenseId);
      return rows.some((row) => {
        try {
          return decrypt(row.value, keyring(), row.documentId) === value;
        } catch {
          return false; // an undecryptable value is no match; reveal reports it
        }
      });
    },

    /** The key id every write uses now. */
    primaryKeyId(): string {
      return keyring().primary.id;
    },

    /**
     * Re-encrypts every stored value that is not under the target key (the primary, or `to`, with
     * the configured keys readable), in batches, while the app keeps serving: each row is
     * written only if it still holds the value read (compare-and-set), so a concurrent write is
     * never overwritten. First a read-only pass checks that every such value decrypts: when one
     * does not, it throws and nothing is changed.
     */
    async rotate(to?: Buffer): Promise<RotationReport> {
      const configured = keyring();
      const ring = to ? makeKeyring(to, [...configured.keys.values()]) : configured;
      const target = ring.primary.id;
      let unreadable = 0;
      const unknownIds = new Set<string>();
      for await (const rows of valuesNotUnder(target)) {
        for (const row of rows) {
          try {
            decrypt(row.value, ring, row.documentId);
          } catch {
            unreadable += 1;
            try {
              const id = keyIdOfValue(row.value);
              if (id && !ring.keys.has(id)) unknownIds.add(id);
            } catch {
              // not a value this plugin wrote: counted as unreadable
            }
          }
        }
      }
      if (unreadable) {
        const ids = unknownIds.size ? ` (key ids not configured: ${[...unknownIds].sort().join(', ')})` : '';
        throw new Error(`${unreadable} stored license key(s) cannot be decrypted with the configured keys${ids}: nothing was changed`);
      }
      const report: RotationReport = { reencrypted: 0, skipped: 0, remaining: 0 };
      for await (const rows of valuesNotUnder(target)) {
        // One transaction per batch, not one commit per row: on SQLite every commit takes the
        // file's write lock, and a stream of them starves the app's own write transactions.
        const batch = await writeTransaction(strapi, async (trx) => {
          const counts = { reencrypted: 0, skipped: 0 };
          for (const row of rows) {
            let plaintext: string;
            try {
              plaintext = decrypt(row.value, ring, row.documentId);
            } catch {
              counts.skipped += 1; // written since the check under a key not configured here: counted in `remaining`
              continue;
            }
            const written = await replaceKeyValue(strapi, trx, { id: row.id, from: row.value, to: encrypt(plaintext, ring, row.documentId) });
            if (written) counts.reencrypted += 1;
            else counts.skipped += 1;
          }
          return counts;
        });
        report.reencrypted += batch.reencrypted;
        report.skipped += batch.skipped;
      }
      report.remaining = await countNotUnder(target);
      return report;
    },

    /**
     * Rotates to `newKeyText` with the configured keys readable, and makes it this process's
     * primary (the configured ones stay readable). For LICENSE_MANAGER_NEW_ENCRYPTION_KEY.
     */
    async rotateTo(newKeyText: string): Promise<RotationReport> {
      const newKey = parseEncryptionKey(newKeyText);
      if (!newKey) throw new Error('the new key must be 32 bytes written as 64 hex characters or as base64');
      const report = await this.rotate(newKey);
      cachedKeyring = makeKeyring(newKey, [...keyring().keys.values()]);
      return report;
    },
  };
};
