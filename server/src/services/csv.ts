/**
 * The plugin's CSV downloads (compliance report, license and assignment exports): UTF-8 with a BOM
 * so spreadsheet programs read accents, a header row, then the rows as the source yields them,
 * written under the stream's back-pressure so only what the client has not read yet is buffered.
 */
import { stringify, type Stringifier } from 'csv-stringify';

export type CsvCell = string | number | null | undefined;

/**
 * A cell a spreadsheet would run as a formula (OWASP "CSV injection": = + - @, tab, CR) is written
 * with a leading apostrophe, and so is one that already starts with apostrophes before such a
 * character: an import drops exactly one apostrophe before them and reads the text back unchanged.
 * Only text cells: numbers, days and amounts are written as they are.
 */
export const safeText = (v: string | null | undefined): string => {
  if (v === null || v === undefined) return '';
  return /^'*[=+\-@\t\r]/.test(v) ? `'${v}` : v;
};

/** What safeText wrote, read back: exactly one apostrophe before such a character is dropped. */
export const unsafeText = (v: string): string => (/^'+[=+\-@\t\r]/.test(v) ? v.slice(1) : v);

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
    await ok(header);
    for await (const row of rows) {
      if (out.destroyed) return;
      await ok(row.map((c) => c ?? ''));
    }
    if (!out.destroyed) out.end();
  };
  void write().catch((error) => out.destroy(error));
  return out;
};

/** The download's headers: attachment named `<prefix>-<YYYY-MM-DD>.csv`. */
export const csvHeaders = (ctx: { set: (name: string, value: string) => void }, prefix: string) => {
  ctx.set('Content-Type', 'text/csv; charset=utf-8');
  ctx.set('Content-Disposition', `attachment; filename="${prefix}-${new Date().toISOString().slice(0, 10)}.csv"`);
};
