/**
 * The one CSV writer of the plugin: every CSV it sends (the license and assignment exports, the
 * compliance report) is written by csvStream, and every text cell it writes goes through
 * escapeCell, so one rule decides what a spreadsheet could run as a formula. The import reads a
 * cell back through unescapeCell, the same rule undone. UTF-8 with a BOM so spreadsheet programs
 * read accents, a header row, then the rows as the source yields them, written under the stream's
 * back-pressure so only what the client has not read yet is buffered.
 */
import { PassThrough, type Readable } from 'node:stream';
import { stringify } from 'csv-stringify/sync';
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

/**
 * The rows in batches (an export's statements, EXPORT_BATCH rows each): each batch is written as one
 * piece of CSV, and the writer waits for the client between batches. Written a row at a time, each
 * row went through the stream's machinery and the socket as a piece of its own.
 */
export const csvBatchStream = (
  header: readonly string[],
  batches: Iterable<Iterable<CsvCell[]>> | AsyncIterable<Iterable<CsvCell[]>>,
  delimiter: string,
): Readable => {
  const out = new PassThrough();
  const csv = (rows: CsvCell[][]) => stringify(rows, { delimiter });
  // A client that goes away closes the stream, which ends the wait and the reading (no more batches are queried for nobody).
  const drained = () =>
    new Promise<void>((resolve) => {
      const done = () => {
        out.off('drain', done);
        out.off('close', done);
        resolve();
      };
      out.on('drain', done);
      out.on('close', done);
    });
  const write = async () => {
    // UTF-8 with a BOM, so spreadsheet programs read accents.
    if (!out.write(`\ufeff${csv([header.map(written)])}`)) await drained();
    for await (const batch of batches) {
      if (out.destroyed) return;
      const rows: CsvCell[][] = [];
      for (const row of batch) rows.push(row.map(written));
      // The next batch is asked for once the client has read this one.
      if (rows.length && !out.write(csv(rows)) && !out.destroyed) await drained();
      if (out.destroyed) return;
    }
    if (!out.destroyed) out.end();
  };
  void write().catch((error) => out.destroy(error));
  return out;
};

/** Rows already at hand (a report's), as one batch. */
export const csvStream = (header: readonly string[], rows: Iterable<CsvCell[]>, delimiter: string): Readable => csvBatchStream(header, [rows], delimiter);

/** The download's headers: attachment named `<prefix>-<YYYY-MM-DD>.csv`. */
export const csvHeaders = (ctx: { set: (name: string, value: string) => void }, prefix: string) => {
  ctx.set('Content-Type', 'text/csv; charset=utf-8');
  ctx.set('Content-Disposition', `attachment; filename="${prefix}-${isoDay(new Date())}.csv"`);
};
