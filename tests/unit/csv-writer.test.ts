/** The plugin's one CSV writer (server/src/services/csv.ts): one escaping rule, undone by the import's cell reading. */
import { parse } from 'csv-parse/sync';
import { csvBatchStream, csvStream, escapeCell, unescapeCell, type CsvCell } from '../../server/src/services/csv';

const written = async (header: string[], rows: CsvCell[][], delimiter = ',', stream = csvStream(header, rows, delimiter)) => {
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(Buffer.from(c));
  const bytes = Buffer.concat(chunks);
  expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  return parse(bytes.subarray(3).toString('utf8'), { delimiter, relax_column_count: true }) as string[][];
};

describe('escapeCell and unescapeCell', () => {
  it.each(['=', '+', '-', '@', '\t', '\r'])('escapes text starting with %j, also after apostrophes, and reads it back', (c) => {
    for (const text of [`${c}SUM(A1)`, `'${c}x`, `''${c}x`, c]) {
      expect(escapeCell(text)).toBe(`'${text}`);
      expect(unescapeCell(escapeCell(text))).toBe(text);
    }
  });

  it('leaves other text, and plain numbers, as they are', () => {
    for (const text of ['', 'plain', "'quoted", "'", ' =x', '12', '-12.50', '+3', '2031-12-31']) {
      expect(escapeCell(text)).toBe(text);
      expect(unescapeCell(escapeCell(text))).toBe(text);
    }
    expect(escapeCell('-1+2')).toBe("'-1+2");
  });
});

describe('csvStream', () => {
  it('escapes every text cell of every row, writes numbers and empty cells as they are', async () => {
    const rows = await written(
      ['name', 'version', 'position'],
      [
        ['=HYPERLINK("http://evil.test")', '@1', -3],
        ['+cmd', '\tx', 0],
        ['-2+3', null, undefined],
        ['plain', '-4.50', 7],
      ],
      ';',
    );
    expect(rows).toEqual([
      ['name', 'version', 'position'],
      ['\'=HYPERLINK("http://evil.test")', "'@1", '-3'],
      ["'+cmd", "'\tx", '0'],
      ["'-2+3", '', ''],
      ['plain', '-4.50', '7'],
    ]);
  });
});

describe('csvBatchStream', () => {
  it('writes every batch of an async source in order, one piece of CSV a batch, empty batches too', async () => {
    const rows: CsvCell[][] = Array.from({ length: 700 }, (_, i) => [`license ${i}`, i % 3 ? '=1+1' : null, i]);
    async function* batches() {
      for (let i = 0; i < rows.length; i += 250) {
        yield rows.slice(i, i + 250);
        yield [];
      }
    }
    const stream = csvBatchStream(['name', 'note', 'n'], batches(), ',');
    const pieces: number[] = [];
    stream.on('data', (c: Buffer) => pieces.push(c.length));
    const read = await written(['name', 'note', 'n'], rows, ',', stream);
    expect(read).toEqual([['name', 'note', 'n'], ...rows.map(([a, b, c]) => [a, b === null ? '' : `'${b}`, String(c)])]);
    // The header, then one piece per non-empty batch (three of 250, 250 and 200 rows).
    expect(pieces.length).toBe(4);
  });
});
