/** The one case-fold rule (shared/fold) and the search patterns built from it (db/search-text). */
import { fold, foldTable, sameFold } from '../../shared/fold';
import { foldRegex, likePattern } from '../../server/src/db/search-text';

describe('fold', () => {
  it('folds É, Ü, ẞ and the sigmas; keeps İ, ı and ß apart from i and ss', () => {
    expect(fold('ÉCOLE Über STRAẞE ΟΔΟΣ φως')).toBe('école über straße οδοσ φωσ');
    expect(fold('İSTANBUL ıI')).toBe('İstanbul ıi');
    expect(fold('Kelvin \u212a, long ſ, µ')).toBe('kelvin k, long s, μ');
    expect(fold('ABC-1')).toBe('abc-1');
  });

  it('maps every character to one the /iu regular expressions call the same letter, and folds its fold to itself', () => {
    const wrong: string[] = [];
    for (let cp = 0; cp < 0x20000; cp++) {
      if (cp >= 0xd800 && cp < 0xe000) continue;
      const c = String.fromCodePoint(cp);
      const f = fold(c);
      if (f === c && c.toUpperCase() === c && c.toLowerCase() === c) continue;
      const same = new RegExp(`^\\u{${cp.toString(16)}}$`, 'iu').test(f);
      if ([...f].length !== 1 || !same || fold(f) !== f) wrong.push(cp.toString(16));
    }
    expect(wrong).toEqual([]);
    expect(foldTable().get('Σ')).toBe('σ');
  });

  it('gives each character the set of characters that fold as it does', () => {
    expect([...sameFold('ς')].sort()).toEqual(['Σ', 'ς', 'σ'].sort());
    expect([...sameFold('k')].sort()).toEqual(['K', 'k', '\u212a'].sort());
    expect(sameFold('İ')).toEqual(['İ']);
    expect([...sameFold('I')].sort()).toEqual(['I', 'i']);
    expect(sameFold('7')).toEqual(['7']);
  });
});

describe('search patterns', () => {
  it('LIKE: the folded term, its wildcards and "!" escaped', () => {
    expect(likePattern('ÉC_5%!')).toBe('%éc!_5!%!!%');
  });

  it("MySQL's regular expression matches what the rule matches, every other character literal", () => {
    const pattern = foldRegex('Straß.(1)');
    expect(pattern.startsWith('(?-i)')).toBe(true);
    const re = new RegExp(pattern.slice('(?-i)'.length), 'u');
    expect(re.test('xSTRAẞ.(1)y')).toBe(true);
    expect(re.test('straß.(1)')).toBe(true);
    expect(re.test('STRASS.(1)')).toBe(false);
    expect(re.test('Straßx(1)')).toBe(false);
  });
});
