import { createCipheriv, createHmac, randomBytes } from 'node:crypto';
import config, { keyList } from '../../server/src/config';
import {
  decrypt,
  deriveDevelopmentKey,
  encrypt,
  KEY_ID_PREFIX_LENGTH,
  keyIdOf,
  keyIdOfValue,
  type Keyring,
  makeKeyring,
  maskKey,
  parseEncryptionKey,
} from '../../server/src/domain/encryption';
import { countedKind, seats } from '../../server/src/domain/seats';
import { licenseStatus, statusWindow } from '../../server/src/domain/status';

describe('seats', () => {
  it('computes available and shortfall', () => {
    expect(seats(5, 3)).toEqual({ total: 5, used: 3, available: 2, shortfall: 0 });
    expect(seats(3, 4)).toEqual({ total: 3, used: 4, available: 0, shortfall: 1 });
  });
  it('counts persons per user and assets per computer', () => {
    expect(countedKind('per_user')).toBe('person');
    expect(countedKind('per_computer')).toBe('asset');
  });
});

describe('status', () => {
  const window = statusWindow(30, new Date('2026-01-10T12:00:00Z'));
  it('tells expired, expiring and active apart at the window edges', () => {
    expect(licenseStatus('2026-01-09', window)).toBe('expired');
    expect(licenseStatus('2026-01-10', window)).toBe('expiring');
    expect(licenseStatus('2026-02-09', window)).toBe('expiring');
    expect(licenseStatus('2026-02-10', window)).toBe('active');
    expect(licenseStatus(null, window)).toBe('active');
  });
});

describe('key encryption', () => {
  const key = parseEncryptionKey('a'.repeat(64))!;
  const other = parseEncryptionKey(Buffer.alloc(32, 7).toString('base64'))!;
  const ring = makeKeyring(key);
  const ROW = 'rowdocumentid000000000001';

  /** A value as the plugin wrote it before key ids: "v1:<iv>:<tag>:<ciphertext>", no associated data. */
  const encryptV1 = (plaintext: string, k: Buffer) => {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', k, iv);
    const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return ['v1', iv.toString('base64'), cipher.getAuthTag().toString('base64'), ciphertext.toString('base64')].join(':');
  };

  it('round-trips and never stores the plaintext', () => {
    const stored = encrypt('ABCD-1234-SECRET', ring, ROW);
    expect(stored).not.toContain('SECRET');
    expect(decrypt(stored, ring, ROW)).toBe('ABCD-1234-SECRET');
  });
  it('stores "v2:<key id>:<iv>:<tag>:<ciphertext>" with the key id of the primary key', () => {
    const stored = encrypt('value', ring, ROW);
    const [version, keyId, iv, tag, ciphertext] = stored.split(':');
    expect(version).toBe('v2');
    expect(keyId).toBe(createHmac('sha256', key).update('license-manager key id').digest('hex').slice(0, 16));
    expect(keyId).toBe(keyIdOf(key));
    expect(Buffer.from(iv, 'base64')).toHaveLength(12);
    expect(Buffer.from(tag, 'base64')).toHaveLength(16);
    expect(Buffer.from(ciphertext, 'base64')).toHaveLength('value'.length);
    expect(keyIdOfValue(stored)).toBe(keyId);
    expect(stored.slice(0, KEY_ID_PREFIX_LENGTH)).toBe(`v2:${keyId}`);
  });
  it('tells keys apart by their id', () => {
    expect(keyIdOf(key)).toMatch(/^[0-9a-f]{16}$/);
    expect(keyIdOf(key)).not.toBe(keyIdOf(other));
    expect(keyIdOf(Buffer.from(key))).toBe(keyIdOf(key));
  });
  it('uses a new IV for every value', () => {
    expect(encrypt('same', ring, ROW)).not.toBe(encrypt('same', ring, ROW));
  });
  it('refuses another key (GCM authenticates), naming the missing key id only', () => {
    const stored = encrypt('value', ring, ROW);
    expect(() => decrypt(stored, makeKeyring(other), ROW)).toThrow(new RegExp(`key id ${keyIdOf(key)}, which is not in the keyring`));
    // A keyring holding a key under the right id but the wrong bytes still fails authentication.
    const forged: Keyring = { primary: { id: keyIdOf(key), key: other }, keys: new Map([[keyIdOf(key), other]]) };
    expect(() => decrypt(stored, forged, ROW)).toThrow();
  });
  it('writes with the primary and reads with any key of the ring', () => {
    const old = encrypt('written-with-old', makeKeyring(other), ROW);
    const rotated = makeKeyring(key, [other]);
    expect(decrypt(old, rotated, ROW)).toBe('written-with-old');
    expect(keyIdOfValue(encrypt('new', rotated, ROW))).toBe(keyIdOf(key));
    expect([...rotated.keys.keys()]).toEqual([keyIdOf(key), keyIdOf(other)]);
  });
  it('binds a value to its key row: copied to another row, it does not decrypt', () => {
    const stored = encrypt('bound-to-row', ring, ROW);
    expect(() => decrypt(stored, ring, 'anotherrowdocumentid00002')).toThrow();
    expect(decrypt(stored, ring, ROW)).toBe('bound-to-row');
  });
  it('refuses a tag shorter than 16 bytes, even the truncated right one', () => {
    const [version, keyId, iv, tag, ciphertext] = encrypt('value', ring, ROW).split(':');
    const short = Buffer.from(tag, 'base64').subarray(0, 12).toString('base64');
    expect(() => decrypt([version, keyId, iv, short, ciphertext].join(':'), ring, ROW)).toThrow('not an encrypted license key');
    const [, v1iv, v1tag, v1ciphertext] = encryptV1('value', key).split(':');
    const v1short = Buffer.from(v1tag, 'base64').subarray(0, 4).toString('base64');
    expect(() => decrypt(['v1', v1iv, v1short, v1ciphertext].join(':'), ring, ROW)).toThrow();
  });
  it('still reads v1 values (no key id) with any key of the ring', () => {
    const v1 = encryptV1('LEGACY-KEY-0001', other);
    expect(keyIdOfValue(v1)).toBeNull();
    expect(decrypt(v1, makeKeyring(key, [other]), ROW)).toBe('LEGACY-KEY-0001');
    expect(() => decrypt(v1, ring, ROW)).toThrow('no key of the keyring');
  });
  it('refuses what it did not write', () => {
    for (const bad of ['', 'plaintext', 'v2:nothex!nothex!:a:b:c', 'v3:0011223344556677:a:b:c', 'v2:0011223344556677:a:b']) {
      expect(() => decrypt(bad, ring, ROW)).toThrow('not an encrypted license key');
    }
  });
  it('parses only 32-byte keys', () => {
    expect(parseEncryptionKey('short')).toBeNull();
    expect(parseEncryptionKey(Buffer.alloc(16).toString('base64'))).toBeNull();
    expect(parseEncryptionKey(Buffer.alloc(32).toString('base64'))).not.toBeNull();
  });
  it('derives a stable development key from the app secrets', () => {
    expect(deriveDevelopmentKey(['a', 'b']).equals(deriveDevelopmentKey(['a', 'b']))).toBe(true);
    expect(deriveDevelopmentKey(['a', 'b']).equals(deriveDevelopmentKey(['a', 'c']))).toBe(false);
  });
  it('masks all but the last four characters of long values', () => {
    expect(maskKey('ABCD-EFGH-7QX2')).toBe('••••••••7QX2');
    expect(maskKey('SHORT')).toBe('••••••••');
  });
});

describe('config: reminderClaimSeconds', () => {
  it('takes whole seconds from 2 to 86400', () => {
    for (const ok of [2, 600, 86400]) expect(() => config.validator({ reminderClaimSeconds: ok })).not.toThrow();
    for (const bad of [1, 1.5, 86401, '600' as unknown as number])
      expect(() => config.validator({ reminderClaimSeconds: bad })).toThrow(/reminderClaimSeconds/);
  });
});

describe('config: previousEncryptionKeys', () => {
  const valid = Buffer.alloc(32, 3).toString('base64');
  it('accepts an array or a comma-separated list of 32-byte keys, blanks ignored', () => {
    expect(() => config.validator({ previousEncryptionKeys: [valid, 'b'.repeat(64)] })).not.toThrow();
    expect(() => config.validator({ previousEncryptionKeys: `${valid}, ${'b'.repeat(64)}` })).not.toThrow();
    expect(() => config.validator({ previousEncryptionKeys: [''] })).not.toThrow();
    expect(keyList(` ${valid} ,,${'b'.repeat(64)}`)).toEqual([valid, 'b'.repeat(64)]);
  });
  it('throws on a malformed key or a wrong type', () => {
    expect(() => config.validator({ previousEncryptionKeys: [valid, 'short'] })).toThrow(/previousEncryptionKeys/);
    expect(() => config.validator({ previousEncryptionKeys: 42 as unknown as string })).toThrow(/previousEncryptionKeys/);
    expect(() => config.validator({ previousEncryptionKeys: [valid, 7] as unknown as string[] })).toThrow(/previousEncryptionKeys/);
  });
  it('never puts the key in the message', () => {
    const secret = Buffer.alloc(31, 9).toString('base64');
    expect(() => config.validator({ previousEncryptionKeys: [secret] })).toThrow(expect.objectContaining({ message: expect.not.stringContaining(secret) }));
  });
});
