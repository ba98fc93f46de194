/**
 * The one case-folding rule of every search (docs/domain.md, "Case in searches"): each character
 * is compared by its Unicode simple case folding, the equivalence JavaScript's `/iu` regular
 * expressions use (and SQLite's FTS5 trigram index): É = é, Ü = ü, ẞ = ß, Σ = σ = ς, K = k = K
 * (Kelvin sign); İ and ı match only themselves (their folds would be two characters or Turkish),
 * ß never matches "ss", and accents and other marks count. No other normalization.
 */

/** No code point at or above this has a case mapping (Adlam, the last cased script, ends at U+1E94B). */
const CASED_BELOW = 0x20000;

const cache = new Map<string, string>();
const single = (s: string) => s.length === 1 || (s.length === 2 && s.codePointAt(0)! > 0xffff);
const sameLetter = (a: string, b: string) => new RegExp(`^\\u{${a.codePointAt(0)!.toString(16)}}$`, 'iu').test(b);

/**
 * One character's fold: its lowercase (of its uppercase, so ς, ſ and the Kelvin sign meet σ, s and
 * k), when that is one character the regular expressions call the same letter; else itself.
 */
const foldChar = (c: string): string => {
  let folded = cache.get(c);
  if (folded !== undefined) return folded;
  folded = c;
  const lower = c.toUpperCase().toLowerCase();
  if (lower !== c) {
    for (const x of [lower, c.toLowerCase()]) {
      if (single(x) && sameLetter(c, x)) {
        folded = x;
        break;
      }
    }
  }
  cache.set(c, folded);
  return folded;
};

const ASCII = /^[\u0000-\u007f]*$/;

/** A text folded by the rule: equal folds, equal texts; a search matches when the folded term is a substring of a folded field. */
export const fold = (text: string): string => {
  if (ASCII.test(text)) return text.toLowerCase();
  let out = '';
  for (const c of text) out += foldChar(c);
  return out;
};

let table: Map<string, string> | undefined;
/** Every character the rule changes, with its fold (for a database that folds by a table). */
export const foldTable = (): ReadonlyMap<string, string> => {
  if (!table) {
    table = new Map();
    for (let cp = 0; cp < CASED_BELOW; cp++) {
      if (cp >= 0xd800 && cp < 0xe000) continue;
      const c = String.fromCodePoint(cp);
      const folded = foldChar(c);
      if (folded !== c) table.set(c, folded);
    }
  }
  return table;
};

let classes: Map<string, string[]> | undefined;
/** The characters that fold as `c` does (itself included): what a search term's `c` matches. */
export const sameFold = (c: string): readonly string[] => {
  if (!classes) {
    classes = new Map();
    for (const [from, to] of foldTable()) classes.set(to, [...(classes.get(to) ?? [to]), from]);
  }
  return classes.get(foldChar(c)) ?? [c];
};
