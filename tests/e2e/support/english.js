/**
 * "No English word but names": the plugin's English messages (shared/translations/en.json) that
 * a French page must not show. Each message is parsed as ICU and cut into its literal pieces (the
 * text between placeholders, in every plural and select branch); a piece counts when it is at
 * least 8 characters long and appears in no French message (so "Webhook" or "Date", the same in
 * both, never count). Data (names, e-mail addresses) never matches a whole piece of a sentence.
 */
'use strict';

const { parse } = require('@formatjs/icu-messageformat-parser');
const en = require('../../../shared/translations/en.json');
const fr = require('../../../shared/translations/fr.json');

const literals = (elements, out = []) => {
  for (const element of elements) {
    if (element.type === 0) out.push(element.value);
    for (const option of Object.values(element.options ?? {})) literals(option.value, out);
    if (element.children) literals(element.children, out);
  }
  return out;
};

const frenchText = Object.values(fr).join('\n');
const PIECES = [
  ...new Set(
    Object.entries(en)
      .filter(([key, value]) => fr[key] !== value)
      .flatMap(([, value]) => literals(parse(value, { ignoreTag: true })))
      .map((piece) =>
        piece
          .replace(/\s+/g, ' ')
          .trim()
          .replace(/^[\s.,:;–—()]+|[\s.,:;–—()]+$/g, ''),
      )
      .filter((piece) => piece.length >= 8 && /[a-z]{3}/i.test(piece) && !frenchText.includes(piece)),
  ),
].sort((a, b) => b.length - a.length);

/** The English pieces found in a text (a page's main region, a dialog). */
const WHOLE = new Map(PIECES.map((piece) => [piece, new RegExp(`(^|[^\\p{L}])${piece.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}($|[^\\p{L}])`, 'u')]));
const englishIn = (text) => {
  // E-mail addresses are data ("licenses.it@example.com" is no English sentence).
  const flat = text.replace(/\S+@\S+/g, ' ').replace(/\s+/g, ' ');
  return PIECES.filter((piece) => WHOLE.get(piece).test(flat));
};

/** Fails naming each English piece the locator's text shows. */
const assertFrench = async (locator, where) => {
  const found = englishIn(await locator.innerText());
  if (found.length) throw new Error(`${where} shows English: ${found.map((p) => JSON.stringify(p)).join(', ')}`);
};

module.exports = { englishIn, assertFrench, PIECES };
