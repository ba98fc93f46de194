/**
 * License-key encryption at rest: AES-256-GCM with a random 96-bit IV and a 128-bit tag per value.
 *
 * Stored form: "v2:<keyId>:<iv>:<tag>:<ciphertext>" (iv, tag, ciphertext base64). The key id names
 * the key that encrypted the value (so startup can tell that a key is missing without decrypting
 * anything), and the associated data binds the ciphertext to its key row: a value copied to
 * another row does not decrypt. The older "v1:<iv>:<tag>:<ciphertext>" (no key id, no associated
 * data) is still read, by trying each key of the keyring; rotation rewrites it as v2.
 */
// The mask is pure and shared (the CSV import's report uses it too); re-exported for the existing callers.
export { maskKey } from '../../../shared/mask';
import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';

const KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;
/** 8 bytes of HMAC as hex: enough to tell keys apart, nothing about the key itself. */
const KEY_ID_CHARS = 16;
export const V2_PREFIX = 'v2:';
/** "v2:" and the key id: what startup reads of each stored value (SELECT DISTINCT over this prefix). */
export const KEY_ID_PREFIX_LENGTH = V2_PREFIX.length + KEY_ID_CHARS;

/** Reads a configured key: 64 hex characters or base64 of 32 bytes. Returns null when malformed. */
export const parseEncryptionKey = (text: string): Buffer | null => {
  const trimmed = text.trim();
  if (/^[0-9a-fA-F]{64}$/.test(trimmed)) return Buffer.from(trimmed, 'hex');
  if (/^[A-Za-z0-9+/_-]+={0,2}$/.test(trimmed)) {
    const bytes = Buffer.from(trimmed, 'base64');
    if (bytes.length === KEY_BYTES) return bytes;
  }
  return null;
};

/** A development key derived (HKDF-SHA256) from the app's own secrets, so it is stable per app. */
export const deriveDevelopmentKey = (appSecrets: string[]): Buffer =>
  Buffer.from(hkdfSync('sha256', appSecrets.join(','), 'strapi-plugin-license-manager', 'license-key-encryption', KEY_BYTES));

/** The key's fingerprint: first 8 bytes (hex) of HMAC-SHA256(key, 'license-manager key id'). */
export const keyIdOf = (key: Buffer): string => createHmac('sha256', key).update('license-manager key id').digest('hex').slice(0, KEY_ID_CHARS);

export interface Keyring {
  /** Every write uses it. */
  primary: { id: string; key: Buffer };
  /** Every key that may decrypt a stored value, the primary included, by key id. */
  keys: Map<string, Buffer>;
}

/** The primary key first; previous keys (any order) stay readable. Duplicates are harmless. */
export const makeKeyring = (primary: Buffer, previous: Buffer[] = []): Keyring => {
  const keys = new Map<string, Buffer>();
  for (const key of [primary, ...previous]) keys.set(keyIdOf(key), key);
  return { primary: { id: keyIdOf(primary), key: primary }, keys };
};

/** The associated data of a key row's value: the ciphertext decrypts in that row only. */
const associatedData = (documentId: string) => Buffer.from(`license-manager:license-key:${documentId}`, 'utf8');

/** Encrypts under the keyring's primary key, bound to the key row `documentId`. */
export const encrypt = (plaintext: string, keyring: Keyring, documentId: string): string => {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', keyring.primary.key, iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(associatedData(documentId));
  const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return `${V2_PREFIX}${[keyring.primary.id, iv.toString('base64'), cipher.getAuthTag().toString('base64'), ciphertext.toString('base64')].join(':')}`;
};

/** The key id of a stored value; null for a v1 value (which carries none). Throws on anything else. */
export const keyIdOfValue = (stored: string): string | null => {
  if (stored.startsWith('v1:')) return null;
  const id = stored.startsWith(V2_PREFIX) ? stored.slice(V2_PREFIX.length, KEY_ID_PREFIX_LENGTH) : '';
  if (!/^[0-9a-f]{16}$/.test(id) || stored[KEY_ID_PREFIX_LENGTH] !== ':') throw new Error('not an encrypted license key');
  return id;
};

const open = (key: Buffer, iv: string, tag: string, ciphertext: string, aad: Buffer | null): string => {
  const ivBytes = Buffer.from(iv, 'base64');
  const tagBytes = Buffer.from(tag, 'base64');
  // GCM would accept a truncated tag, which is easier to forge: only a full 16-byte tag is valid.
  if (ivBytes.length !== IV_BYTES || tagBytes.length !== TAG_BYTES) throw new Error('not an encrypted license key');
  const decipher = createDecipheriv('aes-256-gcm', key, ivBytes, { authTagLength: TAG_BYTES });
  if (aad) decipher.setAAD(aad);
  decipher.setAuthTag(tagBytes);
  return Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64')), decipher.final()]).toString('utf8');
};

/**
 * Decrypts a stored value of the key row `documentId` with the keyring. Throws when no key of the
 * keyring encrypted it, or when it belongs to another row (GCM authenticates both). The error
 * never carries the value.
 */
export const decrypt = (stored: string, keyring: Keyring, documentId: string): string => {
  const parts = stored.split(':');
  if (parts[0] === 'v1' && parts.length === 4) {
    for (const key of keyring.keys.values()) {
      try {
        return open(key, parts[1], parts[2], parts[3], null);
      } catch {
        // another key of the ring, maybe
      }
    }
    throw new Error('a v1 license key that no key of the keyring decrypts');
  }
  if (parts.length !== 5) throw new Error('not an encrypted license key');
  const keyId = keyIdOfValue(stored)!;
  const key = keyring.keys.get(keyId);
  if (!key) throw new Error(`a license key encrypted with key id ${keyId}, which is not in the keyring`);
  return open(key, parts[2], parts[3], parts[4], associatedData(documentId));
};
