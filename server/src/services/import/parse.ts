/**
 * CSV text to records with the file line each starts on (header = line 1), by csv-parse.
 * Delimiter: comma, semicolon or tab, detected from the first lines outside quotes; the
 * `delimiter` option overrides. Limits: at most MAX_COLUMNS header cells of at most MAX_HEADER_CELL
 * characters, at most MAX_ROWS data rows, and a cell over MAX_CELL characters is a row error (the field's own maximum applies later, in the schema).
 */
import { parse as parseCsv } from 'csv-parse/sync';
import { ImportFileError } from './errors';
import type { ImportDelimiter } from '../../../../shared/import/options';

/** Each delimiter the import takes (shared/import/options), as the character it stands for. */
export const DELIMITERS = { comma: ',', semicolon: ';', tab: '\t' } as const satisfies Record<ImportDelimiter, string>;
export type DelimiterName = ImportDelimiter;
export const MAX_ROWS = 50_000;
/** Far above any field's maximum (notes: 10,000): a cell longer than this is not data. */
export const MAX_CELL = 100_000;
/** The header row's bounds, checked before csv-parse builds any record (see checkHeaderSize). */
export const MAX_COLUMNS = 200;
export const MAX_HEADER_CELL = 1_000;
const SAMPLE_LINES = 10;
const [QUOTE, LF, COMMA, SEMICOLON, TAB] = ['"', '\n', ',', ';', '\t'].map((c) => c.charCodeAt(0));

/** Counts each candidate outside quotes per line over the first lines; the one found on every line the most wins; comma when none. */
export function detectDelimiter(text: string): DelimiterName {
  const counts: Record<DelimiterName, number[]> = {
    comma: [],
    semicolon: [],
    tab: [],
  };
  let quoted = false;
  let line: Record<DelimiterName, number> = { comma: 0, semicolon: 0, tab: 0 };
  let lines = 0;
  // By character code, allocating nothing per character: a first line may be the whole 20 MB.
  for (let i = 0; i < text.length && lines < SAMPLE_LINES; i++) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) quoted = !quoted;
    else if (quoted) continue;
    else if (c === LF) {
      for (const name of Object.keys(counts) as DelimiterName[]) counts[name].push(line[name]);
      line = { comma: 0, semicolon: 0, tab: 0 };
      lines++;
    } else if (c === COMMA) line.comma++;
    else if (c === SEMICOLON) line.semicolon++;
    else if (c === TAB) line.tab++;
  }
  // The last line, unless the text ended with a line break (or is cut inside a quoted cell).
  const tail = text.slice(text.lastIndexOf('\n') + 1);
  if (lines < SAMPLE_LINES && tail.trim() !== '' && !quoted) for (const name of Object.keys(counts) as DelimiterName[]) counts[name].push(line[name]);
  const score = (name: DelimiterName) => {
    const perLine = counts[name];
    return perLine.length > 0 && perLine.every((n) => n > 0) ? Math.min(...perLine) : 0;
  };
  const best = (['semicolon', 'tab', 'comma'] as DelimiterName[]).reduce((a, b) => (score(b) > score(a) ? b : a), 'comma');
  return score(best) > 0 ? best : 'comma';
}

const tooManyColumns = () => new ImportFileError('file', `the header row has more than ${MAX_COLUMNS} columns (at most ${MAX_COLUMNS})`);

/**
 * Refuses a header row over MAX_COLUMNS cells or with a cell over MAX_HEADER_CELL characters, by
 * reading the header line alone and stopping at the first excess: a one-line file of millions of
 * columns is refused at once instead of being built into a record. The header is the first line
 * that is not blank (csv-parse skips blank lines and lines of only delimiters); quotes are followed
 * as in detectDelimiter (a quoted cell may hold the delimiter and line breaks).
 */
export function checkHeaderSize(text: string, delimiter: DelimiterName): void {
  const d = DELIMITERS[delimiter].charCodeAt(0);
  let quoted = false;
  let columns = 1;
  let cell = 0;
  let blank = true;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (!quoted && c === LF) {
      if (!blank) return;
      columns = 1;
      cell = 0;
    } else if (!quoted && c === d) {
      if (++columns > MAX_COLUMNS) throw tooManyColumns();
      cell = 0;
    } else {
      if (c === QUOTE) quoted = !quoted;
      if (c > 32) blank = false;
      if (++cell > MAX_HEADER_CELL) {
        throw new ImportFileError(
          'file',
          `header cell ${columns} has more than ${MAX_HEADER_CELL.toLocaleString('en')} characters (at most ${MAX_HEADER_CELL.toLocaleString('en')})`,
        );
      }
    }
  }
}

/**
 * The same bounds on the start of a file before it is decoded whole and its delimiter detected (a
 * one-line file of 20 MB would take those a second): refused only when the header is over them
 * whatever the delimiter turns out to be (the given one, else each candidate), naming the limit as
 * the delimiter with the most columns sees it. Otherwise checkHeaderSize decides on the whole text.
 */
export function checkHeaderStart(start: string, delimiter?: string): void {
  const normalized = start.replace(/\r\n?/g, '\n');
  const candidates = delimiter !== undefined && delimiter in DELIMITERS ? [delimiter as DelimiterName] : (Object.keys(DELIMITERS) as DelimiterName[]);
  const refusals: ImportFileError[] = [];
  for (const name of candidates) {
    try {
      checkHeaderSize(normalized, name);
      return;
    } catch (error) {
      if (!(error instanceof ImportFileError)) throw error;
      refusals.push(error);
    }
  }
  throw refusals.find((e) => e.message === tooManyColumns().message) ?? refusals[0];
}

export interface ParsedRecord {
  /** The file line the record starts on (a quoted cell with line breaks spans several). */
  line: number;
  cells: string[];
}

export interface ParsedFile {
  delimiter: DelimiterName;
  header: string[];
  records: ParsedRecord[];
}

export function parseCsvText(text: string, options: { delimiter?: string } = {}): ParsedFile {
  let delimiter: DelimiterName;
  if (options.delimiter !== undefined) {
    if (!(options.delimiter in DELIMITERS)) throw new ImportFileError('delimiter', `delimiter must be one of ${Object.keys(DELIMITERS).join(', ')}`);
    delimiter = options.delimiter as DelimiterName;
  } else {
    delimiter = detectDelimiter(text);
  }
  // One line break: lines are then counted the same whatever the file used, and a cell's CR LF reads as LF.
  const normalized = text.replace(/\r\n?/g, '\n');
  if (normalized.trim() === '') throw new ImportFileError('file', 'the file is empty: no header row');
  checkHeaderSize(normalized, delimiter);
  let parsed: { record: string[]; info: { lines: number } }[];
  try {
    parsed = parseCsv(normalized, {
      delimiter: DELIMITERS[delimiter],
      info: true,
      relax_column_count: true,
      skip_empty_lines: true,
      // A row of only delimiters (Excel pads with them) is empty too.
      skip_records_with_empty_values: true,
      // Stop reading once the limit is passed: the row count is the error, not the memory.
      to: MAX_ROWS + 2,
    }) as unknown as { record: string[]; info: { lines: number } }[];
  } catch (error) {
    const e = error as { code?: string; message: string; lines?: number };
    throw new ImportFileError('file', `not a readable CSV file (line ${e.lines ?? '?'}): ${e.message}`);
  }
  if (parsed.length === 0) throw new ImportFileError('file', 'the file is empty: no header row');
  if (parsed.length - 1 > MAX_ROWS) throw new ImportFileError('file', `the file has more than ${MAX_ROWS.toLocaleString('en')} rows`);
  // csv-parse reports the line a record ends on; the line breaks inside its cells say where it started.
  const records = parsed.map(({ record, info }) => ({
    line: info.lines - record.reduce((n, cell) => n + (cell.match(/\n/g)?.length ?? 0), 0),
    cells: record,
  }));
  const [header, ...rows] = records;
  // The scan above follows quotes more loosely than csv-parse: its count is checked again here.
  if (header.cells.length > MAX_COLUMNS) throw tooManyColumns();
  return { delimiter, header: header.cells, records: rows };
}
