/**
 * Bytes of an uploaded CSV to text (docs/api.md, "Import and export"): UTF-8 with or without BOM,
 * UTF-16 LE/BE with BOM, else Windows-1252 when the bytes are not valid UTF-8 (what Excel on
 * Windows writes as "CSV"). The `encoding` option overrides detection. iconv-lite does the
 * decoding; pure (no Strapi).
 */
import iconv from 'iconv-lite';
import { ImportFileError } from './errors';

export const ENCODINGS = ['utf-8', 'utf-16le', 'utf-16be', 'windows-1252'] as const;
export type ImportEncoding = (typeof ENCODINGS)[number];

const isUtf8 = (buffer: Buffer): boolean => {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(buffer);
    return true;
  } catch {
    return false;
  }
};

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

export function decode(buffer: Buffer, options: { encoding?: string } = {}): { text: string; encoding: ImportEncoding } {
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
  const text = iconv.decode(buffer, encoding);
  if (looksBinary(text)) throw new ImportFileError('file', 'the file is not a CSV text file (binary content)');
  return { text, encoding };
}
