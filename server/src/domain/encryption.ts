/**
 * License-key encryption at rest: AES-256-GCM with a random 96-bit IV per value.
 * Stored form: "v1:<iv>:<tag>:<ciphertext>", each part base64.
 */
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

const VERSION = 'v1';
const KEY_BYTES = 32;

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

export const encrypt = (plaintext: string, key: Buffer): string => {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return [VERSION, iv.toString('base64'), cipher.getAuthTag().toString('base64'), ciphertext.toString('base64')].join(':');
};

/** Throws when the value was not encrypted with this key (GCM authenticates it). */
export const decrypt = (stored: string, key: Buffer): string => {
  const [version, iv, tag, ciphertext] = stored.split(':');
  if (version !== VERSION || !iv || !tag || ciphertext === undefined) {
    throw new Error('not an encrypted license key');
  }
  const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64'));
  decipher.setAuthTag(Buffer.from(tag, 'base64'));
  return Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64')), decipher.final()]).toString('utf8');
};

/** "••••••••ABCD": the last four characters, and only when they are under half of the value. */
export const maskKey = (plaintext: string): string => {
  const shown = plaintext.length >= 8 ? plaintext.slice(-4) : '';
  return `••••••••${shown}`;
};
