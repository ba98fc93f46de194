/**
 * Bytes of an uploaded CSV to text (docs/api.md, "Import and export"): UTF-8 with or without BOM,
 * UTF-16 LE/BE with BOM, else Windows-1252 when the bytes are not valid UTF-8 (what Excel on
 * Windows writes as "CSV"). The `encoding` option overrides detection. iconv-lite does the
 * decoding; pure (no Strapi).
 */
import { isUtf8 } from 'node:buffer';
import iconv from 'iconv-lite';
import { ImportFileError } from './errors';
import { IMPORT_ENCODINGS, type ImportEncoding } from '../../../../shared/import/options';

export const ENCODINGS = IMPORT_ENCODINGS;
export type { ImportEncoding };
/** The start of the file handed to `inspect` before the whole is decoded: a header within its limits fits in it. */
export const START_BYTES = 1024 * 1024;

const detect = (buffer: Buffer): ImportEncoding => {
  if (buffer[0] === 0xff && buffer[1] === 0xfe) return 'utf-16le';
  if (buffer[0] === 0xfe && buffer[1] === 0xff) return 'utf-16be';
  return isUtf8(buffer) ? 'utf-8' : 'windows-1252';
};

/**
 * Control characters other than tab, CR, LF and NUL in the first 4 KB say "not a text file"
 * (an .xlsx is a zip, a PDF has binary streams). NUL alone is left to the cell checks: a spreadsheet
 * export may carry one in a cell, and the row that has it is the one to report.
 */
const looksBinary = (text: string): boolean => /[\u0001-\u0008\u000e-\u001a\u001c-\u001f\ufffd]/.test(text.slice(0, 4096));

// Escapes in a string, read by the RegExp: a compiler may not write an unpaired surrogate into its output.
const UNPAIRED_SURROGATE = new RegExp('[\\ud800-\\udbff](?![\\udc00-\\udfff])|(?<![\\ud800-\\udbff])[\\udc00-\\udfff]');

/**
 * `inspect` sees the decoded start of the file (its first START_BYTES) once it is known to be text
 * and before the whole file is decoded, so a hostile header can be refused without that work.
 */
export function decode(
  buffer: Buffer,
  options: { encoding?: string } = {},
  inspect: (start: string) => void = () => {},
): { text: string; encoding: ImportEncoding } {
  let encoding: ImportEncoding;
  if (options.encoding !== undefined) {
    const wanted = options.encoding
      .toLowerCase()
      .replace(/^utf8$/, 'utf-8')
      .replace(/^(cp1252|latin1|iso-8859-1)$/, 'windows-1252');
    if (!(ENCODINGS as readonly string[]).includes(wanted)) {
      throw new ImportFileError('encoding', `encoding must be one of ${ENCODINGS.join(', ')}`);
    }
    encoding = wanted as ImportEncoding;
  } else {
    encoding = detect(buffer);
  }
  // iconv-lite strips a BOM of the encoding it decodes (stripBOM defaults to true).
  const start = iconv.decode(buffer.subarray(0, START_BYTES), encoding);
  if (looksBinary(start)) throw new ImportFileError('file', 'the file is not a CSV text file (binary content)');
  inspect(start);
  const text = buffer.length <= START_BYTES ? start : iconv.decode(buffer, encoding);
  // Only UTF-16 can decode to one; the CSV parser would turn it into U+FFFD, changing the cell silently.
  const unpaired = encoding.startsWith('utf-16') ? text.search(UNPAIRED_SURROGATE) : -1;
  if (unpaired !== -1) {
    const line = text.slice(0, unpaired).split('\n').length;
    throw new ImportFileError(
      'file',
      `the file is not valid ${encoding.toUpperCase()}: an unpaired surrogate on line ${line}; save it again as UTF-8 or UTF-16`,
    );
  }
  return { text, encoding };
}
