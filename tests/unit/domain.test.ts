import { decrypt, deriveDevelopmentKey, encrypt, maskKey, parseEncryptionKey } from '../../server/src/domain/encryption';
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
  it('round-trips and never stores the plaintext', () => {
    const stored = encrypt('ABCD-1234-SECRET', key);
    expect(stored).not.toContain('SECRET');
    expect(decrypt(stored, key)).toBe('ABCD-1234-SECRET');
  });
  it('uses a new IV for every value', () => {
    expect(encrypt('same', key)).not.toBe(encrypt('same', key));
  });
  it('refuses another key (GCM authenticates)', () => {
    const other = parseEncryptionKey(Buffer.alloc(32, 7).toString('base64'))!;
    expect(() => decrypt(encrypt('value', key), other)).toThrow();
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
