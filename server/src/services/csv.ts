/**
 * The one CSV writer of the plugin: every CSV it sends (the license and assignment exports, the
 * compliance report) is written by csvStream, and every text cell it writes goes through
 * escapeCell, so one rule decides what a spreadsheet could run as a formula. The import reads a
 * cell back through unescapeCell, the same rule undone. UTF-8 with a BOM so spreadsheet programs
 * read accents, a header row, then the rows as the source yields them, written under the stream's
 * back-pressure so only what the client has not read yet is buffered.
 */
import { stringify, type Stringifier } from 'csv-stringify';
import { isoDay } from '../../../shared/days';

/** A cell: text is escaped; a number (a count) is written as it is. */
export type CsvCell = string | number | null | undefined;

/** Text that starts, after any apostrophes, with a character a spreadsheet reads as a formula (OWASP "CSV injection"). */
const FORMULA = /^'*[=+\-@\t\r]/;

/** A plain decimal number ("-12.50"): harmless, and it stays a number in the spreadsheet. */
const NUMBER = /^[+-]?\d+(\.\d+)?$/;

/**
 * A text cell a spreadsheet would run as a formula (= + - @, tab, CR) is written with a leading
 * apostrophe, and so is one that already starts with apostrophes before such a character: the
 * import drops exactly one apostrophe before them (unescapeCell) and reads the text back unchanged.
 */
export const escapeCell = (v: string): string => (FORMULA.test(v) && !NUMBER.test(v) ? `'${v}` : v);

/** What escapeCell wrote, read back: exactly one apostrophe before such a character is dropped. */
export const unescapeCell = (v: string): string => (v.startsWith("'") && FORMULA.test(v) ? v.slice(1) : v);

const written = (c: CsvCell): string | number => (c === null || c === undefined ? '' : typeof c === 'number' ? c : escapeCell(c));

export const csvStream = (header: readonly string[], rows: Iterable<CsvCell[]> | AsyncIterable<CsvCell[]>, delimiter: string): Stringifier => {
  const out = stringify({ bom: true, delimiter, header: false });
  const write = async () => {
    // Waits for the client to read on; a client that goes away closes the stream, which ends the wait
    // and the reading (no more batches are queried for nobody).
    const ok = (line: readonly unknown[]) =>
      out.write(line)
        ? Promise.resolve()
        : new Promise<void>((resolve) => {
            const done = () => {
              out.off('drain', done);
              out.off('close', done);
              resolve();
            };
            out.on('drain', done);
            out.on('close', done);
          });
    await ok(header.map(written));
    for await (const row of rows) {
      if (out.destroyed) return;
      await ok(row.map(written));
    }
    if (!out.destroyed) out.end();
  };
  void write().catch((error) => out.destroy(error));
  return out;
};

/** The download's headers: attachment named `<prefix>-<YYYY-MM-DD>.csv`. */
export const csvHeaders = (ctx: { set: (name: string, value: string) => void }, prefix: string) => {
  ctx.set('Content-Type', 'text/csv; charset=utf-8');
  ctx.set('Content-Disposition', `attachment; filename="${prefix}-${isoDay(new Date())}.csv"`);
};
